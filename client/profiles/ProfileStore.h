#pragma once

#include "Profile.h"

#include <QList>
#include <QSettings>
#include <QString>
#include <memory>
#include <optional>

/// Profiles kept in the console's settings file (under the app config folder). Never holds an
/// API key: keys go to the keychain through CredentialStore.
class ProfileStore final
{
public:
    static constexpr auto localProfileName = "This computer";

    /// Uses settingsFile, or the default file in the app config folder when empty.
    explicit ProfileStore(const QString& settingsFile = {});
    ~ProfileStore();
    ProfileStore(const ProfileStore&) = delete;
    ProfileStore& operator=(const ProfileStore&) = delete;

    static QString defaultSettingsFile();

    QList<Profile> profiles() const;
    std::optional<Profile> profile(const QString& name) const;
    /// Saves profile under its name and returns it as saved, with an id if it had none.
    Profile save(Profile profile);
    /// Saves renamed in place of the profile called oldName, keeping its id, and so its key,
    /// data folder and window state.
    Profile rename(const QString& oldName, Profile renamed);
    /// Removes the profile and its window state; its key and data folder are the caller's to
    /// delete, once nothing holds the folder's files open.
    void remove(const QString& name);

    /// A fresh profile id, as save() gives to a profile without one.
    static QString newId();
    /// The folder of a profile's futures, request and dashboard history:
    /// `<app data>/profiles/<id>/`, the id reduced to characters safe in a file name (the same
    /// rule as MonitoringDatabase::defaultPath()).
    static QString dataFolder(const QString& profileId);
    /// Deletes dataFolder() with everything in it; true when it is gone.
    static bool removeDataFolder(const QString& profileId);

    /// The profile the console shows: the one opened for this run, else the last one used.
    QString currentProfileName() const;
    /// Remembers the profile the user switched to for the next start.
    void setCurrentProfileName(const QString& name);
    /// Opens a profile for this run only (`--profile`): the next start opens the last one the
    /// user chose, until the user switches to another profile here.
    void setSessionProfileName(const QString& name);

    /// On first start, adds the profile "This computer" that runs launch-local.
    /// Returns true when it was added.
    bool ensureLocalProfile();

    /// Settings for window state of one profile (geometry, splitters, headers), as a group
    /// prefix for settings().
    static QString uiStateGroup(const QString& profileId);
    QSettings& settings() { return *m_settings; }

private:
    static QString groupFor(const QString& name);
    std::unique_ptr<QSettings> m_settings;
    QString m_sessionProfile;
};

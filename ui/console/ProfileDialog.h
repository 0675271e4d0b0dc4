#pragma once

#include "Profile.h"

#include <QDialog>

class CredentialStore;
class MessageBar;
class ProfileStore;
class QCheckBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

/// Adds, edits and removes profiles. The API key field never shows the key (password echo)
/// and is only written to the keychain; if the keychain cannot take it, the dialog says so
/// and offers to use the key for this session only.
class ProfileDialog final : public QDialog
{
    Q_OBJECT
public:
    ProfileDialog(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent = nullptr);

    void selectProfile(const QString& name);
    /// Saves the form as a profile (and its key, when one was typed).
    void saveCurrent();
    QLineEdit* keyEdit() const { return m_key; }

signals:
    /// A profile was saved or removed; name is the profile concerned.
    void profilesChanged(const QString& name);

private:
    void reloadList(const QString& select);
    void showProfile(const Profile& profile);
    void addProfile();
    void removeCurrent();
    Profile formProfile() const;
    void storeKey(const Profile& profile, const QString& key);

    ProfileStore* m_profiles = nullptr;
    CredentialStore* m_credentials = nullptr;
    QString m_originalName;
    bool m_isLocal = false;
    MessageBar* m_messageBar = nullptr;
    QListWidget* m_list = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_key = nullptr;
    QLineEdit* m_caFile = nullptr;
    QCheckBox* m_protected = nullptr;
    QCheckBox* m_allowPlain = nullptr;
    QSpinBox* m_refresh = nullptr;
    QPushButton* m_remove = nullptr;
};

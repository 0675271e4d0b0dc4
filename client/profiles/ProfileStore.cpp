#include "ProfileStore.h"

#include "ProfilesLogging.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {
// Profile names may hold any character but slashes; percent-encoding keeps them valid keys.
QString encodeName(const QString& name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

QString decodeName(const QString& key)
{
    return QUrl::fromPercentEncoding(key.toLatin1());
}
} // namespace

ProfileStore::ProfileStore(const QString& settingsFile)
    : m_settings(std::make_unique<QSettings>(
              settingsFile.isEmpty() ? defaultSettingsFile() : settingsFile, QSettings::IniFormat))
{}

ProfileStore::~ProfileStore() = default;

QString ProfileStore::defaultSettingsFile()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(folder);
    return folder + u"/launch-console.conf"_s;
}

QString ProfileStore::groupFor(const QString& name)
{
    return u"profiles/"_s + encodeName(name);
}

QString ProfileStore::uiStateGroup(const QString& profileId)
{
    return u"ui/"_s + encodeName(profileId);
}

QList<Profile> ProfileStore::profiles() const
{
    m_settings->beginGroup(u"profiles"_s);
    const QStringList keys = m_settings->childGroups();
    m_settings->endGroup();
    QList<Profile> result;
    for (const QString& key : keys) {
        if (auto found = profile(decodeName(key))) {
            result.append(*found);
        }
    }
    std::sort(result.begin(), result.end(), [](const Profile& a, const Profile& b) {
        if (a.isLocal != b.isLocal) {
            return a.isLocal;
        }
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return result;
}

std::optional<Profile> ProfileStore::profile(const QString& name) const
{
    m_settings->beginGroup(groupFor(name));
    const bool exists = m_settings->contains(u"local"_s);
    Profile p;
    p.name = name;
    // A profile saved before profiles had ids is known by its name, as it was then.
    p.id = m_settings->value(u"id"_s, name).toString();
    p.baseUrl = QUrl(m_settings->value(u"baseUrl"_s).toString());
    p.caFile = m_settings->value(u"caFile"_s).toString();
    p.isProtected = m_settings->value(u"protected"_s, false).toBool();
    p.allowPlainHttp = m_settings->value(u"allowPlainHttp"_s, false).toBool();
    p.isLocal = m_settings->value(u"local"_s, false).toBool();
    p.refreshSeconds = m_settings->value(u"refreshSeconds"_s, 0).toInt();
    m_settings->endGroup();
    if (!exists) {
        return std::nullopt;
    }
    return p;
}

Profile ProfileStore::save(Profile p)
{
    if (p.id.isEmpty()) {
        p.id = newId();
    }
    m_settings->beginGroup(groupFor(p.name));
    m_settings->setValue(u"id"_s, p.id);
    m_settings->setValue(u"baseUrl"_s, p.isLocal ? QString() : p.baseUrl.toString());
    m_settings->setValue(u"caFile"_s, p.caFile);
    m_settings->setValue(u"protected"_s, p.isProtected);
    m_settings->setValue(u"allowPlainHttp"_s, p.allowPlainHttp);
    m_settings->setValue(u"local"_s, p.isLocal);
    m_settings->setValue(u"refreshSeconds"_s, p.refreshSeconds);
    m_settings->endGroup();
    m_settings->sync();
    return p;
}

Profile ProfileStore::rename(const QString& oldName, Profile renamed)
{
    if (renamed.id.isEmpty()) {
        renamed.id = profile(oldName).value_or(Profile{}).id;
    }
    m_settings->remove(groupFor(oldName));
    if (m_sessionProfile == oldName) {
        m_sessionProfile = renamed.name;
    }
    if (m_settings->value(u"currentProfile"_s).toString() == oldName) {
        m_settings->setValue(u"currentProfile"_s, renamed.name);
    }
    return save(std::move(renamed));
}

void ProfileStore::remove(const QString& name)
{
    const auto old = profile(name);
    m_settings->remove(groupFor(name));
    if (old) {
        m_settings->remove(uiStateGroup(old->id));
    }
    m_settings->sync();
}

QString ProfileStore::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString ProfileStore::dataFolder(const QString& profileId)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]"_s);
    QString folder = profileId;
    folder.replace(unsafe, u"_"_s);
    if (folder.isEmpty()) {
        folder = u"default"_s;
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base + u"/profiles/"_s + folder;
}

bool ProfileStore::removeDataFolder(const QString& profileId)
{
    QDir folder(dataFolder(profileId));
    if (!folder.exists()) {
        return true;
    }
    const bool removed = folder.removeRecursively();
    if (!removed) {
        qCWarning(lcProfiles) << "could not delete the data folder" << folder.path();
    }
    return removed;
}

QString ProfileStore::currentProfileName() const
{
    return m_sessionProfile.isEmpty() ? m_settings->value(u"currentProfile"_s).toString()
                                      : m_sessionProfile;
}

void ProfileStore::setCurrentProfileName(const QString& name)
{
    if (!m_sessionProfile.isEmpty()) {
        if (name == m_sessionProfile) {
            return; // the profile of this run is shown: nothing the user chose
        }
        m_sessionProfile.clear();
    }
    m_settings->setValue(u"currentProfile"_s, name);
    m_settings->sync();
}

void ProfileStore::setSessionProfileName(const QString& name)
{
    m_sessionProfile = name;
}

bool ProfileStore::ensureLocalProfile()
{
    if (!profiles().isEmpty()) {
        return false;
    }
    Profile local;
    local.name = QString::fromLatin1(localProfileName);
    local.isLocal = true;
    // Its monitoring folder has the name it had before profiles had ids.
    local.id = u"This_computer"_s;
    save(local);
    setCurrentProfileName(local.name);
    return true;
}

#pragma once

#include <QList>
#include <QString>
#include <QUrl>

class QSslCertificate;

/// One Launch server the console talks to. The API key is not part of it: keys live only in
/// the keychain (CredentialStore), under keychainEntry().
struct Profile
{
    static constexpr int remoteRefreshSeconds = 15;
    static constexpr int localRefreshSeconds = 2;

    /// Stays the same when the profile is renamed: names its keychain entry and data folder.
    /// Given by ProfileStore::save() to a profile that has none.
    QString id;
    QString name;
    QUrl baseUrl;
    QString caFile;
    /// Protected profiles ask for the typed endpoint name before a delete.
    bool isProtected = false;
    /// Allows sending the key over plain HTTP to a host that is not loopback.
    bool allowPlainHttp = false;
    /// The profile runs launch-local as a child process; its URL is known only once started.
    bool isLocal = false;
    /// Refresh interval in seconds; 0 picks the default for the kind of profile.
    int refreshSeconds = 0;

    int refreshIntervalMs() const;
    /// The name of the keychain entry holding this profile's key (from the id, so a rename
    /// keeps the key).
    QString keychainEntry() const;
    /// Empty when the key may be sent to baseUrl, else the sentence saying why not.
    QString keyTransportProblem() const;
    /// Empty when the profile can be saved, else what is wrong with it (including
    /// caFileProblem()).
    QString validationProblem() const;
    /// Empty when there is no CA file or it holds at least one certificate (PEM or DER), else
    /// the sentence saying what is wrong with the path: missing, a folder, unreadable, or no
    /// certificates in it.
    QString caFileProblem() const;
    /// The certificates of the CA file, PEM or else DER; empty when there are none or no file.
    QList<QSslCertificate> caCertificates() const;
    /// Larger than any certificate bundle: such a file is not read at all.
    static constexpr qint64 maxCaFileBytes = 16 * 1024 * 1024;

    static bool isLoopbackHost(const QString& host);
    bool operator==(const Profile&) const = default;
};

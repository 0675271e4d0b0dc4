#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

/// API keys in the system keychain (QtKeychain), one entry per profile. Never writes a key
/// anywhere else: when the keychain is locked or absent the caller is told so and may keep the
/// key for this session only (in memory) with setSessionKey().
class CredentialStore final : public QObject
{
    Q_OBJECT
public:
    static constexpr auto defaultService = "launch-console";
    /// How long a read may wait for the keychain (an unlock prompt the user has not answered)
    /// before it ends as Unavailable.
    static constexpr int defaultReadTimeoutMs = 30'000;

    struct Result
    {
        enum class Status
        {
            Ok,
            /// No key stored for the profile.
            NotFound,
            /// No keychain service, or it is locked, or access was refused.
            Unavailable,
            Failed
        };
        Status status = Status::Ok;
        QString key;
        /// One sentence for the user when status is not Ok.
        QString message;
        /// The key came from this session's memory, not from the keychain.
        bool sessionOnly = false;

        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result&)>;

    /// What a keychain job's error (a QKeychain::Error and its text) means to the user.
    static Result resultFromError(int error, const QString& errorString);

    explicit CredentialStore(const QString& service = QString::fromLatin1(defaultService),
                             QObject* parent = nullptr);

    /// Reads the key of entry (Profile::keychainEntry()); a session key wins over the keychain.
    /// A keychain that has not answered within readTimeoutMs() ends the read as Unavailable;
    /// its late answer is dropped.
    void readKey(const QString& entry, QObject* context, Callback done);
    void setReadTimeoutMs(int ms) { m_readTimeoutMs = ms; }
    int readTimeoutMs() const { return m_readTimeoutMs; }
    void writeKey(const QString& entry, const QString& key, QObject* context, Callback done);
    void deleteKey(const QString& entry, QObject* context, Callback done);

    /// Keeps a key in memory until the process ends; used when the keychain cannot store it.
    void setSessionKey(const QString& entry, const QString& key);
    void forgetSessionKey(const QString& entry);
    bool hasSessionKey(const QString& entry) const;

private:
    QString m_service;
    int m_readTimeoutMs = defaultReadTimeoutMs;
    QHash<QString, QString> m_sessionKeys;
};

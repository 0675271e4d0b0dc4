#include "CredentialStore.h"

#include "ProfilesLogging.h"

#include <QPointer>
#include <QTimer>
#include <algorithm>
#include <memory>
#include <qt6keychain/keychain.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace {
const QString noServiceSentence =
        u"No keychain service is running, so API keys cannot be saved. Install and start a "
        "Secret Service such as GNOME Keyring or KWallet; until then a key can be used for this "
        "session only."_s;

// QtKeychain reports a missing Secret Service (no D-Bus session, no dbus-launch, nothing
// answering org.freedesktop.secrets) as a generic error; recognise it by its text. "Could not
// connect" is GDBus (under libsecret) failing to reach a session bus at all.
bool looksLikeMissingService(const QString& error)
{
    static const QStringList hints = {u"dbus"_s,
                                      u"d-bus"_s,
                                      u"org.freedesktop.secrets"_s,
                                      u"secret service"_s,
                                      u"serviceunknown"_s,
                                      u"failed to execute child process"_s,
                                      u"kwallet"_s,
                                      u"could not connect"_s};
    const QString lower = error.toLower();
    return std::any_of(hints.cbegin(), hints.cend(),
                       [&lower](const QString& hint) { return lower.contains(hint); });
}

// A keychain with no keyring to put keys in: gnome-keyring says so when the prompt to create
// the first keyring was cancelled, or the default keyring was deleted.
bool looksLikeMissingKeyring(const QString& error)
{
    const QString lower = error.toLower();
    return lower.contains(u"/collection/"_s) && lower.contains(u"does not exist"_s);
}

/// "Object does not exist" as the end of a sentence of ours, without doubling a full stop.
QString clause(QString error)
{
    error = error.trimmed();
    while (error.endsWith(u'.')) {
        error.chop(1);
    }
    return error;
}
} // namespace

CredentialStore::Result CredentialStore::resultFromError(int error, const QString& errorString)
{
    using Status = CredentialStore::Result::Status;
    CredentialStore::Result result;
    switch (QKeychain::Error(error)) {
    case QKeychain::NoError:
        result.status = Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        result.status = Status::NotFound;
        result.message = u"No API key is stored for this profile yet."_s;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.status = Status::Unavailable;
        result.message = noServiceSentence;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = Status::Unavailable;
        result.message = u"The system keychain is locked or refused access (%1). The key can be "
                         "used for this session only."_s.arg(clause(errorString));
        break;
    default:
        if (looksLikeMissingService(errorString)) {
            result.status = Status::Unavailable;
            result.message = noServiceSentence;
            break;
        }
        if (looksLikeMissingKeyring(errorString)) {
            result.status = Status::Unavailable;
            result.message = u"The system keychain has no keyring to keep keys in: creating one "
                             "was cancelled, or it was removed."_s;
            break;
        }
        result.status = Status::Failed;
        result.message = u"The system keychain failed (%1)."_s.arg(clause(errorString));
        break;
    }
    return result;
}

namespace {
CredentialStore::Result resultFromJob(const QKeychain::Job& job)
{
    return CredentialStore::resultFromError(job.error(), job.errorString());
}

template <typename Job>
Job* makeJob(const QString& service, const QString& entry, QObject* parent)
{
    auto* job = new Job(service, parent);
    job->setAutoDelete(true);
    // A plain-text fallback would silently put the key in a file: never allowed.
    job->setInsecureFallback(false);
    job->setKey(entry);
    return job;
}
} // namespace

CredentialStore::CredentialStore(const QString& service, QObject* parent)
    : QObject(parent)
    , m_service(service)
{}

void CredentialStore::readKey(const QString& entry, QObject* context, Callback done)
{
    if (const auto it = m_sessionKeys.constFind(entry); it != m_sessionKeys.cend()) {
        Result result;
        result.key = *it;
        result.sessionOnly = true;
        QMetaObject::invokeMethod(
                context, [done, result] { done(result); }, Qt::QueuedConnection);
        return;
    }
    auto* job = makeJob<QKeychain::ReadPasswordJob>(m_service, entry, this);
    // A locked keychain waits for its unlock prompt, which may never be answered (or be hidden
    // behind the console): the read ends after a while so that the caller can offer a
    // session key. Whichever comes first, answer or timeout, calls done.
    auto answered = std::make_shared<bool>(false);
    QTimer::singleShot(m_readTimeoutMs, context, [answered, done, entry, ms = m_readTimeoutMs] {
        if (std::exchange(*answered, true)) {
            return;
        }
        qCWarning(lcProfiles) << "keychain read timed out for" << entry << "after" << ms << "ms";
        Result result;
        result.status = Result::Status::Unavailable;
        result.message = u"The system keychain did not answer within %1 s; it may be locked "
                         "and waiting for you to unlock it. The key can be used for this "
                         "session only."_s.arg(ms / 1000);
        done(result);
    });
    connect(job, &QKeychain::Job::finished, context, [job, done, entry, answered](QKeychain::Job*) {
        if (std::exchange(*answered, true)) {
            return;
        }
        Result result = resultFromJob(*job);
        if (result.ok()) {
            result.key = job->textData();
        } else if (result.status != Result::Status::NotFound) {
            qCWarning(lcProfiles) << "keychain read failed for" << entry << job->errorString();
        }
        done(result);
    });
    job->start();
}

void CredentialStore::writeKey(const QString& entry, const QString& key, QObject* context,
                               Callback done)
{
    auto* job = makeJob<QKeychain::WritePasswordJob>(m_service, entry, this);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, context, [this, job, done, entry](QKeychain::Job*) {
        const Result result = resultFromJob(*job);
        if (result.ok()) {
            m_sessionKeys.remove(entry);
        } else {
            qCWarning(lcProfiles) << "keychain write failed for" << entry << job->errorString();
        }
        done(result);
    });
    job->start();
}

void CredentialStore::deleteKey(const QString& entry, QObject* context, Callback done)
{
    m_sessionKeys.remove(entry);
    auto* job = makeJob<QKeychain::DeletePasswordJob>(m_service, entry, this);
    connect(job, &QKeychain::Job::finished, context, [job, done](QKeychain::Job*) {
        Result result = resultFromJob(*job);
        if (result.status == Result::Status::NotFound) {
            result = Result{};
        }
        done(result);
    });
    job->start();
}

void CredentialStore::setSessionKey(const QString& entry, const QString& key)
{
    m_sessionKeys.insert(entry, key);
}

void CredentialStore::forgetSessionKey(const QString& entry)
{
    m_sessionKeys.remove(entry);
}

bool CredentialStore::hasSessionKey(const QString& entry) const
{
    return m_sessionKeys.contains(entry);
}

#include "CredentialStore.h"

#include "ProfilesLogging.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {
CredentialStore::Result resultFromJob(const QKeychain::Job& job)
{
    using Status = CredentialStore::Result::Status;
    CredentialStore::Result result;
    switch (job.error()) {
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
        result.message = u"No system keychain is available (%1). The key can be used for this "
                         "session only and will be asked again next time."_s.arg(job.errorString());
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = Status::Unavailable;
        result.message = u"The system keychain is locked or refused access (%1). The key can be "
                         "used for this session only."_s.arg(job.errorString());
        break;
    default:
        result.status = Status::Failed;
        result.message = u"The system keychain failed: %1"_s.arg(job.errorString());
        break;
    }
    return result;
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
    connect(job, &QKeychain::Job::finished, context, [job, done, entry](QKeychain::Job*) {
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

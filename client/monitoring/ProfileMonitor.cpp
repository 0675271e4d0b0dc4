#include "ProfileMonitor.h"

#include "FutureStore.h"
#include "FutureTracker.h"
#include "HistoryRecorder.h"
#include "HistoryStore.h"
#include "MonitoringDatabase.h"
#include "MonitoringLog.h"
#include "RequestHistoryStore.h"

using namespace Qt::StringLiterals;

namespace {
QString pathIn(const QString& folder, const QString& profile, const QString& file)
{
    return folder.isEmpty() ? MonitoringDatabase::defaultPath(profile, file) : folder % u'/' % file;
}
} // namespace

ProfileMonitor::ProfileMonitor(const QString& profileId, const QString& folder, QObject* parent)
    : QObject(parent)
    , m_profileId(profileId)
    , m_futures(new FutureStore(pathIn(folder, profileId, u"futures.sqlite"_s), this))
    , m_history(new HistoryStore(pathIn(folder, profileId, u"history.sqlite"_s), this))
    , m_requests(new RequestHistoryStore(pathIn(folder, profileId, u"requests.sqlite"_s), this))
    , m_tracker(new FutureTracker(m_futures, nullptr, this))
    , m_recorder(new HistoryRecorder(m_history, m_futures, this))
{
    m_recorder->setFuturesCurrent([this] { return m_tracker->unconfirmedCount() == 0; });
}

ProfileMonitor::~ProfileMonitor()
{
    m_tracker->stop();
}

QString ProfileMonitor::open()
{
    QStringList errors;
    for (const QString& error : {m_futures->open(), m_history->open(), m_requests->open()}) {
        if (!error.isEmpty()) {
            errors.append(error);
        }
    }
    if (!errors.isEmpty()) {
        qCWarning(lcMonitoring) << "monitoring files:" << errors.join(u"; "_s);
    }
    return errors.join(u' ');
}

void ProfileMonitor::setClient(LaunchClient* client)
{
    m_client = client;
    m_tracker->setClient(client);
    if (client && !m_tracker->isRunning()) {
        m_tracker->start();
    }
    Q_EMIT clientChanged(client);
}

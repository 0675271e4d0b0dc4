#include "HistoryRecorder.h"

#include "FutureStore.h"
#include "HistoryStore.h"
#include "LaunchClient.h"
#include "MonitoringLog.h"

#include <QDateTime>

namespace {
constexpr qint64 s_compactEveryMs = 60'000;
}

HistoryRecorder::HistoryRecorder(HistoryStore* history, FutureStore* futures, QObject* parent)
    : QObject(parent)
    , m_history(history)
    , m_futures(futures)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &HistoryRecorder::pollOnce);
}

void HistoryRecorder::record(const QList<ModelEndpoint>& endpoints, qint64 nowMs)
{
    if (nowMs < 0) {
        nowMs = QDateTime::currentMSecsSinceEpoch();
    }
    m_endpoints = endpoints;
    QHash<QString, EndpointStatus> statuses;
    for (const ModelEndpoint& endpoint : endpoints) {
        statuses.insert(endpoint.id, endpoint.status);
        const auto previous = m_statuses.constFind(endpoint.id);
        if (previous != m_statuses.cend() && !(*previous == endpoint.status)) {
            Q_EMIT endpointStatusChanged(endpoint, *previous);
        }
    }
    m_statuses = statuses;
    Q_EMIT endpointsRefreshed();

    if (!m_history || nowMs - m_lastSampleMs < m_minimumIntervalMs) {
        return;
    }
    const QHash<QString, int> pending =
            m_futures ? m_futures->pendingByEndpoint() : QHash<QString, int>();
    const bool futuresCurrent = !m_futuresCurrent || m_futuresCurrent();
    QList<HistorySample> samples;
    samples.reserve(endpoints.size());
    for (const ModelEndpoint& endpoint : endpoints) {
        HistorySample sample;
        sample.endpointId = endpoint.id;
        sample.endpointName = endpoint.name;
        sample.timeMs = nowMs;
        sample.status = endpoint.status.toString();
        if (endpoint.deploymentState) {
            if (endpoint.deploymentState->availableWorkers) {
                sample.availableWorkers = *endpoint.deploymentState->availableWorkers;
            }
            if (endpoint.deploymentState->unavailableWorkers) {
                sample.unavailableWorkers = *endpoint.deploymentState->unavailableWorkers;
            }
        }
        if (endpoint.numQueuedItems) {
            sample.queuedItems = double(*endpoint.numQueuedItems);
        }
        sample.pendingFutures = futuresCurrent ? pending.value(endpoint.id) : qQNaN();
        samples.append(sample);
    }
    if (!samples.isEmpty() && m_history->append(samples)) {
        m_lastSampleMs = nowMs;
        Q_EMIT sampled(nowMs);
    }
    if (nowMs - m_lastCompactionMs >= s_compactEveryMs) {
        m_lastCompactionMs = nowMs;
        m_history->compact(nowMs);
    }
}

void HistoryRecorder::startPolling(LaunchClient* client, int intervalMs)
{
    m_client = client;
    m_pollTimer.setInterval(intervalMs);
    m_polling = true;
    pollOnce();
}

void HistoryRecorder::stopPolling()
{
    m_polling = false;
    m_pollTimer.stop();
}

void HistoryRecorder::pollOnce()
{
    if (!m_polling || !m_client) {
        return;
    }
    m_client->listEndpoints(this, [this](ApiResult<EndpointList> result) {
        if (result) {
            record(result.value().endpoints);
        } else {
            qCInfo(lcMonitoring) << "endpoint refresh failed:"
                                 << ApiError::kindName(result.error().kind());
        }
        if (m_polling) {
            m_pollTimer.start();
        }
    });
}

#pragma once

#include "LaunchClient.h"
#include "ModelEndpoint.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

class FutureStore;
class HistoryStore;

/// Turns endpoint refreshes into history: on each refresh (`record()`), one sample per
/// endpoint with its status, workers, queued items and the futures the console tracks for it,
/// at most once per `minimumIntervalMs` (10 s by default, the raw resolution of the history).
/// Status changes are noticed on every refresh, sampled or not. Compacts the history about
/// once a minute.
///
/// Whoever refreshes the endpoint list calls `record()`; with `startPolling()` the recorder
/// refreshes by itself through a LaunchClient (for a dashboard shown without the endpoint
/// table, and for tests).
class HistoryRecorder final : public QObject
{
    Q_OBJECT

public:
    HistoryRecorder(HistoryStore* history, FutureStore* futures, QObject* parent = nullptr);

    void setMinimumIntervalMs(int ms) { m_minimumIntervalMs = ms; }
    /// Whether the futures store is current (its tracker has heard from the server about every
    /// future it resumed). Until it is, samples leave the pending count out rather than record
    /// what the store said when the console last looked. Current when not set.
    void setFuturesCurrent(std::function<bool()> current) { m_futuresCurrent = std::move(current); }
    int minimumIntervalMs() const { return m_minimumIntervalMs; }

    /// One refresh of the endpoint list; `nowMs` defaults to the current time.
    void record(const QList<ModelEndpoint>& endpoints, qint64 nowMs = -1);

    /// Lists endpoints through `client` every `intervalMs` and records each answer.
    void startPolling(LaunchClient* client, int intervalMs);
    void stopPolling();

    /// The endpoint list of the last refresh.
    const QList<ModelEndpoint>& endpoints() const { return m_endpoints; }

Q_SIGNALS:
    /// Every refresh, sampled or not.
    void endpointsRefreshed();
    /// An endpoint known before now has another status.
    void endpointStatusChanged(const ModelEndpoint& endpoint, const EndpointStatus& previous);
    /// Samples were written at `timeMs`.
    void sampled(qint64 timeMs);

private:
    void pollOnce();

    QPointer<HistoryStore> m_history;
    QPointer<FutureStore> m_futures;
    QPointer<LaunchClient> m_client;
    std::function<bool()> m_futuresCurrent;
    QList<ModelEndpoint> m_endpoints;
    QHash<QString, EndpointStatus> m_statuses;
    QTimer m_pollTimer;
    qint64 m_lastSampleMs = 0;
    qint64 m_lastCompactionMs = 0;
    int m_minimumIntervalMs = 10'000;
    bool m_polling = false;
};

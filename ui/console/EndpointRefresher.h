#pragma once

#include "ApiCall.h"
#include "ApiError.h"
#include "DecodeError.h"
#include "LaunchClient.h"
#include "ModelEndpoint.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
class QTimer;

/// Lists the endpoints of one server on a timer and on demand. One request at a time; after
/// a failure it waits twice as long each time (up to maxBackoffMs) and returns to the normal
/// interval after the next success.
class EndpointRefresher final : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxBackoffMs = 120'000;

    explicit EndpointRefresher(QObject* parent = nullptr);

    /// Stops, then uses `client` (may be null: nothing to refresh).
    void setClient(LaunchClient* client);
    void setInterval(int ms);
    int interval() const { return m_intervalMs; }
    /// Delay before the next automatic refresh (grows while the server fails).
    int currentDelay() const;
    QDateTime lastSuccess() const { return m_lastSuccess; }
    int failureCount() const { return m_failures; }

    void start();
    void stop();
    /// Refreshes now, unless a refresh is already on the wire.
    void refreshNow();

signals:
    /// `unreadable`: endpoints the server listed that could not be read, left out, each as
    /// EndpointList::describeUnreadable() says it.
    void refreshed(const QList<ModelEndpoint>& endpoints, const QStringList& unreadable);
    /// The refresh failed; the next automatic attempt is in retryInMs.
    void failed(const ApiError& error, int retryInMs);
    /// A refresh succeeded after one or more failures.
    void recovered();

private:
    void refresh(bool scheduled);
    void scheduleNext();

    QPointer<LaunchClient> m_client;
    QTimer* m_timer = nullptr;
    ApiCall m_call;
    QDateTime m_lastSuccess;
    int m_intervalMs = 15'000;
    int m_failures = 0;
    bool m_running = false;
};

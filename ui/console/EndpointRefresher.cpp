#include "EndpointRefresher.h"

#include "LaunchClient.h"

#include <QTimer>

EndpointRefresher::EndpointRefresher(QObject* parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] { refresh(true); });
}

void EndpointRefresher::setClient(LaunchClient* client)
{
    stop();
    m_client = client;
    m_failures = 0;
    m_lastSuccess = {};
}

void EndpointRefresher::setInterval(int ms)
{
    m_intervalMs = ms;
}

int EndpointRefresher::currentDelay() const
{
    int delay = m_intervalMs;
    for (int i = 0; i < m_failures && delay < maxBackoffMs; ++i) {
        delay *= 2;
    }
    return std::min(delay, maxBackoffMs);
}

void EndpointRefresher::start()
{
    m_running = true;
    refreshNow();
}

void EndpointRefresher::stop()
{
    m_running = false;
    m_timer->stop();
    m_call.cancel();
}

void EndpointRefresher::refreshNow()
{
    refresh(false);
}

void EndpointRefresher::refresh(bool scheduled)
{
    if (!m_client || m_call.isActive()) {
        return;
    }
    m_timer->stop();
    m_call = m_client->listEndpoints(this, [this, scheduled](ApiResult<EndpointList> result) {
        if (!result) {
            // Only the timer backs off: a user's "Retry now" that
            // fails again must not make the next automatic try
            // come later.
            if (scheduled || m_failures == 0) {
                ++m_failures;
            }
            scheduleNext();
            emit failed(result.error(), currentDelay());
            return;
        }
        const bool wasFailing = m_failures > 0;
        m_failures = 0;
        m_lastSuccess = QDateTime::currentDateTime();
        scheduleNext();
        const EndpointList& list = result.value();
        QStringList unreadable;
        for (qsizetype i = 0; i < list.unreadable.size(); ++i) {
            unreadable.append(list.describeUnreadable(i));
        }
        emit refreshed(list.endpoints, unreadable);
        if (wasFailing) {
            emit recovered();
        }
    });
}

void EndpointRefresher::scheduleNext()
{
    if (m_running) {
        m_timer->start(currentDelay());
    }
}

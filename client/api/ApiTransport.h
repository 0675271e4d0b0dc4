#pragma once

#include "ApiCall.h"
#include "ApiResult.h"
#include "ConnectionSettings.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrlQuery>
#include <atomic>
#include <deque>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

/// Shared between an ApiCall handle and the transport that runs the call.
struct ApiCall::State
{
    QPointer<class ApiTransport> transport;
    quint64 id = 0;
    std::atomic_bool cancelled = false;
    std::atomic_bool finished = false;
};

/// The HTTP layer under LaunchClient: one per server. Sends requests with the connection's
/// authentication and TLS trust, keeps at most `maxInFlight()` on the wire and queues the
/// rest in order, enforces the per-request timeout and the response size limit, logs each
/// request (method, route, status, duration), and turns every failure into an ApiError.
///
/// The callback receives the raw body of a 2xx answer; it runs on the context object's
/// thread, never synchronously inside `send()`, and not at all once the call is cancelled or
/// the context destroyed. Use LaunchClient for typed routes; `send()` serves routes it lacks.
class ApiTransport final : public QObject
{
    Q_OBJECT

public:
    /// One HTTP request. `route` starts with `/` and is appended to the base URL's path;
    /// path segments in it must already be percent-encoded.
    struct Request
    {
        QByteArray method = "GET";
        QString route;
        QUrlQuery query;
        QByteArray body;
        bool hasBody = false;
        int timeoutMs = 0; ///< 0: the connection's timeoutMs()
    };
    using RawCallback = std::function<void(ApiResult<QByteArray>)>;

    explicit ApiTransport(const ConnectionSettings& settings, QObject* parent = nullptr);
    ~ApiTransport() override;

    const ConnectionSettings& settings() const { return m_settings; }
    /// Applies to calls started from now on; calls on the wire keep their settings.
    void setSettings(const ConnectionSettings& settings);

    ApiCall send(const Request& request, QObject* context, RawCallback callback);
    /// Cancels every queued and running call (their callbacks never run).
    void cancelAll();

    int inFlightCount() const { return m_inFlight; }
    int queuedCount() const { return int(m_calls.size()) - m_inFlight; }

signals:
    /// Emitted when the number of calls queued or on the wire goes from 0 to more, or back.
    void busyChanged(bool busy);

private:
    struct Call;
    friend class ApiCall;

    void abort(quint64 id);
    void pump();
    void start(Call& call);
    void watchReply(Call& call);
    void onFinished(quint64 id);
    ApiResult<QByteArray> resultOf(Call& call) const;
    ApiError httpError(QNetworkReply* reply, int status) const;
    void deliver(Call& call, ApiResult<QByteArray> result);
    void updateBusy();

    ConnectionSettings m_settings;
    QNetworkAccessManager* m_network = nullptr;
    QHash<quint64, Call*> m_calls;
    std::deque<quint64> m_queue;
    quint64 m_nextId = 1;
    int m_inFlight = 0;
    bool m_busy = false;
};

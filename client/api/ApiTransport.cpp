#include "ApiTransport.h"

#include "ClientLogging.h"

#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <algorithm>

using namespace Qt::StringLiterals;

struct ApiTransport::Call
{
    std::shared_ptr<ApiCall::State> state;
    Request request;
    QPointer<QObject> context;
    bool hasContext = false;
    RawCallback callback;
    QMetaObject::Connection contextGuard;
    QNetworkReply* reply = nullptr;
    QTimer* timer = nullptr;
    QElapsedTimer elapsed;
    int timeoutMs = 0;
    bool timedOut = false;
    bool oversized = false;
    QStringList tlsErrors;

    QString what() const
    {
        const QString query = request.query.isEmpty() ? QString() : u'?' + request.query.query();
        return QString::fromLatin1(request.method) + u' ' + request.route + query;
    }
};

ApiTransport::ApiTransport(const ConnectionSettings& settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(new QNetworkAccessManager(this))
{}

ApiTransport::~ApiTransport()
{
    cancelAll();
}

void ApiTransport::setSettings(const ConnectionSettings& settings)
{
    m_settings = settings;
    pump();
}

ApiCall ApiTransport::send(const Request& request, QObject* context, RawCallback callback)
{
    auto state = std::make_shared<ApiCall::State>();
    state->transport = this;
    state->id = m_nextId++;
    auto* call = new Call;
    call->state = state;
    call->request = request;
    call->context = context;
    call->hasContext = context != nullptr;
    call->callback = std::move(callback);
    if (context) {
        const quint64 id = state->id;
        call->contextGuard = connect(context, &QObject::destroyed, this, [this, id] { abort(id); });
    }
    m_calls.insert(state->id, call);
    m_queue.push_back(state->id);
    pump();
    return ApiCall(state);
}

void ApiTransport::cancelAll()
{
    // Queued calls go first, so that aborting a running one does not start the next.
    m_queue.clear();
    const QList<quint64> ids = m_calls.keys();
    for (quint64 id : ids) {
        abort(id);
    }
}

void ApiTransport::abort(quint64 id)
{
    Call* call = m_calls.take(id);
    if (!call) {
        return;
    }
    call->state->cancelled = true;
    disconnect(call->contextGuard);
    if (call->reply) {
        disconnect(call->reply, nullptr, this, nullptr);
        call->reply->abort();
        call->reply->deleteLater();
        --m_inFlight;
        qCDebug(launchClientLog).noquote()
                << call->what() << "cancelled after" << call->elapsed.elapsed() << "ms";
    }
    // A queued id stays in m_queue; pump() skips ids that are no longer calls. This keeps
    // cancelling thousands of queued calls linear.
    delete call->timer;
    delete call;
    pump();
}

void ApiTransport::pump()
{
    const int cap = std::max(1, m_settings.maxInFlight());
    while (m_inFlight < cap && !m_queue.empty()) {
        const quint64 id = m_queue.front();
        m_queue.pop_front();
        if (Call* call = m_calls.value(id)) {
            start(*call);
        }
    }
    updateBusy();
}

void ApiTransport::start(Call& call)
{
    if (const std::optional<ApiError> problem = m_settings.problem()) {
        qCWarning(launchClientLog).noquote()
                << call.what() << "not sent:" << ApiError::kindName(problem->kind());
        Call* owned = m_calls.take(call.state->id);
        disconnect(owned->contextGuard);
        deliver(*owned, *problem);
        delete owned;
        return;
    }
    QNetworkRequest request(m_settings.urlFor(call.request.route, call.request.query));
    if (!m_settings.apiKey().isEmpty()) {
        const QByteArray credentials = (m_settings.apiKey() + u':').toUtf8().toBase64();
        request.setRawHeader("Authorization", "Basic " + credentials);
    }
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "launch-console/" LAUNCH_VERSION);
    if (call.request.hasBody) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    }
    // Following a redirect to another host would hand it the Authorization header.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    if (!m_settings.caCertificates().isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_settings.caCertificates());
        request.setSslConfiguration(tls);
    }
    call.reply = call.request.hasBody ? m_network->sendCustomRequest(request, call.request.method,
                                                                     call.request.body)
                                      : m_network->sendCustomRequest(request, call.request.method);
    ++m_inFlight;
    call.elapsed.start();
    call.timeoutMs = call.request.timeoutMs > 0 ? call.request.timeoutMs : m_settings.timeoutMs();
    watchReply(call);
    qCDebug(launchClientLog).noquote() << call.what() << "sent";
}

void ApiTransport::watchReply(Call& call)
{
    const quint64 id = call.state->id;
    const qint64 limit = m_settings.maxResponseBytes();
    QNetworkReply* reply = call.reply;
    call.timer = new QTimer(this);
    call.timer->setSingleShot(true);
    call.timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5% early
    call.timer->setInterval(call.timeoutMs);
    connect(call.timer, &QTimer::timeout, this, [this, id] {
        if (Call* c = m_calls.value(id)) {
            c->timedOut = true;
            c->reply->abort();
        }
    });
    call.timer->start();
    const auto tooBig = [this, id, limit](qint64 size) {
        Call* c = m_calls.value(id);
        if (c && limit > 0 && size > limit && !c->oversized) {
            c->oversized = true;
            c->reply->abort();
            return;
        }
        if (c) {
            c->timer->start();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, tooBig] {
        tooBig(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
    });
    connect(reply, &QNetworkReply::downloadProgress, this,
            [tooBig](qint64 received, qint64 total) { tooBig(std::max(received, total)); });
    connect(reply, &QNetworkReply::uploadProgress, this, [tooBig] { tooBig(0); });
    connect(reply, &QNetworkReply::sslErrors, this, [this, id](const QList<QSslError>& errors) {
        if (Call* c = m_calls.value(id)) {
            for (const QSslError& error : errors) {
                c->tlsErrors.append(error.errorString());
            }
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, id] { onFinished(id); });
}

void ApiTransport::onFinished(quint64 id)
{
    Call* call = m_calls.take(id);
    if (!call) {
        return;
    }
    disconnect(call->contextGuard);
    call->timer->stop();
    --m_inFlight;
    ApiResult<QByteArray> result = resultOf(*call);
    const qint64 ms = call->elapsed.elapsed();
    const int code = call->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString status = code > 0 ? QString::number(code) : u"(no answer)"_s;
    if (result.ok()) {
        qCDebug(launchClientLog).noquote() << call->what() << status << "in" << ms << "ms";
    } else {
        qCWarning(launchClientLog).noquote()
                << call->what() << status << "in" << ms
                << "ms failed:" << ApiError::kindName(result.error().kind());
    }
    call->reply->deleteLater();
    call->timer->deleteLater();
    deliver(*call, std::move(result));
    delete call;
    pump();
}

ApiResult<QByteArray> ApiTransport::resultOf(Call& call) const
{
    QNetworkReply* reply = call.reply;
    const QString host = reply->url().host();
    if (call.timedOut) {
        ApiError error(ApiError::Kind::Timeout, u"no answer in time"_s);
        error.setTimeoutMs(call.timeoutMs);
        error.setHost(host);
        return error;
    }
    if (call.oversized) {
        ApiError error(ApiError::Kind::BadResponse,
                       u"the answer is larger than the limit of %1 MiB"_s.arg(QString::number(
                               double(m_settings.maxResponseBytes()) / (1024 * 1024), 'g', 3)));
        error.setSizeLimitBytes(m_settings.maxResponseBytes());
        error.setHost(host);
        return error;
    }
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    // Connection-level codes are below 200; above are HTTP statuses Qt translated.
    const bool connectionFailed = reply->error() != QNetworkReply::NoError && reply->error() < 200;
    if (connectionFailed || !statusAttribute.isValid()) {
        ApiError error = ApiError::fromNetworkError(reply->error(), reply->errorString());
        if (error.kind() == ApiError::Kind::Tls && !call.tlsErrors.isEmpty()) {
            error.setDetail(call.tlsErrors.join(u"; "_s));
        }
        error.setHost(host);
        return error;
    }
    const int status = statusAttribute.toInt();
    if (status >= 200 && status < 300) {
        return reply->readAll();
    }
    return httpError(reply, status);
}

ApiError ApiTransport::httpError(QNetworkReply* reply, int status) const
{
    ApiError error =
            ApiError::fromHttpResponse(status, reply->readAll(), reply->rawHeader("Content-Type"));
    error.setHost(reply->url().host());
    if (error.requestId().isEmpty() && reply->hasRawHeader("X-Request-Id")) {
        error.setRequestId(QString::fromLatin1(reply->rawHeader("X-Request-Id")));
    }
    bool isNumber = false;
    const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&isNumber);
    if (isNumber) {
        error.setRetryAfterSeconds(retryAfter);
    }
    if (reply->hasRawHeader("WWW-Authenticate")) {
        error.setAuthChallenge(QString::fromLatin1(reply->rawHeader("WWW-Authenticate")));
    }
    if (status >= 300 && status < 400) {
        error.setDetail(u"the server redirected to %1, which was not followed"_s.arg(
                QString::fromLatin1(reply->rawHeader("Location"))));
    }
    return error;
}

void ApiTransport::deliver(Call& call, ApiResult<QByteArray> result)
{
    QObject* target = call.hasContext ? call.context.data() : this;
    if (!target) {
        call.state->finished = true;
        return;
    }
    // Always queued: a callback may destroy the client, which must not happen under our feet.
    QMetaObject::invokeMethod(
            target,
            [state = call.state, callback = std::move(call.callback),
             result = std::move(result)]() mutable {
                if (state->cancelled) {
                    return;
                }
                state->finished = true;
                callback(std::move(result));
            },
            Qt::QueuedConnection);
}

void ApiTransport::updateBusy()
{
    const bool busy = !m_calls.isEmpty();
    if (busy != m_busy) {
        m_busy = busy;
        emit busyChanged(busy);
    }
}

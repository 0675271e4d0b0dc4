#include "LocalServer.h"

#include "EndpointManager.h"
#include "MachineResources.h"
#include "RequestCheck.h"
#include "ServerLog.h"
#include "Store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

using Status = QHttpServerResponder::StatusCode;

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool sameSecret(const QByteArray& given, const QByteArray& expected)
{
    // Compare digests so that the time taken does not depend on where the strings differ.
    return QCryptographicHash::hash(given, QCryptographicHash::Sha256) ==
           QCryptographicHash::hash(expected, QCryptographicHash::Sha256);
}

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return u"GET"_s;
    case QHttpServerRequest::Method::Post:
        return u"POST"_s;
    case QHttpServerRequest::Method::Put:
        return u"PUT"_s;
    case QHttpServerRequest::Method::Delete:
        return u"DELETE"_s;
    case QHttpServerRequest::Method::Patch:
        return u"PATCH"_s;
    case QHttpServerRequest::Method::Head:
        return u"HEAD"_s;
    case QHttpServerRequest::Method::Options:
        return u"OPTIONS"_s;
    default:
        return u"OTHER"_s;
    }
}

/// A connection that refuses a request past LocalServer::kMaxRequestBytes. QHttpServer (6.4)
/// keeps a whole request in memory before any route sees it, so before the API key is checked:
/// without a limit, anyone who can connect could make launch-local take all memory. The bytes
/// read are counted from the last answer written, and past the limit the connection gets 413
/// and is closed.
class CappedSocket final : public QTcpSocket
{
public:
    explicit CappedSocket(QObject* parent)
        : QTcpSocket(parent)
    {
        // Connected before QHttpServer connects its own reader, so this runs first and sees the
        // new bytes before they are read.
        connect(this, &QTcpSocket::readyRead, this, &CappedSocket::count);
        connect(this, &QTcpSocket::bytesWritten, this, [this] { m_read = 0; });
    }

private:
    void count()
    {
        if (m_refused) {
            discard();
            return;
        }
        m_read += bytesAvailable();
        if (m_read <= LocalServer::kMaxRequestBytes) {
            return;
        }
        m_refused = true;
        qCInfo(lcServer) << "a request exceeds" << LocalServer::kMaxRequestBytes
                         << "bytes; answered 413 and the connection closed";
        // Nothing more goes to QHttpServer: what still arrives is dropped until the close.
        disconnect(this, &QTcpSocket::readyRead, nullptr, nullptr);
        connect(this, &QTcpSocket::readyRead, this, &CappedSocket::discard);
        discard();
        const QByteArray body =
                compact({{u"detail"_s, u"The request is larger than %1 MiB"_s.arg(
                                               LocalServer::kMaxRequestBytes / (1024 * 1024))}});
        write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
              "Connection: close\r\nContent-Length: " +
              QByteArray::number(body.size()) + "\r\n\r\n" + body);
        // Closed a moment later, not at once: a socket closed with data still coming in is
        // reset, and the reset can destroy the answer before the client has read it. Until
        // then, what arrives is dropped as it comes.
        QTimer::singleShot(kLingerMs, this, [this] { disconnectFromHost(); });
    }

    void discard()
    {
        if (isTransactionStarted()) {
            commitTransaction();
        }
        skip(bytesAvailable());
    }

    static constexpr int kLingerMs = 2000;
    qint64 m_read = 0;
    bool m_refused = false;
};

/// Gives QHttpServer connections that refuse requests past the size limit.
class CappedTcpServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr handle) override
    {
        auto* socket = new CappedSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        addPendingConnection(socket);
    }
};

} // namespace

/// One request's way back: keeps the responder until the answer is known, and drops the
/// answer when the client went away meanwhile.
class LocalServer::Reply final
{
public:
    Reply(QHttpServerResponder&& responder, QString method, QString path)
        : m_responder(std::move(responder))
        , m_socket(m_responder.socket())
        , m_method(std::move(method))
        , m_path(std::move(path))
    {
        m_timer.start();
    }

    void send(const ApiAnswer& answer)
    {
        sendBytes(compact(answer.body), "application/json", answer.status);
    }

    void sendBytes(const QByteArray& body, const QByteArray& type, int status)
    {
        if (m_sent) {
            return;
        }
        m_sent = true;
        // A keep-alive connection carries many requests: answered ones stop listening for its
        // end, or each would leave a connection behind on the socket.
        QObject::disconnect(m_clientGone);
        qCDebug(lcServer) << m_method << m_path << status << m_timer.elapsed() << "ms";
        if (!m_socket) {
            return;
        }
        m_responder.write(body, type, Status(status));
    }

    /// Runs `gone` if the client closes its connection before the answer is sent. `gone` must
    /// be safe to run after this reply is gone.
    void whenClientGone(std::function<void()> gone)
    {
        if (m_socket && !m_sent) {
            m_clientGone = QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket,
                                            std::move(gone));
        }
    }

    void sendUnauthorized()
    {
        m_sent = true;
        qCInfo(lcServer) << m_method << m_path << 401;
        if (m_socket) {
            m_responder.write(compact({{u"detail"_s, u"Not authenticated"_s}}),
                              {{"Content-Type", "application/json"},
                               {"WWW-Authenticate", "Basic realm=\"launch-local\""}},
                              Status::Unauthorized);
        }
    }

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    QString m_method;
    QString m_path;
    QElapsedTimer m_timer;
    QMetaObject::Connection m_clientGone;
    bool m_sent = false;
};

LocalServer::LocalServer(QObject* parent)
    : QObject(parent)
{
    m_http.setMissingHandler(
            [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                handle(request, std::move(responder));
            });
}

LocalServer::~LocalServer() = default;

QString LocalServer::start(const Config& config)
{
    m_config = config;
    if (!QDir().mkpath(config.dataDir)) {
        return u"cannot create the data folder %1"_s.arg(config.dataDir);
    }
    m_store = new Store(this);
    const QString error = m_store->open(QDir(config.dataDir).filePath(u"launch-local.sqlite"_s));
    if (!error.isEmpty()) {
        return error;
    }
    // Listening comes before loading: a taken port is then the one thing said, before any
    // worker starts. The TCP server is made here rather than by QHttpServer::listen(), which
    // would log a warning of its own without the reason.
    auto* tcp = new CappedTcpServer(&m_http);
    if (!tcp->listen(config.address, config.port)) {
        const QString where =
                u"cannot listen on %1 port %2"_s.arg(config.address.toString()).arg(config.port);
        if (tcp->serverError() == QAbstractSocket::AddressInUseError) {
            return where + u": the port is already in use by another program; stop it or give "
                           "another --port (--port 0 picks a free one)."_s;
        }
        return u"%1: %2."_s.arg(where, tcp->errorString());
    }
    const quint16 port = tcp->serverPort();
    m_http.bind(tcp);
    m_manager = new EndpointManager(m_store, MachineResources::detect(config.dataDir),
                                    config.runtime, this);
    m_manager->load();
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(config.address.toString());
    url.setPort(port);
    m_url = url;
    return {};
}

void LocalServer::shutdown(std::function<void()> done)
{
    if (!m_manager) {
        done();
        return;
    }
    m_manager->shutdown([this, done = std::move(done)] {
        m_store->commit();
        done();
    });
}

bool LocalServer::authorized(const QHttpServerRequest& request) const
{
    const QByteArray header = request.value("Authorization").trimmed();
    const QByteArray key = m_config.apiKey.toUtf8();
    // The scheme name is case-insensitive (RFC 9110); the credentials are not.
    const qsizetype space = header.indexOf(' ');
    const QByteArray scheme = header.left(space).toLower();
    const QByteArray credentials = space < 0 ? QByteArray() : header.mid(space + 1).trimmed();
    if (scheme == "basic") {
        const QByteArray decoded = QByteArray::fromBase64(credentials);
        const qsizetype colon = decoded.indexOf(':');
        const QByteArray user = colon < 0 ? decoded : decoded.left(colon);
        return sameSecret(user, key);
    }
    if (scheme == "bearer") {
        return sameSecret(credentials, key);
    }
    return false;
}

void LocalServer::handle(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    const QString path = request.url().path();
    auto reply = std::make_shared<Reply>(std::move(responder), methodName(request.method()), path);
    if (path == u"/healthz"_s || path == u"/readyz"_s || path == u"/healthcheck"_s) {
        using Method = QHttpServerRequest::Method;
        if (request.method() == Method::Get || request.method() == Method::Head) {
            reply->sendBytes("OK", "text/plain", 200);
        } else {
            reply->send(ApiAnswer::detail(405, u"Method Not Allowed"_s));
        }
        return;
    }
    if (!authorized(request)) {
        reply->sendUnauthorized();
        return;
    }
    if (!route(request, reply)) {
        reply->send(ApiAnswer::detail(404, u"Not Found"_s));
    }
}

namespace {

/// Reads optional query values and checks them against the allowed set.
QString queryValue(const QUrlQuery& query, const QString& name)
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

} // namespace

bool LocalServer::route(const QHttpServerRequest& request, const std::shared_ptr<Reply>& reply)
{
    const QStringList parts = request.url().path().split(u'/', Qt::SkipEmptyParts);
    if (parts.size() < 2 || (parts[0] != u"v1"_s && parts[0] != u"v2"_s)) {
        return false;
    }
    const bool v1 = parts[0] == u"v1"_s;
    if (v1 && parts[1] == u"model-endpoints"_s) {
        return routeEndpoints(request, parts, reply);
    }
    if (parts[1] == u"model-bundles"_s) {
        return routeBundles(request, parts, v1, reply);
    }
    if (v1) {
        return routeTasks(request, parts, reply);
    }
    return false;
}

namespace {

void methodNotAllowed(const std::shared_ptr<LocalServer::Reply>& reply);

/// Checks an optional `order_by` query value against the allowed set.
QString orderBy(const QUrlQuery& query, const QStringList& allowed, RequestCheck* check)
{
    const QString order = queryValue(query, u"order_by"_s);
    // Given but empty (`?order_by=`) is not one of the allowed values either.
    if (query.hasQueryItem(u"order_by"_s)) {
        check->oneOf({{u"order_by"_s, order}}, u"order_by"_s, allowed);
    }
    return order;
}

} // namespace

bool LocalServer::routeEndpoints(const QHttpServerRequest& request, const QStringList& parts,
                                 const std::shared_ptr<Reply>& reply)
{
    using Method = QHttpServerRequest::Method;
    const Method method = request.method();
    const QString id = parts.value(2);
    if (parts.size() == 2 && method == Method::Get) {
        RequestCheck check(u"query"_s);
        const QString order =
                orderBy(request.query(), {u"newest"_s, u"oldest"_s, u"alphabetical"_s}, &check);
        reply->send(
                check.ok() ? m_manager->listEndpoints(queryValue(request.query(), u"name"_s), order)
                           : ApiAnswer::invalid(check));
    } else if (parts.size() == 2 && method == Method::Post) {
        reply->send(m_manager->createEndpoint(request.body()));
    } else if (parts.size() == 3 && method == Method::Get) {
        reply->send(m_manager->endpoint(id));
    } else if (parts.size() == 3 && method == Method::Put) {
        reply->send(m_manager->updateEndpoint(id, request.body()));
    } else if (parts.size() == 3 && method == Method::Delete) {
        reply->send(m_manager->deleteEndpoint(id));
    } else if (parts.size() == 4 && parts[3] == u"restart"_s && method == Method::Post) {
        reply->send(m_manager->restartEndpoint(id));
    } else if (parts.size() == 4 && parts[3] == u"logs"_s && method == Method::Get) {
        sendLogs(request, id, reply);
    } else if (parts.size() <= 3 ||
               (parts.size() == 4 && (parts[3] == u"restart"_s || parts[3] == u"logs"_s))) {
        methodNotAllowed(reply);
    } else {
        return false;
    }
    return true;
}

void LocalServer::sendLogs(const QHttpServerRequest& request, const QString& id,
                           const std::shared_ptr<Reply>& reply)
{
    qsizetype tail = 65536;
    const QUrlQuery query = request.query();
    if (query.hasQueryItem(u"tail_bytes"_s)) {
        bool ok = false;
        tail = queryValue(query, u"tail_bytes"_s).toLongLong(&ok);
        if (!ok || tail < 0) {
            RequestCheck check(u"query"_s);
            if (ok) {
                check.add({u"query"_s, u"tail_bytes"_s},
                          u"Input should be greater than or equal to 0"_s, u"greater_than_equal"_s);
            } else {
                check.add({u"query"_s, u"tail_bytes"_s},
                          u"Input should be a valid integer, unable to parse string as an "
                          "integer"_s,
                          u"int_parsing"_s);
            }
            reply->send(ApiAnswer::invalid(check));
            return;
        }
    }
    reply->send(m_manager->logs(id, std::min<qsizetype>(tail, 262144)));
}

bool LocalServer::routeBundles(const QHttpServerRequest& request, const QStringList& parts, bool v1,
                               const std::shared_ptr<Reply>& reply)
{
    using Method = QHttpServerRequest::Method;
    const Method method = request.method();
    const QUrlQuery query = request.query();
    const QString id = parts.value(2);
    RequestCheck check(u"query"_s);
    if (parts.size() == 2 && method == Method::Get) {
        const QString order = orderBy(query, {u"newest"_s, u"oldest"_s}, &check);
        reply->send(check.ok()
                            ? m_manager->listBundles(queryValue(query, u"model_name"_s), order, v1)
                            : ApiAnswer::invalid(check));
    } else if (parts.size() == 2 && method == Method::Post) {
        reply->send(v1 ? ApiAnswer::detail(400, u"launch-local creates bundles with "
                                                "POST /v2/model-bundles only (a "
                                                "runnable_image flavor)"_s)
                       : m_manager->createBundle(request.body()));
    } else if (parts.size() == 3 && method == Method::Get && id == u"latest"_s) {
        if (!query.hasQueryItem(u"model_name"_s)) {
            check.add({u"query"_s, u"model_name"_s}, u"Field required"_s, u"missing"_s);
            reply->send(ApiAnswer::invalid(check));
        } else {
            reply->send(m_manager->latestBundle(queryValue(query, u"model_name"_s), v1));
        }
    } else if (parts.size() == 3 && method == Method::Get) {
        reply->send(m_manager->bundle(id, v1));
    } else if (parts.size() <= 3) {
        methodNotAllowed(reply);
    } else {
        return false;
    }
    return true;
}

bool LocalServer::routeTasks(const QHttpServerRequest& request, const QStringList& parts,
                             const std::shared_ptr<Reply>& reply)
{
    const bool post = request.method() == QHttpServerRequest::Method::Post;
    const QString collection = parts[1];
    if (parts.size() == 2 && (collection == u"sync-tasks"_s || collection == u"async-tasks"_s ||
                              collection == u"streaming-tasks"_s)) {
        if (!post) {
            methodNotAllowed(reply);
        } else if (collection == u"async-tasks"_s) {
            asyncPredict(request, reply);
        } else {
            syncPredict(request, reply, collection == u"streaming-tasks"_s);
        }
        return true;
    }
    if (parts.size() == 3 && collection == u"async-tasks"_s) {
        if (request.method() != QHttpServerRequest::Method::Get) {
            methodNotAllowed(reply);
        } else {
            reply->send(asyncTask(parts[2]));
        }
        return true;
    }
    return false;
}

namespace {

void methodNotAllowed(const std::shared_ptr<LocalServer::Reply>& reply)
{
    reply->send(ApiAnswer::detail(405, u"Method Not Allowed"_s));
}

} // namespace

namespace {

/// The body the worker gets: the request's `args` itself, as real servers forward it.
bool predictionBody(const QHttpServerRequest& request, QByteArray* args, ApiAnswer* error)
{
    RequestCheck check;
    const QJsonObject body = check.parseObject(request.body());
    if (check.ok()) {
        check.boolean(body, u"return_pickled"_s, false);
        check.string(body, u"url"_s);
        check.string(body, u"callback_url"_s);
    }
    if (!check.ok()) {
        *error = ApiAnswer::invalid(check);
        return false;
    }
    // Hosted Launch downloads the input from `url`; launch-local has no such step, and running
    // the model without its input would answer as if nothing were wrong.
    if (body.value(u"url"_s).isString()) {
        *error = ApiAnswer::detail(400, u"launch-local takes the input as args only and does not "
                                        "fetch url; send the input as args"_s);
        return false;
    }
    const QJsonValue value = body.value(u"args"_s);
    if (value.isObject()) {
        *args = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    } else if (value.isArray()) {
        *args = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    } else if (!value.isUndefined() && !value.isNull()) {
        // A scalar: serialise it inside an array and strip the brackets.
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        *args = wrapped.mid(1, wrapped.size() - 2);
    } else {
        *args = "{}";
    }
    return true;
}

bool endpointIdFromQuery(const QHttpServerRequest& request, QString* id, ApiAnswer* error)
{
    const QUrlQuery query = request.query();
    if (!query.hasQueryItem(u"model_endpoint_id"_s)) {
        RequestCheck check(u"query"_s);
        check.add({u"query"_s, u"model_endpoint_id"_s}, u"Field required"_s, u"missing"_s);
        *error = ApiAnswer::invalid(check);
        return false;
    }
    *id = query.queryItemValue(u"model_endpoint_id"_s, QUrl::FullyDecoded);
    return true;
}

} // namespace

void LocalServer::syncPredict(const QHttpServerRequest& request,
                              const std::shared_ptr<Reply>& reply, bool streaming)
{
    ApiAnswer error;
    QString endpointId;
    QByteArray args;
    if (!endpointIdFromQuery(request, &endpointId, &error) ||
        !predictionBody(request, &args, &error)) {
        reply->send(error);
        return;
    }
    EndpointRuntime* runtime = m_manager->predictionTarget(endpointId, false, &error);
    if (!runtime) {
        reply->send(error);
        return;
    }
    if (!runtime->canServe()) {
        reply->send(ApiAnswer::detail(503, u"Endpoint %1 has no worker that is ready; see its "
                                           "status and worker logs"_s.arg(endpointId)));
        return;
    }
    const quint64 job = runtime->submitSync(args, [reply, endpointId,
                                                   streaming](const Prediction& prediction) {
        switch (prediction.outcome) {
        case Prediction::Outcome::Answered:
        case Prediction::Outcome::Lost:
            if (streaming) {
                reply->sendBytes("data: " + compact(prediction.toTaskJson()) + "\n\n",
                                 "text/event-stream", 200);
            } else {
                reply->send(ApiAnswer::ok(prediction.toTaskJson()));
            }
            return;
        case Prediction::Outcome::Busy:
            reply->send(ApiAnswer::middleware(429, u"Too many requests for endpoint %1: %2"_s.arg(
                                                           endpointId, prediction.message)));
            return;
        case Prediction::Outcome::NoWorker:
        case Prediction::Outcome::Cancelled:
            reply->send(ApiAnswer::detail(
                    503, u"Endpoint %1 cannot answer: %2"_s.arg(endpointId, prediction.message)));
            return;
        case Prediction::Outcome::TimedOut:
            reply->send(ApiAnswer::detail(
                    408, u"Endpoint %1: %2"_s.arg(endpointId, prediction.message)));
            return;
        }
    });
    // A client that gave up must not hold a place in the queue, where it would make others
    // wait or get 429.
    reply->whenClientGone([target = QPointer<EndpointRuntime>(runtime), job] {
        if (target) {
            target->dropQueuedSync(job);
        }
    });
}

void LocalServer::asyncPredict(const QHttpServerRequest& request,
                               const std::shared_ptr<Reply>& reply)
{
    ApiAnswer error;
    QString endpointId;
    QByteArray args;
    if (!endpointIdFromQuery(request, &endpointId, &error) ||
        !predictionBody(request, &args, &error)) {
        reply->send(error);
        return;
    }
    EndpointRuntime* runtime = m_manager->predictionTarget(endpointId, true, &error);
    if (!runtime) {
        reply->send(error);
        return;
    }
    Store::Task task;
    task.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    task.endpointId = endpointId;
    task.status = u"PENDING"_s;
    task.args = args;
    m_store->addTask(task);
    QPointer<EndpointRuntime> target(runtime);
    m_store->whenCommitted([reply, task, target] {
        reply->send(ApiAnswer::ok({{u"task_id"_s, task.id}}));
        if (target) {
            target->submitAsync(task.id, task.args, 0);
        }
    });
}

ApiAnswer LocalServer::asyncTask(const QString& taskId) const
{
    const std::optional<Store::Task> task = m_store->task(taskId);
    if (!task) {
        return ApiAnswer::detail(404, u"Task %1 not found"_s.arg(taskId));
    }
    QJsonObject json{{u"task_id"_s, task->id}, {u"status"_s, task->status}};
    json.insert(u"result"_s, task->result.isEmpty()
                                     ? QJsonValue()
                                     : QJsonValue(QJsonDocument::fromJson(task->result).object()));
    json.insert(u"traceback"_s,
                task->traceback.isEmpty() ? QJsonValue() : QJsonValue(task->traceback));
    json.insert(u"status_code"_s,
                task->statusCode == 0 ? QJsonValue() : QJsonValue(task->statusCode));
    return ApiAnswer::ok(json);
}

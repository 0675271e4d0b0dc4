#include "ApiTransport.h"
#include "ScriptedHttpServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QSslKey>
#include <QStandardPaths>
#include <QTest>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QString apiKey = u"sk-test-4f8e2b9c71d3"_s;
using Outcome = std::shared_ptr<std::optional<ApiResult<QByteArray>>>;
using Response = ScriptedHttpServer::Response;

ApiTransport::Request getRequest(const QString& route)
{
    ApiTransport::Request request;
    request.route = route;
    return request;
}

// Sends and records the outcome; `calls` counts how often the callback ran.
ApiCall send(ApiTransport& transport, const ApiTransport::Request& request, Outcome outcome,
             QObject* context = nullptr, std::shared_ptr<int> calls = {})
{
    return transport.send(request, context, [outcome, calls](ApiResult<QByteArray> result) {
        outcome->emplace(std::move(result));
        if (calls) {
            ++*calls;
        }
    });
}

QString describe(const ApiResult<QByteArray>& result)
{
    return result.ok() ? u"ok"_s : result.error().userMessage();
}

Outcome newOutcome()
{
    return std::make_shared<std::optional<ApiResult<QByteArray>>>();
}

QStringList* capturedLog = nullptr;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (capturedLog) {
        capturedLog->append(message);
    }
    if (previousHandler) {
        previousHandler(type, context, message);
    }
}

} // namespace

/// The HTTP layer against a real HTTP server on loopback: authentication, paths, error
/// answers, timeouts, size limits, the in-flight cap, cancellation, TLS and logging.
class TestApiTransport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void sendsBasicAuthenticationAndJsonHeaders();
    void routeGoesUnderBasePathPrefix();
    void sendsBodyMethodAndQuery();
    void errorAnswers_data();
    void errorAnswers();
    void unauthorizedKeepsChallenge();
    void requestIdFromHeader();
    void hangingServerTimesOut();
    void truncatedBodyIsAnError();
    void oversizedAnswerIsRefused_data();
    void oversizedAnswerIsRefused();
    void unreachableServer();
    void inFlightCapIsNeverExceeded();
    void cancelQueuedCall();
    void cancelRunningCall();
    void destroyedContextCancels();
    void refusesKeyOverPlainHttpToRemoteHost();
    void tlsErrorIsReportedNotIgnored();
    void trustedCertificateAuthority();
    void busySignal();
    void logNamesRequestsButNeverTheKey();

private:
    ConnectionSettings settingsFor(const QUrl& url) const;

    std::unique_ptr<ScriptedHttpServer> m_server;
};

void TestApiTransport::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
}

ConnectionSettings TestApiTransport::settingsFor(const QUrl& url) const
{
    ConnectionSettings settings(url, apiKey);
    settings.setTimeoutMs(5000);
    return settings;
}

void TestApiTransport::sendsBasicAuthenticationAndJsonHeaders()
{
    m_server->setHandler([](const auto&) { return Response::json(200, R"({"ok": true})"); });
    ApiTransport transport(settingsFor(m_server->url()));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/healthz"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QVERIFY(outcome->value().ok());
    QCOMPARE(outcome->value().value(), R"({"ok": true})"_ba);
    QCOMPARE(m_server->requests().size(), 1);
    const auto& headers = m_server->requests().at(0).headers;
    // Basic, key as user name, empty password.
    QCOMPARE(headers.value("authorization"), "Basic " + (apiKey + u':').toUtf8().toBase64());
    QCOMPARE(QByteArray::fromBase64(headers.value("authorization").mid(6)),
             "sk-test-4f8e2b9c71d3:"_ba);
    QCOMPARE(headers.value("accept"), "application/json"_ba);
}

void TestApiTransport::routeGoesUnderBasePathPrefix()
{
    ApiTransport transport(settingsFor(m_server->url(u"/v1/launch"_s)));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QCOMPARE(m_server->requests().at(0).path, "/v1/launch/v1/model-endpoints"_ba);
}

void TestApiTransport::sendsBodyMethodAndQuery()
{
    ApiTransport transport(settingsFor(m_server->url()));
    ApiTransport::Request request;
    request.method = "PUT";
    request.route = u"/v1/model-endpoints/end_1"_s;
    request.query.addQueryItem(u"model_endpoint_id"_s, u"end_1"_s);
    request.body = R"({"max_workers":3})";
    request.hasBody = true;
    Outcome outcome = newOutcome();
    send(transport, request, outcome);
    QTRY_VERIFY(outcome->has_value());
    const ScriptedHttpServer::Request& seen = m_server->requests().at(0);
    QCOMPARE(seen.method, "PUT"_ba);
    QCOMPARE(seen.path, "/v1/model-endpoints/end_1"_ba);
    QCOMPARE(seen.query.queryItemValue(u"model_endpoint_id"_s), u"end_1"_s);
    QCOMPARE(seen.headers.value("content-type"), "application/json"_ba);
    QCOMPARE(seen.json().value(u"max_workers"_s).toInt(), 3);
}

void TestApiTransport::errorAnswers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("fieldErrors");
    QTest::addColumn<QString>("requestId");

    const QByteArray json = "application/json";
    QTest::newRow("404 detail") << 404 << json
                                << R"({"detail": "Model Endpoint end_9 was not found."})"_ba
                                << ApiError::Kind::NotFound
                                << u"Model Endpoint end_9 was not found."_s << 0 << QString();
    QTest::newRow("400 detail") << 400 << json
                                << R"({"detail": "Model endpoint name already exists"})"_ba
                                << ApiError::Kind::BadRequest
                                << u"Model endpoint name already exists"_s << 0 << QString();
    QTest::newRow("409 detail") << 409 << json << R"({"detail": "in progress"})"_ba
                                << ApiError::Kind::Conflict << u"in progress"_s << 0 << QString();
    QTest::newRow("422 list") << 422 << json
                              << R"({"detail": [{"loc": ["body", "name"], "msg": "field required",
                   "type": "value_error.missing"}]})"_ba
                              << ApiError::Kind::Validation << u"field required"_s << 1
                              << QString();
    QTest::newRow("500 middleware")
            << 500 << json
            << R"({"error": "Internal error occurred", "timestamp": "2026-12-03T18:00:00",
                   "request_id": "r-42"})"_ba
            << ApiError::Kind::Server << u"Internal error occurred"_s << 0 << u"r-42"_s;
    QTest::newRow("429 middleware")
            << 429 << json << R"({"error": "Too Many Requests", "request_id": "r-43"})"_ba
            << ApiError::Kind::RateLimited << u"Too Many Requests"_s << 0 << u"r-43"_s;
    QTest::newRow("503 detail") << 503 << json << R"({"detail": "broker unavailable"})"_ba
                                << ApiError::Kind::Server << u"broker unavailable"_s << 0
                                << QString();
    QTest::newRow("502 html") << 502 << "text/html"_ba
                              << "<html><head><title>502 Bad Gateway</title></head></html>"_ba
                              << ApiError::Kind::Server << QString() << 0 << QString();
}

void TestApiTransport::errorAnswers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, message);
    QFETCH(int, fieldErrors);
    QFETCH(QString, requestId);
    m_server->setHandler([&](const auto&) {
        Response response;
        response.status = status;
        response.setHeader("Content-Type", contentType);
        response.body = body;
        return response;
    });
    ApiTransport transport(settingsFor(m_server->url()));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints/end_9"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QVERIFY(!outcome->value().ok());
    const ApiError& error = outcome->value().error();
    QCOMPARE(error.kind(), kind);
    QCOMPARE(error.httpStatus(), status);
    QCOMPARE(error.serverMessage(), message);
    QCOMPARE(error.fieldErrors().size(), fieldErrors);
    QCOMPARE(error.requestId(), requestId);
    QCOMPARE(error.host(), u"127.0.0.1"_s);
    QVERIFY(!error.userMessage().contains(u'<'));
}

void TestApiTransport::unauthorizedKeepsChallenge()
{
    m_server->setHandler([](const auto&) {
        Response response = Response::json(401, R"({"detail": "Not authenticated"})");
        response.setHeader("WWW-Authenticate", "Basic");
        return response;
    });
    ApiTransport transport(settingsFor(m_server->url()));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    const ApiError& error = outcome->value().error();
    QCOMPARE(error.kind(), ApiError::Kind::Unauthorized);
    QCOMPARE(error.authChallenge(), u"Basic"_s);
    QCOMPARE(error.userMessage(),
             u"The server rejected the API key. Check the key in the profile settings."_s);
}

void TestApiTransport::requestIdFromHeader()
{
    m_server->setHandler([](const auto&) {
        Response response = Response::json(500, R"({"detail": "boom"})");
        response.setHeader("X-Request-Id", "hdr-7");
        response.setHeader("Retry-After", "9");
        return response;
    });
    ApiTransport transport(settingsFor(m_server->url()));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QCOMPARE(outcome->value().error().requestId(), u"hdr-7"_s);
    QCOMPARE(outcome->value().error().retryAfterSeconds(), 9);
}

void TestApiTransport::hangingServerTimesOut()
{
    m_server->setHandler([](const auto&) {
        Response response;
        response.mode = Response::Mode::Hang;
        return response;
    });
    ConnectionSettings settings = settingsFor(m_server->url());
    settings.setTimeoutMs(300);
    ApiTransport transport(settings);
    Outcome outcome = newOutcome();
    QElapsedTimer clock;
    clock.start();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
    QVERIFY(clock.elapsed() >= 300);
    const ApiError& error = outcome->value().error();
    QCOMPARE(error.kind(), ApiError::Kind::Timeout);
    QCOMPARE(error.timeoutMs(), 300);
    QCOMPARE(error.httpStatus(), 0);
    QVERIFY2(error.userMessage().contains(u"within 1 s"_s), qPrintable(error.userMessage()));
    // The connection was dropped, not left hanging.
    QTRY_COMPARE(m_server->openRequests(), 0);
}

void TestApiTransport::truncatedBodyIsAnError()
{
    m_server->setHandler([](const auto&) {
        Response response = Response::json(200, R"({"model_endpoints": [1, 2, 3, 4, 5, 6]})");
        response.mode = Response::Mode::Truncate;
        return response;
    });
    ApiTransport transport(settingsFor(m_server->url()));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QVERIFY(!outcome->value().ok());
    QCOMPARE(outcome->value().error().kind(), ApiError::Kind::Network);
}

void TestApiTransport::oversizedAnswerIsRefused_data()
{
    QTest::addColumn<Response::Mode>("mode");
    QTest::newRow("content-length") << Response::Mode::Normal;
    QTest::newRow("until close") << Response::Mode::WithoutLength;
}

void TestApiTransport::oversizedAnswerIsRefused()
{
    QFETCH(Response::Mode, mode);
    m_server->setHandler([mode](const auto&) {
        Response response = Response::json(200, "[" + QByteArray(3 * 1024 * 1024, ' ') + "]");
        response.mode = mode;
        return response;
    });
    ConnectionSettings settings = settingsFor(m_server->url());
    settings.setMaxResponseBytes(1024 * 1024);
    ApiTransport transport(settings);
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QVERIFY(!outcome->value().ok());
    const ApiError& error = outcome->value().error();
    QCOMPARE(error.kind(), ApiError::Kind::BadResponse);
    QCOMPARE(error.sizeLimitBytes(), 1024 * 1024);
    // The server did answer: the message speaks of the size, not of a wrong address.
    QCOMPARE(error.userMessage(),
             u"The server's answer is larger than the console reads (at most 1 MiB), so it was "
             "dropped. Ask for a smaller answer, or have the model store large results elsewhere "
             "and return where."_s);
}

void TestApiTransport::unreachableServer()
{
    const QUrl url = m_server->url();
    m_server.reset(); // the port is free again: nothing listens there
    ApiTransport transport(settingsFor(url));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/healthz"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    const ApiError& error = outcome->value().error();
    QCOMPARE(error.kind(), ApiError::Kind::Network);
    QCOMPARE(error.networkError(), QNetworkReply::ConnectionRefusedError);
    QVERIFY(error.userMessage().startsWith(u"Nothing answers at 127.0.0.1"_s));
}

void TestApiTransport::inFlightCapIsNeverExceeded()
{
    m_server->setHandler([](const auto&) {
        Response response = Response::json(200, "{}");
        response.delayMs = 60;
        return response;
    });
    ConnectionSettings settings = settingsFor(m_server->url());
    settings.setMaxInFlight(3);
    ApiTransport transport(settings);
    QList<Outcome> outcomes;
    for (int i = 0; i < 12; ++i) {
        outcomes.append(newOutcome());
        send(transport, getRequest(u"/v1/async-tasks/t%1"_s.arg(i)), outcomes.last());
    }
    QCOMPARE(transport.inFlightCount(), 3);
    QCOMPARE(transport.queuedCount(), 9);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(outcomes.cbegin(), outcomes.cend(),
                                         [](const Outcome& o) { return o->has_value(); }),
                             10000);
    for (const Outcome& outcome : outcomes) {
        QVERIFY(outcome->value().ok());
    }
    QCOMPARE(m_server->requests().size(), 12);
    // Reaches the cap (so the test can fail) and never goes over it.
    QCOMPARE(m_server->maxOpenRequests(), 3);
    // Queued calls go out in the order they were made.
    QCOMPARE(m_server->requests().at(3).path, "/v1/async-tasks/t3"_ba);
}

void TestApiTransport::cancelQueuedCall()
{
    m_server->setHandler([](const auto&) {
        Response response = Response::json(200, "{}");
        response.delayMs = 50;
        return response;
    });
    ConnectionSettings settings = settingsFor(m_server->url());
    settings.setMaxInFlight(1);
    ApiTransport transport(settings);
    Outcome first = newOutcome();
    Outcome second = newOutcome();
    Outcome third = newOutcome();
    auto secondCalls = std::make_shared<int>(0);
    send(transport, getRequest(u"/first"_s), first);
    ApiCall call = send(transport, getRequest(u"/second"_s), second, nullptr, secondCalls);
    send(transport, getRequest(u"/third"_s), third);
    QVERIFY(call.isActive());
    QCOMPARE(transport.queuedCount(), 2);
    call.cancel();
    QVERIFY(call.isCancelled());
    QVERIFY(!call.isActive());
    QCOMPARE(transport.queuedCount(), 1);
    QCOMPARE(transport.inFlightCount(), 1);
    QTRY_VERIFY(third->has_value());
    QVERIFY(first->has_value());
    QCOMPARE(*secondCalls, 0);
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(1).path, "/third"_ba);
}

void TestApiTransport::cancelRunningCall()
{
    m_server->setHandler([](const ScriptedHttpServer::Request& request) {
        Response response = Response::json(200, "{}");
        if (request.path == "/hang") {
            response.mode = Response::Mode::Hang;
        }
        return response;
    });
    ApiTransport transport(settingsFor(m_server->url()));
    Outcome hung = newOutcome();
    auto hungCalls = std::make_shared<int>(0);
    ApiCall call = send(transport, getRequest(u"/hang"_s), hung, nullptr, hungCalls);
    QTRY_COMPARE(m_server->openRequests(), 1);
    call.cancel();
    QCOMPARE(transport.inFlightCount(), 0);
    QTRY_COMPARE(m_server->openRequests(), 0); // the client closed the connection
    Outcome after = newOutcome();
    send(transport, getRequest(u"/after"_s), after);
    QTRY_VERIFY(after->has_value());
    QVERIFY(after->value().ok());
    QCOMPARE(*hungCalls, 0);
    QVERIFY(!hung->has_value());
}

void TestApiTransport::destroyedContextCancels()
{
    m_server->setHandler([](const auto&) {
        Response response;
        response.mode = Response::Mode::Hang;
        return response;
    });
    ApiTransport transport(settingsFor(m_server->url()));
    auto context = std::make_unique<QObject>();
    Outcome outcome = newOutcome();
    auto calls = std::make_shared<int>(0);
    ApiCall call = send(transport, getRequest(u"/hang"_s), outcome, context.get(), calls);
    QTRY_COMPARE(m_server->openRequests(), 1);
    context.reset();
    QCOMPARE(transport.inFlightCount(), 0);
    QVERIFY(!call.isActive());
    QTRY_COMPARE(m_server->openRequests(), 0);
    QCOMPARE(*calls, 0);
}

void TestApiTransport::refusesKeyOverPlainHttpToRemoteHost()
{
    QHostAddress outside;
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress& address : addresses) {
        if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol) {
            outside = address;
            break;
        }
    }
    if (outside.isNull()) {
        QSKIP("This machine has no non-loopback IPv4 address to listen on");
    }
    ScriptedHttpServer server;
    QVERIFY(server.listen(outside));
    ApiTransport refused(settingsFor(server.url()));
    Outcome outcome = newOutcome();
    send(refused, getRequest(u"/v1/model-endpoints"_s), outcome);
    QVERIFY(!outcome->has_value()); // never synchronous, even when refused
    QTRY_VERIFY(outcome->has_value());
    QCOMPARE(outcome->value().error().kind(), ApiError::Kind::InsecureConnection);
    QCOMPARE(outcome->value().error().host(), outside.toString());

    // The same address is reachable: allowing plain HTTP sends the request.
    ConnectionSettings allowed = settingsFor(server.url());
    allowed.setAllowInsecureHttp(true);
    ApiTransport allowedTransport(allowed);
    Outcome sent = newOutcome();
    send(allowedTransport, getRequest(u"/v1/model-endpoints"_s), sent);
    QTRY_VERIFY(sent->has_value());
    QVERIFY(sent->value().ok());
    QCOMPARE(server.requests().size(), 1); // only the allowed one ever arrived
}

void TestApiTransport::tlsErrorIsReportedNotIgnored()
{
    QFile certificateFile(QFINDTESTDATA("data/test-server.crt"));
    QFile keyFile(QFINDTESTDATA("data/test-server.key"));
    QVERIFY(certificateFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(certificateFile.readAll());
    const QSslKey key(keyFile.readAll(), QSsl::Rsa);
    ScriptedHttpServer server;
    QVERIFY(server.listenTls(certificate, key));
    ApiTransport transport(settingsFor(server.url()));
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QVERIFY(!outcome->value().ok());
    const ApiError& error = outcome->value().error();
    QCOMPARE(error.kind(), ApiError::Kind::Tls);
    QVERIFY2(error.detail().contains(u"self signed"_s, Qt::CaseInsensitive) ||
                     error.detail().contains(u"self-signed"_s, Qt::CaseInsensitive),
             qPrintable(error.detail()));
    QVERIFY(error.userMessage().contains(error.detail()));
    QVERIFY(server.requests().isEmpty());
}

void TestApiTransport::trustedCertificateAuthority()
{
    QFile certificateFile(QFINDTESTDATA("data/test-server.crt"));
    QFile keyFile(QFINDTESTDATA("data/test-server.key"));
    QVERIFY(certificateFile.open(QIODevice::ReadOnly));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(certificateFile.readAll());
    ScriptedHttpServer server;
    QVERIFY(server.listenTls(certificate, QSslKey(keyFile.readAll(), QSsl::Rsa)));
    ConnectionSettings settings = settingsFor(server.url());
    settings.setCaCertificates({certificate});
    ApiTransport transport(settings);
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/v1/model-endpoints"_s), outcome);
    QTRY_VERIFY(outcome->has_value());
    QVERIFY2(outcome->value().ok(), qPrintable(describe(outcome->value())));
    QCOMPARE(server.requests().size(), 1);
}

void TestApiTransport::busySignal()
{
    ApiTransport transport(settingsFor(m_server->url()));
    QSignalSpy busy(&transport, &ApiTransport::busyChanged);
    Outcome outcome = newOutcome();
    send(transport, getRequest(u"/healthz"_s), outcome);
    QCOMPARE(busy.size(), 1);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QTRY_VERIFY(outcome->has_value());
    QCOMPARE(busy.size(), 2);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
}

void TestApiTransport::logNamesRequestsButNeverTheKey()
{
    QLoggingCategory::setFilterRules(u"launch.*=true"_s);
    QStringList lines;
    capturedLog = &lines;
    previousHandler = qInstallMessageHandler(captureMessage);
    m_server->setHandler([](const ScriptedHttpServer::Request& request) {
        if (request.path == "/v1/model-endpoints/end_1") {
            Response response = Response::json(401, R"({"detail": "Not authenticated"})");
            response.setHeader("WWW-Authenticate", "Basic");
            return response;
        }
        return Response::json(200, "{}");
    });
    {
        ApiTransport transport(settingsFor(m_server->url()));
        Outcome ok = newOutcome();
        Outcome denied = newOutcome();
        send(transport, getRequest(u"/v1/model-endpoints"_s), ok);
        send(transport, getRequest(u"/v1/model-endpoints/end_1"_s), denied);
        ApiCall cancelled = send(transport, getRequest(u"/v1/cancelled"_s), newOutcome());
        cancelled.cancel();
        QTRY_VERIFY(ok->has_value() && denied->has_value());
    }
    qInstallMessageHandler(previousHandler);
    capturedLog = nullptr;
    QLoggingCategory::setFilterRules(QString());

    const QString joined = lines.join(u'\n');
    QVERIFY2(joined.contains(u"GET /v1/model-endpoints 200"_s), qPrintable(joined));
    QVERIFY2(joined.contains(u"GET /v1/model-endpoints/end_1 401"_s), qPrintable(joined));
    QVERIFY2(joined.contains(u" ms"_s), qPrintable(joined));
    const QString encoded = QString::fromLatin1((apiKey + u':').toUtf8().toBase64());
    for (const QString& line : std::as_const(lines)) {
        QVERIFY2(!line.contains(apiKey), qPrintable(line));
        QVERIFY2(!line.contains(encoded), qPrintable(line));
        QVERIFY2(!line.contains(u"Authorization"_s, Qt::CaseInsensitive), qPrintable(line));
    }
}

void TestApiTransport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QTEST_GUILESS_MAIN(TestApiTransport)
#include "tst_ApiTransport.moc"

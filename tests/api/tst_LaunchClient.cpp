#include "Fixtures.h"
#include "LaunchClient.h"
#include "ScriptedHttpServer.h"
#include "TaskCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

using Response = ScriptedHttpServer::Response;

/// Emits once a callback ran; tests wait on it with QSignalSpy.
class Notifier final : public QObject
{
    Q_OBJECT

signals:
    void done();
};

/// Every route of LaunchClient against a scripted loopback server: what goes on the wire
/// (method, path, query, body) and what comes back decoded, including bad answers.
class TestLaunchClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void listEndpoints();
    void listEndpointsWithNameAndOrder();
    void queryValuesAreEncoded();
    void getEndpoint();
    void endpointIdIsOnePathSegment();
    void createEndpoint();
    void updateSendsOnlyChangedFields();
    void deleteEndpoint();
    void restartEndpoint();
    void endpointLogs();
    void listBundles();
    void getBundle();
    void createBundle();
    void latestBundle();
    void latestBundleV1();
    void predictSync();
    void predictSendsArgumentsAsTyped();
    void predictRefusesArgumentsThatAreNotJson();
    void predictSyncHasItsOwnTimeout();
    void failingModelIsNotAnApiError();
    void createAsyncTask();
    void getAsyncTask();
    void healthAndReadiness();
    void basePathPrefix();
    void malformedJson();
    void htmlInsteadOfJson();
    void missingRequiredFieldNamesItsPath();
    void errorAnswerIsDecoded();
    void destroyingClientDropsCallbacks();
    void callbackMayDestroyClient();

private:
    template <typename T, typename Start>
    std::optional<ApiResult<T>> await(Start start);
    void answer(const QByteArray& route, const Response& response);
    const ScriptedHttpServer::Request& lastRequest() const;

    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<LaunchClient> m_client;
    QHash<QByteArray, Response> m_routes;
};

template <typename T, typename Start>
std::optional<ApiResult<T>> TestLaunchClient::await(Start start)
{
    std::optional<ApiResult<T>> outcome;
    Notifier notifier;
    QSignalSpy spy(&notifier, &Notifier::done);
    start(&notifier, [&outcome, &notifier](ApiResult<T> result) {
        outcome.emplace(std::move(result));
        emit notifier.done();
    });
    if (!outcome) {
        spy.wait(10000);
    }
    return outcome;
}

void TestLaunchClient::init()
{
    m_routes.clear();
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_server->setHandler([this](const ScriptedHttpServer::Request& request) {
        const QByteArray route = request.method + ' ' + request.path;
        return m_routes.value(route, Response::json(404, R"({"detail": "Not Found"})"));
    });
    m_client = std::make_unique<LaunchClient>(ConnectionSettings(m_server->url(), u"key-1"_s));
}

void TestLaunchClient::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestLaunchClient::answer(const QByteArray& route, const Response& response)
{
    m_routes.insert(route, response);
}

const ScriptedHttpServer::Request& TestLaunchClient::lastRequest() const
{
    return m_server->requests().constLast();
}

void TestLaunchClient::listEndpoints()
{
    answer("GET /v1/model-endpoints", Response::json(200, Fixtures::endpointList));
    const auto result = await<EndpointList>(
            [&](QObject* context, auto done) { m_client->listEndpoints(context, done); });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().endpoints.size(), 1);
    QVERIFY(result->value().unreadable.isEmpty());
    const ModelEndpoint& endpoint = result->value().endpoints.constFirst();
    QCOMPARE(endpoint.id, u"end_abc123"_s);
    QCOMPARE(endpoint.name, u"demo-sync"_s);
    QCOMPARE(endpoint.status.value(), EndpointStatus::Ready);
    QCOMPARE(endpoint.deploymentState->maxWorkers, 3);
    QCOMPARE(endpoint.numQueuedItems, std::optional<qint64>(5));
    QCOMPARE(endpoint.labels.value(u"team"_s), u"infra"_s);
    QVERIFY(lastRequest().query.isEmpty());
}

void TestLaunchClient::listEndpointsWithNameAndOrder()
{
    answer("GET /v1/model-endpoints", Response::json(200, R"({"model_endpoints": []})"));
    const auto result = await<EndpointList>([&](QObject* context, auto done) {
        m_client->listEndpoints(u"demo-sync"_s, LaunchClient::Order::Alphabetical, context, done);
    });
    QVERIFY(result && result->ok());
    QVERIFY(result->value().endpoints.isEmpty());
    QCOMPARE(lastRequest().query.queryItemValue(u"name"_s), u"demo-sync"_s);
    QCOMPARE(lastRequest().query.queryItemValue(u"order_by"_s), u"alphabetical"_s);
}

void TestLaunchClient::queryValuesAreEncoded()
{
    answer("GET /v2/model-bundles/latest", Response::json(200, Fixtures::bundle));
    const QString name = u"a b+c&d=é"_s;
    const auto result = await<ModelBundle>(
            [&](QObject* context, auto done) { m_client->latestBundle(name, context, done); });
    QVERIFY(result && result->ok());
    const QUrlQuery& query = lastRequest().query;
    QCOMPARE(query.queryItemValue(u"model_name"_s, QUrl::FullyDecoded), name);
    // A literal '+' would reach a form-decoding server as a space.
    QVERIFY(!query.query(QUrl::FullyEncoded).contains(u'+'));
}

void TestLaunchClient::getEndpoint()
{
    answer("GET /v1/model-endpoints/end_abc123", Response::json(200, Fixtures::endpoint));
    const auto result = await<ModelEndpoint>([&](QObject* context, auto done) {
        m_client->getEndpoint(u"end_abc123"_s, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().bundleName, u"echo"_s);
    QCOMPARE(result->value().resourceState->memory.text(), u"1Gi"_s);
}

void TestLaunchClient::endpointIdIsOnePathSegment()
{
    const auto result = await<ModelEndpoint>([&](QObject* context, auto done) {
        m_client->getEndpoint(u"../v1/x"_s, context, done);
    });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), ApiError::Kind::NotFound);
    QCOMPARE(lastRequest().path, "/v1/model-endpoints/..%2Fv1%2Fx"_ba);
}

void TestLaunchClient::createEndpoint()
{
    answer("POST /v1/model-endpoints",
           Response::json(200, R"({"endpoint_creation_task_id": "ect_1"})"));
    CreateEndpointRequest request;
    request.name = u"demo-async"_s;
    request.modelBundleId = u"bun_1"_s;
    request.endpointType = EndpointType::Async;
    request.cpus = *Quantity::parse(u"500m"_s);
    request.memory = *Quantity::parse(u"2Gi"_s);
    request.storage = *Quantity::parse(u"4Gi"_s);
    request.maxWorkers = 2;
    request.labels = {{u"team"_s, u"infra"_s}};
    const auto result = await<EndpointCreationResponse>(
            [&](QObject* context, auto done) { m_client->createEndpoint(request, context, done); });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().endpointCreationTaskId, u"ect_1"_s);
    const QJsonObject body = lastRequest().json();
    QCOMPARE(lastRequest().headers.value("content-type"), "application/json"_ba);
    QCOMPARE(body.value(u"name"_s).toString(), u"demo-async"_s);
    QCOMPARE(body.value(u"model_bundle_id"_s).toString(), u"bun_1"_s);
    QCOMPARE(body.value(u"endpoint_type"_s).toString(), u"async"_s);
    QCOMPARE(body.value(u"cpus"_s).toString(), u"500m"_s);
    QCOMPARE(body.value(u"memory"_s).toString(), u"2Gi"_s);
    QCOMPARE(body.value(u"max_workers"_s).toInt(), 2);
    QCOMPARE(body.value(u"labels"_s).toObject().value(u"team"_s).toString(), u"infra"_s);
}

void TestLaunchClient::updateSendsOnlyChangedFields()
{
    answer("PUT /v1/model-endpoints/end_abc123",
           Response::json(200, R"({"endpoint_creation_task_id": "ect_2"})"));
    UpdateEndpointRequest request;
    request.maxWorkers = 5;
    const auto result = await<EndpointCreationResponse>([&](QObject* context, auto done) {
        m_client->updateEndpoint(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().endpointCreationTaskId, u"ect_2"_s);
    QCOMPARE(lastRequest().json(), QJsonObject({{u"max_workers"_s, 5}}));
}

void TestLaunchClient::deleteEndpoint()
{
    answer("DELETE /v1/model-endpoints/end_abc123", Response::json(200, R"({"deleted": true})"));
    const auto result = await<DeleteEndpointResponse>([&](QObject* context, auto done) {
        m_client->deleteEndpoint(u"end_abc123"_s, context, done);
    });
    QVERIFY(result && result->ok());
    QVERIFY(result->value().deleted);
    QVERIFY(lastRequest().body.isEmpty());
}

void TestLaunchClient::restartEndpoint()
{
    answer("POST /v1/model-endpoints/end_abc123/restart",
           Response::json(200, R"({"restarted": true})"));
    const auto result = await<RestartEndpointResponse>([&](QObject* context, auto done) {
        m_client->restartEndpoint(u"end_abc123"_s, context, done);
    });
    QVERIFY(result && result->ok());
    QVERIFY(result->value().restarted);
}

void TestLaunchClient::endpointLogs()
{
    answer("GET /v1/model-endpoints/end_abc123/logs", Response::json(200, Fixtures::logs));
    const auto result = await<EndpointLogs>([&](QObject* context, auto done) {
        m_client->endpointLogs(u"end_abc123"_s, 4096, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(lastRequest().query.queryItemValue(u"tail_bytes"_s), u"4096"_s);
    const EndpointLogs& logs = result->value();
    QCOMPARE(logs.endpointId, u"end_abc123"_s);
    QCOMPARE(logs.workers.size(), 2);
    QCOMPARE(logs.workers.at(0).log, u"listening on 127.0.0.1:40517\n"_s);
    QCOMPARE(logs.workers.at(0).pid, std::optional<qint64>(41231));
    QVERIFY(!logs.workers.at(0).exitedAt.isValid());
    QCOMPARE(logs.workers.at(1).state, u"FAILED"_s);
    QCOMPARE(logs.workers.at(1).exitCode, std::optional<int>(3));
    QVERIFY(!logs.workers.at(1).pid);
    QVERIFY(logs.workers.at(1).truncated);
    QCOMPARE(logs.workers.at(1).exitedAt,
             QDateTime(QDate(2026, 12, 3), QTime(18, 40, 10), Qt::UTC));
}

void TestLaunchClient::listBundles()
{
    answer("GET /v2/model-bundles", Response::json(200, Fixtures::bundleList));
    const auto result = await<QList<ModelBundle>>([&](QObject* context, auto done) {
        m_client->listBundles(u"echo"_s, LaunchClient::Order::Newest, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().size(), 1);
    QCOMPARE(result->value().at(0).flavor.kind(), BundleFlavor::RunnableImage);
    QCOMPARE(result->value().at(0).flavor.runnableImage()->command,
             QStringList{u"launch-example-model"_s});
    QCOMPARE(lastRequest().query.queryItemValue(u"model_name"_s), u"echo"_s);
    QCOMPARE(lastRequest().query.queryItemValue(u"order_by"_s), u"newest"_s);
}

void TestLaunchClient::getBundle()
{
    answer("GET /v2/model-bundles/bun_1", Response::json(200, Fixtures::bundle));
    const auto result = await<ModelBundle>(
            [&](QObject* context, auto done) { m_client->getBundle(u"bun_1"_s, context, done); });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().id, u"bun_1"_s);
    QCOMPARE(result->value().flavor.runnableImage()->env->value(u"GREETING"_s), u"hi"_s);
}

void TestLaunchClient::createBundle()
{
    answer("POST /v2/model-bundles", Response::json(200, R"({"model_bundle_id": "bun_2"})"));
    RunnableImageFlavor image;
    image.repository = u"local"_s;
    image.tag = u"1"_s;
    image.command = {u"launch-example-model"_s, u"--quiet"_s};
    CreateBundleRequest request;
    request.name = u"echo"_s;
    request.schemaLocation = u"none"_s;
    request.flavor = BundleFlavor::fromRunnableImage(image);
    const auto result = await<CreateBundleResponse>(
            [&](QObject* context, auto done) { m_client->createBundle(request, context, done); });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().modelBundleId, u"bun_2"_s);
    const QJsonObject body = lastRequest().json();
    QCOMPARE(body.value(u"name"_s).toString(), u"echo"_s);
    const QJsonObject flavor = body.value(u"flavor"_s).toObject();
    QCOMPARE(flavor.value(u"flavor"_s).toString(), u"runnable_image"_s);
    QCOMPARE(flavor.value(u"command"_s).toArray().at(1).toString(), u"--quiet"_s);
}

void TestLaunchClient::latestBundle()
{
    answer("GET /v2/model-bundles/latest", Response::json(200, Fixtures::bundle));
    const auto result = await<ModelBundle>(
            [&](QObject* context, auto done) { m_client->latestBundle(u"echo"_s, context, done); });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().name, u"echo"_s);
    QCOMPARE(lastRequest().query.queryItemValue(u"model_name"_s), u"echo"_s);
}

void TestLaunchClient::latestBundleV1()
{
    answer("GET /v1/model-bundles/latest", Response::json(200, Fixtures::bundleV1));
    const auto result = await<ModelBundleV1>([&](QObject* context, auto done) {
        m_client->latestBundleV1(u"echo"_s, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().location, u"s3://bucket/echo"_s);
    QCOMPARE(result->value().envParams.frameworkType, u"custom_base_image"_s);
    QCOMPARE(lastRequest().query.queryItemValue(u"model_name"_s), u"echo"_s);
}

void TestLaunchClient::predictSync()
{
    answer("POST /v1/sync-tasks", Response::json(200, Fixtures::syncResult));
    PredictRequest request;
    request.args = QJsonObject{{u"x"_s, 1}};
    const auto result = await<SyncPredictResponse>([&](QObject* context, auto done) {
        m_client->predictSync(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().status.value(), TaskStatus::Success);
    QCOMPARE(TaskCodec::unwrapModelOutput(result->value().result),
             QJsonValue(QJsonObject{{u"y"_s, 2}}));
    QCOMPARE(lastRequest().query.queryItemValue(u"model_endpoint_id"_s), u"end_abc123"_s);
    QCOMPARE(lastRequest().json().value(u"args"_s).toObject(), QJsonObject({{u"x"_s, 1}}));
}

void TestLaunchClient::predictSendsArgumentsAsTyped()
{
    // Keys out of order, odd spacing, a trailing zero, an integer past a double's precision
    // and an escape: the server gets each as written.
    const QByteArray typed =
            R"({"zeta": 1,   "alpha":[3,2,1], "n": 1.50, "big": 12345678901234567890, )"
            R"("u":"\u00e9"})";
    PredictRequest request;
    request.argsText = typed;
    request.callbackUrl = u"https://hooks.example.com/done"_s;
    answer("POST /v1/sync-tasks", Response::json(200, Fixtures::syncResult));
    const auto sync = await<SyncPredictResponse>([&](QObject* context, auto done) {
        m_client->predictSync(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(sync && sync->ok());
    QCOMPARE(lastRequest().body, QByteArray("{\"args\":" + typed +
                                            R"(,"callback_url":"https://hooks.example.com/done",)"
                                            R"("return_pickled":false})"));

    answer("POST /v1/async-tasks", Response::json(200, R"({"task_id": "task_9"})"));
    request.argsText = "[1.0, 2]\n";
    request.callbackUrl.reset();
    const auto async = await<CreateAsyncTaskResponse>([&](QObject* context, auto done) {
        m_client->createAsyncTask(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(async && async->ok());
    QCOMPARE(lastRequest().body, QByteArray("{\"args\":[1.0, 2]\n,\"return_pickled\":false}"));
}

void TestLaunchClient::predictRefusesArgumentsThatAreNotJson()
{
    PredictRequest request;
    request.argsText = R"({"text": )";
    const qsizetype before = m_server->requests().size();
    const auto result = await<SyncPredictResponse>([&](QObject* context, auto done) {
        m_client->predictSync(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), ApiError::Kind::BadRequest);
    QCOMPARE(m_server->requests().size(), before);
}

void TestLaunchClient::predictSyncHasItsOwnTimeout()
{
    Response slow = Response::json(200, Fixtures::syncResult);
    slow.delayMs = 400;
    answer("POST /v1/sync-tasks", slow);
    answer("GET /v1/model-endpoints/end_abc123", slow);
    ConnectionSettings settings = m_client->settings();
    settings.setTimeoutMs(150);
    settings.setPredictTimeoutMs(5000);
    m_client->setSettings(settings);
    const auto predicted = await<SyncPredictResponse>([&](QObject* context, auto done) {
        m_client->predictSync(u"end_abc123"_s, PredictRequest(), context, done);
    });
    QVERIFY(predicted && predicted->ok());
    const auto read = await<ModelEndpoint>([&](QObject* context, auto done) {
        m_client->getEndpoint(u"end_abc123"_s, context, done);
    });
    QVERIFY(read && !read->ok());
    QCOMPARE(read->error().kind(), ApiError::Kind::Timeout);
}

void TestLaunchClient::failingModelIsNotAnApiError()
{
    answer("POST /v1/sync-tasks", Response::json(200, R"({"status": "FAILURE", "result": null,
                                   "traceback": "ValueError: bad input", "status_code": 500})"));
    const auto result = await<SyncPredictResponse>([&](QObject* context, auto done) {
        m_client->predictSync(u"end_abc123"_s, PredictRequest(), context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().status.value(), TaskStatus::Failure);
    QCOMPARE(result->value().traceback, std::optional<QString>(u"ValueError: bad input"_s));
    QCOMPARE(result->value().statusCode, std::optional<int>(500));
}

void TestLaunchClient::createAsyncTask()
{
    answer("POST /v1/async-tasks", Response::json(200, R"({"task_id": "task_9"})"));
    PredictRequest request;
    request.args = QJsonArray{1, 2};
    const auto result = await<CreateAsyncTaskResponse>([&](QObject* context, auto done) {
        m_client->createAsyncTask(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().taskId, u"task_9"_s);
    QCOMPARE(lastRequest().query.queryItemValue(u"model_endpoint_id"_s), u"end_abc123"_s);
    QCOMPARE(lastRequest().json().value(u"args"_s).toArray(), QJsonArray({1, 2}));
}

void TestLaunchClient::getAsyncTask()
{
    answer("GET /v1/async-tasks/task_9", Response::json(200, Fixtures::asyncTask));
    const auto result = await<AsyncTask>([&](QObject* context, auto done) {
        m_client->getAsyncTask(u"task_9"_s, context, done);
    });
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().taskId, u"task_9"_s);
    QCOMPARE(result->value().status.value(), TaskStatus::Success);
    QCOMPARE(result->value().statusCode, std::optional<int>(200));
}

void TestLaunchClient::healthAndReadiness()
{
    Response text;
    text.body = "ok";
    answer("GET /healthz", text);
    answer("GET /readyz", Response::json(503, R"({"detail": "not ready"})"));
    const auto health =
            await<void>([&](QObject* context, auto done) { m_client->checkHealth(context, done); });
    QVERIFY(health && health->ok());
    const auto ready =
            await<void>([&](QObject* context, auto done) { m_client->checkReady(context, done); });
    QVERIFY(ready && !ready->ok());
    QCOMPARE(ready->error().httpStatus(), 503);
    QCOMPARE(ready->error().serverMessage(), u"not ready"_s);
}

void TestLaunchClient::basePathPrefix()
{
    answer("GET /v1/launch/v1/model-endpoints", Response::json(200, Fixtures::endpointList));
    m_client = std::make_unique<LaunchClient>(
            ConnectionSettings(m_server->url(u"/v1/launch/"_s), u"key-1"_s));
    const auto result = await<EndpointList>(
            [&](QObject* context, auto done) { m_client->listEndpoints(context, done); });
    QVERIFY(result && result->ok());
    QCOMPARE(lastRequest().path, "/v1/launch/v1/model-endpoints"_ba);
}

void TestLaunchClient::malformedJson()
{
    answer("GET /v1/model-endpoints", Response::json(200, R"({"model_endpoints": [{"id": )"));
    const auto result = await<EndpointList>(
            [&](QObject* context, auto done) { m_client->listEndpoints(context, done); });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), ApiError::Kind::BadResponse);
    QVERIFY2(result->error().userMessage().contains(u"not valid JSON"_s),
             qPrintable(result->error().userMessage()));
    // Where, once, in words: not "(malformed JSON at offset 28: ... at byte 28)".
    QVERIFY2(result->error().userMessage().count(u"at byte 28"_s) == 1,
             qPrintable(result->error().userMessage()));
    QVERIFY2(!result->error().userMessage().contains(u"offset"_s),
             qPrintable(result->error().userMessage()));
}

void TestLaunchClient::htmlInsteadOfJson()
{
    Response page;
    page.setHeader("Content-Type", "text/html");
    page.body = "<!DOCTYPE html><html><head><title>Sign in</title></head></html>";
    answer("GET /v1/model-endpoints", page);
    const auto result = await<EndpointList>(
            [&](QObject* context, auto done) { m_client->listEndpoints(context, done); });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), ApiError::Kind::BadResponse);
    QVERIFY2(result->error().userMessage().contains(u"HTML page"_s),
             qPrintable(result->error().userMessage()));
}

void TestLaunchClient::missingRequiredFieldNamesItsPath()
{
    QJsonObject broken = QJsonDocument::fromJson(Fixtures::endpoint).object();
    broken.remove(u"status"_s);
    const QJsonObject list{
            {u"model_endpoints"_s,
             QJsonArray{QJsonDocument::fromJson(Fixtures::endpoint).object(), broken}}};
    answer("GET /v1/model-endpoints",
           Response::json(200, QJsonDocument(list).toJson(QJsonDocument::Compact)));
    const auto result = await<EndpointList>(
            [&](QObject* context, auto done) { m_client->listEndpoints(context, done); });
    // The readable endpoint is listed; the other is left out and named.
    QVERIFY(result && result->ok());
    QCOMPARE(result->value().endpoints.size(), 1);
    QCOMPARE(result->value().endpoints.constFirst().id, u"end_abc123"_s);
    QCOMPARE(result->value().unreadable.size(), 1);
    QCOMPARE(result->value().unreadable.constFirst().toString(),
             u"model_endpoints[1].status: missing required field (expected a string)"_s);
}

void TestLaunchClient::errorAnswerIsDecoded()
{
    answer("PUT /v1/model-endpoints/end_abc123",
           Response::json(422, R"({"detail": [{"loc": ["body", "max_workers"],
                                   "msg": "ensure this value is greater than or equal to 0",
                                   "type": "value_error.number.not_ge"}]})"));
    UpdateEndpointRequest request;
    request.maxWorkers = -1;
    const auto result = await<EndpointCreationResponse>([&](QObject* context, auto done) {
        m_client->updateEndpoint(u"end_abc123"_s, request, context, done);
    });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), ApiError::Kind::Validation);
    QCOMPARE(result->error().fieldErrors().value(0).field(), u"max_workers"_s);
}

void TestLaunchClient::destroyingClientDropsCallbacks()
{
    Response hang;
    hang.mode = Response::Mode::Hang;
    answer("GET /v1/model-endpoints", hang);
    int calls = 0;
    QObject context;
    m_client->listEndpoints(&context, [&calls](const auto&) { ++calls; });
    QTRY_COMPARE(m_server->openRequests(), 1);
    m_client.reset();
    QTRY_COMPARE(m_server->openRequests(), 0);
    QCOMPARE(calls, 0);
}

void TestLaunchClient::callbackMayDestroyClient()
{
    answer("GET /healthz", Response::json(200, "{}"));
    Notifier notifier;
    QSignalSpy spy(&notifier, &Notifier::done);
    m_client->checkHealth(&notifier, [this, &notifier](const ApiResult<void>&) {
        m_client.reset(); // e.g. the user switched profiles
        emit notifier.done();
    });
    QVERIFY(spy.wait(10000));
    QVERIFY(!m_client);
}

void TestLaunchClient::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QTEST_GUILESS_MAIN(TestLaunchClient)
#include "tst_LaunchClient.moc"

#include "LaunchClient.h"
#include "TaskCodec.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
const QString apiKey = u"local-test-key-93c1"_s;
}

/// Emits once a callback ran; tests wait on it with QSignalSpy.
class Notifier final : public QObject
{
    Q_OBJECT

signals:
    void done();
};

/// LaunchClient against the real launch-local with the example model: the same calls the
/// console makes, on a throwaway data folder.
class TestLaunchLocal final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void healthNeedsNoKey();
    void wrongKeyIsRejected();
    void bundles();
    void endpointLifecycleAndPredictions();
    void serverErrorsAreUnderstood();

private:
    template <typename T, typename Start>
    std::optional<ApiResult<T>> await(Start start);
    void pause(int ms);
    std::optional<ModelEndpoint> waitForStatus(const QString& id, EndpointStatus::Value status);
    QString createExampleBundle(const QString& name);

    QTemporaryDir m_dataDir;
    QProcess m_server;
    QUrl m_url;
    std::unique_ptr<LaunchClient> m_client;
};

template <typename T, typename Start>
std::optional<ApiResult<T>> TestLaunchLocal::await(Start start)
{
    std::optional<ApiResult<T>> outcome;
    Notifier notifier;
    QSignalSpy spy(&notifier, &Notifier::done);
    start(&notifier, [&outcome, &notifier](ApiResult<T> result) {
        outcome.emplace(std::move(result));
        emit notifier.done();
    });
    if (!outcome) {
        spy.wait(30000);
    }
    return outcome;
}

void TestLaunchLocal::pause(int ms)
{
    QTimer timer;
    timer.setSingleShot(true);
    QSignalSpy spy(&timer, &QTimer::timeout);
    timer.start(ms);
    spy.wait(ms + 5000);
}

void TestLaunchLocal::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString exe = qEnvironmentVariable("LAUNCH_LOCAL_EXE");
    const QString model = qEnvironmentVariable("LAUNCH_EXAMPLE_MODEL");
    if (exe.isEmpty() || !QFileInfo::exists(exe)) {
        QSKIP("LAUNCH_LOCAL_EXE does not name the launch-local program");
    }
    QVERIFY(m_dataDir.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LAUNCH_LOCAL_API_KEY"_s, apiKey);
    const QString path = environment.value(u"PATH"_s);
    environment.insert(u"PATH"_s, QFileInfo(model).absolutePath() + QDir::listSeparator() + path);
    m_server.setProcessEnvironment(environment);
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(exe, {u"--port"_s, u"0"_s, u"--data-dir"_s, m_dataDir.path()});
    QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
    QSignalSpy output(&m_server, &QProcess::readyReadStandardOutput);
    while (!m_server.canReadLine()) {
        QVERIFY2(output.wait(20000), "launch-local printed no start line");
    }
    const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
    QVERIFY2(line.startsWith(u"LAUNCH_LOCAL_READY "_s), qPrintable(line));
    const QStringList fields = line.split(u' ');
    for (const QString& field : fields) {
        if (field.startsWith(u"url="_s)) {
            m_url = QUrl(field.mid(4));
        }
    }
    QVERIFY(m_url.isValid());
    m_client = std::make_unique<LaunchClient>(ConnectionSettings(m_url, apiKey));
}

void TestLaunchLocal::cleanupTestCase()
{
    m_client.reset();
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(20000));
        QCOMPARE(m_server.exitCode(), 0);
    }
}

std::optional<ModelEndpoint> TestLaunchLocal::waitForStatus(const QString& id,
                                                            EndpointStatus::Value status)
{
    for (int attempt = 0; attempt < 300; ++attempt) {
        const auto read = await<ModelEndpoint>(
                [&](QObject* context, auto done) { m_client->getEndpoint(id, context, done); });
        if (!read || !read->ok()) {
            return std::nullopt;
        }
        if (read->value().status.value() == status) {
            return read->value();
        }
        if (read->value().status.value() == EndpointStatus::UpdateFailed) {
            qWarning() << "endpoint failed:" << read->value().statusReason.value_or(QString());
            return std::nullopt;
        }
        pause(100);
    }
    return std::nullopt;
}

QString TestLaunchLocal::createExampleBundle(const QString& name)
{
    RunnableImageFlavor image;
    image.repository = u"local"_s;
    image.tag = u"1"_s;
    image.command = {u"launch-example-model"_s};
    image.readinessInitialDelaySeconds = 20;
    CreateBundleRequest request;
    request.name = name;
    request.schemaLocation = u"none"_s;
    request.flavor = BundleFlavor::fromRunnableImage(image);
    const auto created = await<CreateBundleResponse>(
            [&](QObject* context, auto done) { m_client->createBundle(request, context, done); });
    return created && created->ok() ? created->value().modelBundleId : QString();
}

void TestLaunchLocal::healthNeedsNoKey()
{
    LaunchClient anonymous(ConnectionSettings(m_url, QString()));
    const auto health =
            await<void>([&](QObject* context, auto done) { anonymous.checkHealth(context, done); });
    QVERIFY(health && health->ok());
    const auto ready =
            await<void>([&](QObject* context, auto done) { anonymous.checkReady(context, done); });
    QVERIFY(ready && ready->ok());
}

void TestLaunchLocal::wrongKeyIsRejected()
{
    LaunchClient wrong(ConnectionSettings(m_url, u"not-the-key"_s));
    const auto result = await<EndpointList>(
            [&](QObject* context, auto done) { wrong.listEndpoints(context, done); });
    QVERIFY(result && !result->ok());
    QCOMPARE(result->error().kind(), ApiError::Kind::Unauthorized);
    QVERIFY(result->error().authChallenge().startsWith(u"Basic"_s));
    QCOMPARE(result->error().userMessage(),
             u"The server rejected the API key. Check the key in the profile settings."_s);
}

void TestLaunchLocal::bundles()
{
    const QString id = createExampleBundle(u"bundle-test"_s);
    QVERIFY(!id.isEmpty());
    const auto read = await<ModelBundle>(
            [&](QObject* context, auto done) { m_client->getBundle(id, context, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->value().flavor.runnableImage()->command, QStringList{u"launch-example-model"_s});
    const auto latest = await<ModelBundle>([&](QObject* context, auto done) {
        m_client->latestBundle(u"bundle-test"_s, context, done);
    });
    QVERIFY(latest && latest->ok());
    QCOMPARE(latest->value().id, id);
    const auto latestV1 = await<ModelBundleV1>([&](QObject* context, auto done) {
        m_client->latestBundleV1(u"bundle-test"_s, context, done);
    });
    QVERIFY(latestV1 && latestV1->ok());
    QCOMPARE(latestV1->value().id, id);
    const auto list = await<QList<ModelBundle>>([&](QObject* context, auto done) {
        m_client->listBundles(u"bundle-test"_s, LaunchClient::Order::Newest, context, done);
    });
    QVERIFY(list && list->ok());
    QCOMPARE(list->value().size(), 1);
}

void TestLaunchLocal::endpointLifecycleAndPredictions()
{
    const QString bundleId = createExampleBundle(u"echo"_s);
    QVERIFY(!bundleId.isEmpty());
    CreateEndpointRequest request;
    request.name = u"echo-sync"_s;
    request.modelBundleId = bundleId;
    request.endpointType = EndpointType::Sync;
    request.cpus = *Quantity::parse(u"0.1"_s);
    request.memory = *Quantity::parse(u"64Mi"_s);
    request.storage = *Quantity::parse(u"64Mi"_s);
    request.minWorkers = 1;
    request.maxWorkers = 1;
    const auto created = await<EndpointCreationResponse>(
            [&](QObject* context, auto done) { m_client->createEndpoint(request, context, done); });
    QVERIFY(created && created->ok());
    const auto listed = await<EndpointList>([&](QObject* context, auto done) {
        m_client->listEndpoints(u"echo-sync"_s, LaunchClient::Order::Newest, context, done);
    });
    QVERIFY(listed && listed->ok());
    QCOMPARE(listed->value().endpoints.size(), 1);
    const QString id = listed->value().endpoints.at(0).id;
    QVERIFY(waitForStatus(id, EndpointStatus::Ready));

    PredictRequest predict;
    predict.args = QJsonObject{{u"text"_s, u"hello local world"_s}};
    const auto answer = await<SyncPredictResponse>([&](QObject* context, auto done) {
        m_client->predictSync(id, predict, context, done);
    });
    QVERIFY(answer && answer->ok());
    QCOMPARE(answer->value().status.value(), TaskStatus::Success);
    const QJsonObject output = TaskCodec::unwrapModelOutput(answer->value().result).toObject();
    QCOMPARE(output.value(u"echo"_s).toString(), u"hello local world"_s);
    QCOMPARE(output.value(u"words"_s).toInt(), 3);

    const auto logs = await<EndpointLogs>(
            [&](QObject* context, auto done) { m_client->endpointLogs(id, 0, context, done); });
    QVERIFY(logs && logs->ok());
    QCOMPARE(logs->value().endpointId, id);
    QVERIFY(!logs->value().workers.isEmpty());
    QCOMPARE(logs->value().workers.constLast().state, u"READY"_s);

    UpdateEndpointRequest update;
    update.labels = Labels{{u"team"_s, u"infra"_s}};
    const auto updated = await<EndpointCreationResponse>([&](QObject* context, auto done) {
        m_client->updateEndpoint(id, update, context, done);
    });
    QVERIFY(updated && updated->ok());
    const auto deleted = await<DeleteEndpointResponse>(
            [&](QObject* context, auto done) { m_client->deleteEndpoint(id, context, done); });
    QVERIFY(deleted && deleted->ok());
    QVERIFY(deleted->value().deleted);
}

void TestLaunchLocal::serverErrorsAreUnderstood()
{
    const auto missing = await<ModelEndpoint>([&](QObject* context, auto done) {
        m_client->getEndpoint(u"end_does_not_exist"_s, context, done);
    });
    QVERIFY(missing && !missing->ok());
    QCOMPARE(missing->error().kind(), ApiError::Kind::NotFound);
    QVERIFY(!missing->error().serverMessage().isEmpty());

    const auto task = await<AsyncTask>([&](QObject* context, auto done) {
        m_client->getAsyncTask(u"no-such-task"_s, context, done);
    });
    QVERIFY(task && !task->ok());
    QCOMPARE(task->error().kind(), ApiError::Kind::NotFound);

    CreateEndpointRequest request;
    request.name = u"sync-without-workers"_s;
    request.modelBundleId = createExampleBundle(u"refused"_s);
    request.endpointType = EndpointType::Sync;
    request.cpus = *Quantity::parse(u"0.1"_s);
    request.memory = *Quantity::parse(u"64Mi"_s);
    request.storage = *Quantity::parse(u"64Mi"_s);
    request.minWorkers = 0;
    const auto refused = await<EndpointCreationResponse>(
            [&](QObject* context, auto done) { m_client->createEndpoint(request, context, done); });
    QVERIFY(refused && !refused->ok());
    QCOMPARE(refused->error().kind(), ApiError::Kind::BadRequest);
    QVERIFY(!refused->error().serverMessage().isEmpty());

    request.minWorkers = -1;
    const auto invalid = await<EndpointCreationResponse>(
            [&](QObject* context, auto done) { m_client->createEndpoint(request, context, done); });
    QVERIFY(invalid && !invalid->ok());
    QCOMPARE(invalid->error().kind(), ApiError::Kind::Validation);
    QCOMPARE(invalid->error().fieldErrors().value(0).field(), u"min_workers"_s);
    QVERIFY(invalid->error().userMessage().contains(u"min_workers: "_s));
}

QTEST_GUILESS_MAIN(TestLaunchLocal)
#include "tst_LaunchLocal.moc"

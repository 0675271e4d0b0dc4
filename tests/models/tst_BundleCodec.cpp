#include "BundleCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_BundleCodec : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void readsEveryFlavor();
    void readsARunnableImageInFull();
    void readsTheImagePartOfImageVariants();
    void roundTripsEveryBundleUnchanged_data();
    void roundTripsEveryBundleUnchanged();
    void namesThePathOfAWrongField_data();
    void namesThePathOfAWrongField();
    void buildsARunnableImageWithDefaults();
    void encodesACreateRequest();
    void refusesBadCreateRequests_data();
    void refusesBadCreateRequests();
    void readsTheV1Shape();
    void createResponse();

private:
    QByteArray m_listBody;
    QJsonObject m_list;
};

namespace {

QByteArray readFixture(const QString& name)
{
    QFile file(QStringLiteral(LAUNCH_MODELS_TEST_DATA) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot read fixture %s", qPrintable(name));
    }
    return file.readAll();
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

RunnableImageFlavor echoImage()
{
    RunnableImageFlavor image;
    image.repository = u"launch/echo-model"_s;
    image.tag = u"1.0.0"_s;
    image.command = QStringList{u"echo-model"_s, u"--port"_s, u"${PORT}"_s};
    return image;
}

} // namespace

void tst_BundleCodec::initTestCase()
{
    m_listBody = readFixture(u"bundle-list.json"_s);
    m_list = parseObject(m_listBody);
    QVERIFY(!m_list.isEmpty());
}

void tst_BundleCodec::readsEveryFlavor()
{
    const Decoded<QList<ModelBundle>> decoded = BundleCodec::decodeBundleList(m_listBody);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QList<BundleFlavor::Kind> kinds;
    for (const ModelBundle& bundle : decoded.value()) {
        kinds.append(bundle.flavor.kind());
    }
    QCOMPARE(kinds, (QList<BundleFlavor::Kind>{BundleFlavor::RunnableImage,
                                               BundleFlavor::StreamingEnhancedRunnableImage,
                                               BundleFlavor::TritonEnhancedRunnableImage,
                                               BundleFlavor::CloudpickleArtifact,
                                               BundleFlavor::ZipArtifact, BundleFlavor::Unknown}));
    const ModelBundle& future = decoded.value().at(5);
    QCOMPARE(future.flavor.kindName(), u"wasm_module"_s);
    QCOMPARE(future.flavor.displayName(), u"wasm_module"_s);
    QCOMPARE(future.flavor.runnableImage(), std::nullopt);
    QCOMPARE(decoded.value().at(3).flavor.displayName(), u"Cloudpickle artifact"_s);
    QCOMPARE(decoded.value().at(3).flavor.runnableImage(), std::nullopt);
}

void tst_BundleCodec::readsARunnableImageInFull()
{
    const Decoded<QList<ModelBundle>> decoded = BundleCodec::decodeBundleList(m_listBody);
    QVERIFY(decoded.ok());
    const ModelBundle& b = decoded.value().at(0);
    QCOMPARE(b.id, u"bun_cq8n0a1b2c3d4e5f6a01"_s);
    QCOMPARE(b.name, u"demo-bundle"_s);
    QCOMPARE(b.metadata.value("test_key"_L1).toString(), u"test_value"_s);
    QCOMPARE(b.createdAt, QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC));
    QCOMPARE(b.schemaLocation, u"s3://bucket/schemas/demo.json"_s);
    QVERIFY(b.modelArtifactIds.isEmpty());
    QVERIFY(b.flavor.runnableImage().has_value());
    const RunnableImageFlavor& image = *b.flavor.runnableImage();
    QCOMPARE(image.repository, u"launch/echo-model"_s);
    QCOMPARE(image.tag, u"1.0.0"_s);
    QCOMPARE(image.command, (QStringList{u"echo-model"_s, u"--port"_s, u"${PORT}"_s}));
    QCOMPARE(image.predictRoute, u"/predict"_s);
    QCOMPARE(image.healthcheckRoute, u"/readyz"_s);
    QCOMPARE(image.env, (QMap<QString, QString>{{u"LOG_LEVEL"_s, u"info"_s}}));
    QCOMPARE(image.protocol, u"http"_s);
    QCOMPARE(image.readinessInitialDelaySeconds, 30);
    QCOMPARE(image.extraRoutes, QStringList{u"/v1/chat/completions"_s});
    QVERIFY(image.routes.isEmpty());
    QCOMPARE(image.forwarderType, u"default"_s);
    QCOMPARE(image.workerCommand, std::nullopt);
    QCOMPARE(image.workerEnv, std::nullopt);
}

void tst_BundleCodec::readsTheImagePartOfImageVariants()
{
    const Decoded<QList<ModelBundle>> decoded = BundleCodec::decodeBundleList(m_listBody);
    QVERIFY(decoded.ok());
    const std::optional<RunnableImageFlavor>& streaming =
            decoded.value().at(1).flavor.runnableImage();
    QVERIFY(streaming.has_value());
    QCOMPARE(streaming->repository, u"launch/llm"_s);
    QCOMPARE(streaming->predictRoute, u"/predict"_s); // the API default
    QCOMPARE(streaming->readinessInitialDelaySeconds, 120);
    const std::optional<RunnableImageFlavor>& triton = decoded.value().at(2).flavor.runnableImage();
    QVERIFY(triton.has_value());
    QCOMPARE(triton->command, QStringList{u"run-triton"_s});
}

void tst_BundleCodec::roundTripsEveryBundleUnchanged_data()
{
    QTest::addColumn<int>("index");
    const QStringList names{u"runnable_image"_s,  u"streaming_enhanced"_s,
                            u"triton_enhanced"_s, u"cloudpickle_artifact"_s,
                            u"zip_artifact"_s,    u"unknown flavor"_s};
    for (int i = 0; i < names.size(); ++i) {
        QTest::newRow(qPrintable(names.at(i))) << i;
    }
}

void tst_BundleCodec::roundTripsEveryBundleUnchanged()
{
    QFETCH(int, index);
    const QJsonObject original = m_list.value("model_bundles"_L1).toArray().at(index).toObject();
    const Decoded<ModelBundle> decoded = BundleCodec::decodeBundle(original);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(compact(BundleCodec::encodeBundle(decoded.value())), compact(original));
    // And as a create request, the flavor travels unchanged too.
    CreateBundleRequest request{decoded.value().name, decoded.value().metadata, u"s3://x"_s,
                                decoded.value().flavor};
    QCOMPARE(BundleCodec::encodeCreateRequest(request).value("flavor"_L1),
             original.value("flavor"_L1));
}

void tst_BundleCodec::namesThePathOfAWrongField_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("image command missing")
            << 0 << u"command"_s << QJsonValue(QJsonValue::Undefined)
            << u"model_bundles[0].flavor.command: missing required field (expected an array of "
               u"strings)"_s;
    QTest::newRow("image protocol")
            << 0 << u"protocol"_s << QJsonValue(u"grpc"_s)
            << u"model_bundles[0].flavor.protocol: expected \"http\", got \"grpc\""_s;
    QTest::newRow("env value") << 0 << u"env"_s << QJsonValue(QJsonObject{{"PORT"_L1, 5005}})
                               << u"model_bundles[0].flavor.env.PORT: expected a string, got an "
                                  u"integer"_s;
    QTest::newRow("flavor name missing")
            << 3 << u"flavor"_s << QJsonValue(QJsonValue::Undefined)
            << u"model_bundles[3].flavor.flavor: missing required field (expected a string)"_s;
}

void tst_BundleCodec::namesThePathOfAWrongField()
{
    QFETCH(int, index);
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    QJsonArray bundles = m_list.value("model_bundles"_L1).toArray();
    QJsonObject bundle = bundles.at(index).toObject();
    QJsonObject flavor = bundle.value("flavor"_L1).toObject();
    if (value.isUndefined()) {
        flavor.remove(field);
    } else {
        flavor.insert(field, value);
    }
    bundle.insert("flavor"_L1, flavor);
    bundles[index] = bundle;
    const Decoded<QList<ModelBundle>> decoded =
            BundleCodec::decodeBundleList(QJsonObject{{"model_bundles"_L1, bundles}});
    QCOMPARE(decoded.errorString(), error);

    QCOMPARE(BundleCodec::decodeBundleList(QByteArray("{\"model_bundles\": [")).error().offset, 19);
}

void tst_BundleCodec::buildsARunnableImageWithDefaults()
{
    const BundleFlavor flavor = BundleFlavor::fromRunnableImage(echoImage());
    QCOMPARE(flavor.kind(), BundleFlavor::RunnableImage);
    QCOMPARE(compact(flavor.toJson()), compact(parseObject(R"({
                 "repository": "launch/echo-model", "tag": "1.0.0",
                 "command": ["echo-model", "--port", "${PORT}"],
                 "predict_route": "/predict", "healthcheck_route": "/readyz",
                 "protocol": "http", "readiness_initial_delay_seconds": 120,
                 "extra_routes": [], "routes": [], "forwarder_type": "default",
                 "flavor": "runnable_image"})")));
    const Decoded<RunnableImageFlavor> back =
            BundleCodec::decodeRunnableImage(flavor.toJson(), JsonPath(QString()));
    QVERIFY2(back.ok(), qPrintable(back.errorString()));
    QVERIFY(back.value() == echoImage());
}

void tst_BundleCodec::encodesACreateRequest()
{
    CreateBundleRequest q;
    q.name = u"echo"_s;
    q.schemaLocation = u"s3://schemas/echo.json"_s;
    q.flavor = BundleFlavor::fromRunnableImage(echoImage());
    const QJsonObject json = BundleCodec::encodeCreateRequest(q);
    QVERIFY(!json.contains("metadata"_L1));
    QCOMPARE(json.value("name"_L1).toString(), u"echo"_s);
    const Decoded<CreateBundleRequest> back = BundleCodec::decodeCreateRequest(json);
    QVERIFY2(back.ok(), qPrintable(back.errorString()));
    QVERIFY(back.value() == q);
    QCOMPARE(back.value().flavor.runnableImage()->command, echoImage().command);

    // Every flavor of the fixture is a valid request flavor except the unknown one.
    const QJsonArray bundles = m_list.value("model_bundles"_L1).toArray();
    for (qsizetype i = 0; i < 5; ++i) {
        const QJsonObject request{{"name"_L1, "b"_L1},
                                  {"schema_location"_L1, "s"_L1},
                                  {"flavor"_L1, bundles.at(i).toObject().value("flavor"_L1)}};
        const Decoded<CreateBundleRequest> decoded = BundleCodec::decodeCreateRequest(request);
        QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    }
}

void tst_BundleCodec::refusesBadCreateRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown flavor")
            << QByteArray(R"({"name": "b", "schema_location": "s", "flavor": {"flavor": "wasm"}})")
            << u"flavor.flavor: \"wasm\" is not one of runnable_image, "
               u"streaming_enhanced_runnable_image, triton_enhanced_runnable_image, "
               u"cloudpickle_artifact, zip_artifact"_s;
    QTest::newRow("streaming without streaming_command")
            << QByteArray(R"({"name": "b", "schema_location": "s", "flavor": {
                   "flavor": "streaming_enhanced_runnable_image", "repository": "r",
                   "tag": "t", "protocol": "http"}})")
            << u"flavor.streaming_command: missing required field (expected an array of "
               u"strings)"_s;
    QTest::newRow("zip without location")
            << QByteArray(R"({"name": "b", "schema_location": "s", "flavor": {
                   "flavor": "zip_artifact", "requirements": [], "framework": {},
                   "load_predict_fn_module_path": "a", "load_model_fn_module_path": "b"}})")
            << u"flavor.location: missing required field (expected a string)"_s;
    QTest::newRow("no flavor") << QByteArray(R"({"name": "b", "schema_location": "s"})")
                               << u"flavor: missing required field (expected an object)"_s;
    QTest::newRow("no schema") << QByteArray(R"({"name": "b", "flavor": {}})")
                               << u"schema_location: missing required field (expected a "
                                  u"string)"_s;
}

void tst_BundleCodec::refusesBadCreateRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QCOMPARE(BundleCodec::decodeCreateRequest(parseObject(body)).errorString(), error);
}

void tst_BundleCodec::readsTheV1Shape()
{
    const QByteArray body = readFixture(u"bundle-v1.json"_s);
    const Decoded<ModelBundleV1> decoded = BundleCodec::decodeBundleV1(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    const ModelBundleV1& b = decoded.value();
    QCOMPARE(b.name, u"classic-bundle"_s);
    QCOMPARE(b.location, u"s3://bundles/classic.pkl"_s);
    QCOMPARE(b.requirements, QStringList{u"torch==2.1.0"_s});
    QCOMPARE(b.envParams.frameworkType, u"pytorch"_s);
    QCOMPARE(b.envParams.pytorchImageTag, u"2.1.0-cuda12.1"_s);
    QCOMPARE(b.envParams.ecrRepo, std::nullopt);
    QCOMPARE(b.packagingType, u"cloudpickle"_s);
    QCOMPARE(b.appConfig, std::nullopt);
    QCOMPARE(b.createdAt, QDateTime(QDate(2024, 2, 1), QTime(8, 0, 0, 500), Qt::UTC));
    QJsonObject expected = parseObject(body);
    expected.remove("docker_image_batch_job_bundle_id"_L1);
    QCOMPARE(compact(BundleCodec::encodeBundleV1(b)), compact(expected));

    expected.remove("env_params"_L1);
    QCOMPARE(BundleCodec::decodeBundleV1(expected).errorString(),
             u"env_params: missing required field (expected an object)"_s);
}

void tst_BundleCodec::createResponse()
{
    const Decoded<CreateBundleResponse> decoded =
            BundleCodec::decodeCreateResponse(parseObject(R"({"model_bundle_id": "bun_5"})"));
    QCOMPARE(decoded.value().modelBundleId, u"bun_5"_s);
    QCOMPARE(compact(BundleCodec::encodeCreateResponse(decoded.value())),
             QByteArray(R"({"model_bundle_id":"bun_5"})"));
}

QTEST_GUILESS_MAIN(tst_BundleCodec)
#include "tst_BundleCodec.moc"

#include "EndpointCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_EndpointCodec : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void decodesAFullEndpoint();
    void readsNullOptionalFieldsAsUnset();
    void readsMissingOptionalFieldsAsUnset();
    void ignoresUnknownFields();
    void keepsUnknownEnumValues();
    void readsEveryStatusAndType();
    void readsEveryQuantityForm();
    void readsTimestamps();
    void namesThePathOfAWrongField_data();
    void namesThePathOfAWrongField();
    void reportsMalformedJson();
    void reportsAnEmptyBody();
    void reportsWhereJsonIsMalformed_data();
    void reportsWhereJsonIsMalformed();
    void encodesWhatItDecoded();
    void roundTripsTheList();
    void encodesACreateRequest();
    void createRequestRoundTrips();
    void refusesBadCreateRequests_data();
    void refusesBadCreateRequests();
    void acceptsCreateRequestWithoutStorage();
    void encodesOnlySetUpdateFields();
    void decodesUpdateRequests();
    void smallResponses();

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

// Returns `root` with the value at `path` (keys and [index] steps) replaced by `value`, or
// removed when `value` is Undefined.
QJsonValue changed(const QJsonValue& root, QStringList path, const QJsonValue& value)
{
    const QString step = path.takeFirst();
    if (step.startsWith(u'[')) {
        QJsonArray array = root.toArray();
        const int index = step.mid(1, step.size() - 2).toInt();
        array[index] = path.isEmpty() ? value : changed(array.at(index), path, value);
        return array;
    }
    QJsonObject object = root.toObject();
    if (path.isEmpty() && value.isUndefined()) {
        object.remove(step);
    } else {
        object[step] = path.isEmpty() ? value : changed(object.value(step), path, value);
    }
    return object;
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

CreateEndpointRequest sampleCreateRequest()
{
    CreateEndpointRequest q;
    q.name = u"demo-endpoint-async"_s;
    q.modelBundleId = u"bun_cq8n0a1b2c3d4e5f6a01"_s;
    q.endpointType = EndpointType::Async;
    q.cpus = Quantity::fromNumber(1);
    q.memory = *Quantity::parse(u"8Gi"_s);
    q.storage = *Quantity::parse(u"16Gi"_s);
    q.gpus = 0;
    q.minWorkers = 0;
    q.maxWorkers = 2;
    q.perWorker = 10;
    q.labels = {{u"team"_s, u"MY_TEAM"_s}, {u"product"_s, u"MY_PRODUCT"_s}};
    return q;
}

} // namespace

void tst_EndpointCodec::initTestCase()
{
    m_listBody = readFixture(u"endpoint-list.json"_s);
    m_list = parseObject(m_listBody);
    QVERIFY(!m_list.isEmpty());
}

void tst_EndpointCodec::decodesAFullEndpoint()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().endpoints.size(), 6);
    const ModelEndpoint& e = decoded.value().endpoints.at(0);
    QCOMPARE(e.id, u"end_cq8mv3t5b2a00a9k6g10"_s);
    QCOMPARE(e.name, u"demo-endpoint-async"_s);
    QCOMPARE(e.endpointType, EndpointType::Async);
    QCOMPARE(e.destination, u"launch-endpoint-id-end-cq8mv3t5b2a00a9k6g10"_s);
    QCOMPARE(e.deploymentName, u"launch-endpoint-id-end-cq8mv3t5b2a00a9k6g10"_s);
    QCOMPARE(e.metadata.value("limits"_L1).toObject().value("max_batch"_L1).toInt(), 8);
    QCOMPARE(e.bundleName, u"demo-bundle"_s);
    QCOMPARE(e.status, EndpointStatus::Ready);
    QCOMPARE(e.postInferenceHooks, QStringList{u"callback"_s});
    QCOMPARE(e.defaultCallbackUrl, u"https://hooks.example.com/launch"_s);
    QVERIFY(e.defaultCallbackAuth.has_value());
    QCOMPARE(e.defaultCallbackAuth->kind, CallbackAuth::Mtls);
    QCOMPARE(e.defaultCallbackAuth->cert, u"CERT-PEM"_s);
    QCOMPARE(e.defaultCallbackAuth->key, u"KEY-PEM"_s);
    QCOMPARE(e.labels, (Labels{{u"product"_s, u"MY_PRODUCT"_s}, {u"team"_s, u"MY_TEAM"_s}}));
    QCOMPARE(e.awsRole, u"ml-worker"_s);
    QCOMPARE(e.resultsS3Bucket, u"scale-ml-results"_s);
    QCOMPARE(e.createdBy, u"user_9f3c"_s);
    QVERIFY(e.deploymentState.has_value());
    QCOMPARE(e.deploymentState->minWorkers, 0);
    QCOMPARE(e.deploymentState->maxWorkers, 2);
    QCOMPARE(e.deploymentState->perWorker, 10);
    QCOMPARE(e.deploymentState->concurrentRequestsPerWorker, 10);
    QCOMPARE(e.deploymentState->forwarderMaxConcurrency, 4);
    QCOMPARE(e.deploymentState->availableWorkers, 1);
    QCOMPARE(e.deploymentState->unavailableWorkers, 0);
    QVERIFY(e.resourceState.has_value());
    QCOMPARE(e.resourceState->cpus.value(), 1.0);
    QCOMPARE(e.resourceState->gpus, 0);
    QCOMPARE(e.resourceState->memory.toDisplayString(Quantity::Bytes), u"8 GiB"_s);
    QCOMPARE(e.resourceState->gpuType, std::nullopt);
    QCOMPARE(e.resourceState->storage->text(), u"16Gi"_s);
    QCOMPARE(e.resourceState->nodesPerWorker, 1);
    QCOMPARE(e.resourceState->optimizeCosts, false);
    QCOMPARE(e.numQueuedItems, 3);
    QCOMPARE(e.publicInference, false);
    QCOMPARE(e.taskExpiresSeconds, 86400);
    QCOMPARE(e.queueMessageTimeoutSeconds, 300);
    QCOMPARE(e.statusReason, std::nullopt);
}

void tst_EndpointCodec::readsNullOptionalFieldsAsUnset()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(decoded.ok());
    const ModelEndpoint& e = decoded.value().endpoints.at(1);
    QCOMPARE(e.name, u"demo-endpoint-sync"_s);
    QCOMPARE(e.deploymentName, std::nullopt);
    QVERIFY(e.metadata.isEmpty());
    QCOMPARE(e.postInferenceHooks, std::nullopt);
    QCOMPARE(e.defaultCallbackUrl, std::nullopt);
    QCOMPARE(e.defaultCallbackAuth, std::nullopt);
    QVERIFY(e.labels.isEmpty());
    QCOMPARE(e.awsRole, std::nullopt);
    QCOMPARE(e.resultsS3Bucket, std::nullopt);
    QCOMPARE(e.deploymentState, std::nullopt);
    QCOMPARE(e.resourceState, std::nullopt);
    QCOMPARE(e.numQueuedItems, std::nullopt);
    QCOMPARE(e.publicInference, std::nullopt);
    QCOMPARE(e.taskExpiresSeconds, std::nullopt);
    QCOMPARE(e.queueMessageTimeoutSeconds, std::nullopt);
}

void tst_EndpointCodec::readsMissingOptionalFieldsAsUnset()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(decoded.ok());
    const ModelEndpoint& e = decoded.value().endpoints.at(5);
    QCOMPARE(e.status, EndpointStatus::DeleteInProgress);
    QCOMPARE(e.deploymentName, std::nullopt);
    QCOMPARE(e.deploymentState, std::nullopt);
    QCOMPARE(e.resourceState, std::nullopt);
    QCOMPARE(e.numQueuedItems, std::nullopt);
    const ModelEndpoint& streaming = decoded.value().endpoints.at(2);
    QCOMPARE(streaming.deploymentState->availableWorkers, std::nullopt);
    QCOMPARE(streaming.deploymentState->forwarderMaxConcurrency, std::nullopt);
    QCOMPARE(streaming.resourceState->storage, std::nullopt);
    QCOMPARE(streaming.resourceState->optimizeCosts, std::nullopt);
}

void tst_EndpointCodec::ignoresUnknownFields()
{
    QJsonObject endpoint = m_list.value("model_endpoints"_L1).toArray().at(0).toObject();
    endpoint.insert("brand_new_field"_L1, QJsonArray{1, 2, 3});
    QJsonObject deployment = endpoint.value("deployment_state"_L1).toObject();
    deployment.insert("warm_pool"_L1, 5);
    endpoint.insert("deployment_state"_L1, deployment);
    const Decoded<ModelEndpoint> decoded = EndpointCodec::decodeEndpoint(endpoint);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().deploymentState->maxWorkers, 2);
    // The unknown fields of the fixture itself are not written back.
    const QJsonObject encoded = EndpointCodec::encodeEndpoint(decoded.value());
    QVERIFY(!encoded.contains("brand_new_field"_L1));
    QVERIFY(!encoded.contains("autoscaling_hints"_L1));
    QVERIFY(!encoded.contains("shadow_mode"_L1));
}

void tst_EndpointCodec::keepsUnknownEnumValues()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(decoded.ok());
    const ModelEndpoint& e = decoded.value().endpoints.at(3);
    QCOMPARE(e.status.value(), EndpointStatus::Unknown);
    QCOMPARE(e.status.toString(), u"SCALING_TO_ZERO"_s);
    QCOMPARE(e.resourceState->gpuType->value(), GpuType::Unknown);
    QCOMPARE(e.resourceState->gpuType->toString(), u"nvidia-blackwell-b200"_s);
    const QJsonObject encoded = EndpointCodec::encodeEndpoint(e);
    QCOMPARE(encoded.value("status"_L1).toString(), u"SCALING_TO_ZERO"_s);
    QCOMPARE(encoded.value("resource_state"_L1).toObject().value("gpu_type"_L1).toString(),
             u"nvidia-blackwell-b200"_s);
}

void tst_EndpointCodec::readsEveryStatusAndType()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(decoded.ok());
    QList<EndpointStatus::Value> statuses;
    QList<EndpointType::Value> types;
    for (const ModelEndpoint& e : decoded.value().endpoints) {
        statuses.append(e.status.value());
        types.append(e.endpointType.value());
    }
    QCOMPARE(statuses,
             (QList<EndpointStatus::Value>{EndpointStatus::Ready, EndpointStatus::UpdatePending,
                                           EndpointStatus::UpdateFailed, EndpointStatus::Unknown,
                                           EndpointStatus::UpdateInProgress,
                                           EndpointStatus::DeleteInProgress}));
    QCOMPARE(types, (QList<EndpointType::Value>{EndpointType::Async, EndpointType::Sync,
                                                EndpointType::Streaming, EndpointType::Async,
                                                EndpointType::Sync, EndpointType::Async}));
    QCOMPARE(decoded.value().endpoints.at(2).statusReason,
             u"requested 64 CPUs but this machine has 2"_s);
    QCOMPARE(decoded.value().endpoints.at(2).resourceState->gpuType, GpuType::NvidiaAmpereA10);
}

void tst_EndpointCodec::readsEveryQuantityForm()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(decoded.ok());
    const QList<ModelEndpoint>& list = decoded.value().endpoints;
    QCOMPARE(list.at(2).resourceState->cpus.toDisplayString(Quantity::Cores), u"0.5"_s);
    QCOMPARE(list.at(2).resourceState->memory.toDisplayString(Quantity::Bytes), u"512 MiB"_s);
    QCOMPARE(list.at(3).resourceState->cpus.value(), 2.0);
    QCOMPARE(list.at(3).resourceState->memory.toDisplayString(Quantity::Bytes), u"1 GiB"_s);
    QCOMPARE(list.at(3).resourceState->storage->value(), 1e9);
    QCOMPARE(list.at(4).resourceState->cpus.toDisplayString(Quantity::Cores), u"0.5"_s);
    QCOMPARE(list.at(4).resourceState->memory.value(), 1000.0);
    QCOMPARE(list.at(4).resourceState->storage->value(), 2e9);
    // Every form is written back as it was read.
    const QJsonObject resources = EndpointCodec::encodeResourceState(*list.at(4).resourceState);
    QCOMPARE(resources.value("cpus"_L1), QJsonValue(u"500m"_s));
    QCOMPARE(resources.value("memory"_L1), QJsonValue(u"1e3"_s));
    QCOMPARE(resources.value("storage"_L1), QJsonValue(2000000000));
}

void tst_EndpointCodec::readsTimestamps()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(decoded.ok());
    const QList<ModelEndpoint>& list = decoded.value().endpoints;
    QCOMPARE(list.at(0).createdAt, QDateTime(QDate(2024, 3, 5), QTime(14, 7, 9, 512), Qt::UTC));
    QCOMPARE(list.at(0).createdAtText, u"2024-03-05T14:07:09.512345"_s);
    QCOMPARE(list.at(2).lastUpdatedAt, QDateTime(QDate(2024, 4, 1), QTime(9, 5, 30, 250), Qt::UTC));
    QCOMPARE(list.at(3).createdAt, QDateTime(QDate(2024, 4, 2), QTime(8, 0), Qt::UTC));
    QCOMPARE(list.at(3).lastUpdatedAt, QDateTime(QDate(2024, 4, 2), QTime(8, 0, 0, 123), Qt::UTC));
    QVERIFY(list.at(5).createdAt < list.at(5).lastUpdatedAt);
}

void tst_EndpointCodec::namesThePathOfAWrongField_data()
{
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error");
    const QJsonValue missing(QJsonValue::Undefined);
    QTest::newRow("missing nested integer")
            << QStringList{u"model_endpoints"_s, u"[3]"_s, u"deployment_state"_s, u"min_workers"_s}
            << missing
            << u"model_endpoints[3].deployment_state.min_workers: missing required field "
               u"(expected an integer)"_s;
    QTest::newRow("integer as string")
            << QStringList{u"model_endpoints"_s, u"[0]"_s, u"resource_state"_s, u"gpus"_s}
            << QJsonValue(u"1"_s)
            << u"model_endpoints[0].resource_state.gpus: expected an integer of at least 0, "
               u"got a string"_s;
    QTest::newRow("fraction for integer")
            << QStringList{u"model_endpoints"_s, u"[2]"_s, u"deployment_state"_s, u"per_worker"_s}
            << QJsonValue(1.5)
            << u"model_endpoints[2].deployment_state.per_worker: expected an integer of at "
               u"least 1, got 1.5"_s;
    QTest::newRow("negative workers")
            << QStringList{u"model_endpoints"_s, u"[0]"_s, u"deployment_state"_s, u"max_workers"_s}
            << QJsonValue(-1)
            << u"model_endpoints[0].deployment_state.max_workers: expected an integer of at "
               u"least 0, got -1"_s;
    QTest::newRow("missing id") << QStringList{u"model_endpoints"_s, u"[1]"_s, u"id"_s} << missing
                                << u"model_endpoints[1].id: missing required field (expected a "
                                   u"string)"_s;
    QTest::newRow("null required")
            << QStringList{u"model_endpoints"_s, u"[1]"_s, u"status"_s} << QJsonValue()
            << u"model_endpoints[1].status: expected a string, got null"_s;
    QTest::newRow("label not a string")
            << QStringList{u"model_endpoints"_s, u"[2]"_s, u"labels"_s, u"team"_s} << QJsonValue(5)
            << u"model_endpoints[2].labels.team: expected a string, got an integer"_s;
    QTest::newRow("bad quantity")
            << QStringList{u"model_endpoints"_s, u"[0]"_s, u"resource_state"_s, u"memory"_s}
            << QJsonValue(u"8 gigs"_s)
            << u"model_endpoints[0].resource_state.memory: \"8 gigs\" has an unknown unit; use "
               u"a number with one of m, k, M, G, T, Ki, Mi, Gi, Ti (e.g. \"500m\", \"8Gi\")"_s;
    QTest::newRow("quantity of wrong type")
            << QStringList{u"model_endpoints"_s, u"[0]"_s, u"resource_state"_s, u"cpus"_s}
            << QJsonValue(true)
            << u"model_endpoints[0].resource_state.cpus: expected a number or a quantity "
               u"string such as \"8Gi\""_s;
    QTest::newRow("hook not a string")
            << QStringList{u"model_endpoints"_s, u"[0]"_s, u"post_inference_hooks"_s}
            << QJsonValue(QJsonArray{u"callback"_s, 3})
            << u"model_endpoints[0].post_inference_hooks[1]: expected a string, got an "
               u"integer"_s;
    QTest::newRow("bad date")
            << QStringList{u"model_endpoints"_s, u"[4]"_s, u"created_at"_s}
            << QJsonValue(u"yesterday"_s)
            << u"model_endpoints[4].created_at: expected an ISO 8601 date-time, got "
               u"\"yesterday\""_s;
    QTest::newRow("state not an object")
            << QStringList{u"model_endpoints"_s, u"[0]"_s, u"resource_state"_s}
            << QJsonValue(u"big"_s)
            << u"model_endpoints[0].resource_state: expected an object, got a string"_s;
    QTest::newRow("item not an object")
            << QStringList{u"model_endpoints"_s, u"[5]"_s} << QJsonValue(42)
            << u"model_endpoints[5]: expected an object, got an integer"_s;
    QTest::newRow("list not an array")
            << QStringList{u"model_endpoints"_s} << QJsonValue(QJsonObject())
            << u"model_endpoints: expected an array, got an object"_s;
    QTest::newRow("list missing")
            << QStringList{u"model_endpoints"_s} << missing
            << u"model_endpoints: missing required field (expected an array)"_s;
    QTest::newRow("bad callback kind")
            << QStringList{u"model_endpoints"_s, u"[2]"_s, u"default_callback_auth"_s, u"kind"_s}
            << QJsonValue(u"oauth"_s)
            << u"model_endpoints[2].default_callback_auth.kind: \"oauth\" is not one of basic, "
               u"mtls"_s;
}

void tst_EndpointCodec::namesThePathOfAWrongField()
{
    QFETCH(QStringList, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    const QJsonValue broken = changed(m_list, path, value);
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(broken);
    const Decoded<EndpointList> fromBytes =
            EndpointCodec::decodeEndpointList(compact(broken.toObject()));
    if (path.size() == 1) {
        // Without the list there is nothing to show.
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().toString(), error);
        QCOMPARE(decoded.error().offset, -1);
        QCOMPARE(fromBytes.errorString(), error);
        return;
    }
    // A broken endpoint is left out and named; the others are read.
    const qsizetype listed = m_list.value("model_endpoints"_L1).toArray().size();
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().endpoints.size(), listed - 1);
    QCOMPARE(decoded.value().unreadable.size(), 1);
    QCOMPARE(decoded.value().unreadable.first().toString(), error);
    QCOMPARE(decoded.value().unreadable.first().offset, -1);
    const int brokenIndex = path.at(1).mid(1, path.at(1).size() - 2).toInt();
    const QString brokenId = m_list.value("model_endpoints"_L1)
                                     .toArray()
                                     .at(brokenIndex)
                                     .toObject()
                                     .value("id"_L1)
                                     .toString();
    for (const ModelEndpoint& endpoint : decoded.value().endpoints) {
        QVERIFY(brokenId.isEmpty() || endpoint.id != brokenId);
    }
    // The same through the byte-level entry point.
    QVERIFY(fromBytes.ok());
    QCOMPARE(fromBytes.value().unreadable.first().toString(), error);
    QCOMPARE(fromBytes.value().endpoints.size(), listed - 1);
}

void tst_EndpointCodec::reportsMalformedJson()
{
    const QByteArray truncated = m_listBody.left(200);
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(truncated);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.error().path.isEmpty());
    QVERIFY2(decoded.error().offset > 0 && decoded.error().offset <= 201,
             qPrintable(QString::number(decoded.error().offset)));
    QVERIFY2(decoded.error().message.startsWith(
                     u"malformed JSON at offset %1: "_s.arg(decoded.error().offset)),
             qPrintable(decoded.error().message));

    const Decoded<EndpointList> html =
            EndpointCodec::decodeEndpointList(QByteArray("<html>502 Bad Gateway</html>"));
    QVERIFY(!html.ok());
    QVERIFY(html.error().offset >= 0 && html.error().offset <= 1);
    QVERIFY(html.error().message.startsWith(u"malformed JSON"_s));

    const Decoded<EndpointList> array = EndpointCodec::decodeEndpointList(QByteArray("[]"));
    QCOMPARE(array.errorString(), u"expected an object, got an array"_s);
    const Decoded<ModelEndpoint> prefixed = EndpointCodec::decodeEndpoint(QJsonValue(3), u"x"_s);
    QCOMPARE(prefixed.errorString(), u"x: expected an object, got an integer"_s);
}

void tst_EndpointCodec::reportsAnEmptyBody()
{
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(QByteArray());
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.error().message.startsWith(u"malformed JSON at offset 0"_s));
}

void tst_EndpointCodec::reportsWhereJsonIsMalformed_data()
{
    // The offsets are those QJsonParseError gives (Qt points just past the fault).
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qsizetype>("offset");
    QTest::newRow("html") << QByteArray("<html>") << qsizetype(1);
    QTest::newRow("truncated array") << QByteArray(R"({"model_endpoints": [1, 2)") << qsizetype(25);
    QTest::newRow("unquoted key") << QByteArray("{model_endpoints: []}") << qsizetype(2);
    QTest::newRow("missing colon") << QByteArray(R"({"model_endpoints" []})") << qsizetype(20);
    QTest::newRow("trailing comma") << QByteArray(R"({"model_endpoints": [],})") << qsizetype(24);
    QTest::newRow("unterminated string") << QByteArray(R"({"model_endpoints)") << qsizetype(18);
    QTest::newRow("bad unicode escape") << QByteArray(R"({"\u12G4": 1})") << qsizetype(6);
    QTest::newRow("huge number") << QByteArray(R"({"model_endpoints": 1e999})") << qsizetype(25);
    QTest::newRow("two documents") << QByteArray("{} {}") << qsizetype(3);
    QTest::newRow("bad literal") << QByteArray(R"({"model_endpoints": nul})") << qsizetype(21);
    QTest::newRow("too deeply nested")
            << QByteArray(R"({"model_endpoints": )") + QByteArray(1100, '[') +
                       QByteArray(1100, ']') + QByteArray("}")
            << qsizetype(1044);
}

void tst_EndpointCodec::reportsWhereJsonIsMalformed()
{
    QFETCH(QByteArray, body);
    QFETCH(qsizetype, offset);
    const Decoded<EndpointList> decoded = EndpointCodec::decodeEndpointList(body);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.error().path.isEmpty());
    QCOMPARE(decoded.error().offset, offset);
    const QString prefix = u"malformed JSON at offset %1: "_s.arg(offset);
    QVERIFY2(decoded.error().message.startsWith(prefix) &&
                     decoded.error().message.size() > prefix.size(),
             qPrintable(decoded.error().message));
    // A single endpoint read from the same bytes fails the same way.
    QCOMPARE(EndpointCodec::decodeEndpoint(body).error(), decoded.error());
}

void tst_EndpointCodec::encodesWhatItDecoded()
{
    // The first fixture endpoint carries every known field: encoding it gives back the fixture
    // without its unknown fields.
    QJsonObject expected = m_list.value("model_endpoints"_L1).toArray().at(0).toObject();
    expected.remove("autoscaling_hints"_L1);
    expected.remove("shadow_mode"_L1);
    const Decoded<ModelEndpoint> decoded = EndpointCodec::decodeEndpoint(expected);
    QVERIFY(decoded.ok());
    QCOMPARE(compact(EndpointCodec::encodeEndpoint(decoded.value())), compact(expected));

    // The second has every optional field null, which is how servers write them.
    const QJsonObject nulls = m_list.value("model_endpoints"_L1).toArray().at(1).toObject();
    const QJsonObject encoded =
            EndpointCodec::encodeEndpoint(EndpointCodec::decodeEndpoint(nulls).value());
    QCOMPARE(encoded.value("deployment_state"_L1), QJsonValue());
    QCOMPARE(encoded.value("labels"_L1), QJsonValue(QJsonObject()));
    QCOMPARE(encoded.value("metadata"_L1), QJsonValue(QJsonObject()));
    QCOMPARE(encoded.value("num_queued_items"_L1), QJsonValue());
}

void tst_EndpointCodec::roundTripsTheList()
{
    const Decoded<EndpointList> first = EndpointCodec::decodeEndpointList(m_listBody);
    QVERIFY(first.ok());
    const QJsonObject encoded = EndpointCodec::encodeEndpointList(first.value().endpoints);
    const Decoded<EndpointList> second = EndpointCodec::decodeEndpointList(encoded);
    QVERIFY2(second.ok(), qPrintable(second.errorString()));
    QCOMPARE(second.value().endpoints.size(), first.value().endpoints.size());
    for (qsizetype i = 0; i < first.value().endpoints.size(); ++i) {
        QVERIFY2(second.value().endpoints.at(i) == first.value().endpoints.at(i),
                 qPrintable(QString::number(i)));
    }
    // An endpoint built in code (no raw timestamps) gets timestamps servers write.
    ModelEndpoint built = first.value().endpoints.at(1);
    built.createdAtText.clear();
    built.createdAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 5), Qt::UTC);
    const QJsonObject json = EndpointCodec::encodeEndpoint(built);
    QCOMPARE(json.value("created_at"_L1).toString(), u"2024-05-01T12:00:00.005+00:00"_s);
    QCOMPARE(EndpointCodec::decodeEndpoint(json).value().createdAt, built.createdAt);
}

void tst_EndpointCodec::encodesACreateRequest()
{
    CreateEndpointRequest q = sampleCreateRequest();
    QCOMPARE(compact(EndpointCodec::encodeCreateRequest(q)), compact(parseObject(R"({
                 "name": "demo-endpoint-async", "model_bundle_id": "bun_cq8n0a1b2c3d4e5f6a01",
                 "endpoint_type": "async", "metadata": {}, "cpus": 1, "gpus": 0,
                 "memory": "8Gi", "storage": "16Gi", "nodes_per_worker": 1,
                 "min_workers": 0, "max_workers": 2, "per_worker": 10,
                 "labels": {"team": "MY_TEAM", "product": "MY_PRODUCT"}})")));

    q.gpuType = GpuType::NvidiaTeslaT4;
    q.gpus = 1;
    q.defaultCallbackAuth = CallbackAuth{CallbackAuth::Basic, u"u"_s, u"p"_s, {}, {}};
    q.concurrentRequestsPerWorker = 5;
    q.billingTags = QJsonObject{{"cost_center"_L1, "ml"_L1}};
    const QJsonObject json = EndpointCodec::encodeCreateRequest(q);
    QCOMPARE(json.value("gpu_type"_L1).toString(), u"nvidia-tesla-t4"_s);
    QCOMPARE(json.value("default_callback_auth"_L1).toObject(),
             (QJsonObject{
                     {"kind"_L1, "basic"_L1}, {"username"_L1, "u"_L1}, {"password"_L1, "p"_L1}}));
    QCOMPARE(json.value("concurrent_requests_per_worker"_L1).toInt(), 5);
    QVERIFY(!json.contains("prewarm"_L1));
    QVERIFY(!json.contains("task_expires_seconds"_L1));
}

void tst_EndpointCodec::createRequestRoundTrips()
{
    CreateEndpointRequest q = sampleCreateRequest();
    q.gpuType = GpuType::NvidiaHopperH100;
    q.postInferenceHooks = QStringList{u"callback"_s};
    q.publicInference = true;
    q.queueMessageTimeoutSeconds = 600;
    q.defaultCallbackAuth = CallbackAuth{CallbackAuth::Mtls, {}, {}, u"c"_s, u"k"_s};
    const Decoded<CreateEndpointRequest> decoded =
            EndpointCodec::decodeCreateRequest(EndpointCodec::encodeCreateRequest(q));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QVERIFY(decoded.value() == q);
    QVERIFY(decoded.value().memory.isIdenticalTo(q.memory));
}

void tst_EndpointCodec::refusesBadCreateRequests_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown type") << u"endpoint_type"_s << QJsonValue(u"batch"_s)
                                  << u"endpoint_type: \"batch\" is not one of async, sync, "
                                     u"streaming"_s;
    QTest::newRow("unknown gpu")
            << u"gpu_type"_s << QJsonValue(u"nvidia-blackwell-b200"_s)
            << u"gpu_type: \"nvidia-blackwell-b200\" is not one of nvidia-tesla-t4, "
               u"nvidia-ampere-a10, nvidia-ampere-a100, nvidia-ampere-a100e, nvidia-hopper-h100, "
               u"nvidia-hopper-h100-1g20gb, nvidia-hopper-h100-3g40gb"_s;
    QTest::newRow("missing labels") << u"labels"_s << QJsonValue(QJsonValue::Undefined)
                                    << u"labels: missing required field (expected an object of "
                                       u"strings)"_s;
    QTest::newRow("missing name") << u"name"_s << QJsonValue(QJsonValue::Undefined)
                                  << u"name: missing required field (expected a string)"_s;
    QTest::newRow("zero per worker") << u"per_worker"_s << QJsonValue(0)
                                     << u"per_worker: expected an integer of at least 1, got 0"_s;
    QTest::newRow("forwarder too high")
            << u"forwarder_max_concurrency"_s << QJsonValue(21)
            << u"forwarder_max_concurrency: expected an integer from 1 to 20, got 21"_s;
    QTest::newRow("cpus as bool") << u"cpus"_s << QJsonValue(false)
                                  << u"cpus: expected a number or a quantity string such as "
                                     u"\"8Gi\""_s;
    QTest::newRow("metadata as list") << u"metadata"_s << QJsonValue(QJsonArray())
                                      << u"metadata: expected an object, got an array"_s;
}

void tst_EndpointCodec::refusesBadCreateRequests()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    const QJsonObject good = EndpointCodec::encodeCreateRequest(sampleCreateRequest());
    const QJsonValue bad = changed(good, {field}, value);
    const Decoded<CreateEndpointRequest> decoded = EndpointCodec::decodeCreateRequest(bad);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.errorString(), error);
    QCOMPARE(EndpointCodec::decodeCreateRequest(bad, u"body"_s).errorString(), u"body."_s + error);
}

void tst_EndpointCodec::acceptsCreateRequestWithoutStorage()
{
    QJsonObject json = EndpointCodec::encodeCreateRequest(sampleCreateRequest());
    json.remove("storage"_L1);
    json.remove("nodes_per_worker"_L1);
    json.insert("unknown_option"_L1, true);
    const Decoded<CreateEndpointRequest> decoded = EndpointCodec::decodeCreateRequest(json);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().storage, std::nullopt);
    QCOMPARE(decoded.value().nodesPerWorker, 1);
}

void tst_EndpointCodec::encodesOnlySetUpdateFields()
{
    UpdateEndpointRequest u;
    QCOMPARE(compact(EndpointCodec::encodeUpdateRequest(u)), QByteArray("{}"));
    QVERIFY(u.isEmpty());
    u.maxWorkers = 5;
    u.memory = *Quantity::parse(u"16Gi"_s);
    u.labels = Labels{{u"team"_s, u"infra"_s}};
    QCOMPARE(compact(EndpointCodec::encodeUpdateRequest(u)),
             QByteArray(R"({"labels":{"team":"infra"},"max_workers":5,"memory":"16Gi"})"));
    QCOMPARE(u.changedFields(), (QStringList{u"memory"_s, u"max_workers"_s, u"labels"_s}));
}

void tst_EndpointCodec::decodesUpdateRequests()
{
    const Decoded<UpdateEndpointRequest> decoded = EndpointCodec::decodeUpdateRequest(
            parseObject(R"({"min_workers": 1, "cpus": "250m", "gpu_type": null,
                            "labels": null, "model_bundle_id": "bun_2"})"));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().minWorkers, 1);
    QCOMPARE(decoded.value().cpus->value(), 0.25);
    QCOMPARE(decoded.value().gpuType, std::nullopt);
    QCOMPARE(decoded.value().labels, std::nullopt);
    QCOMPARE(decoded.value().changedFields(),
             (QStringList{u"model_bundle_id"_s, u"cpus"_s, u"min_workers"_s}));

    QCOMPARE(EndpointCodec::decodeUpdateRequest(parseObject(R"({"gpu_type": "tpu"})"))
                     .errorString()
                     .left(31),
             u"gpu_type: \"tpu\" is not one of n"_s);
    QCOMPARE(EndpointCodec::decodeUpdateRequest(parseObject(R"({"max_workers": "3"})"))
                     .errorString(),
             u"max_workers: expected an integer of at least 0, got a string"_s);
    QCOMPARE(EndpointCodec::decodeUpdateRequest(parseObject(R"({"labels": {"a": 1}})"))
                     .errorString(),
             u"labels.a: expected a string, got an integer"_s);
}

void tst_EndpointCodec::smallResponses()
{
    const Decoded<EndpointCreationResponse> created = EndpointCodec::decodeCreationResponse(
            parseObject(R"({"endpoint_creation_task_id": "task_7"})"));
    QCOMPARE(created.value().endpointCreationTaskId, u"task_7"_s);
    QCOMPARE(EndpointCodec::encodeCreationResponse(created.value()),
             parseObject(R"({"endpoint_creation_task_id": "task_7"})"));
    QCOMPARE(EndpointCodec::decodeCreationResponse(QJsonObject()).errorString(),
             u"endpoint_creation_task_id: missing required field (expected a string)"_s);

    const Decoded<DeleteEndpointResponse> deleted =
            EndpointCodec::decodeDeleteResponse(parseObject(R"({"deleted": true})"));
    QVERIFY(deleted.value().deleted);
    QCOMPARE(EndpointCodec::encodeDeleteResponse({false}), parseObject(R"({"deleted": false})"));
    QCOMPARE(
            EndpointCodec::decodeDeleteResponse(parseObject(R"({"deleted": "yes"})")).errorString(),
            u"deleted: expected a boolean, got a string"_s);

    const Decoded<RestartEndpointResponse> restarted =
            EndpointCodec::decodeRestartResponse(parseObject(R"({"restarted": true})"));
    QVERIFY(restarted.value().restarted);
    QCOMPARE(EndpointCodec::encodeRestartResponse({true}), parseObject(R"({"restarted": true})"));
}

QTEST_GUILESS_MAIN(tst_EndpointCodec)
#include "tst_EndpointCodec.moc"

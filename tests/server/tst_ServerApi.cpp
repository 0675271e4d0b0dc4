#include "TestServer.h"

#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

/// Every route of launch-local and its error answers, over real HTTP.
class TestServerApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void healthNeedsNoKey();
    void missingOrWrongKeyIs401();
    void bearerKeyIsAccepted();
    void unknownRouteIs404AndWrongMethodIs405();
    void bundlesV1AndV2();
    void bundleValidation();
    void endpointValidation();
    void zeroResourcesAre422();
    void endpointBadValuesAre400();
    void namesTakeCombiningMarks();
    void endpointListOrderAndFilter();
    void endpointNotFound();
    void predictionErrors();
    void urlFormIsRefused();
    void logsRoute();
    void hugeRequestIs413BeforeItIsRead();
    void logsTailNeverExceedsTheAskedSize();

private:
    TestServer m_server;
    QString m_bundleId;
};

void TestServerApi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.start());
    m_bundleId = m_server.createBundle(u"api-bundle"_s);
    QVERIFY(m_bundleId.startsWith(u"bun_"_s));
}

void TestServerApi::healthNeedsNoKey()
{
    QCOMPARE(m_server.request("GET", u"/healthz"_s, {}, {}).status, 200);
    QCOMPARE(m_server.request("GET", u"/readyz"_s, {}, {}).status, 200);
    for (const QByteArray& method : {QByteArray("POST"), QByteArray("DELETE")}) {
        for (const QString& path : {u"/healthz"_s, u"/readyz"_s, u"/healthcheck"_s}) {
            const auto wrong = m_server.request(method, path, {}, {});
            QCOMPARE(wrong.status, 405);
            QCOMPARE(wrong.json().value(u"detail"_s).toString(), u"Method Not Allowed"_s);
        }
    }
}

void TestServerApi::missingOrWrongKeyIs401()
{
    const auto missing = m_server.request("GET", u"/v1/model-endpoints"_s, {}, {});
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.authenticate, QByteArray("Basic realm=\"launch-local\""));
    QCOMPARE(missing.json().value(u"detail"_s).toString(), u"Not authenticated"_s);
    const auto wrong = m_server.request("GET", u"/v1/model-endpoints"_s, {},
                                        "Basic " + QByteArray("nope:").toBase64());
    QCOMPARE(wrong.status, 401);
    const auto wrongBearer = m_server.request("GET", u"/v1/model-endpoints"_s, {}, "Bearer x");
    QCOMPARE(wrongBearer.status, 401);
}

void TestServerApi::bearerKeyIsAccepted()
{
    const auto response = m_server.request("GET", u"/v1/model-endpoints"_s, {},
                                           "Bearer " + m_server.key().toUtf8());
    QCOMPARE(response.status, 200);
    QVERIFY(response.json().value(u"model_endpoints"_s).isArray());
    // Scheme names are case-insensitive; the key is not.
    const QByteArray key = m_server.key().toUtf8();
    QCOMPARE(m_server.request("GET", u"/v1/model-endpoints"_s, {}, "bearer " + key).status, 200);
    QCOMPARE(m_server.request("GET", u"/v1/model-endpoints"_s, {},
                              "BASIC " + QByteArray(key + ":").toBase64())
                     .status,
             200);
    QVERIFY(key != key.toUpper());
    QCOMPARE(
            m_server.request("GET", u"/v1/model-endpoints"_s, {}, "Bearer " + key.toUpper()).status,
            401);
    QCOMPARE(m_server.request("GET", u"/v1/model-endpoints"_s, {}, "Bearer").status, 401);
}

void TestServerApi::unknownRouteIs404AndWrongMethodIs405()
{
    const auto unknown = m_server.get(u"/v1/nothing-here"_s);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value(u"detail"_s).toString(), u"Not Found"_s);
    QCOMPARE(m_server.request("PATCH", u"/v1/model-endpoints"_s).status, 405);
    QCOMPARE(m_server.request("DELETE", u"/v2/model-bundles"_s).status, 405);
}

void TestServerApi::bundlesV1AndV2()
{
    const QString second = m_server.createBundle(u"api-bundle"_s);
    QVERIFY(!second.isEmpty());
    QVERIFY(second != m_bundleId);

    const auto latestV1 = m_server.get(u"/v1/model-bundles/latest?model_name=api-bundle"_s);
    QCOMPARE(latestV1.status, 200);
    QCOMPARE(latestV1.json().value(u"id"_s).toString(), second);
    QCOMPARE(latestV1.json().value(u"packaging_type"_s).toString(), u"lira"_s);
    QVERIFY(latestV1.json().value(u"env_params"_s).isObject());

    const auto latestV2 = m_server.get(u"/v2/model-bundles/latest?model_name=api-bundle"_s);
    QCOMPARE(latestV2.json().value(u"id"_s).toString(), second);
    const QJsonObject flavor = latestV2.json().value(u"flavor"_s).toObject();
    QCOMPARE(flavor.value(u"predict_route"_s).toString(), u"/predict"_s);
    QCOMPARE(flavor.value(u"healthcheck_route"_s).toString(), u"/readyz"_s);

    const auto byId = m_server.get(u"/v2/model-bundles/"_s + m_bundleId);
    QCOMPARE(byId.json().value(u"name"_s).toString(), u"api-bundle"_s);
    QCOMPARE(m_server.get(u"/v1/model-bundles/"_s + m_bundleId).status, 200);

    const auto newest = m_server.get(u"/v2/model-bundles?model_name=api-bundle&order_by=newest"_s);
    const QJsonArray list = newest.json().value(u"model_bundles"_s).toArray();
    QVERIFY(list.size() >= 2);
    QCOMPARE(list.first().toObject().value(u"id"_s).toString(), second);
    QCOMPARE(m_server.get(u"/v1/model-bundles"_s).json().value(u"model_bundles"_s).toArray().size(),
             list.size());

    QCOMPARE(m_server.get(u"/v2/model-bundles/bun_missing"_s).status, 404);
    QCOMPARE(m_server.get(u"/v1/model-bundles/latest?model_name=nobody"_s).status, 404);
    const auto noName = m_server.get(u"/v1/model-bundles/latest"_s);
    QCOMPARE(noName.status, 422);
    const QJsonObject error = noName.json().value(u"detail"_s).toArray().first().toObject();
    QCOMPARE(error.value(u"loc"_s).toArray(), (QJsonArray{u"query"_s, u"model_name"_s}));
    QCOMPARE(error.value(u"type"_s).toString(), u"missing"_s);
    QCOMPARE(m_server.get(u"/v2/model-bundles?order_by=sideways"_s).status, 422);
}

void TestServerApi::bundleValidation()
{
    const auto notJson = m_server.request("POST", u"/v2/model-bundles"_s, "{nope");
    QCOMPARE(notJson.status, 422);
    QCOMPARE(notJson.json().value(u"detail"_s).toArray().first().toObject().value(u"type"_s),
             u"json_invalid"_s);
    // Valid JSON nested deeper than the parser goes: the reason says so.
    const QByteArray deep =
            "{\"args\": " + QByteArray(100'000, '[') + QByteArray(100'000, ']') + "}";
    const auto tooDeep = m_server.request("POST", u"/v2/model-bundles"_s, deep);
    QCOMPARE(tooDeep.status, 422);
    const QJsonObject deepError = tooDeep.json().value(u"detail"_s).toArray().first().toObject();
    QCOMPARE(deepError.value(u"msg"_s).toString(), u"JSON decode error"_s);
    QCOMPARE(deepError.value(u"ctx"_s).toObject().value(u"error"_s).toString(),
             u"too deeply nested document"_s);
    const auto missing = m_server.post(u"/v2/model-bundles"_s, {{u"name"_s, u"x"_s}});
    QCOMPARE(missing.status, 422);
    QCOMPARE(missing.json().value(u"detail"_s).toArray().size(), 2);
    const auto cloudpickle =
            m_server.post(u"/v2/model-bundles"_s,
                          {{u"name"_s, u"x"_s},
                           {u"schema_location"_s, u"s"_s},
                           {u"flavor"_s, QJsonObject{{u"flavor"_s, u"cloudpickle_artifact"_s}}}});
    QCOMPARE(cloudpickle.status, 400);
    QVERIFY(cloudpickle.json().value(u"detail"_s).toString().contains(u"runnable_image"_s));
    QCOMPARE(m_server.post(u"/v1/model-bundles"_s, {{u"name"_s, u"x"_s}}).status, 400);
    const auto noCommand = m_server.post(
            u"/v2/model-bundles"_s, {{u"name"_s, u"x"_s},
                                     {u"schema_location"_s, u"s"_s},
                                     {u"flavor"_s, QJsonObject{{u"flavor"_s, u"runnable_image"_s},
                                                               {u"repository"_s, u"r"_s},
                                                               {u"tag"_s, u"t"_s},
                                                               {u"protocol"_s, u"http"_s},
                                                               {u"command"_s, QJsonArray{1}}}}});
    QCOMPARE(noCommand.status, 422);
    QCOMPARE(noCommand.json().value(u"detail"_s).toArray().first().toObject().value(u"loc"_s),
             (QJsonArray{u"body"_s, u"flavor"_s, u"command"_s, 0}));

    // Valid JSON of the wrong kind is not a decode error.
    for (const QByteArray& body :
         {QByteArray("null"), QByteArray("5"), QByteArray("\"s\""), QByteArray("[]")}) {
        const auto wrongKind = m_server.request("POST", u"/v2/model-bundles"_s, body);
        QCOMPARE(wrongKind.status, 422);
        const QJsonObject error = wrongKind.json().value(u"detail"_s).toArray().first().toObject();
        QCOMPARE(error.value(u"msg"_s).toString(),
                 u"Input should be a valid dictionary or object to extract fields from"_s);
        QCOMPARE(error.value(u"type"_s).toString(), u"model_attributes_type"_s);
    }
    QCOMPARE(m_server.request("POST", u"/v2/model-bundles"_s, "5, 6")
                     .json()
                     .value(u"detail"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"type"_s),
             u"json_invalid"_s);
    const auto order = m_server.get(u"/v2/model-bundles?order_by=sideways"_s);
    QCOMPARE(order.json().value(u"detail"_s).toArray().first().toObject().value(u"msg"_s),
             u"Input should be 'newest' or 'oldest'"_s);

    // Names a table, a filter and a query string can hold; commands a program can be given.
    const auto bundleNamed = [this](const QString& name, const QJsonArray& command) {
        return m_server.post(u"/v2/model-bundles"_s,
                             {{u"name"_s, name},
                              {u"schema_location"_s, u"s"_s},
                              {u"flavor"_s, QJsonObject{{u"flavor"_s, u"runnable_image"_s},
                                                        {u"repository"_s, u"r"_s},
                                                        {u"tag"_s, u"t"_s},
                                                        {u"protocol"_s, u"http"_s},
                                                        {u"command"_s, command}}}});
    };
    const QJsonArray command{u"launch-example-model"_s};
    const auto empty = bundleNamed(QString(), command);
    QCOMPARE(empty.status, 400);
    QCOMPARE(empty.json().value(u"detail"_s).toString(), u"The bundle name must not be empty"_s);
    const auto long_ = bundleNamed(QString(5000, u'b'), command);
    QCOMPARE(long_.status, 400);
    QCOMPARE(long_.json().value(u"detail"_s).toString(),
             u"The bundle name is 5000 characters long; at most 255 are allowed"_s);
    const auto nul = bundleNamed(u"a"_s + QChar(0) + u"b"_s, command);
    QCOMPARE(nul.status, 400);
    QVERIFY2(nul.json().value(u"detail"_s).toString().contains(u"U+0000"_s), nul.body.constData());
    const auto nulCommand =
            bundleNamed(u"nul-command"_s, QJsonArray{u"launch-example-model"_s,
                                                     QString(u"--x"_s + QChar(0) + u"y"_s)});
    QCOMPARE(nulCommand.status, 400);
    QVERIFY(nulCommand.json().value(u"detail"_s).toString().contains(u"NUL"_s));
    QCOMPARE(bundleNamed(u"blank-command"_s, QJsonArray{u"  "_s}).status, 400);
    QCOMPARE(bundleNamed(u"ünïcode-名前.v1"_s, command).status, 200);
    // Characters are counted as people count them, not in UTF-16 units.
    QCOMPARE(bundleNamed(QString(255, QChar(0x540D)), command).status, 200);
    const auto emoji = bundleNamed(u"😀"_s, command);
    QCOMPARE(emoji.json().value(u"detail"_s).toString(),
             u"The bundle name contains '😀'; use letters, digits, '-', '_' and '.'"_s);

    // Environment variables a program could not be given as named.
    const auto withEnv = [this, command](const QJsonObject& env) {
        return m_server.post(u"/v2/model-bundles"_s,
                             {{u"name"_s, u"env-check"_s},
                              {u"schema_location"_s, u"s"_s},
                              {u"flavor"_s, QJsonObject{{u"flavor"_s, u"runnable_image"_s},
                                                        {u"repository"_s, u"r"_s},
                                                        {u"tag"_s, u"t"_s},
                                                        {u"protocol"_s, u"http"_s},
                                                        {u"command"_s, command},
                                                        {u"env"_s, env}}}});
    };
    const auto equalsInName = withEnv({{u"A=B"_s, u"1"_s}});
    QCOMPARE(equalsInName.status, 400);
    QCOMPARE(equalsInName.json().value(u"detail"_s).toString(),
             u"the bundle's env variable \"A=B\" cannot be passed to a program: a name must not "
             "be empty or contain '=', and neither name nor value a NUL character"_s);
    const auto emptyName = withEnv({{QString(), u"1"_s}});
    QCOMPARE(emptyName.status, 400);
    QCOMPARE(emptyName.json().value(u"detail"_s).toString(),
             u"the bundle's env has a variable with an empty name"_s);
    QCOMPARE(withEnv({{u"V"_s, QString(u"a"_s + QChar(0))}}).status, 400);
    // A value may hold '=' and spaces.
    QCOMPARE(withEnv({{u"OPTIONS"_s, u"a=b c"_s}}).status, 200);
}

void TestServerApi::endpointValidation()
{
    QJsonObject body = TestServer::endpointBody(u"bad"_s, m_bundleId, u"sync"_s, 1, 1);
    body.remove(u"per_worker"_s);
    body.insert(u"min_workers"_s, -1);
    body.insert(u"endpoint_type"_s, u"batch"_s);
    body.insert(u"labels"_s, QJsonObject{{u"n"_s, 5}});
    const auto response = m_server.post(u"/v1/model-endpoints"_s, body);
    QCOMPARE(response.status, 422);
    QStringList locs;
    const QJsonArray detail = response.json().value(u"detail"_s).toArray();
    for (const QJsonValue& item : detail) {
        QStringList parts;
        const QJsonArray loc = item.toObject().value(u"loc"_s).toArray();
        for (const QJsonValue& part : loc) {
            parts.append(part.toVariant().toString());
        }
        locs.append(parts.join(u'.'));
        QVERIFY(!item.toObject().value(u"msg"_s).toString().isEmpty());
    }
    QVERIFY2(locs.contains(u"body.per_worker"_s), qPrintable(locs.join(u' ')));
    QVERIFY(locs.contains(u"body.min_workers"_s));
    QVERIFY(locs.contains(u"body.endpoint_type"_s));
    QVERIFY(locs.contains(u"body.labels.n"_s));

    const auto notObject = m_server.request("POST", u"/v1/model-endpoints"_s, "[1]");
    QCOMPARE(notObject.status, 422);
    const auto badUpdate =
            m_server.put(u"/v1/model-endpoints/end_x"_s, {{u"max_workers"_s, u"two"_s}});
    QCOMPARE(badUpdate.status, 422);
    QCOMPARE(m_server.get(u"/v1/model-endpoints?order_by=random"_s).status, 422);
    QCOMPARE(m_server.get(u"/v1/model-endpoints?order_by="_s).status, 422);
    QCOMPARE(m_server.get(u"/v2/model-bundles?order_by="_s).status, 422);
    QCOMPARE(m_server.get(u"/v1/model-bundles?order_by="_s).status, 422);

    // Negative quantities and integers out of range are 422 with a sentence that says so.
    QJsonObject negative = TestServer::endpointBody(u"negative"_s, m_bundleId, u"sync"_s, 1, 1);
    negative.insert(u"cpus"_s, -1);
    negative.insert(u"memory"_s, u"-1Gi"_s);
    const auto negativeAnswer = m_server.post(u"/v1/model-endpoints"_s, negative);
    QCOMPARE(negativeAnswer.status, 422);
    const QJsonArray negativeDetail = negativeAnswer.json().value(u"detail"_s).toArray();
    QCOMPARE(negativeDetail.size(), 2);
    QCOMPARE(negativeDetail.first().toObject().value(u"msg"_s).toString(),
             u"Input should be greater than 0"_s);
    const auto huge = m_server.request("PUT", u"/v1/model-endpoints/end_x"_s,
                                       "{\"max_workers\": 99999999999999999999}");
    QCOMPARE(huge.status, 422);
    const QString hugeMessage =
            huge.json().value(u"detail"_s).toArray().first().toObject().value(u"msg"_s).toString();
    // The number as short as it reads, not 99999999999999991611392 or 1.0000000000000000159e+100.
    QCOMPARE(hugeMessage,
             u"Input should be a valid integer; 1e+20 is out of range (at most 2147483647)"_s);
}

void TestServerApi::zeroResourcesAre422()
{
    // Zero CPUs, memory or storage ask for nothing: refused as the console's form refuses
    // them, on create and on update, naming the field.
    const auto only = [](const QString& field, const QString& type = u"greater_than"_s,
                         const QString& message = u"Input should be greater than 0"_s) {
        return QJsonObject{
                {u"detail"_s, QJsonArray{QJsonObject{{u"loc"_s, QJsonArray{u"body"_s, field}},
                                                     {u"msg"_s, message},
                                                     {u"type"_s, type}}}}};
    };
    const QList<std::pair<QString, QJsonValue>> zeros = {
            {u"cpus"_s, 0},    {u"cpus"_s, u"0"_s},      {u"cpus"_s, u"0m"_s},
            {u"cpus"_s, -0.5}, {u"memory"_s, u"0Gi"_s},  {u"memory"_s, 0},
            {u"storage"_s, 0}, {u"storage"_s, u"0Mi"_s}, {u"storage"_s, u"-1"_s}};
    for (const auto& [field, value] : zeros) {
        QJsonObject body = TestServer::endpointBody(u"zero"_s, m_bundleId, u"async"_s, 0, 1);
        body.insert(field, value);
        const auto created = m_server.post(u"/v1/model-endpoints"_s, body);
        QCOMPARE(created.status, 422);
        QCOMPARE(created.json(), only(field));
    }
    QVERIFY(m_server.endpointIdByName(u"zero"_s).isEmpty());

    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"zero-update"_s, m_bundleId, u"async"_s, 0, 1));
    QVERIFY(!id.isEmpty());
    for (const auto& [field, value] : zeros) {
        const auto updated = m_server.put(u"/v1/model-endpoints/"_s + id, {{field, value}});
        QCOMPARE(updated.status, 422);
        QCOMPARE(updated.json(), only(field));
    }
    const QJsonObject resources = m_server.endpoint(id).value(u"resource_state"_s).toObject();
    QCOMPARE(resources.value(u"cpus"_s).toInt(), 1);
    QCOMPARE(resources.value(u"memory"_s).toString(), u"256Mi"_s);
    // Storage may still be left out (null): no disk is asked for.
    QCOMPARE(
            m_server.put(u"/v1/model-endpoints/"_s + id, {{u"storage"_s, QJsonValue::Null}}).status,
            200);
    // A small amount is not zero.
    QCOMPARE(m_server.put(u"/v1/model-endpoints/"_s + id, {{u"cpus"_s, u"100m"_s}}).status, 200);
}

void TestServerApi::endpointBadValuesAre400()
{
    const auto longName = m_server.post(
            u"/v1/model-endpoints"_s,
            TestServer::endpointBody(QString(64, u'n'), m_bundleId, u"async"_s, 0, 1));
    QCOMPARE(longName.status, 400);
    QVERIFY(longName.json().value(u"detail"_s).toString().contains(u"63"_s));
    for (const QString& name :
         {u"has space"_s, u"has/slash"_s, u"tab\tname"_s, u"a?b"_s, u"a\\b"_s, u"smile-😀"_s}) {
        const auto bad =
                m_server.post(u"/v1/model-endpoints"_s,
                              TestServer::endpointBody(name, m_bundleId, u"async"_s, 0, 1));
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.json()
                         .value(u"detail"_s)
                         .toString()
                         .startsWith(u"The endpoint name contains"_s),
                 bad.body.constData());
    }
    QCOMPARE(
            m_server.post(u"/v1/model-endpoints"_s,
                          TestServer::endpointBody(QString(63, u'n'), m_bundleId, u"async"_s, 0, 1))
                    .status,
            200);
    // 63 characters outside the Basic Multilingual Plane are 126 UTF-16 units: still 63.
    QString wide;
    for (int i = 0; i < 63; ++i) {
        wide += QString::fromUcs4(U"\U00020000", 1);
    }
    QCOMPARE(m_server.post(u"/v1/model-endpoints"_s,
                           TestServer::endpointBody(wide, m_bundleId, u"async"_s, 0, 1))
                     .status,
             200);

    const auto syncZero =
            m_server.post(u"/v1/model-endpoints"_s,
                          TestServer::endpointBody(u"sync-zero"_s, m_bundleId, u"sync"_s, 0, 1));
    QCOMPARE(syncZero.status, 400);
    QVERIFY(syncZero.json().value(u"detail"_s).toString().contains(u"min_workers"_s));
    const auto streamingZero = m_server.post(
            u"/v1/model-endpoints"_s,
            TestServer::endpointBody(u"stream-zero"_s, m_bundleId, u"streaming"_s, 0, 1));
    QCOMPARE(streamingZero.status, 400);
    const auto maxBelowMin =
            m_server.post(u"/v1/model-endpoints"_s,
                          TestServer::endpointBody(u"max-below"_s, m_bundleId, u"async"_s, 2, 1));
    QCOMPARE(maxBelowMin.status, 400);
    QVERIFY(maxBelowMin.json().value(u"detail"_s).toString().contains(u"max_workers"_s));
    QJsonObject badQuantity = TestServer::endpointBody(u"bad-cpu"_s, m_bundleId, u"async"_s, 0, 1);
    badQuantity.insert(u"cpus"_s, u"lots"_s);
    QCOMPARE(m_server.post(u"/v1/model-endpoints"_s, badQuantity).status, 400);
    QCOMPARE(m_server.post(u"/v1/model-endpoints"_s,
                           TestServer::endpointBody(u"no-bundle"_s, u"bun_missing"_s, u"async"_s, 0,
                                                    1))
                     .status,
             404);

    const QJsonObject twice = TestServer::endpointBody(u"twice"_s, m_bundleId, u"async"_s, 0, 1);
    QCOMPARE(m_server.post(u"/v1/model-endpoints"_s, twice).status, 200);
    const auto again = m_server.post(u"/v1/model-endpoints"_s, twice);
    QCOMPARE(again.status, 400);
    QVERIFY(again.json().value(u"detail"_s).toString().contains(u"already exists"_s));

    const QString id = m_server.endpointIdByName(u"twice"_s);
    const auto update = m_server.put(u"/v1/model-endpoints/"_s + id, {{u"min_workers"_s, 3}});
    QCOMPARE(update.status, 400);
    QCOMPARE(m_server.endpoint(id)
                     .value(u"deployment_state"_s)
                     .toObject()
                     .value(u"min_workers"_s)
                     .toInt(),
             0);
}

void TestServerApi::namesTakeCombiningMarks()
{
    // Devanagari and Thai vowel signs, a decomposed accent, an enclosing circle after a digit.
    for (const QString& name :
         {u"नमस्ते"_s, u"สวัสดี"_s, u"cafe\u0301"_s, u"e\u0301\u0302"_s, u"1\u20DD"_s}) {
        const auto created =
                m_server.post(u"/v1/model-endpoints"_s,
                              TestServer::endpointBody(name, m_bundleId, u"async"_s, 0, 1));
        QVERIFY2(created.status == 200, created.body.constData());
        QCOMPARE(m_server.endpoint(m_server.endpointIdByName(name)).value(u"name"_s).toString(),
                 name);
    }
    const auto bundle = m_server.createBundle(u"bundle-नमस्ते"_s);
    QVERIFY(!bundle.isEmpty());
    // A mark belongs to a letter or digit: not first, nor after '-', '_' or '.'.
    for (const QString& name : {u"\u0301e"_s, u"a-\u0301"_s, u"a_\u0E31"_s}) {
        const auto bad =
                m_server.post(u"/v1/model-endpoints"_s,
                              TestServer::endpointBody(name, m_bundleId, u"async"_s, 0, 1));
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.json()
                         .value(u"detail"_s)
                         .toString()
                         .startsWith(u"The endpoint name contains the combining mark U+0"_s),
                 bad.body.constData());
    }
}

void TestServerApi::endpointListOrderAndFilter()
{
    for (const QString& name : {u"order-b"_s, u"order-a"_s, u"order-c"_s}) {
        QCOMPARE(m_server.post(u"/v1/model-endpoints"_s,
                               TestServer::endpointBody(name, m_bundleId, u"async"_s, 0, 1))
                         .status,
                 200);
    }
    const auto names = [this](const QString& query) {
        QStringList result;
        const QJsonArray list = m_server.get(u"/v1/model-endpoints"_s + query)
                                        .json()
                                        .value(u"model_endpoints"_s)
                                        .toArray();
        for (const QJsonValue& item : list) {
            const QString name = item.toObject().value(u"name"_s).toString();
            if (name.startsWith(u"order-"_s)) {
                result.append(name);
            }
        }
        return result;
    };
    QCOMPARE(names(u"?order_by=alphabetical"_s),
             (QStringList{u"order-a"_s, u"order-b"_s, u"order-c"_s}));
    QCOMPARE(names(u"?order_by=oldest"_s), (QStringList{u"order-b"_s, u"order-a"_s, u"order-c"_s}));
    QCOMPARE(names(u"?order_by=newest"_s), (QStringList{u"order-c"_s, u"order-a"_s, u"order-b"_s}));
    QCOMPARE(names(u"?name=order-a"_s), QStringList{u"order-a"_s});

    const QJsonObject endpoint = m_server.endpoint(m_server.endpointIdByName(u"order-a"_s));
    for (const QString& field :
         {u"id"_s, u"name"_s, u"endpoint_type"_s, u"destination"_s, u"bundle_name"_s, u"status"_s,
          u"created_by"_s, u"created_at"_s, u"last_updated_at"_s}) {
        QVERIFY2(endpoint.contains(field), qPrintable(field));
    }
    QCOMPARE(endpoint.value(u"bundle_name"_s).toString(), u"api-bundle"_s);
    QCOMPARE(endpoint.value(u"labels"_s).toObject().value(u"team"_s).toString(), u"infra"_s);
    QCOMPARE(endpoint.value(u"resource_state"_s).toObject().value(u"memory"_s).toString(),
             u"256Mi"_s);
    QCOMPARE(endpoint.value(u"num_queued_items"_s).toInt(-1), 0);
}

void TestServerApi::endpointNotFound()
{
    QCOMPARE(m_server.get(u"/v1/model-endpoints/end_none"_s).status, 404);
    QCOMPARE(m_server.put(u"/v1/model-endpoints/end_none"_s, {{u"max_workers"_s, 2}}).status, 404);
    QCOMPARE(m_server.request("DELETE", u"/v1/model-endpoints/end_none"_s).status, 404);
    QCOMPARE(m_server.post(u"/v1/model-endpoints/end_none/restart"_s, {}).status, 404);
    QCOMPARE(m_server.get(u"/v1/model-endpoints/end_none/logs"_s).status, 404);
    QCOMPARE(m_server.get(u"/v1/async-tasks/00000000-0000-0000-0000-000000000000"_s).status, 404);
}

void TestServerApi::predictionErrors()
{
    const auto noQuery = m_server.post(u"/v1/sync-tasks"_s, {{u"args"_s, QJsonObject()}});
    QCOMPARE(noQuery.status, 422);
    QCOMPARE(noQuery.json().value(u"detail"_s).toArray().first().toObject().value(u"loc"_s),
             (QJsonArray{u"query"_s, u"model_endpoint_id"_s}));
    QCOMPARE(m_server.post(u"/v1/async-tasks"_s, {}).status, 422);
    QCOMPARE(m_server.post(u"/v1/sync-tasks?model_endpoint_id=end_none"_s, {}).status, 404);
    QCOMPARE(m_server.post(u"/v1/async-tasks?model_endpoint_id=end_none"_s, {}).status, 404);
    const QString asyncId = m_server.endpointIdByName(u"order-a"_s);
    const auto syncToAsync = m_server.syncPredict(asyncId, {});
    QCOMPARE(syncToAsync.status, 400);
    QCOMPARE(m_server.request("POST", u"/v1/async-tasks?model_endpoint_id="_s + asyncId, "{bad")
                     .status,
             422);
    QCOMPARE(m_server.post(u"/v1/async-tasks?model_endpoint_id="_s + asyncId,
                           {{u"return_pickled"_s, u"no"_s}})
                     .status,
             422);
}

void TestServerApi::urlFormIsRefused()
{
    const QString syncId = m_server.createEndpoint(
            TestServer::endpointBody(u"url-sync"_s, m_bundleId, u"sync"_s, 1, 1));
    QVERIFY(!syncId.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(syncId), u"READY"_s, 15000);
    const QJsonObject byUrl{{u"url"_s, u"http://127.0.0.1:9/input.json"_s}};
    for (const QString& route : {u"sync-tasks"_s, u"streaming-tasks"_s}) {
        const auto refused =
                m_server.post(u"/v1/"_s + route + u"?model_endpoint_id="_s + syncId, byUrl);
        QCOMPARE(refused.status, 400);
        const QString detail = refused.json().value(u"detail"_s).toString();
        QVERIFY2(detail.contains(u"args only"_s) && detail.contains(u"does not fetch url"_s),
                 qPrintable(detail));
    }
    const QString asyncId = m_server.endpointIdByName(u"order-a"_s);
    const auto refused = m_server.post(u"/v1/async-tasks?model_endpoint_id="_s + asyncId, byUrl);
    QCOMPARE(refused.status, 400);
    QVERIFY(!refused.json().contains(u"task_id"_s));
    QVERIFY2(refused.json().value(u"detail"_s).toString().contains(u"does not fetch url"_s),
             refused.body);
    QCOMPARE(m_server.endpoint(asyncId).value(u"num_queued_items"_s).toInt(-1), 0);
    // A null url is the same as none: the input in args is used.
    const auto withArgs = m_server.post(
            u"/v1/sync-tasks?model_endpoint_id="_s + syncId,
            {{u"url"_s, QJsonValue::Null}, {u"args"_s, QJsonObject{{u"text"_s, u"a b"_s}}}});
    QCOMPARE(withArgs.status, 200);
    QCOMPARE(TestServer::answer(withArgs.json()).value(u"echo"_s).toString(), u"a b"_s);
}

void TestServerApi::logsRoute()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"logs-sync"_s, m_bundleId, u"sync"_s, 1, 1));
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const auto logs = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s);
    QCOMPARE(logs.status, 200);
    const QJsonObject json = logs.json();
    QCOMPARE(json.value(u"model_endpoint_id"_s).toString(), id);
    QCOMPARE(json.value(u"status"_s).toString(), u"READY"_s);
    const QJsonArray workers = json.value(u"workers"_s).toArray();
    QCOMPARE(workers.size(), 1);
    const QJsonObject worker = workers.first().toObject();
    QCOMPARE(worker.value(u"state"_s).toString(), u"READY"_s);
    QVERIFY(worker.value(u"pid"_s).toInt() > 0);
    QVERIFY(worker.value(u"log"_s).toString().contains(u"listening"_s));
    const auto tail = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs?tail_bytes=5"_s);
    QCOMPARE(tail.json()
                     .value(u"workers"_s)
                     .toArray()
                     .first()
                     .toObject()
                     .value(u"log"_s)
                     .toString()
                     .size(),
             5);
    QCOMPARE(m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs?tail_bytes=x"_s).status, 422);
    const auto negativeTail =
            m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs?tail_bytes=-1"_s);
    QCOMPARE(negativeTail.status, 422);
    QVERIFY2(negativeTail.body.contains("greater than or equal to 0"), negativeTail.body);
    const QDateTime updatedBefore = QDateTime::fromString(
            m_server.endpoint(id).value(u"last_updated_at"_s).toString(), Qt::ISODateWithMs);
    QVERIFY(updatedBefore.isValid());
    QTest::qWait(5); // the times have milliseconds
    QCOMPARE(m_server.post(u"/v1/model-endpoints/"_s + id + u"/restart"_s, {})
                     .json()
                     .value(u"restarted"_s)
                     .toBool(),
             true);
    // A restart says when it changed the deployment, as an update does.
    QVERIFY(QDateTime::fromString(m_server.endpoint(id).value(u"last_updated_at"_s).toString(),
                                  Qt::ISODateWithMs) > updatedBefore);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
}

void TestServerApi::hugeRequestIs413BeforeItIsRead()
{
    // Without a key, announcing 1 GiB: the answer comes once 64 MiB are past, and the
    // connection is closed rather than the rest read.
    QTcpSocket socket;
    socket.connectToHost(m_server.url().host(), quint16(m_server.url().port()));
    QVERIFY(socket.waitForConnected(5000));
    socket.write("POST /v1/model-endpoints HTTP/1.1\r\nHost: localhost\r\n"
                 "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
    const QByteArray chunk(1024 * 1024, 'x');
    QByteArray answer;
    qint64 sent = 0;
    while (socket.state() == QAbstractSocket::ConnectedState && sent < 200LL * 1024 * 1024) {
        if (socket.bytesToWrite() < 4 * chunk.size()) {
            socket.write(chunk);
            sent += chunk.size();
        }
        socket.waitForBytesWritten(100);
        answer += socket.readAll();
        if (answer.contains("\r\n\r\n{")) {
            break;
        }
    }
    socket.waitForReadyRead(2000);
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    QVERIFY2(answer.contains("larger than 64 MiB"), answer.constData());
    QVERIFY2(sent < 150LL * 1024 * 1024, qPrintable(QString::number(sent)));
    QVERIFY(socket.state() != QAbstractSocket::ConnectedState || socket.waitForDisconnected(5000));
    // Requests below the limit, on other connections, are served as before.
    QCOMPARE(m_server.request("GET", u"/healthz"_s, {}, {}).status, 200);
    const auto large = m_server.request("POST", u"/v1/model-endpoints"_s,
                                        QByteArray(8 * 1024 * 1024, ' ') + "{}");
    QCOMPARE(large.status, 422);
}

void TestServerApi::logsTailNeverExceedsTheAskedSize()
{
#ifndef Q_OS_UNIX
    QSKIP("needs /bin/sh");
#else
    // 5000 bytes that are not UTF-8 (each shown as a three-byte U+FFFD) before the model starts.
    const QString bundle = m_server.createBundleWithCommand(
            u"invalid-output"_s,
            QJsonArray{u"/bin/sh"_s, u"-c"_s,
                       u"head -c 5000 /dev/zero | tr '\\000' '\\377'; exec \"$0\""_s,
                       TestServer::modelPath()},
            {});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"invalid-output"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    for (const int tail : {4096, 4097, 4098, 1}) {
        const QJsonObject worker = m_server.get(u"/v1/model-endpoints/"_s + id +
                                                u"/logs?tail_bytes="_s + QString::number(tail))
                                           .json()
                                           .value(u"workers"_s)
                                           .toArray()
                                           .first()
                                           .toObject();
        const QByteArray log = worker.value(u"log"_s).toString().toUtf8();
        QVERIFY2(log.size() <= tail, qPrintable(QString::number(log.size())));
        QVERIFY(log.size() >= tail - 3);
        QCOMPARE(worker.value(u"truncated"_s).toBool(), true);
    }
#endif
}

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_ServerApi.moc"

#include "BundleCodec.h"
#include "EndpointCodec.h"
#include "TaskCodec.h"
#include "TestServer.h"

#include <QStandardPaths>
#include <QTest>

/// The official Launch client's documented flows, as the HTTP calls it makes, against a real
/// launch-local running the example model.
class TestClientFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createRunnableImageBundle();
    void createEndpointWithUpdateIfExists();
    void listEndpoints();
    void editMaxWorkers();
    void syncPredict();
    void asyncPredictAndPoll();
    void responsesDecodeWithTheConsoleCodec();
    void deleteByName();

private:
    /// create_model_endpoint(..., update_if_exists=True): find by name, resolve the bundle name
    /// to its latest id, then create or update.
    int createOrUpdate(const QString& name, const QString& type, int minWorkers);

    TestServer m_server;
};

void TestClientFlows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.start());
}

void TestClientFlows::createRunnableImageBundle()
{
    const QString id = m_server.createBundle(u"test-bundle"_s);
    QVERIFY(id.startsWith(u"bun_"_s));
    const auto latest = m_server.get(u"/v1/model-bundles/latest?model_name=test-bundle"_s);
    QCOMPARE(latest.status, 200);
    QCOMPARE(latest.json().value(u"id"_s).toString(), id);
}

int TestClientFlows::createOrUpdate(const QString& name, const QString& type, int minWorkers)
{
    const auto found = m_server.get(u"/v1/model-endpoints?name="_s + name);
    if (found.status != 200) {
        return found.status;
    }
    const auto bundle = m_server.get(u"/v1/model-bundles/latest?model_name=test-bundle"_s);
    const QString bundleId = bundle.json().value(u"id"_s).toString();
    QJsonObject body = TestServer::endpointBody(name, bundleId, type, minWorkers, 1);
    body.insert(u"labels"_s, QJsonObject{{u"team"_s, u"infra"_s}, {u"product"_s, u"MY_PRODUCT"_s}});
    const QJsonArray existing = found.json().value(u"model_endpoints"_s).toArray();
    if (existing.isEmpty()) {
        const auto created = m_server.post(u"/v1/model-endpoints"_s, body);
        return created.json().contains(u"endpoint_creation_task_id"_s) ? created.status : 0;
    }
    body.remove(u"name"_s);
    body.remove(u"endpoint_type"_s);
    const QString id = existing.first().toObject().value(u"id"_s).toString();
    const auto updated = m_server.put(u"/v1/model-endpoints/"_s + id, body);
    return updated.json().contains(u"endpoint_creation_task_id"_s) ? updated.status : 0;
}

void TestClientFlows::createEndpointWithUpdateIfExists()
{
    QCOMPARE(createOrUpdate(u"demo-endpoint-async"_s, u"async"_s, 0), 200);
    QCOMPARE(createOrUpdate(u"demo-endpoint-sync"_s, u"sync"_s, 1), 200);
    // The second call finds the endpoint and updates it instead of failing.
    QCOMPARE(createOrUpdate(u"demo-endpoint-sync"_s, u"sync"_s, 1), 200);
    const QString id = m_server.endpointIdByName(u"demo-endpoint-sync"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(m_server.endpoint(id).value(u"labels"_s).toObject().value(u"product"_s).toString(),
             u"MY_PRODUCT"_s);
}

void TestClientFlows::listEndpoints()
{
    const auto list = m_server.get(u"/v1/model-endpoints"_s);
    QCOMPARE(list.status, 200);
    QStringList names;
    const QJsonArray endpoints = list.json().value(u"model_endpoints"_s).toArray();
    for (const QJsonValue& endpoint : endpoints) {
        names.append(endpoint.toObject().value(u"name"_s).toString());
    }
    names.sort();
    QCOMPARE(names, (QStringList{u"demo-endpoint-async"_s, u"demo-endpoint-sync"_s}));
}

void TestClientFlows::editMaxWorkers()
{
    const QString id = m_server.endpointIdByName(u"demo-endpoint-sync"_s);
    const auto edited = m_server.put(u"/v1/model-endpoints/"_s + id, {{u"max_workers"_s, 2}});
    QCOMPARE(edited.status, 200);
    QVERIFY(edited.json().contains(u"endpoint_creation_task_id"_s));
    QCOMPARE(m_server.endpoint(id)
                     .value(u"deployment_state"_s)
                     .toObject()
                     .value(u"max_workers"_s)
                     .toInt(),
             2);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
}

void TestClientFlows::syncPredict()
{
    const QString id = m_server.endpointIdByName(u"demo-endpoint-sync"_s);
    const auto response = m_server.syncPredict(
            id, {{u"numbers"_s, QJsonArray{2, 4, 9}}, {u"text"_s, u"hello launch"_s}});
    QCOMPARE(response.status, 200);
    const QJsonObject json = response.json();
    QCOMPARE(json.value(u"status"_s).toString(), u"SUCCESS"_s);
    QCOMPARE(json.value(u"status_code"_s).toInt(), 200);
    QVERIFY(json.value(u"traceback"_s).isNull());
    const QJsonObject answer = TestServer::answer(json);
    QCOMPARE(answer.value(u"sum"_s).toDouble(), 15.0);
    QCOMPARE(answer.value(u"mean"_s).toDouble(), 5.0);
    QCOMPARE(answer.value(u"echo"_s).toString(), u"hello launch"_s);

    // Arguments the model cannot use are its error answer, passed on with the model's words.
    const auto refused = m_server.syncPredict(id, {{u"numbers"_s, QJsonArray{1, u"two"_s}}});
    QCOMPARE(refused.status, 200);
    const QJsonObject failure = refused.json();
    QCOMPARE(failure.value(u"status"_s).toString(), u"FAILURE"_s);
    QCOMPARE(failure.value(u"status_code"_s).toInt(), 400);
    QCOMPARE(failure.value(u"traceback"_s).toString(),
             u"{\"detail\":\"numbers[1] is \\\"two\\\", not a number\"}"_s);
}

void TestClientFlows::asyncPredictAndPoll()
{
    const QString id = m_server.endpointIdByName(u"demo-endpoint-async"_s);
    const QString taskId = m_server.asyncPredict(id, {{u"numbers"_s, QJsonArray{1, 2, 3, 4}}});
    QVERIFY(!taskId.isEmpty());
    const QString first = m_server.taskStatus(taskId);
    QVERIFY2(first == u"PENDING"_s || first == u"STARTED"_s || first == u"SUCCESS"_s,
             qPrintable(first));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(taskId), u"SUCCESS"_s, 20000);
    const QJsonObject task = m_server.get(u"/v1/async-tasks/"_s + taskId).json();
    QCOMPARE(task.value(u"task_id"_s).toString(), taskId);
    QCOMPARE(TestServer::answer(task).value(u"sum"_s).toDouble(), 10.0);
}

void TestClientFlows::responsesDecodeWithTheConsoleCodec()
{
    // The console reads launch-local with the project's own codec: every answer must decode.
    const auto endpoints =
            EndpointCodec::decodeEndpointList(m_server.get(u"/v1/model-endpoints"_s).body);
    QVERIFY2(endpoints.ok(), qPrintable(endpoints.errorString()));
    QCOMPARE(endpoints.value().endpoints.size(), 2);
    QVERIFY(endpoints.value().unreadable.isEmpty());
    const auto bundles = BundleCodec::decodeBundleList(m_server.get(u"/v2/model-bundles"_s).body);
    QVERIFY2(bundles.ok(), qPrintable(bundles.errorString()));
    QCOMPARE(bundles.value().size(), 1);
    const QString syncId = m_server.endpointIdByName(u"demo-endpoint-sync"_s);
    const auto sync =
            TaskCodec::decodeSyncResponse(m_server.syncPredict(syncId, {{u"fail"_s, true}}).body);
    QVERIFY2(sync.ok(), qPrintable(sync.errorString()));
    const QString asyncId = m_server.endpointIdByName(u"demo-endpoint-async"_s);
    const QString taskId = m_server.asyncPredict(asyncId, {{u"text"_s, u"x"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(taskId), u"SUCCESS"_s, 20000);
    const auto task = TaskCodec::decodeAsyncTask(m_server.get(u"/v1/async-tasks/"_s + taskId).body);
    QVERIFY2(task.ok(), qPrintable(task.errorString()));
}

void TestClientFlows::deleteByName()
{
    const QString id = m_server.endpointIdByName(u"demo-endpoint-sync"_s);
    const auto deleted = m_server.request("DELETE", u"/v1/model-endpoints/"_s + id);
    QCOMPARE(deleted.status, 200);
    QCOMPARE(deleted.json().value(u"deleted"_s).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.get(u"/v1/model-endpoints/"_s + id).status, 404, 15000);
    QVERIFY(m_server.endpointIdByName(u"demo-endpoint-sync"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestClientFlows)
#include "tst_ClientFlows.moc"

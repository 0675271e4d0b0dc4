#include "TestServer.h"

#include <QStandardPaths>
#include <QTest>

/// launch-local killed with SIGKILL while tasks are pending: after a restart on the same data
/// folder, every accepted task reaches SUCCESS.
class TestCrashRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void acceptedTasksSurviveSigkill();
    void tasksInFlightSurviveGracefulStop();
    void endpointsAndBundlesSurviveRestart();
    void secondServerOnSameFolderRefused();

private:
    TestServer m_server;
    QString m_endpointId;
};

void TestCrashRecovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.start());
}

void TestCrashRecovery::acceptedTasksSurviveSigkill()
{
    const QString bundle = m_server.createBundle(u"recovery"_s);
    m_endpointId = m_server.createEndpoint(
            TestServer::endpointBody(u"recovery"_s, bundle, u"async"_s, 1, 2));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(m_endpointId), u"READY"_s, 15000);
    QStringList tasks;
    for (int i = 0; i < 30; ++i) {
        const QString task = m_server.asyncPredict(
                m_endpointId, {{u"sleep_ms"_s, 200}, {u"numbers"_s, QJsonArray{i, 1}}});
        QVERIFY(!task.isEmpty());
        tasks.append(task);
    }
    QVERIFY(m_server.taskStatus(tasks.last()) != u"SUCCESS"_s);
    m_server.killHard();

    QVERIFY(m_server.start());
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(tasks.at(i)), u"SUCCESS"_s, 30000);
        const QJsonObject task = m_server.get(u"/v1/async-tasks/"_s + tasks.at(i)).json();
        QCOMPARE(TestServer::answer(task).value(u"sum"_s).toDouble(), double(i + 1));
    }
}

void TestCrashRecovery::tasksInFlightSurviveGracefulStop()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(m_endpointId), u"READY"_s, 15000);
    QStringList tasks;
    for (int i = 0; i < 4; ++i) {
        tasks.append(m_server.asyncPredict(m_endpointId, {{u"sleep_ms"_s, 1500}}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(tasks.first()), u"STARTED"_s, 10000);
    m_server.stop(); // SIGTERM: workers are stopped, the task they were answering is not lost
    QCOMPARE(m_server.process().exitCode(), 0);
    QVERIFY(m_server.start());
    for (const QString& task : std::as_const(tasks)) {
        QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"SUCCESS"_s, 30000);
    }
}

void TestCrashRecovery::endpointsAndBundlesSurviveRestart()
{
    m_server.stop();
    QVERIFY(m_server.start());
    QCOMPARE(m_server.endpointIdByName(u"recovery"_s), m_endpointId);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(m_endpointId), u"READY"_s, 15000);
    QCOMPARE(m_server.get(u"/v2/model-bundles/latest?model_name=recovery"_s).status, 200);
    const auto response = m_server.post(u"/v1/async-tasks?model_endpoint_id="_s + m_endpointId,
                                        {{u"args"_s, QJsonObject{{u"text"_s, u"again"_s}}}});
    QCOMPARE(response.status, 200);
}

void TestCrashRecovery::secondServerOnSameFolderRefused()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LAUNCH_LOCAL_API_KEY"_s, m_server.key());
    QProcess second;
    second.setProcessEnvironment(environment);
    second.start(TestServer::serverPath(),
                 {u"--data-dir"_s, m_server.dataDir(), u"--port"_s, u"0"_s});
    QVERIFY(second.waitForFinished(15000));
    QCOMPARE(second.exitCode(), 2);
    QCOMPARE(second.readAllStandardOutput(), QByteArray());
    const QString error = QString::fromUtf8(second.readAllStandardError());
    QVERIFY2(error.contains(u"already used by another launch-local (process id %1)"_s.arg(
                     m_server.process().processId())),
             qPrintable(error));
    QVERIFY2(error.contains(m_server.dataDir()), qPrintable(error));
    QCOMPARE(m_server.status(m_endpointId), u"READY"_s); // the first one still serves

    m_server.killHard(); // its lock is left behind, but stale: a new server starts
    QVERIFY(m_server.start());
    QCOMPARE(m_server.endpointIdByName(u"recovery"_s), m_endpointId);
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_CrashRecovery.moc"

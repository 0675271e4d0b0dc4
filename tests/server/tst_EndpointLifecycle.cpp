#include "TestServer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>
#include <memory>

/// Endpoints running the example model: status changes, start failures with their reasons,
/// resources that do not fit, model errors, busy, slow and missing workers, worker crashes,
/// scaling and edits that replace workers.
class TestEndpointLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void statusMovesToReady();
    void commandNotFound();
    void bareExampleNameFoundInBuildTree();
    void exitsOnStart();
    void startOutputIsReadable();
    void killedBySignalIsNamed();
    void notReadyInTime();
    void resourcesDoNotFit_data();
    void resourcesDoNotFit();
    void resourcesDoNotFitOnUpdate_data();
    void resourcesDoNotFitOnUpdate();
    void modelErrorIsFailureWith200();
    void noReadyWorkerIs503();
    void busyWorkersGive429();
    void slowSyncPredictionGives408();
    void answerAtTheTimeLimitIsWholeOr408();
    void clientsThatLeaveAreDroppedFromQueue();
    void workerCrashIsRestarted();
    void retriesAreBounded();
    void crashNoteClearsWhenNoRestartIsWanted();
    void syncCrashIsNotRetried();
    void hangUpReachesTheModelOnce();
    void unhealthyWorkerIsRestarted();
    void scalesUpUnderLoad();
    void asyncScalesToZeroAndBack();
    void scaleToZeroEndpointSaysItsBundleIsBroken();
    void scaleToZeroEndpointKeepsPreviousVersionOnFailedUpdate();
    void editReplacesWorkersWithoutDroppingTasks();
    void failedUpdateKeepsPreviousVersionRunning();
    void previousVersionServesAfterRestart();
    void deleteStopsWorkers();
    void deleteStopsWorkersChildren();
    void stopLeavesNoWorkerChildren();
    void deleteFailsTasksSayingWhy();
    void deleteAnswersSyncPredictionsInFlight();
    void deletedTaskStaysFailed();
    void deleteAnswersSyncPredictionsBeforeTheWorkerDoes();

private:
    /// An endpoint on `server` whose worker is a shell that starts the example model in the
    /// background, prints the model's pid and waits.
    static QString createShellWithChild(TestServer& server, const QString& name)
    {
        const QString bundle = server.createBundleWithCommand(
                name,
                QJsonArray{u"/bin/sh"_s, u"-c"_s, u"\"$0\" & echo child=$!; wait"_s,
                           TestServer::modelPath()},
                {});
        return server.createEndpoint(TestServer::endpointBody(name, bundle, u"sync"_s, 1, 1));
    }

    /// A sync endpoint with one worker of a new bundle "example" on `server`.
    static QString exampleSyncEndpoint(TestServer& server, const QString& name)
    {
        const QString bundle = server.createBundle(u"example"_s);
        return server.createEndpoint(TestServer::endpointBody(name, bundle, u"sync"_s, 1, 1));
    }

    /// Updates endpoint `id` on `server` to a new bundle `name` whose worker never becomes
    /// ready (readiness limit 1 s); returns the status of the update request.
    static int updateToNeverReady(TestServer& server, const QString& id, const QString& name)
    {
        const QString never =
                server.createBundle(name, {{u"EXAMPLE_MODEL_NEVER_READY"_s, u"1"_s}}, {}, 1);
        return server.put(u"/v1/model-endpoints/"_s + id, {{u"model_bundle_id"_s, never}}).status;
    }

    /// The pid that the shell of createShellWithChild() printed.
    static qint64 childPid(TestServer& server, const QString& id)
    {
        const QString log = server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                                    .json()
                                    .value(u"workers"_s)
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(u"log"_s)
                                    .toString();
        const qsizetype at = log.indexOf(u"child="_s);
        return at < 0 ? 0 : log.mid(at + 6).section(u'\n', 0, 0).toLongLong();
    }

    QString reasonOf(const QString& id)
    {
        return m_server.endpoint(id).value(u"status_reason"_s).toString();
    }

    TestServer m_server;
    QString m_bundle;
};

void TestEndpointLifecycle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.start({u"--idle-seconds"_s, u"1"_s, u"--sync-wait-ms"_s, u"400"_s}));
    m_bundle = m_server.createBundle(u"example"_s);
    QVERIFY(!m_bundle.isEmpty());
}

void TestEndpointLifecycle::statusMovesToReady()
{
    const QString slow = m_server.createBundle(u"slow-start"_s,
                                               {{u"EXAMPLE_MODEL_READY_DELAY_MS"_s, u"1500"_s}});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"status-flow"_s, slow, u"sync"_s, 1, 1));
    QVERIFY(!id.isEmpty());
    const QString first = m_server.status(id);
    QVERIFY2(first == u"UPDATE_PENDING"_s || first == u"UPDATE_IN_PROGRESS"_s, qPrintable(first));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_IN_PROGRESS"_s, 5000);
    QCOMPARE(m_server.endpoint(id)
                     .value(u"deployment_state"_s)
                     .toObject()
                     .value(u"unavailable_workers"_s)
                     .toInt(),
             1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(m_server.availableWorkers(id), 1);
}

void TestEndpointLifecycle::commandNotFound()
{
    const QString bundle = m_server.createBundleWithCommand(
            u"missing-program"_s, QJsonArray{u"no-such-model-program-xyz"_s}, {});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"not-found"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"command not found"_s), qPrintable(reasonOf(id)));
    QVERIFY(reasonOf(id).contains(u"no-such-model-program-xyz"_s));

    // A file that exists but may not be run is said to be so, not to be missing.
    const QString notProgram =
            m_server.createBundleWithCommand(u"not-a-program"_s, QJsonArray{u"/etc/passwd"_s}, {});
    const QString notProgramId = m_server.createEndpoint(
            TestServer::endpointBody(u"not-a-program"_s, notProgram, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(notProgramId), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(notProgramId)
                     .startsWith(u"command not executable: \"/etc/passwd\" is a file without "
                                 "permission to run"_s),
             qPrintable(reasonOf(notProgramId)));

    // An async endpoint that starts no worker still finds out at once.
    const QString asyncId = m_server.createEndpoint(
            TestServer::endpointBody(u"not-found-async"_s, bundle, u"async"_s, 0, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(asyncId), u"UPDATE_FAILED"_s, 10000);
}

void TestEndpointLifecycle::bareExampleNameFoundInBuildTree()
{
    // launch-local runs from the build tree here, where the example model is built in
    // examples/example-model/ rather than next to it; the bare name must still be found.
    const QString beside =
            QFileInfo(TestServer::serverPath()).dir().filePath(u"launch-example-model"_s);
    if (!QStandardPaths::findExecutable(u"launch-example-model"_s).isEmpty() ||
        QFileInfo::exists(beside)) {
        QSKIP("launch-example-model is on PATH or next to launch-local: nothing to check");
    }
    const QString bundle = m_server.createBundleWithCommand(
            u"bare-name"_s, QJsonArray{u"launch-example-model"_s}, {});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"bare-name"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(m_server.syncPredict(id, {{u"text"_s, u"hi"_s}}).status, 200);
}

void TestEndpointLifecycle::exitsOnStart()
{
    const QString bundle = m_server.createBundle(u"crash-on-start"_s,
                                                 {{u"EXAMPLE_MODEL_CRASH_ON_START"_s, u"1"_s}});
    const QString id =
            m_server.createEndpoint(TestServer::endpointBody(u"exits"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"exited with code 3"_s), qPrintable(reasonOf(id)));
    QVERIFY(reasonOf(id).contains(u"crashing on start"_s));
    const QJsonArray workers = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                                       .json()
                                       .value(u"workers"_s)
                                       .toArray();
    QCOMPARE(workers.size(), 1);
    QCOMPARE(workers.first().toObject().value(u"exit_code"_s).toInt(), 3);
    QCOMPARE(workers.first().toObject().value(u"state"_s).toString(), u"FAILED"_s);
}

void TestEndpointLifecycle::startOutputIsReadable()
{
#ifndef Q_OS_UNIX
    QSKIP("needs /bin/sh and /dev/urandom");
#else
    // Binary output with control bytes, then two lines of text, then an exit.
    const QString script = u"head -c 100000 /dev/urandom; printf '\\001\\033[31mbad\\tthing\\n'; "
                           "printf '\\000last words\\n'; exit 9"_s;
    const QString bundle = m_server.createBundleWithCommand(
            u"binary-output"_s, QJsonArray{u"/bin/sh"_s, u"-c"_s, script}, {});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"binary-output"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    const QString reason = reasonOf(id);
    const QString sentence = u"/bin/sh exited with code 9 before it was ready; last output: "_s;
    QVERIFY2(reason.startsWith(sentence), qPrintable(reason));
    QVERIFY2(reason.endsWith(u"[31mbad thing | \uFFFDlast words"_s), qPrintable(reason));
    QVERIFY2(reason.size() <= sentence.size() + 400, qPrintable(QString::number(reason.size())));
    for (const QChar c : reason) {
        QVERIFY2(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format,
                 qPrintable(u"U+%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'))));
    }
#endif
}

void TestEndpointLifecycle::killedBySignalIsNamed()
{
#ifndef Q_OS_UNIX
    QSKIP("signals are Unix only");
#else
    const QString bundle = m_server.createBundleWithCommand(
            u"killed-at-start"_s, QJsonArray{u"/bin/sh"_s, u"-c"_s, u"echo going; kill -9 $$"_s},
            {});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"killed-at-start"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QCOMPARE(reasonOf(id), u"/bin/sh was killed by signal 9 (SIGKILL) before it was ready; "
                           "last output: going"_s);
#endif
}

void TestEndpointLifecycle::notReadyInTime()
{
    const QString bundle = m_server.createBundle(u"never-ready"_s,
                                                 {{u"EXAMPLE_MODEL_NEVER_READY"_s, u"1"_s}}, {}, 1);
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"never-ready"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"not ready in time"_s), qPrintable(reasonOf(id)));
    QVERIFY(reasonOf(id).contains(u"/readyz"_s));
}

void TestEndpointLifecycle::resourcesDoNotFit_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("reasonPart");
    QTest::newRow("cpus") << u"cpus"_s << QJsonValue(4096) << u"CPUs"_s;
    QTest::newRow("memory") << u"memory"_s << QJsonValue(u"64Ti"_s) << u"memory"_s;
    QTest::newRow("gpus") << u"gpus"_s << QJsonValue(1) << u"nvidia-ampere-a10"_s;
}

void TestEndpointLifecycle::resourcesDoNotFit()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, reasonPart);
    QJsonObject body = TestServer::endpointBody(u"too-big-"_s + field, m_bundle, u"async"_s, 0, 1);
    body.insert(field, value);
    body.insert(u"gpu_type"_s, u"nvidia-ampere-a10"_s);
    const QString id = m_server.createEndpoint(body);
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"resources do not fit"_s), qPrintable(reasonOf(id)));
    QVERIFY2(reasonOf(id).contains(reasonPart), qPrintable(reasonOf(id)));
}

void TestEndpointLifecycle::resourcesDoNotFitOnUpdate_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("cpus") << u"cpus"_s << QJsonValue(4096);
    QTest::newRow("gpus") << u"gpus"_s << QJsonValue(1);
}

void TestEndpointLifecycle::resourcesDoNotFitOnUpdate()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"grows-too-big-"_s + field, m_bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(m_server.put(u"/v1/model-endpoints/"_s + id,
                          {{field, value}, {u"gpu_type"_s, u"nvidia-ampere-a10"_s}})
                     .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).startsWith(u"resources do not fit"_s), qPrintable(reasonOf(id)));
    QVERIFY2(reasonOf(id).endsWith(u"; the previous version (bundle example) is still serving"_s),
             qPrintable(reasonOf(id)));
    QCOMPARE(m_server.syncPredict(id, {{u"text"_s, u"old"_s}}).status, 200);
}

void TestEndpointLifecycle::modelErrorIsFailureWith200()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"model-error"_s, m_bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const auto response = m_server.syncPredict(id, {{u"fail"_s, true}});
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(u"status"_s).toString(), u"FAILURE"_s);
    QCOMPARE(response.json().value(u"status_code"_s).toInt(), 500);
    QVERIFY(response.json().value(u"traceback"_s).toString().contains(u"asked to fail"_s));
    QVERIFY(response.json().value(u"result"_s).isNull());

    const auto streamed = m_server.post(u"/v1/streaming-tasks?model_endpoint_id="_s + id,
                                        {{u"args"_s, QJsonObject{{u"text"_s, u"a b"_s}}}});
    QCOMPARE(streamed.status, 200);
    QVERIFY(streamed.body.startsWith("data: {"));
}

void TestEndpointLifecycle::noReadyWorkerIs503()
{
    const QString bundle = m_server.createBundle(u"crash-on-start-2"_s,
                                                 {{u"EXAMPLE_MODEL_CRASH_ON_START"_s, u"1"_s}});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"no-worker"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    // The worker that min_workers asks for does not run.
    QCOMPARE(m_server.endpoint(id)
                     .value(u"deployment_state"_s)
                     .toObject()
                     .value(u"unavailable_workers"_s)
                     .toInt(),
             1);
    const auto response = m_server.syncPredict(id, {});
    QCOMPARE(response.status, 503);
    QVERIFY(!response.json().value(u"detail"_s).toString().isEmpty());
}

void TestEndpointLifecycle::busyWorkersGive429()
{
    const QString id =
            m_server.createEndpoint(TestServer::endpointBody(u"busy"_s, m_bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    std::unique_ptr<QNetworkReply> slow(
            m_server.send("POST", u"/v1/sync-tasks?model_endpoint_id="_s + id,
                          {{u"args"_s, QJsonObject{{u"sleep_ms"_s, 2500}}}}));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.endpoint(id)
                                      .value(u"deployment_state"_s)
                                      .toObject()
                                      .value(u"available_workers"_s),
                              QJsonValue(1), 5000);
    // The slot is taken: the next prediction waits --sync-wait-ms and gets 429.
    const auto busy = m_server.syncPredict(id, {});
    QCOMPARE(busy.status, 429);
    QVERIFY(busy.json().contains(u"error"_s));
    QVERIFY(busy.json().contains(u"request_id"_s));
    QSignalSpy finished(slow.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
}

void TestEndpointLifecycle::slowSyncPredictionGives408()
{
    // Its own server: a short --sync-timeout-ms would cut off the slow predictions of the
    // other tests.
    TestServer server;
    QVERIFY(server.start({u"--sync-timeout-ms"_s, u"1000"_s}));
    const QString id = exampleSyncEndpoint(server, u"too-slow"_s);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    QElapsedTimer clock;
    clock.start();
    const auto response = server.syncPredict(id, {{u"sleep_ms"_s, 20000}});
    const qint64 waitedMs = clock.elapsed();
    QCOMPARE(response.status, 408);
    QCOMPARE(response.json().value(u"detail"_s).toString(),
             u"Endpoint %1: the worker did not answer within 1 second"_s.arg(id));
    // Answered once the limit passed, not before it nor when the model finished.
    QVERIFY2(waitedMs >= 1000 && waitedMs < 15000, qPrintable(QString::number(waitedMs)));
    // The slot is free again for the next prediction.
    QCOMPARE(server.syncPredict(id, {{u"text"_s, u"next"_s}}).status, 200);
}

void TestEndpointLifecycle::answerAtTheTimeLimitIsWholeOr408()
{
    TestServer server;
    QVERIFY(server.start({u"--sync-timeout-ms"_s, u"2000"_s}));
    const QString id = exampleSyncEndpoint(server, u"at-the-limit"_s);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    // Past the limit: a 408 once it passed, never before it.
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(server.syncPredict(id, {{u"sleep_ms"_s, 2600}}).status, 408);
    QVERIFY2(clock.elapsed() >= 2000, qPrintable(QString::number(clock.elapsed())));
    QTest::qWait(700); // the worker is free again
    // Answers that come right at the limit are either given whole or a 408; never a
    // success without the answer.
    int answered = 0;
    for (int i = 0; i < 12; ++i) {
        const int sleepMs = 1930 + (i % 6) * 10;
        clock.restart();
        const auto response = server.syncPredict(id, {{u"sleep_ms"_s, sleepMs}});
        const qint64 waitedMs = clock.elapsed();
        if (response.status == 408) {
            QVERIFY2(waitedMs >= 2000, qPrintable(QString::number(waitedMs)));
            QTest::qWait(200); // the worker finishes the prediction that was given up
            continue;
        }
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(u"status"_s).toString(), u"SUCCESS"_s);
        QVERIFY2(TestServer::answer(response.json()).value(u"worker_pid"_s).toInt() > 0,
                 response.body.constData());
        ++answered;
    }
    QVERIFY(answered > 0);
}

void TestEndpointLifecycle::clientsThatLeaveAreDroppedFromQueue()
{
    // The default --sync-wait-ms (10 s), so that queued predictions stay queued meanwhile.
    TestServer server;
    QVERIFY(server.start());
    const QString bundle = server.createBundle(u"example"_s);
    const QString id =
            server.createEndpoint(TestServer::endpointBody(u"leavers"_s, bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    const QString path = u"/v1/sync-tasks?model_endpoint_id="_s + id;
    // Busy for longer than the checks below take, so the queue cannot drain into the worker.
    std::unique_ptr<QNetworkReply> slow(
            server.send("POST", path, {{u"args"_s, QJsonObject{{u"sleep_ms"_s, 6000}}}}));
    QSignalSpy finished(slow.get(), &QNetworkReply::finished);
    // launch-local hands a prediction to a ready worker as soon as it reads it, so after a
    // later request's answer this one is with the worker.
    QCOMPARE(server.endpoint(id).value(u"num_queued_items"_s).toInt(-1), 0);
    std::vector<std::unique_ptr<QNetworkReply>> waiting;
    for (int i = 0; i < 3; ++i) {
        waiting.emplace_back(server.send("POST", path, {{u"args"_s, QJsonObject()}}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.endpoint(id).value(u"num_queued_items"_s).toInt(), 3, 5000);
    // The clients give up and close their connections.
    for (const auto& reply : waiting) {
        reply->abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.endpoint(id).value(u"num_queued_items"_s).toInt(), 0, 3000);
    QVERIFY(finished.count() > 0 || finished.wait(10000));
    QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(server.syncPredict(id, {}).status, 200);
}

void TestEndpointLifecycle::workerCrashIsRestarted()
{
    const QString bundle = m_server.createBundle(u"crash-second"_s,
                                                 {{u"EXAMPLE_MODEL_CRASH_ON_REQUEST"_s, u"2"_s}});
    QJsonObject body = TestServer::endpointBody(u"crashy"_s, bundle, u"async"_s, 1, 1);
    const QString id = m_server.createEndpoint(body);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const QString first = m_server.asyncPredict(id, {{u"numbers"_s, QJsonArray{1}}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(first), u"SUCCESS"_s, 10000);
    // The second request kills the worker; the task is retried on the restarted worker.
    const QString second = m_server.asyncPredict(id, {{u"numbers"_s, QJsonArray{2}}});
    // The restart waits at least 0.5 s; meanwhile the endpoint says why a worker is missing.
    QTRY_VERIFY_WITH_TIMEOUT(reasonOf(id).contains(u"exited with code 70"_s), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(second), u"SUCCESS"_s, 20000);
    QCOMPARE(TestServer::answer(m_server.get(u"/v1/async-tasks/"_s + second).json())
                     .value(u"sum"_s)
                     .toDouble(),
             2.0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 1, 10000);
    QCOMPARE(m_server.status(id), u"READY"_s);
    QTRY_COMPARE_WITH_TIMEOUT(reasonOf(id), QString(), 10000);
    const QJsonArray workers = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                                       .json()
                                       .value(u"workers"_s)
                                       .toArray();
    QVERIFY(workers.size() >= 2);
    const QJsonObject crashed = workers.first().toObject();
    QCOMPARE(crashed.value(u"state"_s).toString(), u"FAILED"_s);
    QCOMPARE(crashed.value(u"exit_code"_s).toInt(), 70);
    QVERIFY(crashed.value(u"log"_s).toString().contains(u"crashing on request 2"_s));
}

void TestEndpointLifecycle::retriesAreBounded()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"always-crash"_s, m_bundle, u"async"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    // Every attempt kills the worker that takes it: after 3 attempts the task fails.
    const QString task = m_server.asyncPredict(id, {{u"crash"_s, true}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"FAILURE"_s, 30000);
    const QJsonObject json = m_server.get(u"/v1/async-tasks/"_s + task).json();
    QVERIFY2(json.value(u"traceback"_s).toString().contains(u"after 3 attempts"_s),
             qPrintable(json.value(u"traceback"_s).toString()));
    // The endpoint recovers and serves the next task.
    const QString next = m_server.asyncPredict(id, {{u"numbers"_s, QJsonArray{5}}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(next), u"SUCCESS"_s, 30000);
}

void TestEndpointLifecycle::hangUpReachesTheModelOnce()
{
    const QString syncId = m_server.createEndpoint(
            TestServer::endpointBody(u"sync-hang-up"_s, m_bundle, u"sync"_s, 1, 1));
    const QString asyncId = m_server.createEndpoint(
            TestServer::endpointBody(u"async-hang-up"_s, m_bundle, u"async"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(syncId), u"READY"_s, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(asyncId), u"READY"_s, 15000);
    const auto syncRequestNumber = [this](const QString& id) {
        const auto response = m_server.syncPredict(id, {{u"numbers"_s, QJsonArray{1}}});
        return TestServer::answer(response.json()).value(u"request_number"_s).toInt();
    };

    // The worker stays alive but closes the connection without answering: the sync request
    // fails and reaches the model once, not again behind launch-local's back.
    const auto response = m_server.syncPredict(syncId, {{u"hang_up"_s, true}});
    QCOMPARE(response.json().value(u"status"_s).toString(), u"FAILURE"_s);
    const QString traceback = response.json().value(u"traceback"_s).toString();
    QVERIFY2(traceback.contains(u"closed the connection without answering"_s),
             qPrintable(traceback));
    QCOMPARE(syncRequestNumber(syncId), 2);

    // An async task is tried again, as often as launch-local says and no more: 3 attempts, so
    // the next request is the worker's 4th.
    const QString task = m_server.asyncPredict(asyncId, {{u"hang_up"_s, true}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"FAILURE"_s, 30000);
    QCOMPARE(m_server.availableWorkers(asyncId), 1);
    const QString next = m_server.asyncPredict(asyncId, {{u"numbers"_s, QJsonArray{1}}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(next), u"SUCCESS"_s, 15000);
    const QJsonObject answer =
            TestServer::answer(m_server.get(u"/v1/async-tasks/"_s + next).json());
    QCOMPARE(answer.value(u"request_number"_s).toInt(), 4);
}

void TestEndpointLifecycle::unhealthyWorkerIsRestarted()
{
    // Its own server, checking every 200 ms rather than every 5 s.
    TestServer server;
    QVERIFY(server.start({u"--health-check-ms"_s, u"200"_s}));
    const QString id = exampleSyncEndpoint(server, u"sickens"_s);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    const auto first = server.syncPredict(id, {{u"unhealthy"_s, true}});
    QCOMPARE(first.status, 200);
    const qint64 sickPid = TestServer::answer(first.json()).value(u"worker_pid"_s).toInteger();
    QVERIFY(sickPid > 0);

    // The worker still runs but its health route answers 503: after three failed checks it is
    // stopped, the endpoint says why, and a new worker takes over.
    const auto reason = [&server, &id] {
        return server.endpoint(id).value(u"status_reason"_s).toString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(reason().contains(u"stopped passing its health check"_s), 10000);
    QVERIFY2(reason().contains(u"GET /readyz failed 3 times in a row (it answered 503)"_s),
             qPrintable(reason()));
    QTRY_COMPARE_WITH_TIMEOUT(server.availableWorkers(id), 1, 15000);
    const auto next = server.syncPredict(id, {{u"numbers"_s, QJsonArray{1}}});
    QCOMPARE(next.status, 200);
    QVERIFY(TestServer::answer(next.json()).value(u"worker_pid"_s).toInteger() != sickPid);
    const QJsonArray workers = server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                                       .json()
                                       .value(u"workers"_s)
                                       .toArray();
    QCOMPARE(workers.size(), 2);
    const QJsonObject sick = workers.first().toObject();
    QCOMPARE(sick.value(u"pid"_s).toInteger(), sickPid);
    QCOMPARE(sick.value(u"state"_s).toString(), u"FAILED"_s);
    QVERIFY(sick.value(u"log"_s).toString().contains(u"as asked by args.unhealthy"_s));
    // A healthy worker is left alone: it is still the same one a few checks later.
    QTest::qWait(1000);
    QCOMPARE(server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                     .json()
                     .value(u"workers"_s)
                     .toArray()
                     .size(),
             2);
}

void TestEndpointLifecycle::crashNoteClearsWhenNoRestartIsWanted()
{
    // Scales to zero: once the crashing task has used its attempts there is nothing to run, so
    // no worker is restarted, and the endpoint must not go on saying that one is.
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"crash-then-idle"_s, m_bundle, u"async"_s, 0, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const QString task = m_server.asyncPredict(id, {{u"crash"_s, true}});
    QTRY_VERIFY_WITH_TIMEOUT(reasonOf(id).contains(u"being restarted"_s), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"FAILURE"_s, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(reasonOf(id), QString(), 5000);
    QCOMPARE(m_server.status(id), u"READY"_s);
    QCOMPARE(m_server.availableWorkers(id), 0);
}

void TestEndpointLifecycle::syncCrashIsNotRetried()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"sync-crash"_s, m_bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const auto response = m_server.syncPredict(id, {{u"crash"_s, true}});
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json().value(u"status"_s).toString(), u"FAILURE"_s);
    const QString traceback = response.json().value(u"traceback"_s).toString();
    QVERIFY2(traceback.contains(u"the worker stopped while answering (exit code 71)"_s),
             qPrintable(traceback));
    // Only the one worker died: the request was not sent to a second one.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 1, 15000);
    const QJsonArray workers = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                                       .json()
                                       .value(u"workers"_s)
                                       .toArray();
    QCOMPARE(workers.size(), 2);
    QCOMPARE(workers.first().toObject().value(u"exit_code"_s).toInt(), 71);
    QCOMPARE(m_server.syncPredict(id, {{u"numbers"_s, QJsonArray{3}}}).status, 200);
}

void TestEndpointLifecycle::scalesUpUnderLoad()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"scales"_s, m_bundle, u"async"_s, 1, 3));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QStringList tasks;
    for (int i = 0; i < 6; ++i) {
        tasks.append(m_server.asyncPredict(id, {{u"sleep_ms"_s, 1200}}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 3, 15000);
    for (const QString& task : std::as_const(tasks)) {
        QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"SUCCESS"_s, 20000);
    }
    // Idle again: back down to min_workers.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 1, 15000);
}

void TestEndpointLifecycle::asyncScalesToZeroAndBack()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"to-zero"_s, m_bundle, u"async"_s, 0, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 10000);
    // The worker that showed the version works stops when idle.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 0, 15000);
    const QString task = m_server.asyncPredict(id, {{u"text"_s, u"wake up"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"SUCCESS"_s, 15000);
    QCOMPARE(m_server.availableWorkers(id), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 0, 15000);
    QCOMPARE(m_server.endpoint(id).value(u"num_queued_items"_s).toInt(-1), 0);
}

void TestEndpointLifecycle::scaleToZeroEndpointSaysItsBundleIsBroken()
{
    const QString bundle = m_server.createBundle(u"crash-on-start-async"_s,
                                                 {{u"EXAMPLE_MODEL_CRASH_ON_START"_s, u"1"_s}});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"zero-broken"_s, bundle, u"async"_s, 0, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"exited with code 3"_s), qPrintable(reasonOf(id)));
    QCOMPARE(m_server.availableWorkers(id), 0);
}

void TestEndpointLifecycle::scaleToZeroEndpointKeepsPreviousVersionOnFailedUpdate()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"zero-update-fails"_s, m_bundle, u"async"_s, 0, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(updateToNeverReady(m_server, id, u"never-ready-zero"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"not ready in time"_s), qPrintable(reasonOf(id)));
    QVERIFY2(reasonOf(id).endsWith(u"; the previous version (bundle example) is still serving"_s),
             qPrintable(reasonOf(id)));
    // The previous version takes the new tasks, starting a worker for them when needed.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 0, 15000);
    const QString task = m_server.asyncPredict(id, {{u"text"_s, u"old"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"SUCCESS"_s, 15000);
    QCOMPARE(TestServer::answer(m_server.get(u"/v1/async-tasks/"_s + task).json())
                     .value(u"echo"_s)
                     .toString(),
             u"old"_s);
    QCOMPARE(m_server.status(id), u"UPDATE_FAILED"_s);
}

void TestEndpointLifecycle::editReplacesWorkersWithoutDroppingTasks()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"edited"_s, m_bundle, u"async"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const int oldPid = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                               .json()
                               .value(u"workers"_s)
                               .toArray()
                               .last()
                               .toObject()
                               .value(u"pid"_s)
                               .toInt();
    QStringList tasks;
    for (int i = 0; i < 8; ++i) {
        tasks.append(
                m_server.asyncPredict(id, {{u"sleep_ms"_s, 150}, {u"numbers"_s, QJsonArray{i}}}));
    }
    const QString other = m_server.createBundle(u"example-v2"_s);
    QCOMPARE(m_server.put(u"/v1/model-endpoints/"_s + id, {{u"model_bundle_id"_s, other}}).status,
             200);
    for (const QString& task : std::as_const(tasks)) {
        QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"SUCCESS"_s, 30000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(m_server.endpoint(id).value(u"bundle_name"_s).toString(), u"example-v2"_s);
    const QString last = m_server.asyncPredict(id, {});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(last), u"SUCCESS"_s, 15000);
    const int newPid = TestServer::answer(m_server.get(u"/v1/async-tasks/"_s + last).json())
                               .value(u"worker_pid"_s)
                               .toInt();
    QVERIFY(newPid > 0);
    QVERIFY(newPid != oldPid);
}

void TestEndpointLifecycle::failedUpdateKeepsPreviousVersionRunning()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"update-fails"_s, m_bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(updateToNeverReady(m_server, id, u"never-ready-update"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"UPDATE_FAILED"_s, 10000);
    QVERIFY2(reasonOf(id).contains(u"not ready in time"_s), qPrintable(reasonOf(id)));
    QVERIFY2(reasonOf(id).endsWith(u"; the previous version (bundle example) is still serving"_s),
             qPrintable(reasonOf(id)));
    const auto served = m_server.syncPredict(id, {{u"text"_s, u"old"_s}});
    QCOMPARE(served.status, 200);
    const qint64 oldPid = TestServer::answer(served.json()).value(u"worker_pid"_s).toInteger();
    QVERIFY(oldPid > 0);

#ifdef Q_OS_UNIX
    // The previous version's worker dies: it is restarted like any crashed worker, and the
    // endpoint counts it as unavailable meanwhile.
    QCOMPARE(::kill(pid_t(oldPid), SIGKILL), 0);
    QTRY_VERIFY_WITH_TIMEOUT(reasonOf(id).contains(u"crashed and is being restarted"_s), 10000);
    const QJsonObject deployment = m_server.endpoint(id).value(u"deployment_state"_s).toObject();
    QCOMPARE(deployment.value(u"available_workers"_s).toInt() +
                     deployment.value(u"unavailable_workers"_s).toInt(),
             1);
    QVERIFY2(reasonOf(id).contains(u"previous version (bundle example) is still serving"_s),
             qPrintable(reasonOf(id)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.availableWorkers(id), 1, 15000);
    QCOMPARE(m_server.status(id), u"UPDATE_FAILED"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
            reasonOf(id).endsWith(u"; the previous version (bundle example) is still serving"_s),
            10000);
    const auto again = m_server.syncPredict(id, {{u"text"_s, u"restarted"_s}});
    QCOMPARE(again.status, 200);
    const qint64 newPid = TestServer::answer(again.json()).value(u"worker_pid"_s).toInteger();
    QVERIFY(newPid > 0);
    QVERIFY(newPid != oldPid);
#endif

    // A new update is tried again, and replaces the previous version once it works.
    const QString other = m_server.createBundle(u"example-v3"_s);
    QCOMPARE(m_server.put(u"/v1/model-endpoints/"_s + id, {{u"model_bundle_id"_s, other}}).status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QCOMPARE(reasonOf(id), QString());
    QCOMPARE(m_server.endpoint(id).value(u"bundle_name"_s).toString(), u"example-v3"_s);
    QCOMPARE(m_server.syncPredict(id, {}).status, 200);
}

void TestEndpointLifecycle::previousVersionServesAfterRestart()
{
    // Its own server, stopped and started again on the same data folder.
    TestServer server;
    QVERIFY(server.start());
    const QString id = exampleSyncEndpoint(server, u"survives"_s);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    QCOMPARE(updateToNeverReady(server, id, u"never-ready"_s), 200);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"UPDATE_FAILED"_s, 10000);
    const auto reason = [&server, &id] {
        return server.endpoint(id).value(u"status_reason"_s).toString();
    };
    const QString failed = reason();
    QVERIFY2(failed.endsWith(u"; the previous version (bundle example) is still serving"_s),
             qPrintable(failed));

    // After the restart the previous version serves again, the endpoint still says why the
    // update failed, and the failed update is not tried again by itself.
    server.stop();
    QVERIFY(server.start());
    QTRY_COMPARE_WITH_TIMEOUT(server.availableWorkers(id), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"UPDATE_FAILED"_s, 10000);
    QCOMPARE(reason(), failed);
    QVERIFY(!server.endpoint(id).contains(u"_serving"_s));
    const auto served = server.syncPredict(id, {{u"text"_s, u"after restart"_s}});
    QCOMPARE(served.status, 200);
    QCOMPARE(TestServer::answer(served.json()).value(u"echo"_s).toString(), u"after restart"_s);
    QTest::qWait(1500); // longer than the failed bundle's readiness limit
    QCOMPARE(server.status(id), u"UPDATE_FAILED"_s);
    QCOMPARE(server.availableWorkers(id), 1);

    // The next update replaces it as usual.
    const QString fixed = server.createBundle(u"example-fixed"_s);
    QCOMPARE(server.put(u"/v1/model-endpoints/"_s + id, {{u"model_bundle_id"_s, fixed}}).status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    QCOMPARE(reason(), QString());
    QCOMPARE(server.endpoint(id).value(u"bundle_name"_s).toString(), u"example-fixed"_s);
}

void TestEndpointLifecycle::deleteStopsWorkers()
{
#ifndef Q_OS_UNIX
    QSKIP("the example model delays its exit on SIGTERM, which is Unix only");
#else
    // The worker takes 2.5 s to exit after SIGTERM (below the 3 s before SIGKILL), so that
    // the endpoint is seen while it is being deleted.
    const QString slowExit = m_server.createBundle(
            u"slow-exit"_s, {{u"EXAMPLE_MODEL_SIGTERM_DELAY_MS"_s, u"2500"_s}});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"deleted"_s, slowExit, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const qint64 pid = m_server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                               .json()
                               .value(u"workers"_s)
                               .toArray()
                               .first()
                               .toObject()
                               .value(u"pid"_s)
                               .toInteger();
    QVERIFY(pid > 0);
    const QString path = u"/v1/model-endpoints/"_s + id;
    const auto deleted = m_server.request("DELETE", path);
    QCOMPARE(deleted.status, 200);
    QCOMPARE(deleted.json().value(u"deleted"_s), QJsonValue(true));
    const auto during = m_server.get(path);
    QCOMPARE(during.status, 200);
    QCOMPARE(during.json().value(u"status"_s).toString(), u"DELETE_IN_PROGRESS"_s);
    const auto again = m_server.request("DELETE", path);
    QCOMPARE(again.status, 409);
    QCOMPARE(again.json().value(u"detail"_s).toString(),
             u"Model endpoint %1 is already being deleted"_s.arg(id));
    QVERIFY(!TestServer::processGone(pid));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.get(path).status, 404, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(TestServer::processGone(pid), 5000);
    QCOMPARE(m_server.request("DELETE", path).status, 404);
#endif
}

void TestEndpointLifecycle::deleteStopsWorkersChildren()
{
#ifndef Q_OS_UNIX
    QSKIP("needs /bin/sh");
#else
    const QString id = createShellWithChild(m_server, u"shell-with-child"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const qint64 child = childPid(m_server, id);
    QVERIFY(child > 0);
    QVERIFY(!TestServer::processGone(child));
    QCOMPARE(m_server.syncPredict(id, {{u"text"_s, u"hi"_s}}).status, 200);
    QCOMPARE(m_server.request("DELETE", u"/v1/model-endpoints/"_s + id).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.get(u"/v1/model-endpoints/"_s + id).status, 404, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(TestServer::processGone(child), 5000);
#endif
}

void TestEndpointLifecycle::stopLeavesNoWorkerChildren()
{
#ifndef Q_OS_UNIX
    QSKIP("needs /bin/sh");
#else
    TestServer server;
    QVERIFY(server.start());
    const QString id = createShellWithChild(server, u"shell-with-child"_s);
    QTRY_COMPARE_WITH_TIMEOUT(server.status(id), u"READY"_s, 15000);
    const qint64 child = childPid(server, id);
    QVERIFY(child > 0);
    QVERIFY(!TestServer::processGone(child));
    server.stop();
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QTRY_VERIFY_WITH_TIMEOUT(TestServer::processGone(child), 5000);
#endif
}

void TestEndpointLifecycle::deleteFailsTasksSayingWhy()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"deleted-busy"_s, m_bundle, u"async"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const QString running = m_server.asyncPredict(id, {{u"sleep_ms"_s, 5000}});
    const QString waiting = m_server.asyncPredict(id, {{u"sleep_ms"_s, 5000}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(running), u"STARTED"_s, 10000);
    QCOMPARE(m_server.request("DELETE", u"/v1/model-endpoints/"_s + id).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_server.get(u"/v1/model-endpoints/"_s + id).status, 404, 10000);
    const QJsonObject first = m_server.get(u"/v1/async-tasks/"_s + running).json();
    QCOMPARE(first.value(u"status"_s).toString(), u"FAILURE"_s);
    QCOMPARE(first.value(u"traceback"_s).toString(),
             u"the endpoint was deleted while this task ran"_s);
    const QJsonObject second = m_server.get(u"/v1/async-tasks/"_s + waiting).json();
    QCOMPARE(second.value(u"status"_s).toString(), u"FAILURE"_s);
    QCOMPARE(second.value(u"traceback"_s).toString(),
             u"the endpoint was deleted before this task ran"_s);
}

void TestEndpointLifecycle::deleteAnswersSyncPredictionsInFlight()
{
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"deleted-answering"_s, m_bundle, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    QNetworkReply* running = m_server.send("POST", u"/v1/sync-tasks?model_endpoint_id="_s + id,
                                           {{u"args"_s, QJsonObject{{u"sleep_ms"_s, 60000}}}});
    QSignalSpy answered(running, &QNetworkReply::finished);
    // launch-local hands a prediction to a ready worker as soon as it reads it, so after a
    // later request's answer this one is with the worker.
    QCOMPARE(m_server.get(u"/v1/model-endpoints/"_s + id).status, 200);
    QVERIFY(answered.isEmpty());
    QCOMPARE(m_server.request("DELETE", u"/v1/model-endpoints/"_s + id).status, 200);
    // Answered at once, long before the model would have finished.
    QVERIFY(!answered.isEmpty() || answered.wait(15000));
    QCOMPARE(running->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    const QString detail =
            QJsonDocument::fromJson(running->readAll()).object().value(u"detail"_s).toString();
    QVERIFY2(detail.contains(u"deleted"_s), qPrintable(detail));
    running->deleteLater();
}

void TestEndpointLifecycle::deletedTaskStaysFailed()
{
#ifndef Q_OS_UNIX
    QSKIP("the example model delays its exit on SIGTERM, which is Unix only");
#else
    // The worker finishes the task while it takes its time to exit after SIGTERM: its answer
    // comes after the delete failed the task, and changes nothing.
    const QString slowExit = m_server.createBundle(
            u"slow-exit-task"_s, {{u"EXAMPLE_MODEL_SIGTERM_DELAY_MS"_s, u"2000"_s}});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"deleted-finishing"_s, slowExit, u"async"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    const QString task = m_server.asyncPredict(id, {{u"sleep_ms"_s, 1000}});
    QTRY_COMPARE_WITH_TIMEOUT(m_server.taskStatus(task), u"STARTED"_s, 10000);
    QCOMPARE(m_server.request("DELETE", u"/v1/model-endpoints/"_s + id).status, 200);
    const auto failedAsDeleted = [this, &task] {
        const QJsonObject json = m_server.get(u"/v1/async-tasks/"_s + task).json();
        return json.value(u"status"_s).toString() == u"FAILURE"_s &&
               json.value(u"traceback"_s).toString() ==
                       u"the endpoint was deleted while this task ran"_s &&
               json.value(u"result"_s).isNull();
    };
    QVERIFY(failedAsDeleted());
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 2500) { // past the model's answer and the worker's exit
        QVERIFY2(failedAsDeleted(), m_server.get(u"/v1/async-tasks/"_s + task).body.constData());
        QTest::qWait(100);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server.get(u"/v1/model-endpoints/"_s + id).status, 404, 10000);
    QVERIFY(failedAsDeleted());
#endif
}

void TestEndpointLifecycle::deleteAnswersSyncPredictionsBeforeTheWorkerDoes()
{
#ifndef Q_OS_UNIX
    QSKIP("the example model delays its exit on SIGTERM, which is Unix only");
#else
    // The worker would still answer while it takes its time to exit after SIGTERM; the delete
    // answers the prediction first, as it fails the tasks of an async endpoint.
    const QString slowExit = m_server.createBundle(
            u"slow-exit-sync"_s, {{u"EXAMPLE_MODEL_SIGTERM_DELAY_MS"_s, u"2000"_s}});
    const QString id = m_server.createEndpoint(
            TestServer::endpointBody(u"deleted-sync-answering"_s, slowExit, u"sync"_s, 1, 1));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.status(id), u"READY"_s, 15000);
    std::unique_ptr<QNetworkReply> running(
            m_server.send("POST", u"/v1/sync-tasks?model_endpoint_id="_s + id,
                          {{u"args"_s, QJsonObject{{u"sleep_ms"_s, 1000}}}}));
    QSignalSpy answered(running.get(), &QNetworkReply::finished);
    QCOMPARE(m_server.get(u"/v1/model-endpoints/"_s + id).status, 200);
    QVERIFY(answered.isEmpty());
    QCOMPARE(m_server.request("DELETE", u"/v1/model-endpoints/"_s + id).status, 200);
    QVERIFY(!answered.isEmpty() || answered.wait(15000));
    QCOMPARE(running->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    QCOMPARE(QJsonDocument::fromJson(running->readAll()).object().value(u"detail"_s).toString(),
             u"Endpoint %1 cannot answer: the endpoint is being deleted"_s.arg(id));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.get(u"/v1/model-endpoints/"_s + id).status, 404, 10000);
#endif
}

QTEST_GUILESS_MAIN(TestEndpointLifecycle)
#include "tst_EndpointLifecycle.moc"

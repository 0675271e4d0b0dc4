#include "FakeTaskServer.h"
#include "FutureStore.h"
#include "FutureTracker.h"
#include "LaunchClient.h"
#include "LaunchLocalFixture.h"
#include "TaskCodec.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

/// The tracker against real HTTP: the cap on requests in flight with a thousand pending
/// futures and backoff while the server fails or is down, on a scripted server and on a real
/// launch-local, and futures that outlive a restart of the console and finish on launch-local.
class TestFutureTracker final : public QObject
{
    Q_OBJECT

private:
    static void addPending(FutureStore& store, int count)
    {
        for (int i = 0; i < count; ++i) {
            TrackedFuture future;
            future.taskId = u"task-%1"_s.arg(i);
            future.endpointId = u"end-1"_s;
            future.endpointName = u"echo"_s;
            future.submitted = QDateTime::currentDateTimeUtc();
            store.add(future);
        }
    }

    static ConnectionSettings fakeSettings(const FakeTaskServer& server)
    {
        ConnectionSettings settings(server.url(), u"test-key"_s);
        // The client's own queue must not be what limits the tracker here.
        settings.setMaxInFlight(100);
        return settings;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void capHoldsWithAThousandPending()
    {
        FakeTaskServer server;
        QVERIFY(server.isListening());
        server.setDelayMs(5);
        FutureStore store(m_dir.filePath(u"cap.sqlite"_s));
        QCOMPARE(store.open(), QString());
        addPending(store, 1000);
        LaunchClient client(fakeSettings(server));
        FutureTracker tracker(&store, &client);
        FutureTracker::Options options;
        options.maxInFlight = 4; // below Qt's six connections per host, so the cap is ours
        options.firstDelayMs = 60'000;
        options.maxDelayMs = 60'000;
        tracker.setOptions(options);
        tracker.start();
        QCOMPARE(tracker.trackedCount(), 1000);
        QTRY_VERIFY_WITH_TIMEOUT(server.requests() >= 1000, 60'000);
        QCOMPARE(server.maxOpen(), 4);
        QCOMPARE(tracker.maxInFlightSeen(), 4);
        // Every future was polled once and waits its backoff delay: nothing more is sent.
        QCOMPARE(server.requests(), 1000);
        QCOMPARE(tracker.currentDelayMs(u"task-500"_s), 60'000);
        QCOMPARE(store.pendingCount(), 1000);
    }

    void capHoldsWithAThousandTasksOnLaunchLocal()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString endpointId = server.createEndpoint(u"queue"_s, u"ASYNC"_s, &error);
        QVERIFY2(!endpointId.isEmpty(), qPrintable(error));

        FutureStore store(m_dir.filePath(u"cap-local.sqlite"_s));
        QCOMPARE(store.open(), QString());
        ConnectionSettings settings = server.settings();
        // The client's own queue must not be what limits the tracker here.
        settings.setMaxInFlight(100);
        LaunchClient client(settings);
        FutureTracker tracker(&store, &client);
        FutureTracker::Options options;
        const int cap = options.maxInFlight;
        // Short delays keep far more polls due than the cap lets out, and the test short.
        options.firstDelayMs = 200;
        options.maxDelayMs = 1000;
        tracker.setOptions(options);
        int peak = 0;
        connect(&tracker, &FutureTracker::inFlightChanged, this,
                [&peak](int inFlight) { peak = qMax(peak, inFlight); });

        // One worker answering one task at a time keeps most of them queued on the server.
        constexpr int count = 1000;
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < count; ++i) {
            PredictRequest request;
            request.args = QJsonObject{{u"sleep_ms"_s, 10}, {u"text"_s, u"n%1"_s.arg(i)}};
            tracker.submit(endpointId, u"queue"_s, request, this,
                           [&](const ApiResult<TrackedFuture>& result) {
                               if (result.ok()) {
                                   ++accepted;
                               } else {
                                   ++refused;
                               }
                           });
        }
        QTRY_COMPARE_WITH_TIMEOUT(accepted + refused, count, 60'000);
        QCOMPARE(refused, 0);
        QCOMPARE(store.count(), count);

        // Most still wait on the server when tracking starts: each needs several polls, so far
        // more polls are due than the cap lets out.
        int status = 0;
        const QJsonObject before =
                server.request("GET", u"/v1/model-endpoints/"_s % endpointId, {}, &status);
        QCOMPARE(status, 200);
        const int queued = before.value(u"num_queued_items"_s).toInt();
        QVERIFY2(queued >= count / 2, qPrintable(QString::number(queued)));

        // As after a restart of the console: every future is due at once.
        tracker.start();
        QCOMPARE(tracker.trackedCount(), count);
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingCount(), 0, 60'000);
        QCOMPARE(tracker.maxInFlightSeen(), cap);
        QCOMPARE(peak, cap);
        QCOMPARE(tracker.trackedCount(), 0);
        for (int row = 0; row < count; ++row) {
            QCOMPARE(store.at(row).status, TaskStatus(TaskStatus::Success));
        }
    }

    void youngTasksAreSeenFinishingSoonAndOldOnesRarelyPolled()
    {
        FakeTaskServer server;
        QVERIFY(server.isListening());
        server.setDelayMs(1);
        FutureStore store(m_dir.filePath(u"young.sqlite"_s));
        QCOMPARE(store.open(), QString());
        TrackedFuture old;
        old.taskId = u"old"_s;
        old.submitted = QDateTime::currentDateTimeUtc().addSecs(-3600);
        store.add(old);
        LaunchClient client(fakeSettings(server));
        FutureTracker tracker(&store, &client); // the default schedule
        tracker.start();
        QTRY_COMPARE(server.requests(), 1);
        // Pending an hour: polled at the longest delay.
        QTRY_COMPARE(tracker.currentDelayMs(u"old"_s), tracker.options().maxDelayMs);
        store.remove({u"old"_s});

        // A task that takes 8 s, as the one the server sees finishing at 8 s.
        TrackedFuture young;
        young.taskId = u"young"_s;
        young.submitted = QDateTime::currentDateTimeUtc();
        store.add(young);
        QDateTime finishedAt;
        QTimer::singleShot(8000, this, [&] {
            finishedAt = QDateTime::currentDateTimeUtc();
            server.setMode(FakeTaskServer::Mode::Success);
        });
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingCount(), 0, 30'000);
        const TrackedFuture& seen = store.at(store.indexOf(u"young"_s));
        QVERIFY(finishedAt.isValid());
        // Seen within about a second of finishing, and the bounds hold the true time.
        const qint64 lateMs = finishedAt.msecsTo(seen.finished);
        QVERIFY2(lateMs <= 1500, qPrintable(QString::number(lateMs)));
        QVERIFY(seen.finishedAfter.isValid());
        QVERIFY(seen.finishedAfter <= finishedAt);
        QVERIFY(seen.finishedAfter.msecsTo(seen.finished) <= 1500);
        // Never seen running: it started after the last pending poll.
        QVERIFY(!seen.started.isValid());
        QCOMPARE(seen.startedAfter, seen.finishedAfter);
    }

    void aTaskRunAgainCountsItsRunningTimeAnew()
    {
        // The server restarted under a running task: it is pending again, then runs again.
        FakeTaskServer server;
        QVERIFY(server.isListening());
        server.setDelayMs(1);
        FutureStore store(m_dir.filePath(u"again.sqlite"_s));
        QCOMPARE(store.open(), QString());
        TrackedFuture future;
        future.taskId = u"again"_s;
        future.submitted = QDateTime::currentDateTimeUtc();
        store.add(future);
        LaunchClient client(fakeSettings(server));
        FutureTracker tracker(&store, &client);
        server.setMode(FakeTaskServer::Mode::Started);
        tracker.start();
        QTRY_VERIFY(store.at(store.indexOf(u"again"_s)).started.isValid());
        const QDateTime firstStart = store.at(store.indexOf(u"again"_s)).started;
        server.setMode(FakeTaskServer::Mode::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(store.at(store.indexOf(u"again"_s)).status.value(),
                                  TaskStatus::Pending, 10'000);
        QVERIFY(!store.at(store.indexOf(u"again"_s)).started.isValid());
        QTest::qWait(1500);
        server.setMode(FakeTaskServer::Mode::Started);
        QTRY_VERIFY_WITH_TIMEOUT(store.at(store.indexOf(u"again"_s)).started.isValid(), 10'000);
        const TrackedFuture& again = store.at(store.indexOf(u"again"_s));
        QVERIFY(again.started > firstStart.addMSecs(1000));
        // The second run began after the poll that saw it pending again.
        QVERIFY(again.startedAfter.isValid());
        QVERIFY(again.startedAfter > firstStart);
    }

    void backsOffWhileTheServerFails()
    {
        FakeTaskServer server;
        server.setDelayMs(1);
        server.setMode(FakeTaskServer::Mode::Unavailable);
        FutureStore store(m_dir.filePath(u"backoff.sqlite"_s));
        QCOMPARE(store.open(), QString());
        addPending(store, 20);
        LaunchClient client(fakeSettings(server));
        FutureTracker tracker(&store, &client);
        FutureTracker::Options options;
        options.maxInFlight = 6;
        options.firstDelayMs = 100;
        options.maxServerPauseMs = 800;
        tracker.setOptions(options);
        QSignalSpy failures(&tracker, &FutureTracker::pollFailed);
        QElapsedTimer clock;
        clock.start();
        tracker.start();
        // Without backoff, 30 failing polls take a few milliseconds; with it, the pauses
        // between rounds of six grow 100, 200, 400, 800 ms.
        QTRY_VERIFY_WITH_TIMEOUT(server.requests() >= 30, 20'000);
        QVERIFY2(clock.elapsed() >= 1400, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(failures.count() >= 24);
        QVERIFY(tracker.currentDelayMs(u"task-0"_s) > options.firstDelayMs);
        QCOMPARE(store.pendingCount(), 20);
        // The server recovers: polling resumes and every future finishes.
        server.setMode(FakeTaskServer::Mode::Success);
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingCount(), 0, 30'000);
        QCOMPARE(store.at(3).status, TaskStatus(TaskStatus::Success));
        QCOMPARE(store.at(3).statusCode, 200);
        QCOMPARE(TaskCodec::unwrapModelOutput(QJsonDocument::fromJson(store.at(3).result).object())
                         .toObject()
                         .value(u"y"_s)
                         .toInt(),
                 1);
        QCOMPARE(tracker.trackedCount(), 0);
    }

    void backsOffWhileLaunchLocalIsDownAndFinishesAfterItsRestart()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString endpointId = server.createEndpoint(u"slow-echo"_s, u"ASYNC"_s, &error);
        QVERIFY2(!endpointId.isEmpty(), qPrintable(error));

        FutureStore store(m_dir.filePath(u"outage.sqlite"_s));
        QCOMPARE(store.open(), QString());
        LaunchClient client(server.settings());
        FutureTracker tracker(&store, &client);
        FutureTracker::Options options;
        options.firstDelayMs = 200;
        options.maxDelayMs = 1600;
        options.maxServerPauseMs = 1600;
        tracker.setOptions(options);
        tracker.start();
        constexpr int count = 4;
        QStringList taskIds;
        for (int i = 0; i < count; ++i) {
            PredictRequest request;
            request.args = QJsonObject{{u"sleep_ms"_s, 1000}, {u"text"_s, u"n%1"_s.arg(i)}};
            QSignalSpy added(&store, &FutureStore::futureAdded);
            tracker.submit(endpointId, u"slow-echo"_s, request, this,
                           [&](const ApiResult<TrackedFuture>& result) {
                               QVERIFY(result.ok());
                               taskIds.append(result.value().taskId);
                           });
            QVERIFY(added.wait(10'000));
        }
        QCOMPARE(store.pendingCount(), count);

        // The delay before each next poll of one future, read as each poll fails, and when
        // the failures happened.
        const QString watched = taskIds.last();
        QList<int> delays;
        QList<qint64> failedAtMs;
        QElapsedTimer clock;
        clock.start();
        connect(&tracker, &FutureTracker::pollFailed, this,
                [&](const QString& taskId, const ApiError&) {
                    if (taskId == watched) {
                        delays.append(tracker.currentDelayMs(watched));
                        failedAtMs.append(clock.elapsed());
                    }
                });
        // The server crashes while every task is queued or running.
        server.kill();
        QTRY_VERIFY_WITH_TIMEOUT(delays.size() >= 5, 20'000);
        QStringList shown;
        for (const int delay : std::as_const(delays)) {
            shown.append(QString::number(delay));
        }
        const QByteArray seen = shown.join(u", "_s).toUtf8();
        QVERIFY2(delays[0] < delays[1] && delays[1] < delays[2] && delays[2] < delays[3],
                 seen.constData());
        QVERIFY2(delays[3] == options.maxDelayMs && delays[4] == options.maxDelayMs,
                 seen.constData());
        // The waits between failed polls grow as well: 200 ms at first, 800 ms two rounds on.
        QVERIFY2(failedAtMs[3] - failedAtMs[2] > 2 * (failedAtMs[1] - failedAtMs[0]),
                 qPrintable(u"failed at %1, %2, %3, %4 ms"_s.arg(failedAtMs[0])
                                    .arg(failedAtMs[1])
                                    .arg(failedAtMs[2])
                                    .arg(failedAtMs[3])));
        QCOMPARE(store.pendingCount(), count);

        // launch-local starts again on the same data folder: the tasks it had run again, the
        // tracker's next poll gets an answer, and every future finishes.
        const QString restarted = server.start();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingCount(), 0, 30'000);
        for (const QString& id : std::as_const(taskIds)) {
            const TrackedFuture& future = store.at(store.indexOf(id));
            QCOMPARE(future.status, TaskStatus(TaskStatus::Success));
            const QJsonValue output =
                    TaskCodec::unwrapModelOutput(QJsonDocument::fromJson(future.result).object());
            QVERIFY2(output.toObject().value(u"echo"_s).toString().startsWith(u"n"_s),
                     future.result.constData());
        }
        QCOMPARE(tracker.trackedCount(), 0);
        QCOMPARE(tracker.serverPauseRemainingMs(), qint64(0));
    }

    void futuresSurviveARestartAndFinish()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString endpointId = server.createEndpoint(u"slow-echo"_s, u"ASYNC"_s, &error);
        QVERIFY2(!endpointId.isEmpty(), qPrintable(error));

        const QString path = m_dir.filePath(u"restart.sqlite"_s);
        QStringList taskIds;
        {
            FutureStore store(path);
            QCOMPARE(store.open(), QString());
            LaunchClient client(server.settings());
            FutureTracker tracker(&store, &client);
            tracker.start();
            for (int i = 0; i < 3; ++i) {
                PredictRequest request;
                request.args = QJsonObject{{u"sleep_ms"_s, 700}, {u"text"_s, u"n%1"_s.arg(i)}};
                QSignalSpy added(&store, &FutureStore::futureAdded);
                tracker.submit(endpointId, u"slow-echo"_s, request, this,
                               [&](ApiResult<TrackedFuture> result) {
                                   QVERIFY(result.ok());
                                   taskIds.append(result.value().taskId);
                               });
                QVERIFY(added.wait(10'000));
            }
            QCOMPARE(store.pendingCount(endpointId), 3);
            // Submitted by this tracker: what the store says of them is current.
            QCOMPARE(tracker.unconfirmedCount(), 0);
            // The console quits while they are still queued.
        }
        FutureStore store(path);
        QCOMPARE(store.open(), QString());
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.pendingCount(), 3);
        LaunchClient client(server.settings());
        FutureTracker tracker(&store, &client);
        FutureTracker::Options options;
        options.firstDelayMs = 200;
        options.maxDelayMs = 1000;
        tracker.setOptions(options);
        tracker.start();
        QCOMPARE(tracker.trackedCount(), 3);
        // Resumed from the file: unconfirmed until the server has answered for each.
        QCOMPARE(tracker.unconfirmedCount(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(tracker.unconfirmedCount(), 0, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingCount(), 0, 30'000);
        for (const QString& id : std::as_const(taskIds)) {
            const TrackedFuture& future = store.at(store.indexOf(id));
            QCOMPARE(future.status, TaskStatus(TaskStatus::Success));
            QVERIFY(future.finished.isValid());
            const QJsonValue output =
                    TaskCodec::unwrapModelOutput(QJsonDocument::fromJson(future.result).object());
            QVERIFY2(output.isObject(), future.result.constData());
        }
    }

    void unknownTaskStopsBeingTracked()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        FutureStore store(m_dir.filePath(u"unknown.sqlite"_s));
        QCOMPARE(store.open(), QString());
        addPending(store, 1);
        LaunchClient client(server.settings());
        FutureTracker tracker(&store, &client);
        tracker.start();
        QTRY_COMPARE_WITH_TIMEOUT(store.pendingCount(), 0, 10'000);
        QCOMPARE(store.at(0).tracked, false);
        QVERIFY(!store.at(0).traceback.isEmpty());
        QCOMPARE(tracker.trackedCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFutureTracker)
#include "tst_futuretracker.moc"

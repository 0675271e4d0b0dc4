#include "FutureStore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// Futures kept in a real SQLite file: added at once, updates batched, removal, and what a
/// restart finds.
class TestFutureStore final : public QObject
{
    Q_OBJECT

private:
    static TrackedFuture future(const QString& id, const QString& endpoint = u"e1"_s)
    {
        TrackedFuture f;
        f.taskId = id;
        f.endpointId = endpoint;
        f.endpointName = u"echo"_s;
        f.submitted = QDateTime::currentDateTimeUtc();
        return f;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void addedFuturesSurviveReopen()
    {
        const QString path = m_dir.filePath(u"add.sqlite"_s);
        {
            FutureStore store(path);
            QCOMPARE(store.open(), QString());
            QSignalSpy added(&store, &FutureStore::futureAdded);
            store.add(future(u"t1"_s));
            store.add(future(u"t2"_s, u"e2"_s));
            QCOMPARE(added.count(), 2);
            QCOMPARE(store.pendingCount(), 2);
            QCOMPARE(store.pendingCount(u"e2"_s), 1);
        }
        FutureStore store(path);
        QCOMPARE(store.open(), QString());
        QCOMPARE(store.count(), 2);
        QCOMPARE(store.at(0).taskId, u"t1"_s);
        QCOMPARE(store.indexOf(u"t2"_s), 1);
        QCOMPARE(store.at(1).endpointId, u"e2"_s);
        QCOMPARE(store.at(1).status, TaskStatus(TaskStatus::Pending));
    }

    void observedTimeBoundsSurviveReopenAndOldFilesOpen()
    {
        const QString path = m_dir.filePath(u"old.sqlite"_s);
        {
            // A file as consoles wrote it before they kept the bounds of observed times.
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"old"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"CREATE TABLE futures (task_id TEXT PRIMARY KEY, endpoint_id "
                               "TEXT, endpoint_name TEXT, submitted INTEGER, status TEXT, "
                               "started INTEGER, finished INTEGER, result BLOB, traceback TEXT, "
                               "status_code INTEGER, tracked INTEGER NOT NULL DEFAULT 1)"_s));
            QVERIFY(query.exec(u"INSERT INTO futures (task_id, submitted, status, started) "
                               "VALUES ('old', 1000, 'STARTED', 2000)"_s));
        }
        QSqlDatabase::removeDatabase(u"old"_s);
        const QDateTime base = QDateTime::currentDateTimeUtc();
        {
            FutureStore store(path);
            QCOMPARE(store.open(), QString());
            QCOMPARE(store.count(), 1);
            QVERIFY(!store.at(0).startedAfter.isValid());
            TrackedFuture f = future(u"new"_s);
            f.status = TaskStatus::Success;
            f.startedAfter = base.addSecs(1);
            f.started = base.addSecs(2);
            f.finishedAfter = base.addSecs(3);
            f.finished = base.addSecs(4);
            store.add(f);
        }
        FutureStore store(path);
        QCOMPARE(store.open(), QString());
        const TrackedFuture& f = store.at(store.indexOf(u"new"_s));
        QCOMPARE(f.startedAfter, base.addSecs(1));
        QCOMPARE(f.finishedAfter, base.addSecs(3));
    }

    void updatesAreBatchedAndWritten()
    {
        const QString path = m_dir.filePath(u"update.sqlite"_s);
        {
            FutureStore store(path);
            QCOMPARE(store.open(), QString());
            store.setFlushInterval(50);
            store.add(future(u"t1"_s));
            QSignalSpy finished(&store, &FutureStore::futureFinished);
            TrackedFuture done = store.at(0);
            done.status = TaskStatus::Failure;
            done.finished = QDateTime::currentDateTimeUtc();
            done.traceback = u"Traceback: boom"_s;
            done.statusCode = 500;
            store.update(done);
            store.update(done); // a second identical update does not finish it again
            QCOMPARE(finished.count(), 1);
            QCOMPARE(store.pendingCount(), 0);
            QCOMPARE(store.failuresSince(QDateTime::currentMSecsSinceEpoch() - 60'000), 1);
            // Written by the batch timer, before the store goes away.
            QTRY_COMPARE_WITH_TIMEOUT(
                    [&] {
                        FutureStore again(path);
                        again.open();
                        return again.at(0).status.toString();
                    }(),
                    u"FAILURE"_s, 5000);
        }
        FutureStore store(path);
        QCOMPARE(store.open(), QString());
        QCOMPARE(store.at(0).traceback, u"Traceback: boom"_s);
        QCOMPARE(store.at(0).statusCode, 500);
        QVERIFY(store.at(0).finished.isValid());
    }

    void removeAndStopTracking()
    {
        const QString path = m_dir.filePath(u"remove.sqlite"_s);
        FutureStore store(path);
        QCOMPARE(store.open(), QString());
        for (int i = 0; i < 6; ++i) {
            store.add(future(u"t%1"_s.arg(i)));
        }
        QSignalSpy removed(&store, &FutureStore::rowsRemoved);
        store.remove({u"t1"_s, u"t2"_s, u"t4"_s, u"unknown"_s});
        QCOMPARE(store.count(), 3);
        QCOMPARE(removed.count(), 2); // rows 4, then 1..2
        QCOMPARE(store.indexOf(u"t5"_s), 2);
        QCOMPARE(store.indexOf(u"t3"_s), 1);
        store.setTracked({u"t3"_s}, false);
        QCOMPARE(store.pendingCount(), 2);
        store.flush();

        FutureStore reopened(path);
        QCOMPARE(reopened.open(), QString());
        QCOMPARE(reopened.count(), 3);
        QCOMPARE(reopened.at(1).tracked, false);
        QCOMPARE(reopened.pendingCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestFutureStore)
#include "tst_futurestore.moc"

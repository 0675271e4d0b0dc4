#include "Store.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// launch-local's SQLite store: an accepted task is on disk before the callback that answers
/// it runs, tasks come back in the order they were accepted, endpoints keep their order.
class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void taskIsOnDiskBeforeCallback();
    void unfinishedTasksInOrderWithLatestStatus();
    void deletedEndpointFailsItsTasks();
    void finishedTaskNeverChanges();
    void endpointsKeepCreationOrder();

private:
    /// Reads a task's status through a second, independent connection to the file.
    QString statusOnDisk(const QString& path, const QString& id);

    QTemporaryDir m_dir;
};

void TestStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

QString TestStore::statusOnDisk(const QString& path, const QString& id)
{
    QString status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"reader"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(u"SELECT status FROM tasks WHERE id = ?"_s);
            query.addBindValue(id);
            if (query.exec() && query.next()) {
                status = query.value(0).toString();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"reader"_s);
    return status;
}

void TestStore::taskIsOnDiskBeforeCallback()
{
    const QString path = m_dir.filePath(u"durable.sqlite"_s);
    Store store;
    QCOMPARE(store.open(path), QString());
    store.addTask({u"t1"_s, u"end_a"_s, u"PENDING"_s, "{}", {}, {}, 0, 0});
    QString seen;
    bool called = false;
    store.whenCommitted([&] {
        called = true;
        seen = statusOnDisk(path, u"t1"_s);
    });
    QVERIFY(!called);
    QTRY_VERIFY(called);
    QCOMPARE(seen, u"PENDING"_s);
}

void TestStore::unfinishedTasksInOrderWithLatestStatus()
{
    const QString path = m_dir.filePath(u"order.sqlite"_s);
    {
        Store store;
        QCOMPARE(store.open(path), QString());
        for (const QString& id : {u"c"_s, u"a"_s, u"b"_s, u"d"_s}) {
            store.addTask({id, u"end_a"_s, u"PENDING"_s, "{\"n\":1}", {}, {}, 0, 0});
        }
        store.commit();
        store.updateTask({u"a"_s, {}, u"STARTED"_s, {}, {}, {}, 0, 1});
        QCOMPARE(store.task(u"a"_s)->status, u"STARTED"_s);
        store.updateTask({u"b"_s, {}, u"SUCCESS"_s, {}, "{\"result\":\"1\"}", {}, 200, 0});
    } // closing commits what is left, as a normal stop does
    Store reopened;
    QCOMPARE(reopened.open(path), QString());
    const QList<Store::Task> tasks = reopened.unfinishedTasks();
    QStringList ids;
    for (const Store::Task& task : tasks) {
        ids.append(task.id);
    }
    QCOMPARE(ids, (QStringList{u"c"_s, u"a"_s, u"d"_s}));
    QCOMPARE(tasks.at(1).attempts, 1);
    QCOMPARE(tasks.at(0).args, QByteArray("{\"n\":1}"));
    const auto done = reopened.task(u"b"_s);
    QVERIFY(done.has_value());
    QCOMPARE(done->status, u"SUCCESS"_s);
    QCOMPARE(done->statusCode, 200);
    QCOMPARE(done->result, QByteArray("{\"result\":\"1\"}"));
    QVERIFY(!reopened.task(u"missing"_s).has_value());
}

void TestStore::deletedEndpointFailsItsTasks()
{
    Store store;
    QCOMPARE(store.open(m_dir.filePath(u"delete.sqlite"_s)), QString());
    store.addTask({u"x"_s, u"end_gone"_s, u"PENDING"_s, "{}", {}, {}, 0, 0});
    store.addTask({u"y"_s, u"end_kept"_s, u"PENDING"_s, "{}", {}, {}, 0, 0});
    store.failTasksOfEndpoint(u"end_gone"_s, u"deleted"_s);
    store.commit();
    QCOMPARE(store.task(u"x"_s)->status, u"FAILURE"_s);
    QCOMPARE(store.task(u"x"_s)->traceback, u"deleted"_s);
    QCOMPARE(store.task(u"y"_s)->status, u"PENDING"_s);
}

void TestStore::finishedTaskNeverChanges()
{
    Store store;
    QCOMPARE(store.open(m_dir.filePath(u"finished.sqlite"_s)), QString());
    store.addTask({u"t"_s, u"end_gone"_s, u"PENDING"_s, "{}", {}, {}, 0, 0});
    store.updateTask({u"t"_s, {}, u"STARTED"_s, {}, {}, {}, 0, 0});
    store.failTasksOfEndpoint(u"end_gone"_s, u"deleted"_s, u"deleted while running"_s);
    // The worker's answer comes after the task was failed.
    store.updateTask({u"t"_s, {}, u"SUCCESS"_s, {}, "{\"result\":\"1\"}", {}, 200, 0});
    QCOMPARE(store.task(u"t"_s)->status, u"FAILURE"_s);
    store.commit();
    const auto task = store.task(u"t"_s);
    QCOMPARE(task->status, u"FAILURE"_s);
    QCOMPARE(task->traceback, u"deleted while running"_s);
    QVERIFY(task->result.isEmpty());
    store.updateTask({u"t"_s, {}, u"STARTED"_s, {}, {}, {}, 0, 1});
    store.commit();
    QCOMPARE(store.task(u"t"_s)->status, u"FAILURE"_s);
}

void TestStore::endpointsKeepCreationOrder()
{
    Store store;
    QCOMPARE(store.open(m_dir.filePath(u"endpoints.sqlite"_s)), QString());
    store.putEndpoint(u"end_1"_s, u"first"_s, {{u"v"_s, 1}});
    store.putEndpoint(u"end_2"_s, u"second"_s, {{u"v"_s, 1}});
    store.putEndpoint(u"end_1"_s, u"first"_s, {{u"v"_s, 2}});
    store.commit();
    const auto rows = store.endpoints();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).id, u"end_1"_s);
    QCOMPARE(rows.at(0).record.value(u"v"_s).toInt(), 2);
    store.removeEndpoint(u"end_1"_s);
    store.commit();
    QCOMPARE(store.endpoints().size(), 1);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_Store.moc"

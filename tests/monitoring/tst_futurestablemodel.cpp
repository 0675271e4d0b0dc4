#include "FutureStore.h"
#include "FuturesTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The futures table follows its store row by row, under QAbstractItemModelTester.
class TestFuturesTableModel final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void followsTheStore()
    {
        FutureStore store(m_dir.filePath(u"model.sqlite"_s));
        QCOMPARE(store.open(), QString());
        FuturesTableModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime submitted = QDateTime::currentDateTimeUtc().addSecs(-90);
        for (int i = 0; i < 5; ++i) {
            TrackedFuture future;
            future.taskId = u"task-%1"_s.arg(i);
            future.endpointId = u"end-1"_s;
            future.endpointName = u"echo"_s;
            future.submitted = submitted;
            store.add(future);
        }
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(2, FuturesTableModel::TaskId).data().toString(), u"task-2"_s);
        QCOMPARE(model.index(2, FuturesTableModel::Endpoint).data().toString(), u"echo"_s);
        QCOMPARE(model.index(2, FuturesTableModel::Status).data().toString(),
                 TaskStatus(TaskStatus::Pending).displayName());
        // Pending for 90 s and counting.
        QVERIFY(model.index(2, FuturesTableModel::TimePending)
                        .data(FuturesTableModel::SortRole)
                        .toLongLong() >= 90'000);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        TrackedFuture done = store.at(2);
        // Polls saw it pending at 28 s, running at 30 s and 39 s, and finished at 40 s.
        done.status = TaskStatus::Success;
        done.startedAfter = submitted.addSecs(28);
        done.started = submitted.addSecs(30);
        done.finishedAfter = submitted.addSecs(39);
        done.finished = submitted.addSecs(40);
        done.result = "{\"result\": \"{\\\"answer\\\": 42}\"}";
        store.update(done);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 2);
        QCOMPARE(model.index(2, FuturesTableModel::TimePending).data().toString(),
                 u"28.0–30.0 s"_s);
        QCOMPARE(model.index(2, FuturesTableModel::TimeRunning).data().toString(), u"9.0–12.0 s"_s);
        QVERIFY(model.index(2, FuturesTableModel::TimeRunning)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(u"no times"_s));
        QCOMPARE(model.index(2, FuturesTableModel::ResultPreview).data().toString(),
                 u"{\"answer\":42}"_s);

        store.remove({u"task-1"_s, u"task-3"_s});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1, FuturesTableModel::TaskId).data().toString(), u"task-2"_s);
        QCOMPARE(model.index(2, FuturesTableModel::TaskId).data().toString(), u"task-4"_s);

        FutureStore other(m_dir.filePath(u"other.sqlite"_s));
        QCOMPARE(other.open(), QString());
        model.setStore(&other);
        QCOMPARE(model.rowCount(), 0);
    }

    void firstPollSeenRunningIsABoundNotAValue()
    {
        FutureStore store(m_dir.filePath(u"bound.sqlite"_s));
        QCOMPARE(store.open(), QString());
        FuturesTableModel model(&store);
        const QDateTime submitted = QDateTime::currentDateTimeUtc().addSecs(-60);
        TrackedFuture future;
        future.taskId = u"t"_s;
        future.submitted = submitted;
        store.add(future);
        // The first poll, 1 s after submitting, already saw it running; the one at 8 s did
        // too, the one at 9 s saw it finished.
        future.status = TaskStatus::Success;
        future.startedAfter = submitted;
        future.started = submitted.addSecs(1);
        future.finishedAfter = submitted.addSecs(8);
        future.finished = submitted.addSecs(9);
        store.update(future);
        QCOMPARE(model.index(0, FuturesTableModel::TimePending).data().toString(), u"≤ 1.0 s"_s);
        QCOMPARE(model.index(0, FuturesTableModel::TimeRunning).data().toString(), u"7.0–9.0 s"_s);
        // Never seen running: it ran at most from the last pending poll to the finished one.
        future.started = {};
        future.startedAfter = submitted.addSecs(4);
        future.finishedAfter = submitted.addSecs(4);
        store.update(future);
        QCOMPARE(model.index(0, FuturesTableModel::TimePending).data().toString(), u"4.0–9.0 s"_s);
        QCOMPARE(model.index(0, FuturesTableModel::TimeRunning).data().toString(), u"≤ 5.0 s"_s);
    }

    void durations()
    {
        QCOMPARE(FuturesTableModel::durationText(1500), u"1.5 s"_s);
        QCOMPARE(FuturesTableModel::durationText(185'000), u"3 min 5 s"_s);
        QCOMPARE(FuturesTableModel::durationText(2 * 3600'000 + 5 * 60'000), u"2 h 5 min"_s);
        QCOMPARE(FuturesTableModel::boundsText({4000, 4020}), u"4.0 s"_s);
        QCOMPARE(FuturesTableModel::boundsText({65'000, 80'000}), u"1:05–1:20 min"_s);
        QCOMPARE(FuturesTableModel::boundsText({50'000, 70'000}), u"0:50–1:10 min"_s);
        QCOMPARE(FuturesTableModel::boundsText({3'540'000, 3'720'000}), u"0:59–1:02 h"_s);
        QCOMPARE(FuturesTableModel::boundsText({}), QString());
    }
};

QTEST_GUILESS_MAIN(TestFuturesTableModel)
#include "tst_futurestablemodel.moc"

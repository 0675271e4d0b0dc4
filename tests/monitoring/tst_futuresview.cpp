#include "FutureStore.h"
#include "FuturesTableModel.h"
#include "FuturesView.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The futures view: its buttons act only on what is selected, and its detail pane shows
/// the selected future.
class TestFuturesView final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QPushButton* button(FuturesView& view, const QString& name)
    {
        auto* b = view.findChild<QPushButton*>(name);
        if (!b) {
            qFatal("no button %s", qPrintable(name));
        }
        return b;
    }

    /// Stop tracking, Resume tracking and Remove, enabled or not, as "stop resume remove"
    /// with a '-' for each one disabled.
    static QString enabledButtons(FuturesView& view)
    {
        QStringList names;
        const QList<std::pair<QString, QString>> buttons{{u"stopTrackingButton"_s, u"stop"_s},
                                                         {u"resumeTrackingButton"_s, u"resume"_s},
                                                         {u"removeFuturesButton"_s, u"remove"_s}};
        for (const auto& [object, name] : buttons) {
            names.append(button(view, object)->isEnabled() ? name : u"-"_s);
        }
        return names.join(u' ');
    }

    static TrackedFuture future(const QString& id, int minutesAgo)
    {
        TrackedFuture f;
        f.taskId = id;
        f.endpointId = u"end-1"_s;
        f.endpointName = u"echo"_s;
        f.submitted = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
        return f;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void buttonsAndDetailsFollowTheSelection()
    {
        FuturesView view;
        view.show();
        // No futures at all.
        QCOMPARE(enabledButtons(view), u"- - -"_s);

        FutureStore store(m_dir.filePath(u"futures.sqlite"_s));
        QCOMPARE(store.open(), QString());
        store.add(future(u"task-running"_s, 3));
        TrackedFuture untracked = future(u"task-untracked"_s, 2);
        untracked.tracked = false;
        store.add(untracked);
        TrackedFuture failed = future(u"task-failed"_s, 1);
        failed.status = TaskStatus::Failure;
        failed.traceback = u"Traceback (most recent call last): boom"_s;
        store.add(failed);
        view.model()->setStore(&store);
        QCOMPARE(view.table()->model()->rowCount(), 3);

        // Futures, none selected; the table having a current row (as it does once it has
        // the focus) shows nothing of it.
        QCOMPARE(enabledButtons(view), u"- - -"_s);
        view.table()->selectionModel()->setCurrentIndex(view.table()->model()->index(0, 0),
                                                        QItemSelectionModel::NoUpdate);
        QVERIFY(!view.table()->selectionModel()->hasSelection());
        QCOMPARE(enabledButtons(view), u"- - -"_s);
        QCOMPARE(view.viewer()->toPlainText(), QString());

        view.showTask(u"task-running"_s);
        QCOMPARE(view.selectedTaskIds(), QStringList{u"task-running"_s});
        QCOMPARE(enabledButtons(view), u"stop - remove"_s);
        QTest::mouseClick(button(view, u"stopTrackingButton"_s), Qt::LeftButton);
        QVERIFY(!store.at(store.indexOf(u"task-running"_s)).tracked);
        QCOMPARE(enabledButtons(view), u"- resume remove"_s);
        // Still not finished, though no longer followed; and the pane says it will not come.
        QTRY_COMPARE(view.findChild<QLabel*>(u"futuresSummary"_s)->text(),
                     u"3 futures, 2 not finished (2 no longer tracked)"_s);
        QVERIFY2(view.findChild<QLabel*>(u"futuresViewerTitle"_s)
                         ->text()
                         .contains(u"no longer asks for its result"_s),
                 qPrintable(view.findChild<QLabel*>(u"futuresViewerTitle"_s)->text()));

        view.showTask(u"task-untracked"_s);
        QCOMPARE(enabledButtons(view), u"- resume remove"_s);
        QTest::mouseClick(button(view, u"resumeTrackingButton"_s), Qt::LeftButton);
        QVERIFY(store.at(store.indexOf(u"task-untracked"_s)).tracked);
        QCOMPARE(enabledButtons(view), u"stop - remove"_s);

        // A finished task can be removed, not stopped or resumed; its traceback shows.
        view.showTask(u"task-failed"_s);
        QCOMPARE(enabledButtons(view), u"- - remove"_s);
        QCOMPARE(view.viewer()->toPlainText(), failed.traceback);

        // Nothing selected: nothing to act on, nothing shown.
        view.table()->clearSelection();
        QCOMPARE(enabledButtons(view), u"- - -"_s);
        QCOMPARE(view.viewer()->toPlainText(), QString());

        // The store goes (another profile): the selection goes with it, and the buttons follow.
        view.showTask(u"task-failed"_s);
        QCOMPARE(enabledButtons(view), u"- - remove"_s);
        view.model()->setStore(nullptr);
        QCOMPARE(enabledButtons(view), u"- - -"_s);
        QCOMPARE(view.viewer()->toPlainText(), QString());
    }
};

QTEST_MAIN(TestFuturesView)
#include "tst_futuresview.moc"

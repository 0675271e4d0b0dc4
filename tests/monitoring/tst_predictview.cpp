#include "LaunchClient.h"
#include "LaunchLocalFixture.h"
#include "PredictView.h"
#include "ProfileMonitor.h"
#include "RequestHistoryStore.h"

#include <QAccessible>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

/// The predict view as a person uses it: it shows the endpoint chosen in the table, sends the
/// arguments as typed and keeps them so, checks a URL before sending it (and offers none to
/// launch-local), and lists past requests with their status in a Status column that fits.
class TestPredictView final : public QObject
{
    Q_OBJECT

private:
    static ModelEndpoint endpoint(const QString& id, const QString& name, EndpointType type)
    {
        ModelEndpoint endpoint;
        endpoint.id = id;
        endpoint.name = name;
        endpoint.endpointType = type;
        endpoint.status = EndpointStatus::Ready;
        return endpoint;
    }

    static QList<ModelEndpoint> listEndpoints(LaunchClient& client)
    {
        QList<ModelEndpoint> endpoints;
        bool done = false;
        QObject context;
        client.listEndpoints(&context, [&](ApiResult<EndpointList> result) {
            if (result) {
                endpoints = result.value().endpoints;
            }
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 10'000); }();
        return endpoints;
    }

    static bool fits(const QTreeWidget* tree, int column)
    {
        const QTreeWidgetItem* item = tree->topLevelItem(0);
        return tree->header()->sectionSize(column) >=
               tree->fontMetrics().horizontalAdvance(item->text(column));
    }

    /// A row as a screen reader or an accessibility inspector reads it: the cells' names.
    static QStringList shownRow(QAbstractItemView* view, int row)
    {
        QAccessibleTableInterface* table =
                QAccessible::queryAccessibleInterface(view)->tableInterface();
        QStringList cells;
        for (int column = 0; column < table->columnCount(); ++column) {
            QAccessibleInterface* cell = table->cellAt(row, column);
            cells.append(cell ? cell->text(QAccessible::Name) : u"(no cell)"_s);
        }
        return cells;
    }

    /// What each history row should say, built from the stored history, newest first.
    static QList<QStringList> storedRows(ProfileMonitor& monitor, const QString& endpointId)
    {
        QList<QStringList> rows;
        for (const RequestHistoryStore::Entry& entry : monitor.requests()->entries(endpointId)) {
            rows.append({QLocale().toString(entry.sent.toLocalTime(), QLocale::ShortFormat),
                         u"sync"_s,
                         entry.status == u"ERROR"_s
                                 ? u"Error"_s
                                 : entry.status.at(0) + entry.status.mid(1).toLower(),
                         u"%1 ms"_s.arg(entry.roundTripMs), QString()});
        }
        return rows;
    }

    /// Every row and cell of the history table, as the model holds it and as it is read out.
    static void compareRows(QAbstractItemView* view, const QList<QStringList>& expected)
    {
        QCOMPARE(view->model()->rowCount(), expected.size());
        QCOMPARE(QAccessible::queryAccessibleInterface(view)->tableInterface()->rowCount(),
                 expected.size());
        for (int row = 0; row < expected.size(); ++row) {
            QStringList model;
            for (int column = 0; column < view->model()->columnCount(); ++column) {
                model.append(view->model()->index(row, column).data().toString());
            }
            QCOMPARE(model, expected.at(row));
            QCOMPARE(shownRow(view, row), expected.at(row));
        }
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void endpointsAreListedByName()
    {
        PredictView view;
        view.setEndpoints({endpoint(u"z"_s, u"zeta"_s, EndpointType::Sync),
                           endpoint(u"b10"_s, u"beta-10"_s, EndpointType::Sync),
                           endpoint(u"a"_s, u"Alpha"_s, EndpointType::Async),
                           endpoint(u"b9"_s, u"beta-9"_s, EndpointType::Sync)});
        auto* combo = view.findChild<QComboBox*>(u"predictEndpoint"_s);
        QStringList names;
        for (int i = 0; i < combo->count(); ++i) {
            names.append(combo->itemText(i));
        }
        // As the table sorts names: by their text, whatever the case.
        QCOMPARE(names, (QStringList{u"Alpha"_s, u"beta-10"_s, u"beta-9"_s, u"zeta"_s}));
        QCOMPARE(view.currentEndpointId(), u"a"_s);
    }

    void showsTheEndpointChosenBeforeItArrived()
    {
        PredictView view;
        view.setEndpoints({endpoint(u"a"_s, u"gui-async"_s, EndpointType::Async)});
        QCOMPARE(view.currentEndpointId(), u"a"_s);
        // gui-sync was just created and selected in the table; this view hears of it with the
        // refresh that follows.
        view.selectEndpoint(u"s"_s);
        view.setEndpoints({endpoint(u"a"_s, u"gui-async"_s, EndpointType::Async),
                           endpoint(u"s"_s, u"gui-sync"_s, EndpointType::Sync)});
        QCOMPARE(view.currentEndpointId(), u"s"_s);
        // Later refreshes keep what the person then picks in the view itself.
        auto* combo = view.findChild<QComboBox*>(u"predictEndpoint"_s);
        combo->setCurrentIndex(combo->findData(u"a"_s));
        view.setEndpoints({endpoint(u"a"_s, u"gui-async"_s, EndpointType::Async),
                           endpoint(u"s"_s, u"gui-sync"_s, EndpointType::Sync)});
        QCOMPARE(view.currentEndpointId(), u"a"_s);
    }

    void urlIsCheckedAndNotOfferedToLaunchLocal()
    {
        PredictView view;
        view.setEndpoints({endpoint(u"s"_s, u"remote-sync"_s, EndpointType::Sync)});
        view.setLocalServer(false);
        QVERIFY(view.urlButton()->isEnabled());
        view.urlButton()->setChecked(true);
        view.urlEdit()->setText(u"example.com/input.json"_s);
        QVERIFY2(view.validationLabel()->text().contains(u"http"_s),
                 qPrintable(view.validationLabel()->text()));
        view.urlEdit()->setText(u"https:///input.json"_s);
        QVERIFY2(view.validationLabel()->text().contains(u"host"_s),
                 qPrintable(view.validationLabel()->text()));
        view.urlEdit()->setText(u"https://example.com/input.json"_s);
        // Past the URL check: what remains is that no server is connected.
        QCOMPARE(view.validationLabel()->text(), PredictView::tr("Not connected to a server."));

        view.setLocalServer(true);
        QVERIFY(!view.urlButton()->isEnabled());
        QVERIFY(view.urlButton()->toolTip().contains(u"launch-local"_s));
        QVERIFY(!view.urlButton()->isChecked());
        QVERIFY(view.argsEditor()->isEnabled());
    }

    void historyShowsEveryRowAfterEachSend()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString syncId = server.createEndpoint(u"rows-sync"_s, u"SYNC"_s, &error);
        QVERIFY2(!syncId.isEmpty(), qPrintable(error));
        LaunchClient client(server.settings());
        const QList<ModelEndpoint> endpoints = listEndpoints(client);
        ProfileMonitor monitor(u"This computer"_s, m_dir.filePath(u"rows"_s));
        QCOMPARE(monitor.open(), QString());
        monitor.setClient(&client);

        QAccessible::setActive(true);
        PredictView view;
        view.resize(1100, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setMonitor(&monitor);
        view.setLocalServer(true);
        view.setEndpoints(endpoints);
        view.selectEndpoint(syncId);
        QAbstractItemView* history = view.historyList();
        // Read once so that the accessible cells exist before the rows change under them.
        compareRows(history, {});
        // The columns are as wide before the first row as after it: none jumps as rows come.
        const auto* tree = qobject_cast<const QTreeView*>(history);
        QVERIFY(tree);
        QList<int> widths;
        for (int column = 0; column < 4; ++column) {
            widths.append(tree->columnWidth(column));
        }

        // The example model answers, hangs up without answering, then fails on request.
        const QStringList sends = {u"{\"text\": \"x\"}"_s, u"{\"hang_up\": true}"_s,
                                   u"{\"fail\": true}"_s};
        const QStringList statuses = {u"Success"_s, u"Failure"_s, u"Failure"_s};
        for (qsizetype i = 0; i < sends.size(); ++i) {
            view.argsEditor()->setPlainText(sends.at(i));
            QSignalSpy appended(monitor.requests(), &RequestHistoryStore::appended);
            view.send();
            QVERIFY(appended.wait(20'000));
            const QList<QStringList> expected = storedRows(monitor, syncId);
            QCOMPARE(expected.size(), i + 1);
            QCOMPARE(expected.first().at(2), statuses.at(i));
            compareRows(history, expected);
            for (int column = 0; column < 4; ++column) {
                QCOMPARE(tree->columnWidth(column), widths.at(column));
                QVERIFY2(history->sizeHintForColumn(column) <= widths.at(column),
                         qPrintable(u"column %1: %2 px for %3 px of text"_s.arg(column)
                                            .arg(widths.at(column))
                                            .arg(history->sizeHintForColumn(column))));
            }
            // A failure's traceback can be copied when there is no result to copy.
            auto* copy = view.findChild<QPushButton*>(u"predictCopy"_s);
            QVERIFY(copy && copy->isEnabled());
            QCOMPARE(copy->text(), i == 0 ? u"Copy result"_s : u"Copy traceback"_s);
            // Read out every row in turn, as a screen reader moving down the table does.
            for (qsizetype row = 0; row < expected.size(); ++row) {
                QCOMPARE(shownRow(history, int(row)), expected.at(row));
            }
        }
        QAccessible::setActive(false);
    }

    void argumentErrorsSayWhatIsWrong()
    {
        PredictView view;
        view.setEndpoints({endpoint(u"end_1"_s, u"one"_s, EndpointType::Sync)});
        view.argsEditor()->setPlainText(u"{\"numbers\": [1, 2,]}"_s);
        QCOMPARE(view.validationLabel()->text(),
                 u"Line 1, column 20: a value is missing after a comma (JSON allows no comma "
                 "after the last item)"_s);
        // A word without quotes, where Qt speaks of an illegal number.
        view.argsEditor()->setPlainText(u"{\"text\": hello}"_s);
        QCOMPARE(view.validationLabel()->text(),
                 u"Line 1, column 10: text must be in double quotes, such as \"hello\""_s);
        // Valid JSON, but one value rather than arguments.
        for (const QString& single : {u"\"just a string\""_s, u"42"_s, u" null "_s}) {
            view.argsEditor()->setPlainText(single);
            QCOMPARE(view.validationLabel()->text(),
                     u"The arguments are a single value; type them as a JSON object or array, "
                     "such as {\"text\": \"hello\"}."_s);
        }
        // Megabytes are checked once typing pauses; Send waits for the check.
        const QString large = u"{\"image\": \""_s + QString(1'500'000, u'A') + u"\",}"_s;
        view.argsEditor()->setPlainText(large);
        QVERIFY(!view.findChild<QPushButton*>(u"predictSend"_s)->isEnabled());
        QCOMPARE(view.validationLabel()->text(), u"Checking the arguments…"_s);
        QTRY_VERIFY2(view.validationLabel()->text().contains(u"a value is missing after a comma"_s),
                     qPrintable(view.validationLabel()->text()));
        view.argsEditor()->setPlainText(u"   \n"_s);
        QCOMPARE(view.validationLabel()->text(),
                 u"Type the arguments as a JSON object or array, such as {\"text\": "
                 "\"hello\"}."_s);
    }

    void switchingServerWhileWaitingLeavesTheViewUsable()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString syncId = server.createEndpoint(u"slow-sync"_s, u"SYNC"_s, &error);
        QVERIFY2(!syncId.isEmpty(), qPrintable(error));
        LaunchClient client(server.settings());
        const QList<ModelEndpoint> endpoints = listEndpoints(client);
        ProfileMonitor first(u"This computer"_s, m_dir.filePath(u"switch-first"_s));
        QCOMPARE(first.open(), QString());
        first.setClient(&client);
        ProfileMonitor second(u"Remote"_s, m_dir.filePath(u"switch-second"_s));
        QCOMPARE(second.open(), QString());

        PredictView view;
        view.setMonitor(&first);
        view.setLocalServer(true);
        view.setEndpoints(endpoints);
        view.selectEndpoint(syncId);
        view.argsEditor()->setPlainText(u"{\"text\": \"slow\", \"sleep_ms\": 1500}"_s);
        QSignalSpy appended(first.requests(), &RequestHistoryStore::appended);
        view.send();
        QCOMPARE(view.validationLabel()->text(),
                 PredictView::tr("Waiting for the answer to the last prediction…"));

        // Another server is chosen before the answer: the view does not wait for it there.
        view.setMonitor(&second);
        view.setEndpoints({});
        QCOMPARE(view.statusLabel()->text(), PredictView::tr("No prediction sent yet."));
        QVERIFY(view.validationLabel()->text() !=
                PredictView::tr("Waiting for the answer to the last prediction…"));

        // The answer still lands in the history of the server it was sent to.
        QVERIFY(appended.wait(20'000));
        QCOMPARE(first.requests()->entries(syncId).size(), 1);
        QCOMPARE(first.requests()->entries(syncId).first().status, u"SUCCESS"_s);
        QVERIFY(second.requests()->entries(syncId).isEmpty());

        // Back on the first server the view is ready to send again.
        view.setMonitor(&first);
        view.setEndpoints(endpoints);
        view.selectEndpoint(syncId);
        QCOMPARE(view.validationLabel()->text(), PredictView::tr("Ready to send."));
        QCOMPARE(view.historyList()->topLevelItemCount(), 1);
    }

    void argumentsAreSentAndKeptAsTyped()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString syncId = server.createEndpoint(u"gui-sync"_s, u"SYNC"_s, &error);
        QVERIFY2(!syncId.isEmpty(), qPrintable(error));
        const QString asyncId = server.createEndpoint(u"gui-async"_s, u"ASYNC"_s, &error);
        QVERIFY2(!asyncId.isEmpty(), qPrintable(error));

        LaunchClient client(server.settings());
        const QList<ModelEndpoint> endpoints = listEndpoints(client);
        QCOMPARE(endpoints.size(), 2);
        ProfileMonitor monitor(u"This computer"_s, m_dir.filePath(u"typed"_s));
        QCOMPARE(monitor.open(), QString());
        monitor.setClient(&client);

        // Keys out of order, spaced the person's way: neither is the console's to change.
        const QString typed = u"{\"text\": \"hi\",\n  \"a\":   1}"_s;
        {
            PredictView view;
            view.resize(1100, 700);
            view.show();
            view.setMonitor(&monitor);
            view.setLocalServer(true);
            view.setEndpoints(endpoints);
            view.selectEndpoint(syncId);
            view.argsEditor()->setPlainText(typed);
            QCOMPARE(view.validationLabel()->text(), PredictView::tr("Ready to send."));
            QSignalSpy appended(monitor.requests(), &RequestHistoryStore::appended);
            view.send();
            QVERIFY(appended.wait(20'000));
            QCOMPARE(view.argsEditor()->toPlainText(), typed);
            QVERIFY2(view.statusLabel()->text().startsWith(u"Success · status code 200 · "_s),
                     qPrintable(view.statusLabel()->text()));
            QTreeWidget* history = view.historyList();
            QCOMPARE(history->topLevelItemCount(), 1);
            QCOMPARE(history->topLevelItem(0)->text(2), u"Success"_s);
            QVERIFY(fits(history, 0));

            // An async request: its task id has a column of its own, and its status follows
            // the future until it finishes.
            view.selectEndpoint(asyncId);
            QCOMPARE(view.statusLabel()->text(), PredictView::tr("No prediction sent yet."));
            QSignalSpy submitted(&view, &PredictView::futureSubmitted);
            view.send();
            QVERIFY(submitted.wait(20'000));
            const QString taskId = submitted.first().first().toString();
            QTRY_COMPARE(history->topLevelItemCount(), 1);
            QCOMPARE(history->topLevelItem(0)->text(4), taskId);
            QCOMPARE(view.statusLabel()->text(),
                     PredictView::tr("Submitted; the result shows in Futures."));
            QTRY_COMPARE_WITH_TIMEOUT(history->topLevelItem(0)->text(2), u"Success"_s, 20'000);
            QVERIFY(fits(history, 0));
            QVERIFY(fits(history, 2));
        }
        // Coming back (here: a new view, as after a restart) brings back the text as typed,
        // and so does cloning it from the history.
        PredictView view;
        view.setMonitor(&monitor);
        view.setEndpoints(endpoints);
        view.selectEndpoint(syncId);
        QCOMPARE(view.argsEditor()->toPlainText(), typed);
        QCOMPARE(view.statusLabel()->text(),
                 u"Last sent %1."_s.arg(QLocale().toString(
                         monitor.requests()->entries(syncId, 1).first().sent.toLocalTime(),
                         QLocale::ShortFormat)));
        QCOMPARE(view.historyList()->topLevelItem(0)->text(2), u"Success"_s);
        view.argsEditor()->setPlainText(u"{}"_s);
        view.historyList()->setCurrentItem(view.historyList()->topLevelItem(0));
        view.cloneSelected();
        QCOMPARE(view.argsEditor()->toPlainText(), typed);
    }
};

QTEST_MAIN(TestPredictView)
#include "tst_predictview.moc"

#include "LaunchClient.h"
#include "LaunchLocalFixture.h"
#include "PredictView.h"
#include "ProfileMonitor.h"
#include "RequestHistoryStore.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
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

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
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
            QVERIFY2(view.statusLabel()->text().startsWith(u"SUCCESS"_s),
                     qPrintable(view.statusLabel()->text()));
            QTreeWidget* history = view.historyList();
            QCOMPARE(history->topLevelItemCount(), 1);
            QCOMPARE(history->topLevelItem(0)->text(2), u"Success"_s);
            QVERIFY(fits(history, 0));

            // An async request: its status is Submitted and its task id has a column of its
            // own.
            view.selectEndpoint(asyncId);
            QSignalSpy submitted(&view, &PredictView::futureSubmitted);
            view.send();
            QVERIFY(submitted.wait(20'000));
            QTRY_COMPARE(history->topLevelItemCount(), 1);
            const QTreeWidgetItem* row = history->topLevelItem(0);
            QCOMPARE(row->text(2), u"Submitted"_s);
            QCOMPARE(row->text(4), submitted.first().first().toString());
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
        view.argsEditor()->setPlainText(u"{}"_s);
        view.historyList()->setCurrentItem(view.historyList()->topLevelItem(0));
        view.cloneSelected();
        QCOMPARE(view.argsEditor()->toPlainText(), typed);
    }
};

QTEST_MAIN(TestPredictView)
#include "tst_predictview.moc"

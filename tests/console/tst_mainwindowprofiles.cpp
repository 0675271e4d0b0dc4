#include "CredentialStore.h"
#include "EndpointsView.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ProfileStore.h"
#include "Prompt.h"

#include <QAction>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
// An HTTP server that answers every request with one fixed response.
class FixedServer final : public QTcpServer
{
public:
    explicit FixedServer(QByteArray response)
        : m_response(std::move(response))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    socket->write(m_response);
                    socket->disconnectFromHost();
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(serverPort())); }

private:
    QByteArray m_response;
};

QByteArray httpResponse(const QByteArray& status, const QByteArray& body)
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}
} // namespace

/// The main window switching between remote profiles (no local server, no Secret Service):
/// what stays with the window, what stays with each profile, and what the user may do on a
/// server that does not answer.
class TestMainWindowProfiles : public QObject
{
    Q_OBJECT
private:
    Profile addProfile(const QString& name, const QUrl& url, const QString& key = {})
    {
        Profile p;
        p.name = name;
        p.baseUrl = url;
        p.allowPlainHttp = true;
        p = m_profiles->save(p);
        if (!key.isEmpty()) {
            m_credentials->setSessionKey(p.keychainEntry(), key);
        }
        return p;
    }

    QString barText() const
    {
        MessageBar* bar = m_window->messageBar();
        return bar->isVisible() ? bar->text() : QString();
    }

    // Lets the toolbar and the window lay out what changed.
    static void settle()
    {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }

    bool newEndpointEnabled() const
    {
        return m_window->findChild<QAction*>(u"actionNewEndpoint"_s)->isEnabled();
    }

    // What the endpoints table's context menu offers for a right-click at `pos` (in its
    // viewport): the actions' texts without mnemonics, "(disabled)" after those disabled.
    QStringList contextMenuAt(const QPoint& pos) const
    {
        auto* table = m_window->endpointsView()->findChild<QTableView*>(u"endpointTable"_s);
        QStringList offered;
        bool opened = false;
        QTimer::singleShot(0, m_window.get(), [&] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu) {
                return;
            }
            opened = true;
            for (const QAction* action : menu->actions()) {
                if (!action->isSeparator() && action->isVisible()) {
                    offered.append(QString(action->text()).remove(u'&') +
                                   (action->isEnabled() ? QString() : u" (disabled)"_s));
                }
            }
            menu->close();
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, table->viewport()->mapToGlobal(pos));
        QApplication::sendEvent(table->viewport(), &event);
        if (!opened) {
            qWarning("no context menu opened");
        }
        return offered;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<FixedServer> m_launch;
    std::unique_ptr<FixedServer> m_notFound;
    std::unique_ptr<FixedServer> m_oneEndpoint;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<MainWindow> m_window;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_launch = std::make_unique<FixedServer>(
                httpResponse("200 OK", R"({"model_endpoints": [], "model_bundles": []})"));
        m_notFound = std::make_unique<FixedServer>(httpResponse("404 Not Found", "{}"));
        m_oneEndpoint = std::make_unique<FixedServer>(httpResponse("200 OK", R"({
            "model_endpoints": [{
                "id": "end-gamma", "name": "gamma-scorer", "endpoint_type": "sync",
                "destination": "gamma", "bundle_name": "gamma-bundle", "status": "READY",
                "created_by": "tester", "created_at": "2024-03-05T14:07:09",
                "last_updated_at": "2024-03-05T14:07:09"}],
            "model_bundles": []})"));
        QVERIFY(m_launch->isListening() && m_notFound->isListening() &&
                m_oneEndpoint->isListening());
    }

    void init()
    {
        m_profiles = std::make_unique<ProfileStore>(
                m_dir.filePath(u"%1.conf"_s)
                        .arg(QString::fromLatin1(QTest::currentTestFunction())));
        m_profiles->ensureLocalProfile();
        m_credentials = std::make_unique<CredentialStore>(u"launch-console-test-switch"_s);
        addProfile(u"Alpha"_s, m_launch->url(), u"sk-alpha"_s);
        addProfile(u"Beta"_s, m_launch->url(), u"sk-beta"_s);
        // Started on a remote profile, so that no local server is started.
        m_profiles->setCurrentProfileName(u"Alpha"_s);
        m_window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void switchingKeepsTheWindowWhereItIs()
    {
        m_window->resize(1000, 700);
        QVERIFY(m_window->switchProfile(u"Beta"_s));
        m_window->resize(1100, 650);
        QVERIFY(m_window->switchProfile(u"Alpha"_s));
        QCOMPARE(m_window->size(), QSize(1100, 650));
        // The next start opens the window as it was left.
        m_window->close();
        m_window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
        QCOMPARE(m_window->size(), QSize(1100, 650));
    }

    void filterStaysWithItsProfile()
    {
        QLineEdit* filter = m_window->endpointsView()->filterEdit();
        QTest::keyClicks(filter, u"team=vision"_s);
        QVERIFY(m_window->switchProfile(u"Beta"_s));
        QCOMPARE(filter->text(), QString());
        QVERIFY(m_window->switchProfile(u"Alpha"_s));
        QCOMPARE(filter->text(), u"team=vision"_s);
    }

    void newEndpointOnlyWhereTheServerAnswers()
    {
        QTRY_VERIFY_WITH_TIMEOUT(newEndpointEnabled(), 20000);

        addProfile(u"Web server"_s, m_notFound->url(), u"sk-web"_s);
        QVERIFY(m_window->switchProfile(u"Web server"_s));
        QTRY_VERIFY_WITH_TIMEOUT(barText().contains(u"(404)"_s), 20000);
        QVERIFY(m_window->client() != nullptr);
        QVERIFY(!newEndpointEnabled());

        addProfile(u"No key"_s, m_launch->url());
        QVERIFY(m_window->switchProfile(u"No key"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!barText().isEmpty(), 20000);
        QVERIFY(!newEndpointEnabled());

        QVERIFY(m_window->switchProfile(u"Alpha"_s));
        QTRY_VERIFY_WITH_TIMEOUT(newEndpointEnabled(), 20000);
    }

    void profilePickerKeepsItsWidth()
    {
        // A long profile name is elided in the picker (the tooltip has it in full), so the
        // buttons after it stay under the pointer whichever profile is chosen.
        auto* bar = m_window->findChild<QToolBar*>(u"mainToolBar"_s);
        auto* combo = m_window->findChild<QComboBox*>(u"profileCombo"_s);
        QWidget* newButton =
                bar->widgetForAction(m_window->findChild<QAction*>(u"actionNewEndpoint"_s));
        QVERIFY(bar && combo && newButton);
        settle();
        const QRect buttonBefore = newButton->geometry();
        const int comboWidth = combo->width();
        const QString port = QString::number(m_launch->serverPort());
        QCOMPARE(combo->currentText(), u"Alpha  (127.0.0.1:%1)"_s.arg(port));
        QCOMPARE(combo->toolTip(), u"Alpha  (127.0.0.1:%1)"_s.arg(port));

        const QString longName = u"Production cluster in eu-west-1, the one with the GPUs"_s;
        addProfile(longName, m_launch->url(), u"sk-long"_s);
        QVERIFY(m_window->switchProfile(longName));
        settle();
        QCOMPARE(combo->width(), comboWidth);
        QCOMPARE(newButton->geometry(), buttonBefore);
        const QString full = longName + u"  (127.0.0.1:%1)"_s.arg(port);
        QCOMPARE(combo->toolTip(), full);
        QVERIFY2(combo->currentText().contains(u'…'), qPrintable(combo->currentText()));
        QVERIFY(combo->currentText().startsWith(u"Production"_s));
        QVERIFY(combo->currentText().endsWith(u"…  (127.0.0.1:%1)"_s.arg(port)));
        QCOMPARE(combo->itemData(combo->currentIndex(), Qt::ToolTipRole).toString(), full);

        QVERIFY(m_window->switchProfile(u"Beta"_s));
        settle();
        QCOMPARE(newButton->geometry(), buttonBefore);
        QCOMPARE(combo->toolTip(), u"Beta  (127.0.0.1:%1)"_s.arg(port));
    }

    void detailsPaneEmptiesOnProfileSwitch()
    {
        // The pane showed an endpoint of the server left behind: after the switch it asks for
        // a selection, as the table has none.
        addProfile(u"Gamma"_s, m_oneEndpoint->url(), u"sk-gamma"_s);
        QVERIFY(m_window->switchProfile(u"Gamma"_s));
        EndpointsView* view = m_window->endpointsView();
        QTRY_VERIFY_WITH_TIMEOUT(view->selectEndpoint(u"end-gamma"_s), 20000);
        auto* details = view->findChild<QTextBrowser*>(u"endpointDetails"_s);
        auto* logs = view->findChild<QPlainTextEdit*>(u"workerLogs"_s);
        QVERIFY(details && logs);
        QVERIFY(details->toPlainText().startsWith(u"gamma-scorer"_s));
        QVERIFY(m_window->findChild<QAction*>(u"actionEdit"_s)->isEnabled());

        QVERIFY(m_window->switchProfile(u"Alpha"_s));
        QCOMPARE(details->toPlainText(), u"Select an endpoint to see its details."_s);
        QCOMPARE(logs->toPlainText(), u"Select an endpoint to see its worker logs."_s);
        QVERIFY(!m_window->selectedEndpoint());
        QVERIFY(!m_window->findChild<QAction*>(u"actionEdit"_s)->isEnabled());
        // Coming back lists the endpoint again, still not selected.
        QVERIFY(m_window->switchProfile(u"Gamma"_s));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->endpoints().size(), 1, 20000);
        QCOMPARE(details->toPlainText(), u"Select an endpoint to see its details."_s);
    }

    void newEndpointInTheEndpointMenuAndTheTablesMenu()
    {
        auto* newEndpoint = m_window->findChild<QAction*>(u"actionNewEndpoint"_s);
        QMenu* endpointMenu = nullptr;
        for (QAction* item : m_window->menuBar()->actions()) {
            if (item->text().remove(u'&') == u"Endpoint"_s) {
                endpointMenu = item->menu();
            }
        }
        QVERIFY(newEndpoint && endpointMenu);
        QCOMPARE(endpointMenu->actions().value(0), newEndpoint);

        addProfile(u"Gamma"_s, m_oneEndpoint->url(), u"sk-gamma"_s);
        QVERIFY(m_window->switchProfile(u"Gamma"_s));
        QTRY_VERIFY_WITH_TIMEOUT(newEndpoint->isEnabled(), 20000);
        EndpointsView* view = m_window->endpointsView();
        QTRY_VERIFY_WITH_TIMEOUT(view->selectEndpoint(u"end-gamma"_s), 20000);
        auto* table = view->findChild<QTableView*>(u"endpointTable"_s);
        const QPoint onRow = table->visualRect(table->model()->index(0, 0)).center();
        QCOMPARE(contextMenuAt(onRow), (QStringList{u"New endpoint…"_s, u"Edit…"_s, u"Scale…"_s,
                                                    u"Restart"_s, u"Delete…"_s}));
        QVERIFY(m_window->selectedEndpoint());

        // Below the last row: nothing there to edit or delete, and the row selected before
        // is not selected any more.
        const QPoint belowRows(onRow.x(), table->rowViewportPosition(0) + table->rowHeight(0) * 3);
        QVERIFY(belowRows.y() < table->viewport()->height());
        QVERIFY(!table->indexAt(belowRows).isValid());
        QCOMPARE(contextMenuAt(belowRows), QStringList{u"New endpoint…"_s});
        QVERIFY(!m_window->selectedEndpoint());
        QVERIFY(!m_window->findChild<QAction*>(u"actionEdit"_s)->isEnabled());
    }

    void restartPromisesOnlyTheReplacementOnAHostedServer()
    {
        addProfile(u"Gamma"_s, m_oneEndpoint->url(), u"sk-gamma"_s);
        QVERIFY(m_window->switchProfile(u"Gamma"_s));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->endpointsView()->selectEndpoint(u"end-gamma"_s), 20000);
        QList<Prompt::Question> asked;
        Prompt::setHook([&asked](const Prompt::Question& q) {
            asked.append(q);
            return Prompt::Answer{false, {}}; // cancelled: nothing is sent
        });
        m_window->findChild<QAction*>(u"actionRestart"_s)->trigger();
        Prompt::setHook({});
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().id, u"restartEndpoint"_s);
        QCOMPARE(asked.first().text, u"Replace every worker of gamma-scorer with a new one?"_s);
    }

    void missingCaFileSaysSoOnConnect()
    {
        Profile p = addProfile(u"Private CA"_s, QUrl(u"https://127.0.0.1:1"_s), u"sk-ca"_s);
        p.caFile = m_dir.filePath(u"gone-ca.pem"_s);
        m_profiles->save(p);
        QVERIFY(m_window->switchProfile(u"Private CA"_s));
        QCOMPARE(barText(), u"The CA file %1 does not exist."_s.arg(p.caFile));
        QVERIFY(m_window->client() == nullptr);
        // Not "Connecting…" for ever: the table points at the bar.
        const auto* hint = m_window->endpointsView()->findChild<QLabel*>(u"endpointEmptyHint"_s);
        QCOMPARE(hint->text(), u"Not connected: the bar above says why."_s);
    }
};

QTEST_MAIN(TestMainWindowProfiles)
#include "tst_mainwindowprofiles.moc"

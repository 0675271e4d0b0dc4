#include "CredentialStore.h"
#include "EndpointsView.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ProfileStore.h"
#include "Prompt.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
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

    bool newEndpointEnabled() const
    {
        return m_window->findChild<QAction*>(u"actionNewEndpoint"_s)->isEnabled();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<FixedServer> m_launch;
    std::unique_ptr<FixedServer> m_notFound;
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
        QVERIFY(m_launch->isListening() && m_notFound->isListening());
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

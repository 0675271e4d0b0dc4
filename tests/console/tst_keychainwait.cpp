#include "CredentialStore.h"
#include "EndpointsView.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ProfileStore.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusVirtualObject>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
// A Secret Service that takes every call and never answers, as a locked keychain does while
// its unlock prompt waits for the user.
class SilentSecretService final : public QDBusVirtualObject
{
public:
    bool handleMessage(const QDBusMessage& message, const QDBusConnection&) override
    {
        ++calls;
        Q_UNUSED(message)
        return true;
    }
    QString introspect(const QString&) const override { return {}; }
    int calls = 0;
};
} // namespace

/// A keychain read that hangs: the main window says after about a second what it waits for,
/// offers a key for this session, and gives up after the read timeout instead of waiting
/// silently. Runs on a private D-Bus (CTest starts it with dbus-run-session).
class TestKeychainWait : public QObject
{
    Q_OBJECT
private:
    QString barText() const
    {
        MessageBar* bar = m_window->messageBar();
        return bar->isVisible() ? bar->text() : QString();
    }

    QString emptyTableText() const
    {
        const auto* hint = m_window->endpointsView()->findChild<QLabel*>(u"endpointEmptyHint"_s);
        return hint && hint->isVisible() ? hint->text() : QString();
    }

    QTemporaryDir m_dir;
    QTcpServer m_launch;
    SilentSecretService m_service;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<MainWindow> m_window;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected()) {
            QSKIP("Needs a D-Bus session without a Secret Service (CTest gives it one).");
        }
        if (bus.interface()->isServiceRegistered(u"org.freedesktop.secrets"_s)) {
            QSKIP("A Secret Service already runs on this bus; run through CTest.");
        }
        QVERIFY(bus.registerVirtualObject(u"/org/freedesktop/secrets"_s, &m_service,
                                          QDBusConnection::SubPath));
        QVERIFY(bus.registerService(u"org.freedesktop.secrets"_s));

        // A Launch server with no endpoints, for once the key is known.
        QVERIFY(m_launch.listen(QHostAddress::LocalHost, 0));
        connect(&m_launch, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_launch.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    const QByteArray body = R"({"model_endpoints": [], "model_bundles": []})";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(body.size()) +
                                  "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
            }
        });
    }

    void waitingForTheKeychainIsSaidAndEnds()
    {
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(u"console.conf"_s));
        m_profiles->ensureLocalProfile();
        Profile remote;
        remote.name = u"Remote"_s;
        remote.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(m_launch.serverPort()));
        m_profiles->save(remote);
        m_profiles->setCurrentProfileName(remote.name);
        m_credentials = std::make_unique<CredentialStore>(u"launch-console-test-wait"_s);
        m_credentials->setReadTimeoutMs(4000);

        QElapsedTimer clock;
        clock.start();
        m_window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(barText().startsWith(u"Waiting for the system keychain to hand "
                                                      "over the API key of Remote; it may be "
                                                      "asking to be unlocked"_s),
                                 3000);
        QVERIFY(clock.elapsed() >= MainWindow::keychainWaitNoticeMs);
        QVERIFY(m_service.calls > 0);
        QCOMPARE(emptyTableText(), u"Waiting for the system keychain…"_s);
        auto* action = m_window->messageBar()->findChild<QPushButton*>(u"messageBarAction"_s);
        QCOMPARE(action->text(), u"Enter key for this session…"_s);

        // Not forever: after the timeout the bar says so and still offers the session key.
        QTRY_VERIFY_WITH_TIMEOUT(barText().startsWith(u"The system keychain did not answer "
                                                      "within 4 s"_s),
                                 8000);
        QVERIFY(action->isVisible());
        QCOMPARE(action->text(), u"Enter key for this session…"_s);

        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setTextValue(u"sk-typed"_s);
            dialog->accept();
        });
        QTest::mouseClick(action, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client() != nullptr, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(emptyTableText().startsWith(u"No"_s), 10000);
        QCOMPARE(barText(), QString());
        QVERIFY(m_credentials->hasSessionKey(m_profiles->profile(u"Remote"_s)->keychainEntry()));
        m_window.reset();
    }
};

QTEST_MAIN(TestKeychainWait)
#include "tst_keychainwait.moc"

#include "EndpointRefresher.h"
#include "LaunchClient.h"
#include "LocalServerController.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The refresh loop: a failing server is retried with a growing wait, and the loop recovers
/// by itself once the server answers (a real launch-local).
class TestEndpointRefresher : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void backsOffThenRecovers()
    {
        // A port that refuses connections: bind one, then close it.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = probe.serverPort();
        probe.close();

        const QString key = u"refresher-test-key"_s;
        LaunchClient client(ConnectionSettings(QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort)), key));
        EndpointRefresher refresher;
        refresher.setClient(&client);
        refresher.setInterval(1000);
        QSignalSpy failed(&refresher, &EndpointRefresher::failed);
        QSignalSpy refreshed(&refresher, &EndpointRefresher::refreshed);
        QSignalSpy recovered(&refresher, &EndpointRefresher::recovered);

        refresher.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.last().at(1).toInt(), 2000);
        QCOMPARE(failed.last().at(0).value<ApiError>().kind(), ApiError::Kind::Network);
        // "Retry now" that fails again leaves the back-off where it was...
        refresher.refreshNow();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.last().at(1).toInt(), 2000);
        QCOMPARE(refresher.failureCount(), 1);
        // ...while the timer's own next try doubles it.
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.last().at(1).toInt(), 4000);
        QCOMPARE(refresher.failureCount(), 2);
        QVERIFY(!refresher.lastSuccess().isValid());

        QTemporaryDir data;
        LocalServerController server;
        server.setDataDir(data.path());
        server.setApiKey(key);
        QSignalSpy state(&server, &LocalServerController::stateChanged);
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), LocalServerController::State::Running, 20000);
        ConnectionSettings settings(server.url(), key);
        client.setSettings(settings);
        refresher.refreshNow();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(recovered.size(), 1);
        QCOMPARE(refresher.failureCount(), 0);
        QCOMPARE(refresher.currentDelay(), 1000);
        QVERIFY(refresher.lastSuccess().isValid());
        QCOMPARE(refreshed.last().at(0).value<QList<ModelEndpoint>>().size(), 0);
        server.stop();
        QCOMPARE(server.state(), LocalServerController::State::Stopped);
    }

    void wrongKeyIsReportedAsUnauthorized()
    {
        QTemporaryDir data;
        LocalServerController server;
        server.setDataDir(data.path());
        server.setApiKey(u"right-key"_s);
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), LocalServerController::State::Running, 20000);
        LaunchClient client(ConnectionSettings(server.url(), u"wrong-key"_s));
        EndpointRefresher refresher;
        refresher.setClient(&client);
        QSignalSpy failed(&refresher, &EndpointRefresher::failed);
        refresher.refreshNow();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.last().at(0).value<ApiError>().kind(), ApiError::Kind::Unauthorized);
    }
};

QTEST_GUILESS_MAIN(TestEndpointRefresher)
#include "tst_endpointrefresher.moc"

// LocalServerController: with a stand-in program, a refusal (exit code 2) is shown as the
// program's own sentence and is not retried in a loop; with the real launch-local, a crash is
// followed by a restart, a few times, and then by a sentence saying it is not restarted.
#include "LocalServerController.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace Qt::StringLiterals;

class TestLocalServerController final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void refusalShowsSentenceAndIsNotRestarted()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString program = dir.filePath(u"fake-launch-local"_s);
        const QString starts = dir.filePath(u"starts"_s);
        QFile script(program);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho started >> '" + starts.toUtf8() +
                     "'\necho 'Another launch-local is already using this data folder.' >&2\n"
                     "exit 2\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

        LocalServerController server;
        server.setProgram(program);
        server.setDataDir(dir.filePath(u"data"_s));
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), LocalServerController::State::Refused, 10000);
        QCOMPARE(server.lastError(), u"Another launch-local is already using this data folder."_s);
        QCOMPARE(LocalServerController::stateText(server.state()), u"not started"_s);

        // Longer than the automatic restart delay: nothing starts again.
        QSignalSpy changed(&server, &LocalServerController::stateChanged);
        QVERIFY(!changed.wait(2500));
        QFile log(starts);
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(log.readAll().count("started"), 1);
    }

    void missingProgramIsNotCalledACrashLoop()
    {
        LocalServerController server;
        server.setProgram({});
        server.start();
        QCOMPARE(server.state(), LocalServerController::State::Crashed);
        QVERIFY(server.lastError().startsWith(u"launch-local was not found"_s));
        QVERIFY(!server.restartScheduled());
        QVERIFY(!server.gaveUpRestarting());
    }

    void secondServerOnTheSameFolderNamesWhoHoldsIt()
    {
        // As when a second console starts: its server finds the folder taken by the first's.
        QTemporaryDir dir;
        const QString program =
                qEnvironmentVariable("LAUNCH_BUILD_DIR") + u"/app/local/launch-local"_s;
        LocalServerController first;
        first.setProgram(program);
        first.setDataDir(dir.filePath(u"data"_s));
        first.setApiKey(u"first-key"_s);
        first.start();
        QTRY_COMPARE_WITH_TIMEOUT(first.state(), LocalServerController::State::Running, 20000);

        LocalServerController second;
        second.setProgram(program);
        second.setDataDir(first.dataDir());
        second.setApiKey(u"second-key"_s);
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), LocalServerController::State::Refused, 20000);
        QVERIFY(second.dataFolderBusy());
        QCOMPARE(second.lastError(),
                 u"another Launch Console, or a launch-local started by hand with the same data "
                 "folder (process id %1), already runs it."_s.arg(first.processId()));
        // The console never takes --data-dir: its user is not told to give one.
        QVERIFY(!second.lastError().contains(u"--data-dir"_s));
        first.stop();
    }

    void crashesAreRestartedAFewTimes()
    {
        QTemporaryDir dir;
        // Outlives the server, which still reports a state change while it is destroyed.
        QList<LocalServerController::State> states;
        LocalServerController server;
        server.setProgram(qEnvironmentVariable("LAUNCH_BUILD_DIR") + u"/app/local/launch-local"_s);
        server.setDataDir(dir.filePath(u"data"_s));
        server.setApiKey(u"controller-test-key"_s);
        connect(&server, &LocalServerController::stateChanged, this,
                [&states](LocalServerController::State state) { states.append(state); });
        server.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), LocalServerController::State::Running, 20000);

        for (int crash = 1; crash <= LocalServerController::maxAutomaticRestarts + 1; ++crash) {
            const qint64 pid = server.processId();
            QVERIFY(pid > 0);
            states.clear();
            QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
            QTRY_VERIFY_WITH_TIMEOUT(states.contains(LocalServerController::State::Crashed), 10000);
            QCOMPARE(server.lastError(), u"launch-local, the server of this computer, crashed."_s);
            if (crash <= LocalServerController::maxAutomaticRestarts) {
                QVERIFY(server.restartScheduled());
                QVERIFY(!server.gaveUpRestarting());
                QTRY_COMPARE_WITH_TIMEOUT(server.state(), LocalServerController::State::Running,
                                          20000);
                QVERIFY(server.processId() != pid);
                QVERIFY(server.url().isValid());
            }
        }
        // The fourth crash within a minute: it stays down until the user restarts it.
        QVERIFY(!server.restartScheduled());
        QVERIFY(server.gaveUpRestarting());
        QCOMPARE(server.state(), LocalServerController::State::Crashed);
        server.restart();
        QTRY_COMPARE_WITH_TIMEOUT(server.state(), LocalServerController::State::Running, 20000);
        server.stop();
    }
};

QTEST_GUILESS_MAIN(TestLocalServerController)
#include "tst_localservercontroller.moc"

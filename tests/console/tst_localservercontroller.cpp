// LocalServerController with a stand-in program: a refusal (exit code 2) is shown as the
// program's own sentence and is not retried in a loop.
#include "LocalServerController.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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
};

QTEST_GUILESS_MAIN(TestLocalServerController)
#include "tst_localservercontroller.moc"

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// Starts the real launch-console program: --version and --help without a display, and
/// --screenshot against the launch-local it starts for "This computer".
class TestSmoke : public QObject
{
    Q_OBJECT
private:
    QString m_program;

    QProcessEnvironment isolatedEnvironment(const QTemporaryDir& home) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        env.insert(u"XDG_CACHE_HOME"_s, home.filePath(u"cache"_s));
        return env;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
#ifndef LAUNCH_CONSOLE_PATH
        QSKIP("this build has no launch-console program");
#else
        m_program = QStringLiteral(LAUNCH_CONSOLE_PATH);
#endif
        QVERIFY2(QFile::exists(m_program), qPrintable(m_program));
    }

    void versionAndHelpNeedNoDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(m_program, {u"--version"_s});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
                 u"launch-console "_s + QStringLiteral(LAUNCH_VERSION));
        p.start(m_program, {u"--help"_s});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QString help = QString::fromUtf8(p.readAllStandardOutput());
        for (const QString& option : {u"--profile"_s, u"--view"_s, u"--screenshot"_s}) {
            QVERIFY2(help.contains(option), qPrintable(help));
        }
        // The views there are, by id, rather than "a view added by another part".
        QVERIFY2(help.simplified().contains(
                         u"Show the view <id> first: endpoints, bundles, predict, futures, "
                         "dashboard."_s),
                 qPrintable(help));
    }

    void withoutADisplayTheConsoleSaysWhyItCannotOpen()
    {
        QTemporaryDir home;
        QProcessEnvironment env = isolatedEnvironment(home);
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(m_program, QStringList());
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(p.readAllStandardError().contains(
                         "launch-console: there is no display to open the console on"),
                 "no plain message");
        // A mistyped option is still named, rather than lost in the platform's abort.
        p.start(m_program, {u"--bogus"_s});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("Unknown option 'bogus'"));
    }

    void unknownProfileIsRefused()
    {
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(isolatedEnvironment(home));
        p.start(m_program, {u"--profile"_s, u"No such server"_s});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("No such server"));
    }

    void strayArgumentIsRefused()
    {
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(isolatedEnvironment(home));
        p.start(m_program, {u"dashboard"_s});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 1);
        QCOMPARE(p.readAllStandardError().trimmed().split('\n').last(),
                 QByteArray("launch-console: unexpected argument \"dashboard\"; see --help."));
    }

    void unknownViewIsRefusedWithTheViewsThereAre()
    {
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(isolatedEnvironment(home));
        p.start(m_program, {u"--view"_s, u"Graphs"_s});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray errors = p.readAllStandardError();
        QVERIFY2(errors.contains("no view \"Graphs\"; views: endpoints, bundles, predict, futures, "
                                 "dashboard"),
                 errors.constData());
    }

    void screenshotAfterFirstRefresh()
    {
        QTemporaryDir home;
        const QString file = home.filePath(u"console.png"_s);
        QProcess p;
        p.setProcessEnvironment(isolatedEnvironment(home));
        // View ids are matched whatever their case.
        p.start(m_program, {u"--screenshot"_s, file, u"--view"_s, u"Endpoints"_s});
        QVERIFY(p.waitForFinished(90000));
        const QByteArray errors = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, errors.constData());
        const QImage image(file);
        QVERIFY2(!image.isNull(), "the screenshot is a readable PNG");
        QVERIFY(image.width() >= 800);
        QVERIFY(image.height() >= 500);
        // The first refresh went to the launch-local the console started itself.
        QVERIFY2(errors.contains("launch-local is ready"), errors.constData());
    }

    void terminationSignalEndsTheConsoleAndItsServer()
    {
#ifdef Q_OS_UNIX
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(isolatedEnvironment(home));
        p.start(m_program, QStringList());
        QVERIFY(p.waitForStarted());
        QByteArray errors;
        QRegularExpressionMatch ready;
        const QRegularExpression readyLine(
                u"launch-local is ready at \"http://127.0.0.1:(\\d+)\""_s);
        QTRY_VERIFY_WITH_TIMEOUT((errors += p.readAllStandardError(),
                                  (ready = readyLine.match(QString::fromUtf8(errors))).hasMatch()),
                                 60000);
        const quint16 port = ready.captured(1).toUShort();
        p.terminate(); // SIGTERM, as a logout sends
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        // Its launch-local went with it: nothing listens on its port any more.
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!probe.waitForConnected(2000));
#else
        QSKIP("Termination signals are a Unix matter.");
#endif
    }
};

QTEST_GUILESS_MAIN(TestSmoke)
#include "tst_smoke.moc"

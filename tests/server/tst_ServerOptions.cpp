#include "TestServer.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

/// launch-local's command line: the start line, --help and --version, where the API key may
/// come from, and refusing a non-loopback address.
class TestServerOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpAndVersion();
    void refusesMissingKey();
    void refusesKeyFileOthersCanRead();
    void acceptsPrivateKeyFile();
    void refusesRemoteAddressUnlessAllowed();
    void refusesNegativeDurations();
    void refusesPositionalArguments();
    void takenPortIsTheOneThingSaid();
    void damagedDatabaseIsExplainedAndKept();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    /// Runs launch-local with `--data-dir dataDir` (a folder of the test's own by default).
    Run run(const QStringList& arguments, const QProcessEnvironment& environment,
            const QString& dataDir = {});
    QProcessEnvironment environmentWithKey() const;
    QProcessEnvironment environmentWithoutKey() const;
    QString writeKeyFile(const QString& name, QFileDevice::Permissions permissions);

    QTemporaryDir m_dir;
};

void TestServerOptions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

QProcessEnvironment TestServerOptions::environmentWithoutKey() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"LAUNCH_LOCAL_API_KEY"_s);
    return environment;
}

QProcessEnvironment TestServerOptions::environmentWithKey() const
{
    QProcessEnvironment environment = environmentWithoutKey();
    environment.insert(u"LAUNCH_LOCAL_API_KEY"_s, u"k"_s);
    return environment;
}

TestServerOptions::Run TestServerOptions::run(const QStringList& arguments,
                                              const QProcessEnvironment& environment,
                                              const QString& dataDir)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(
            TestServer::serverPath(),
            QStringList{u"--data-dir"_s, dataDir.isEmpty() ? m_dir.filePath(u"data"_s) : dataDir} +
                    arguments);
    Run result;
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString TestServerOptions::writeKeyFile(const QString& name, QFileDevice::Permissions permissions)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write("file-key-5678\n");
    file.close();
    file.setPermissions(permissions);
    return file.fileName();
}

void TestServerOptions::helpAndVersion()
{
    const Run help = run({u"--help"_s}, environmentWithoutKey());
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--api-key-file"));
    QVERIFY(help.out.contains("LAUNCH_LOCAL_READY"));
    QVERIFY(help.out.contains("--sync-timeout-ms <ms>"));
    QVERIFY(help.out.contains("--health-check-ms <ms>"));
    const Run version = run({u"--version"_s}, environmentWithoutKey());
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out.trimmed(), QByteArray("launch-local " LAUNCH_VERSION));
}

void TestServerOptions::refusesMissingKey()
{
    const Run result = run({}, environmentWithoutKey());
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.isEmpty());
    QVERIFY(result.err.contains("API key"));
    // There is no option that takes the key itself.
    const Run onCommandLine = run({u"--api-key"_s, u"secret"_s}, environmentWithoutKey());
    QCOMPARE(onCommandLine.exitCode, 1);
}

void TestServerOptions::refusesKeyFileOthersCanRead()
{
#ifndef Q_OS_UNIX
    QSKIP("file permission bits are checked on Unix only");
#endif
    const QString path =
            writeKeyFile(u"open-key"_s, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const Run result = run({u"--api-key-file"_s, path}, environmentWithoutKey());
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.err.contains("chmod 600"));
    QVERIFY(!result.err.contains("file-key-5678"));
    // A folder is no key file, whatever its mode.
    const Run folder = run({u"--api-key-file"_s, m_dir.path()}, environmentWithoutKey());
    QCOMPARE(folder.exitCode, 1);
    QCOMPARE(folder.err, "launch-local: the API key file " + m_dir.path().toUtf8() +
                                 " is a folder; give the file that holds the key.\n");
}

void TestServerOptions::acceptsPrivateKeyFile()
{
    const QString path =
            writeKeyFile(u"private-key"_s, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess process;
    process.setProcessEnvironment(environmentWithoutKey());
    process.start(TestServer::serverPath(), {u"--data-dir"_s, m_dir.filePath(u"data2"_s),
                                             u"--api-key-file"_s, path, u"--port"_s, u"0"_s});
    QSignalSpy output(&process, &QProcess::readyReadStandardOutput);
    QVERIFY(output.wait(10000));
    const QByteArray line = process.readAllStandardOutput();
    QVERIFY(line.startsWith("LAUNCH_LOCAL_READY url=http://127.0.0.1:"));
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    const QUrl url(QString::fromUtf8(line.trimmed().mid(int(qstrlen("LAUNCH_LOCAL_READY url=")))));
    QVERIFY(url.port() > 0);

    QNetworkAccessManager network;
    QNetworkRequest request(url.resolved(QUrl(u"/v1/model-endpoints"_s)));
    request.setRawHeader("Authorization", "Bearer file-key-5678");
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

void TestServerOptions::refusesRemoteAddressUnlessAllowed()
{
    QProcessEnvironment environment = environmentWithoutKey();
    environment.insert(u"LAUNCH_LOCAL_API_KEY"_s, u"k"_s);
    const Run refused = run({u"--host"_s, u"0.0.0.0"_s}, environment);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(refused.err.contains("--allow-remote"));
    QVERIFY(refused.out.isEmpty());

    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(TestServer::serverPath(),
                  {u"--data-dir"_s, m_dir.filePath(u"data3"_s), u"--host"_s, u"0.0.0.0"_s,
                   u"--allow-remote"_s, u"--port"_s, u"0"_s});
    QSignalSpy output(&process, &QProcess::readyReadStandardOutput);
    QVERIFY(output.wait(10000));
    QVERIFY(process.readAllStandardOutput().startsWith("LAUNCH_LOCAL_READY url=http://0.0.0.0:"));
    QVERIFY(process.readAllStandardError().contains("WARNING"));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
}

void TestServerOptions::refusesNegativeDurations()
{
    QProcessEnvironment environment = environmentWithoutKey();
    environment.insert(u"LAUNCH_LOCAL_API_KEY"_s, u"k"_s);
    const Run idle = run({u"--idle-seconds"_s, u"-5"_s}, environment);
    QCOMPARE(idle.exitCode, 1);
    QVERIFY2(idle.err.contains("launch-local: --idle-seconds must be at least 0 (seconds); got "
                               "-5.\n"),
             idle.err);
    QVERIFY(idle.out.isEmpty());
    const Run huge = run({u"--idle-seconds"_s, u"99999999999999"_s}, environment);
    QCOMPARE(huge.exitCode, 1);
    QCOMPARE(huge.err, QByteArray("launch-local: --idle-seconds is too large: at most 2147483647 "
                                  "(seconds); got 99999999999999.\n"));
    const Run wait = run({u"--sync-wait-ms"_s, u"soon"_s}, environment);
    QCOMPARE(wait.exitCode, 1);
    QVERIFY2(wait.err.contains("launch-local: --sync-wait-ms must be a whole number of "
                               "milliseconds, at least 0; got \"soon\".\n"),
             wait.err);
    for (const QString& value : {u"-1"_s, u"0"_s}) {
        const Run timeout = run({u"--sync-timeout-ms"_s, value}, environment);
        QCOMPARE(timeout.exitCode, 1);
        const QByteArray expected = "launch-local: --sync-timeout-ms must be at least 1 "
                                    "(milliseconds); got " +
                                    value.toUtf8() + ".\n";
        QVERIFY2(timeout.err.contains(expected), timeout.err);
        QVERIFY(timeout.out.isEmpty());
    }
    const Run soon = run({u"--sync-timeout-ms"_s, u"1.5"_s}, environment);
    QCOMPARE(soon.exitCode, 1);
    QVERIFY2(soon.err.contains("launch-local: --sync-timeout-ms must be a whole number of "
                               "milliseconds, at least 1; got \"1.5\".\n"),
             soon.err);
    // Checking a worker's health hundreds of times a second would be a load of its own.
    const Run checks = run({u"--health-check-ms"_s, u"99"_s}, environment);
    QCOMPARE(checks.exitCode, 1);
    QVERIFY2(checks.err.contains("launch-local: --health-check-ms must be at least 100 "
                                 "(milliseconds); got 99.\n"),
             checks.err);
}

void TestServerOptions::refusesPositionalArguments()
{
    // A word that is no option (a value without its option, a typo) is refused, not ignored.
    const Run extra = run({u"extra-arg"_s}, environmentWithKey());
    QCOMPARE(extra.exitCode, 1);
    QCOMPARE(extra.err, QByteArray("launch-local: unexpected argument \"extra-arg\": launch-local "
                                   "takes only options (see --help).\n"));
    QVERIFY(extra.out.isEmpty());
    const Run portValue = run({u"--port"_s, u"0"_s, u"8080"_s}, environmentWithKey());
    QCOMPARE(portValue.exitCode, 1);
    QVERIFY2(portValue.err.contains("unexpected argument \"8080\""), portValue.err);
}

void TestServerOptions::takenPortIsTheOneThingSaid()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const Run run =
            this->run({u"--port"_s, QString::number(taken.serverPort())}, environmentWithKey());
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    // Nothing is loaded or announced before the port is known to be free, and Qt adds no
    // warning of its own: the sentence is all there is.
    QCOMPARE(run.err, "launch-local: cannot listen on 127.0.0.1 port " +
                              QByteArray::number(taken.serverPort()) +
                              ": the port is already in use by another program; stop it or give "
                              "another --port (--port 0 picks a free one).\n");
}

void TestServerOptions::damagedDatabaseIsExplainedAndKept()
{
    const QString dataDir = m_dir.filePath(u"damaged"_s);
    QVERIFY(QDir().mkpath(dataDir));
    const QString path = dataDir + u"/launch-local.sqlite"_s;
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("garbage\n");
    file.close();
    const Run run = this->run({}, environmentWithKey(), dataDir);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    const QByteArray where = path.toUtf8();
    QCOMPARE(run.err,
             "launch-local: cannot prepare the database " + where +
                     ": file is not a database (it is not a SQLite database or is "
                     "damaged). The file is left as it is: move it aside (for example to " +
                     where +
                     ".broken) so that launch-local starts with a new, empty database, "
                     "or give another --data-dir.\n");
    // The user's file is neither repaired, replaced nor joined by a journal.
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("garbage\n"));
    QCOMPARE(QDir(dataDir).entryList(QDir::Files), QStringList{u"launch-local.sqlite"_s});
}

QTEST_GUILESS_MAIN(TestServerOptions)
#include "tst_ServerOptions.moc"

#include "WorkerProcess.h"

#include "ServerLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStandardPaths>
#include <QTcpServer>

#ifdef Q_OS_UNIX
#include <csignal>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

WorkerProcess::WorkerProcess(const QString& id, int generation, const Spec& spec,
                             QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_id(id)
    , m_generation(generation)
    , m_spec(spec)
    , m_network(network)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_UNIX
    m_process.setChildProcessModifier([] {
        // Its own process group, so that a stop or kill reaches the processes the command
        // starts too (a shell script's children), not only the command itself.
        ::setpgid(0, 0);
#ifdef Q_OS_LINUX
        // A worker must not outlive launch-local, even when launch-local is killed. Missing on
        // macOS and Windows: there a worker of a killed launch-local keeps running (and its
        // port taken) until it is ended by hand. Only the command itself gets this signal.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    });
#endif
    connect(&m_process, &QProcess::started, this,
            [this] { m_pid = m_group = m_process.processId(); });
    connect(&m_process, &QProcess::readyRead, this, &WorkerProcess::onOutput);
    connect(&m_process, &QProcess::finished, this, &WorkerProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &WorkerProcess::onStartError);
    m_healthTimer.setSingleShot(true);
    connect(&m_healthTimer, &QTimer::timeout, this, &WorkerProcess::pollHealth);
    m_killTimer.setSingleShot(true);
    m_killTimer.setInterval(3000);
    connect(&m_killTimer, &QTimer::timeout, this, &WorkerProcess::killGroup);
}

WorkerProcess::~WorkerProcess()
{
    if (m_healthReply) {
        m_healthReply->abort();
    }
    if (m_process.state() != QProcess::NotRunning) {
        m_process.disconnect(this);
        killGroup();
        m_process.waitForFinished(2000);
    }
    killGroup();
}

void WorkerProcess::terminateGroup()
{
#ifdef Q_OS_UNIX
    if (m_group > 0) {
        ::kill(-pid_t(m_group), SIGTERM);
        return;
    }
#endif
    m_process.terminate();
}

void WorkerProcess::killGroup()
{
#ifdef Q_OS_UNIX
    // The group outlives the command when the command leaves children behind; its id stays
    // taken while any member lives, so it cannot name another program's processes.
    if (m_group > 0) {
        ::kill(-pid_t(m_group), SIGKILL);
        return;
    }
#endif
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
    }
}

QString WorkerProcess::resolveProgram(const QString& name)
{
    if (name.contains(u'/')) {
        const QFileInfo info(name);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    const QString beside =
            QStandardPaths::findExecutable(name, {QCoreApplication::applicationDirPath()});
    if (!beside.isEmpty()) {
        return beside;
    }
    // Run from a build tree (build/app/local/launch-local): the example models are built in
    // build/examples/<name>/, not next to launch-local.
    const QDir buildRoot(QCoreApplication::applicationDirPath() + u"/../.."_s);
    if (buildRoot.exists(u"CMakeCache.txt"_s)) {
        const QDir examples(buildRoot.filePath(u"examples"_s));
        QStringList folders;
        const QStringList names = examples.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString& folder : names) {
            folders.append(examples.filePath(folder));
        }
        const QString built = QStandardPaths::findExecutable(name, folders);
        if (!built.isEmpty()) {
            return QFileInfo(built).canonicalFilePath();
        }
    }
    return QStandardPaths::findExecutable(name);
}

quint16 WorkerProcess::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

QString WorkerProcess::stateName(State state)
{
    switch (state) {
    case State::Starting:
        return u"STARTING"_s;
    case State::Ready:
        return u"READY"_s;
    case State::Draining:
        return u"DRAINING"_s;
    case State::Stopped:
        return u"STOPPED"_s;
    case State::Failed:
        return u"FAILED"_s;
    }
    return {};
}

void WorkerProcess::start()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_sinceStart.start();
    const QString program = resolveProgram(m_spec.program);
    if (program.isEmpty()) {
        const QFileInfo given(m_spec.program);
        if (m_spec.program.contains(u'/') && given.exists()) {
            fail(u"command not executable: \"%1\" is %2 (the first element of the bundle's "
                 "command must be a program that launch-local may run)"_s.arg(
                         m_spec.program, given.isDir() ? u"a folder, not a program"_s
                                                       : u"a file without permission to run"_s));
        } else {
            fail(u"command not found: \"%1\" (the first element of the bundle's command must "
                 "be a program on this computer)"_s.arg(m_spec.program));
        }
        return;
    }
    m_port = freePort();
    QProcessEnvironment environment = m_spec.environment;
    environment.insert(u"PORT"_s, QString::number(m_port));
    m_process.setProcessEnvironment(environment);
    m_process.start(program, m_spec.arguments);
    m_healthTimer.start(30);
}

void WorkerProcess::onStartError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart && m_state == State::Starting) {
        fail(u"command could not be started: \"%1\": %2"_s.arg(m_spec.program,
                                                               m_process.errorString()));
    }
}

void WorkerProcess::onOutput()
{
    m_log.append(m_process.readAll());
    if (m_log.size() > kLogLimit) {
        m_log.remove(0, m_log.size() - kLogLimit);
        m_logTruncated = true;
    }
}

void WorkerProcess::pollHealth()
{
    if (m_state == State::Ready) {
        checkHealth();
        return;
    }
    if (m_state != State::Starting || m_process.state() != QProcess::Running) {
        if (m_state == State::Starting && m_process.state() == QProcess::Starting) {
            m_healthTimer.start(30);
        }
        return;
    }
    m_pid = m_process.processId();
    if (m_sinceStart.elapsed() > qint64(m_spec.readinessSeconds) * 1000) {
        const QString tail = lastLines(5);
        fail(u"not ready in time: %1 did not answer GET %2 with 2xx within %3 seconds "
             "(readiness_initial_delay_seconds)%4"_s.arg(m_spec.program, m_spec.healthRoute)
                     .arg(m_spec.readinessSeconds)
                     .arg(tail.isEmpty() ? QString() : u"; last output: "_s + tail));
        return;
    }
    m_healthReply = m_network->get(request(m_spec.healthRoute, 1000));
    connect(m_healthReply, &QNetworkReply::finished, this, [this, reply = m_healthReply] {
        reply->deleteLater();
        if (m_state != State::Starting) {
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            m_state = State::Ready;
            m_sinceReady.start();
            qCInfo(lcServer) << "endpoint" << m_spec.endpointId << "worker" << m_id << "ready after"
                             << m_sinceStart.elapsed() << "ms on port" << m_port;
            m_healthTimer.start(m_spec.checkIntervalMs);
            Q_EMIT becameReady();
            return;
        }
        // Poll quickly at first, so that a fast model is ready within a few tens of ms.
        m_healthTimer.start(m_sinceStart.elapsed() < 3000 ? 25 : 250);
    });
}

void WorkerProcess::checkHealth()
{
    m_healthReply = m_network->get(request(m_spec.healthRoute, kCheckTimeoutMs));
    connect(m_healthReply, &QNetworkReply::finished, this, [this, reply = m_healthReply] {
        reply->deleteLater();
        if (m_state != State::Ready) {
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool timedOut =
                status <= 0 && (reply->error() == QNetworkReply::TimeoutError ||
                                reply->error() == QNetworkReply::OperationCanceledError);
        // A worker busy with predictions may be slow to answer its health route (a model
        // server with one thread cannot answer at all): only an answer that is not 2xx, or
        // silence while idle, counts against it. Its predictions have their own time limits.
        if ((status >= 200 && status < 300) || (timedOut && m_inflight > 0)) {
            m_failedChecks = 0;
            m_healthTimer.start(m_spec.checkIntervalMs);
            return;
        }
        ++m_failedChecks;
        const QString answer =
                status > 0 ? u"it answered %1"_s.arg(status)
                           : (timedOut ? u"no answer within %1 s"_s.arg(kCheckTimeoutMs / 1000)
                                       : reply->errorString());
        qCWarning(lcServer) << "endpoint" << m_spec.endpointId << "worker" << m_id
                            << "failed health check" << m_failedChecks << "of"
                            << kFailedChecksToRestart << ":" << answer;
        if (m_failedChecks < kFailedChecksToRestart) {
            m_healthTimer.start(m_spec.checkIntervalMs);
            return;
        }
        const QString tail = lastLines(5);
        fail(u"%1 stopped passing its health check while serving: GET %2 failed %3 times in a "
             "row (%4); it was stopped to be restarted%5"_s.arg(m_spec.program, m_spec.healthRoute)
                     .arg(kFailedChecksToRestart)
                     .arg(answer, tail.isEmpty() ? QString() : u"; last output: "_s + tail));
    });
}

void WorkerProcess::addInflight(int delta)
{
    m_inflight += delta;
    if (m_state == State::Draining && m_inflight == 0) {
        stop();
    }
}

QNetworkRequest WorkerProcess::request(const QString& route, int timeoutMs) const
{
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(route)));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(timeoutMs);
    return request;
}

qint64 WorkerProcess::readyForMs() const
{
    return m_sinceReady.isValid() ? m_sinceReady.elapsed() : 0;
}

void WorkerProcess::drain()
{
    if (m_state == State::Starting) {
        stop();
        return;
    }
    if (m_state == State::Ready) {
        m_state = State::Draining;
        m_stopRequested = true;
        if (m_inflight == 0) {
            stop();
        }
    }
}

void WorkerProcess::stop()
{
    m_stopRequested = true;
    m_healthTimer.stop();
    if (m_state == State::Starting || m_state == State::Ready) {
        m_state = State::Draining;
    }
    if (m_process.state() == QProcess::NotRunning) {
        if (m_state != State::Stopped && m_state != State::Failed) {
            m_state = State::Stopped;
            m_endReason = u"stopped"_s;
            m_endedAt = QDateTime::currentDateTimeUtc();
            if (!m_endedEmitted) {
                m_endedEmitted = true;
                QMetaObject::invokeMethod(this, &WorkerProcess::ended, Qt::QueuedConnection);
            }
        }
        return;
    }
    terminateGroup();
    m_killTimer.start();
}

void WorkerProcess::fail(const QString& reason)
{
    m_healthTimer.stop();
    m_state = State::Failed;
    m_endReason = reason;
    m_endedAt = QDateTime::currentDateTimeUtc();
    qCWarning(lcServer) << "endpoint" << m_spec.endpointId << "worker" << m_id
                        << "failed:" << reason;
    if (m_process.state() != QProcess::NotRunning) {
        killGroup();
        return; // ended() follows from onFinished
    }
    if (!m_endedEmitted) {
        m_endedEmitted = true;
        QMetaObject::invokeMethod(this, &WorkerProcess::ended, Qt::QueuedConnection);
    }
}

QString WorkerProcess::readableTail(const QByteArray& output, int lineCount, int maxChars)
{
    // Only the end is shown; decoding more than a few times the limit would be wasted work.
    const QByteArray end = output.right(qsizetype(maxChars) * 8);
    // Invalid UTF-8 becomes U+FFFD here; a sequence cut at the start of `end` does too.
    const QString text = QString::fromUtf8(end);
    QString clean;
    clean.reserve(text.size());
    bool lastReplaced = false;
    for (const QChar c : text) {
        const bool hidden = (c.category() == QChar::Other_Control && c != u'\n') ||
                            c.category() == QChar::Other_Format || c == QChar::ReplacementCharacter;
        if (c == u'\t') {
            clean.append(u' ');
            lastReplaced = false;
        } else if (hidden) {
            // Binary output would otherwise fill the sentence with one mark per byte.
            if (!lastReplaced) {
                clean.append(QChar::ReplacementCharacter);
            }
            lastReplaced = true;
        } else {
            clean.append(c);
            lastReplaced = false;
        }
    }
    QStringList lines;
    const QStringList all = clean.split(u'\n', Qt::SkipEmptyParts);
    for (const QString& line : all) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty()) {
            lines.append(trimmed);
        }
    }
    if (lines.size() > lineCount) {
        lines = lines.mid(lines.size() - lineCount);
    }
    QString tail = lines.join(u" | "_s);
    if (tail.size() > maxChars) {
        qsizetype from = tail.size() - (maxChars - 1);
        if (tail.at(from).isLowSurrogate()) {
            ++from;
        }
        tail = u"\u2026"_s + tail.mid(from);
    }
    return tail;
}

QString WorkerProcess::lastLines(int count) const
{
    return readableTail(m_log, count, kReasonOutputChars);
}

QString WorkerProcess::howItEnded(int exitCode, QProcess::ExitStatus status)
{
    if (status == QProcess::NormalExit) {
        return u"exited with code %1"_s.arg(exitCode);
    }
#ifdef Q_OS_UNIX
    // On Unix, QProcess gives the number of the signal that ended the process as its exit code
    // after a crash exit.
    static const QList<std::pair<int, const char*>> names = {
            {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
            {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
            {SIGKILL, "SIGKILL"}, {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
            {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"}, {SIGXCPU, "SIGXCPU"},
            {SIGXFSZ, "SIGXFSZ"}, {SIGSYS, "SIGSYS"}};
    for (const auto& [number, name] : names) {
        if (number == exitCode) {
            return u"was killed by signal %1 (%2)"_s.arg(exitCode).arg(QLatin1StringView(name));
        }
    }
    return u"was killed by signal %1"_s.arg(exitCode);
#else
    return u"crashed (exception code 0x%1)"_s.arg(uint(exitCode), 8, 16, QChar(u'0'));
#endif
}

void WorkerProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onOutput();
    m_killTimer.stop();
    m_healthTimer.stop();
    // What the command started and left running would keep its port and its memory, with no
    // one to stop it: the worker ends with all of its processes. Once the group is empty its
    // id may be given to another process group, so it is not signalled again.
    killGroup();
    m_group = 0;
    m_exitCode = status == QProcess::NormalExit ? exitCode : -1;
    if (!m_endedAt.isValid()) {
        m_endedAt = QDateTime::currentDateTimeUtc();
    }
    if (m_state == State::Failed) {
        // fail() already said why; keep that reason.
    } else if (m_stopRequested) {
        m_state = State::Stopped;
        m_endReason = u"stopped"_s;
    } else {
        const bool wasReady = m_state == State::Ready;
        m_state = State::Failed;
        const QString how = howItEnded(exitCode, status);
        const QString tail = lastLines(5);
        m_endReason = u"%1 %2%3%4"_s.arg(
                m_spec.program, how, wasReady ? u" while serving"_s : u" before it was ready"_s,
                tail.isEmpty() ? u" (no output)"_s : u"; last output: "_s + tail);
        qCWarning(lcServer) << "endpoint" << m_spec.endpointId << "worker" << m_id
                            << "ended:" << m_endReason;
    }
    if (!m_endedEmitted) {
        m_endedEmitted = true;
        Q_EMIT ended();
    }
}

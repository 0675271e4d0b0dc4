#include "LocalServerController.h"

#include "ProfilesLogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

namespace {
constexpr int maxOutputLines = 200;
constexpr int restartDelayMs = 1000;

// Folders, relative to the console's own folder, where an installed or built copy keeps its
// helper programs: same folder, the install's libexec, and the build tree's layout.
QStringList relativeSearchFolders()
{
    return {u"."_s,
            u"../local"_s,
            u"../app/local"_s,
            u"../libexec/launch-console"_s,
            u"../lib/launch-console"_s,
            u"../libexec"_s,
            u"../bin"_s,
            u"../examples"_s,
            u"../../examples"_s};
}

QString executableName(const QString& base)
{
#ifdef Q_OS_WIN
    return base + u".exe"_s;
#else
    return base;
#endif
}

QString searchProgram(const QStringList& names, const QStringList& extraFolders)
{
    QStringList folders;
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const QString& relative : relativeSearchFolders()) {
        folders.append(QDir::cleanPath(appDir.filePath(relative)));
    }
    folders.append(extraFolders);
    for (const QString& folder : std::as_const(folders)) {
        for (const QString& name : names) {
            const QFileInfo info(QDir(folder).filePath(executableName(name)));
            if (info.isFile() && info.isExecutable()) {
                return info.absoluteFilePath();
            }
        }
    }
    return {};
}

QStringList examplesSubfolders(const QString& examplesRoot)
{
    QStringList folders{examplesRoot};
    const QDir root(examplesRoot);
    for (const QString& sub : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        folders.append(root.filePath(sub));
    }
    return folders;
}
} // namespace

LocalServerController::LocalServerController(QObject* parent)
    : QObject(parent)
    , m_restartTimer(new QTimer(this))
    , m_program(findServerProgram())
    , m_dataDir(defaultDataDir())
{
    m_restartTimer->setSingleShot(true);
    m_restartTimer->setInterval(restartDelayMs);
    connect(m_restartTimer, &QTimer::timeout, this, &LocalServerController::start);
}

LocalServerController::~LocalServerController()
{
    stop(3000);
}

QString LocalServerController::findServerProgram()
{
    const QString prefix = QString::fromUtf8(LAUNCH_INSTALL_PREFIX);
    return searchProgram(
            {u"launch-local"_s},
            {QString::fromUtf8(LAUNCH_BUILD_TREE) + u"/app/local"_s,
             prefix + u"/"_s + QString::fromUtf8(LAUNCH_INSTALL_LIBEXECDIR) + u"/launch-console"_s,
             prefix + u"/"_s + QString::fromUtf8(LAUNCH_INSTALL_BINDIR)});
}

QString LocalServerController::findExampleModel()
{
    const QString prefix = QString::fromUtf8(LAUNCH_INSTALL_PREFIX);
    QStringList extra = examplesSubfolders(QString::fromUtf8(LAUNCH_BUILD_TREE) + u"/examples"_s);
    extra += examplesSubfolders(QCoreApplication::applicationDirPath() + u"/../../examples"_s);
    extra += examplesSubfolders(QCoreApplication::applicationDirPath() + u"/../examples"_s);
    extra.append(prefix + u"/"_s + QString::fromUtf8(LAUNCH_INSTALL_LIBEXECDIR) +
                 u"/launch-console"_s);
    extra.append(prefix + u"/"_s + QString::fromUtf8(LAUNCH_INSTALL_BINDIR));
    return searchProgram({u"launch-echo-model"_s, u"launch-example-model"_s, u"echo-model"_s},
                         extra);
}

QString LocalServerController::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/local-server"_s;
}

QString LocalServerController::stateText(State state)
{
    switch (state) {
    case State::Stopped:
        return u"stopped"_s;
    case State::Starting:
        return u"starting"_s;
    case State::Running:
        return u"running"_s;
    case State::Crashed:
        return u"crashed"_s;
    case State::Refused:
        return u"not started"_s;
    }
    return {};
}

void LocalServerController::setState(State state)
{
    if (m_state == state) {
        return;
    }
    m_state = state;
    emit stateChanged(state);
}

void LocalServerController::start()
{
    if (m_process) {
        return;
    }
    if (m_program.isEmpty()) {
        m_lastError = u"launch-local was not found next to the console or in its install "
                      "folder; reinstall the console to run endpoints on this computer."_s;
        setState(State::Crashed);
        return;
    }
    QDir().mkpath(m_dataDir);
    m_stopping = false;
    m_dataFolderBusy = false;
    m_pending.clear();
    m_url = QUrl();
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(apiKeyVariable), m_apiKey);
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setProgram(m_program);
#ifdef Q_OS_LINUX
    // If the console dies without stopping it, the server (which stops its workers on
    // SIGTERM) is told to end instead of running on unattended.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_process->setArguments(
            {u"--host"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, m_dataDir});
    connect(m_process, &QProcess::readyRead, this, &LocalServerController::onReadyRead);
    connect(m_process, &QProcess::finished, this, &LocalServerController::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &LocalServerController::onErrorOccurred);
    qCInfo(lcProfiles) << "starting" << m_program << "with data in" << m_dataDir;
    setState(State::Starting);
    m_process->start();
}

void LocalServerController::stop(int timeoutMs)
{
    m_restartTimer->stop();
    if (!m_process) {
        setState(State::Stopped);
        return;
    }
    m_stopping = true;
    QProcess* process = m_process;
    process->terminate();
    if (!process->waitForFinished(timeoutMs)) {
        process->kill();
        process->waitForFinished(1000);
    }
    if (m_process == process) {
        m_process = nullptr;
        process->deleteLater();
    }
    m_url = QUrl();
    setState(State::Stopped);
}

void LocalServerController::restart()
{
    m_restartsInWindow = 0;
    stop();
    start();
}

void LocalServerController::onReadyRead()
{
    m_pending += m_process->readAll();
    qsizetype newline = 0;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_pending.left(newline)).trimmed();
        m_pending.remove(0, newline + 1);
        appendOutput(line);
        static const QString readyPrefix = u"LAUNCH_LOCAL_READY"_s;
        if (m_state == State::Starting && line.startsWith(readyPrefix)) {
            const qsizetype at = line.indexOf(u"url="_s);
            const QString url = at >= 0 ? line.mid(at + 4).section(u' ', 0, 0) : QString();
            m_url = QUrl(url);
            qCInfo(lcProfiles) << "launch-local is ready at" << m_url.toString();
            emit urlChanged(m_url);
            setState(State::Running);
        }
    }
}

void LocalServerController::appendOutput(const QString& line)
{
    if (line.isEmpty()) {
        return;
    }
    m_recentOutput.append(line);
    if (m_recentOutput.size() > maxOutputLines) {
        m_recentOutput.removeFirst();
    }
}

qint64 LocalServerController::dataFolderHolder() const
{
    // The lock launch-local takes on its data folder (see app/local/main.cpp).
    QLockFile lock(QDir(m_dataDir).filePath(u"launch-local.lock"_s));
    lock.setStaleLockTime(0);
    qint64 pid = 0;
    QString host;
    QString application;
    if (lock.tryLock(0) || lock.error() != QLockFile::LockFailedError ||
        !lock.getLockInfo(&pid, &host, &application)) {
        return 0;
    }
    return pid;
}

void LocalServerController::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_stopping) {
        return;
    }
    if (status == QProcess::NormalExit && exitCode == refusedExitCode) {
        onReadyRead();
        m_lastError = m_recentOutput.isEmpty() ? u"launch-local refused to start (exit code 2)."_s
                                               : m_recentOutput.constLast();
        const qint64 holder = dataFolderHolder();
        m_dataFolderBusy = holder != 0;
        if (m_dataFolderBusy) {
            // launch-local's own sentence speaks of --data-dir, which the console user never
            // gives: say who holds the folder in the console's terms.
            m_lastError = u"another Launch Console, or a launch-local started by hand with the "
                          "same data folder (process id %1), already runs it."_s.arg(holder);
        }
        qCWarning(lcProfiles) << "launch-local refused to start:" << m_lastError;
        m_process->deleteLater();
        m_process = nullptr;
        m_url = QUrl();
        setState(State::Refused);
        return;
    }
    if (status == QProcess::CrashExit) {
        handleUnexpectedEnd(u"launch-local, the server of this computer, crashed."_s, false);
    } else {
        handleUnexpectedEnd(
                u"launch-local, the server of this computer, exited with code %1."_s.arg(exitCode),
                true);
    }
}

void LocalServerController::onErrorOccurred(QProcess::ProcessError error)
{
    if (m_stopping || error != QProcess::FailedToStart) {
        return;
    }
    handleUnexpectedEnd(u"launch-local could not be started: %1."_s.arg(m_process->errorString()),
                        false);
}

qint64 LocalServerController::processId() const
{
    return m_process ? m_process->processId() : 0;
}

bool LocalServerController::restartScheduled() const
{
    return m_restartTimer->isActive();
}

bool LocalServerController::gaveUpRestarting() const
{
    return m_state == State::Crashed && !restartScheduled() &&
           m_restartsInWindow >= maxAutomaticRestarts;
}

void LocalServerController::handleUnexpectedEnd(const QString& reason, bool quoteOutput)
{
    // A program that exits by itself says why last; one that was killed was in the middle of
    // something else, and its last line would mislead.
    QString detail;
    if (quoteOutput && !m_recentOutput.isEmpty()) {
        detail = u" Its last output: %1"_s.arg(m_recentOutput.constLast());
    }
    m_lastError = reason + detail;
    qCWarning(lcProfiles) << m_lastError;
    if (m_process) {
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_url = QUrl();
    if (!m_restartWindow.isValid() || m_restartWindow.elapsed() > restartWindowMs) {
        m_restartWindow.start();
        m_restartsInWindow = 0;
    }
    // Scheduled before the state changes, so that those told of the crash know what follows.
    if (m_restartsInWindow < maxAutomaticRestarts) {
        ++m_restartsInWindow;
        m_restartTimer->start();
    }
    setState(State::Crashed);
}

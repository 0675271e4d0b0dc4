#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

class QTimer;

/// Runs launch-local as a child process for the profile "This computer": loopback on a free
/// port, data in the app data folder, the API key passed by environment (never on the command
/// line, where the process list would show it). Restarts it when it crashes, a few times.
class LocalServerController final : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Stopped,
        Starting,
        Running,
        Crashed,
        /// launch-local refused to start (exit code 2), e.g. another copy holds its data
        /// folder; lastError() holds its sentence and it is not restarted automatically.
        Refused
    };
    Q_ENUM(State)

    /// The environment variable launch-local reads its API key from.
    static constexpr auto apiKeyVariable = "LAUNCH_LOCAL_API_KEY";
    /// Automatic restarts allowed within restartWindowMs before staying Crashed.
    static constexpr int maxAutomaticRestarts = 3;
    static constexpr int restartWindowMs = 60'000;
    /// launch-local's exit code when it refuses to start (data folder in use, bad options).
    static constexpr int refusedExitCode = 2;

    explicit LocalServerController(QObject* parent = nullptr);
    ~LocalServerController() override;

    /// Searches launch-local next to the executable, in the build tree, then in the install
    /// prefix. Empty when not found.
    static QString findServerProgram();
    /// Same search for the example model program shipped with the project.
    static QString findExampleModel();
    static QString defaultDataDir();

    void setProgram(const QString& program) { m_program = program; }
    QString program() const { return m_program; }
    void setDataDir(const QString& dir) { m_dataDir = dir; }
    QString dataDir() const { return m_dataDir; }
    void setApiKey(const QString& key) { m_apiKey = key; }

    State state() const { return m_state; }
    static QString stateText(State state);
    /// The server's base URL once Running.
    QUrl url() const { return m_url; }
    /// Why the last start failed or the process ended, for the user.
    QString lastError() const { return m_lastError; }
    /// After a refusal: another process (a second console's server) holds the data folder.
    bool dataFolderBusy() const { return m_dataFolderBusy; }
    /// The last lines the server wrote to its standard error, for diagnosis.
    QStringList recentOutput() const { return m_recentOutput; }
    /// The running server's process id, 0 when none runs.
    qint64 processId() const;

    void start();
    /// Stops the server and waits up to timeoutMs for it to end (then kills it).
    void stop(int timeoutMs = 5000);
    void restart();
    /// After a crash: whether it is started again by itself (at most maxAutomaticRestarts
    /// times within restartWindowMs).
    bool restartScheduled() const;
    /// After a crash: it crashed too often within restartWindowMs to be started again by itself.
    bool gaveUpRestarting() const;

signals:
    void stateChanged(LocalServerController::State state);
    void urlChanged(const QUrl& url);

private:
    void setState(State state);
    /// The process id holding launch-local's lock on the data folder, 0 when none does.
    qint64 dataFolderHolder() const;
    void onReadyRead();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void handleUnexpectedEnd(const QString& reason, bool quoteOutput);
    void appendOutput(const QString& line);

    QProcess* m_process = nullptr;
    QTimer* m_restartTimer = nullptr;
    QString m_program;
    QString m_dataDir;
    QString m_apiKey;
    QUrl m_url;
    QString m_lastError;
    bool m_dataFolderBusy = false;
    QStringList m_recentOutput;
    QByteArray m_pending;
    State m_state = State::Stopped;
    bool m_stopping = false;
    QElapsedTimer m_restartWindow;
    int m_restartsInWindow = 0;
};

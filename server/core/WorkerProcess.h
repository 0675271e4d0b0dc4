#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

/// One worker of an endpoint: the bundle's command as a child process serving HTTP on its own
/// loopback port. Polls the health route until it answers, keeps the process's output
/// (bounded), and reports when it became ready and when it ended, with a reason a person can
/// act on.
class WorkerProcess final : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Starting,
        Ready,
        Draining,
        Stopped,
        Failed
    };

    struct Spec
    {
        /// The endpoint the worker serves, for the log lines about it.
        QString endpointId;
        QString program;
        QStringList arguments;
        QProcessEnvironment environment;
        QString healthRoute;
        int readinessSeconds = 120;
        /// Once ready, the health route is asked this often; kFailedChecksToRestart failures in
        /// a row end the worker, which is then restarted like a crashed one.
        int checkIntervalMs = 5000;
    };

    static constexpr qsizetype kLogLimit = 256 * 1024;
    /// At most this many characters of a worker's output go into a reason sentence.
    static constexpr int kReasonOutputChars = 400;
    /// QNetworkAccessManager opens at most 6 HTTP/1.1 connections to one host and port (fixed
    /// in Qt 6.4) and queues further requests inside itself, so a worker never has more than
    /// this many predictions in flight, whatever its concurrent_requests_per_worker.
    static constexpr int kMaxConnections = 6;
    static constexpr int kFailedChecksToRestart = 3;
    /// A ready worker's health route must answer within this long.
    static constexpr int kCheckTimeoutMs = 2000;

    WorkerProcess(const QString& id, int generation, const Spec& spec,
                  QNetworkAccessManager* network, QObject* parent = nullptr);
    ~WorkerProcess() override;

    /// The last `lineCount` non-empty lines of `output`, joined with " | ", as text a person can
    /// read: control and format characters and invalid UTF-8 become one U+FFFD per run, and
    /// only the last `maxChars` characters are kept.
    static QString readableTail(const QByteArray& output, int lineCount, int maxChars);
    /// "exited with code N", or on Unix "was killed by signal N (SIGNAME)".
    static QString howItEnded(int exitCode, QProcess::ExitStatus status);

    /// Finds `name` (a path, or a bare name looked up next to this program and then in PATH).
    static QString resolveProgram(const QString& name);
    static quint16 freePort();

    void start();
    /// Takes no new work; stops once nothing is in flight.
    void drain();
    void stop();

    QString id() const { return m_id; }
    int generation() const { return m_generation; }
    State state() const { return m_state; }
    static QString stateName(State state);
    bool isActive() const { return m_state == State::Starting || m_state == State::Ready; }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_pid; }
    int inflight() const { return m_inflight; }
    void addInflight(int delta);
    /// A request to `route` on this worker's port: HTTP/1.1 keep-alive, no HTTP/2, no cookies,
    /// no cache; a transfer that stays silent for `timeoutMs` is aborted (0: no limit).
    QNetworkRequest request(const QString& route, int timeoutMs) const;
    /// Whether the stop was asked for (a drain or stop), as opposed to a crash.
    bool stopRequested() const { return m_stopRequested; }
    qint64 readyForMs() const;
    QString endReason() const { return m_endReason; }
    QDateTime startedAt() const { return m_startedAt; }
    QDateTime endedAt() const { return m_endedAt; }
    int exitCode() const { return m_exitCode; }
    QByteArray log() const { return m_log; }
    bool logTruncated() const { return m_logTruncated; }

Q_SIGNALS:
    void becameReady();
    /// The process is gone (failed to start, crashed, or stopped); see endReason().
    void ended();

private:
    void onOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onStartError(QProcess::ProcessError error);
    void pollHealth();
    /// One health check of a ready worker.
    void checkHealth();
    void fail(const QString& reason);
    /// SIGTERM, or SIGKILL, to the worker's process group on Unix; to the command elsewhere.
    void terminateGroup();
    void killGroup();
    QString lastLines(int count) const;

    QString m_id;
    int m_generation = 0;
    Spec m_spec;
    QNetworkAccessManager* m_network = nullptr;
    QProcess m_process;
    QTimer m_healthTimer;
    QTimer m_killTimer;
    QElapsedTimer m_sinceStart;
    QElapsedTimer m_sinceReady;
    QPointer<QNetworkReply> m_healthReply;
    State m_state = State::Starting;
    quint16 m_port = 0;
    qint64 m_pid = 0;
    /// The worker's process group (its command's pid) while the command runs; 0 after.
    qint64 m_group = 0;
    int m_inflight = 0;
    int m_failedChecks = 0;
    int m_exitCode = -1;
    bool m_stopRequested = false;
    bool m_endedEmitted = false;
    QString m_endReason;
    QDateTime m_startedAt;
    QDateTime m_endedAt;
    QByteArray m_log;
    bool m_logTruncated = false;
};

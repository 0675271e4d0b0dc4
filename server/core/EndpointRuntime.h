#pragma once

#include "Prediction.h"
#include "WorkerProcess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QTimer>
#include <deque>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class Store;

/// The running side of one endpoint: its workers, its queue of predictions, the dispatch of
/// predictions to free worker slots, scaling between min and max workers, restarts with
/// backoff, and replacement of workers when the endpoint is edited.
class EndpointRuntime final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        bool isAsync = false;
        int minWorkers = 1;
        int maxWorkers = 1;
        int perWorker = 1;
        int concurrency = 1;
        WorkerProcess::Spec worker;
        QString predictRoute = QStringLiteral("/predict");
        /// The bundle's name, to say which version serves.
        QString bundleName;
    };

    struct Options
    {
        int idleSeconds = 60;
        int syncWaitMs = 10000;
        int syncTimeoutMs = 300000;
        int asyncTimeoutMs = 3600000;
        int maxAttempts = 3;
        /// How often a ready worker's health route is asked whether it still works.
        int healthCheckMs = 5000;
    };

    using Reply = std::function<void(const Prediction&)>;

    EndpointRuntime(const QString& endpointId, Store* store, QNetworkAccessManager* network,
                    const Options& options, QObject* parent = nullptr);
    ~EndpointRuntime() override;

    /// Deploys `settings`: a new generation of workers replaces the running ones when
    /// `replaceWorkers` (bundle or resources changed, restart); otherwise only rescales.
    void apply(const Settings& settings, bool replaceWorkers);
    /// Stops every worker; sync predictions queued or with a worker are answered as cancelled,
    /// saying `why`. Emits stopped().
    void shutdown(const QString& why);

    /// Queues a sync prediction; `reply` is called exactly once, unless the prediction is
    /// dropped. Returns its id for dropQueuedSync().
    quint64 submitSync(const QByteArray& args, Reply reply);
    /// Removes sync prediction `id` from the queue if it is still waiting there (its client
    /// went away); it is not answered.
    void dropQueuedSync(quint64 id);
    /// Queues an async task that is already stored as PENDING.
    void submitAsync(const QString& taskId, const QByteArray& args, int attempts);

    int availableWorkers() const;
    /// Workers starting, plus workers below min_workers that are not running.
    int unavailableWorkers() const;
    /// Whether a worker is ready or may become ready without a new apply().
    bool canServe() const;
    /// Whether the last apply() failed and the workers of the settings deployed before it still
    /// serve (restarted after crashes as usual).
    bool servesPreviousVersion() const { return !m_failedUpdate.isEmpty(); }
    /// Why the last apply() failed, while servesPreviousVersion().
    QString failedUpdate() const { return m_failedUpdate; }
    /// The bundle name of the settings the workers run.
    QString servingBundleName() const { return m_settings.bundleName; }
    /// The bundle name of the settings last deployed, or empty when none ever was.
    QString deployedBundleName() const { return m_lastGood ? m_lastGood->bundleName : QString(); }
    int queuedItems() const { return int(m_queue.size()); }
    int inflight() const { return m_inflight; }
    QJsonArray workersJson(qsizetype tailBytes) const;

Q_SIGNALS:
    /// The minimum number of workers of the current settings is ready.
    void deployed();
    /// A worker of the current settings could not be started; `reason` says why.
    void deployFailed(const QString& reason);
    void stopped();
    /// A running worker ended unexpectedly; it is restarted after a backoff.
    void workerCrashed(const QString& reason);
    /// A worker became ready outside a deployment (a restart after a crash, a scale-up).
    void workerReady();
    /// After workerCrashed(): no restart is wanted any more, since the ready workers are as
    /// many as the demand needs (an async endpoint whose work ran out, say).
    void crashSettled();

private:
    struct Job
    {
        QString taskId; // empty for sync predictions
        quint64 syncId = 0;
        QByteArray args;
        int attempts = 0;
        qint64 deadlineMs = 0;
        Reply reply;
    };

    void pump();
    void scale();
    void scheduleTick();
    WorkerProcess* freeWorker() const;
    void send(WorkerProcess* worker, Job job);
    /// `reply` ended: answered, failed, or aborted (`timedOut` when by the time limit).
    void finish(WorkerProcess* worker, Job job, QNetworkReply* reply, bool timedOut);
    /// The worker went away while answering: retries an async task (bounded), fails the rest.
    void lost(WorkerProcess* worker, Job job, const QString& error);
    void deliver(const Job& job, const Prediction& prediction);
    /// The current settings could not be deployed: falls back to the last deployed settings
    /// when there are any, or else starts no worker until the next apply().
    void failDeploy(const QString& reason);
    void abortInflight();
    void startWorker();
    void onWorkerReady(WorkerProcess* worker);
    void onWorkerEnded(WorkerProcess* worker);
    void expireSyncJobs();
    int targetWorkers() const;
    int activeCurrentWorkers() const;
    int readyCurrentWorkers() const;

    QString m_endpointId;
    Store* m_store = nullptr;
    QNetworkAccessManager* m_network = nullptr;
    Options m_options;
    Settings m_settings;
    bool m_configured = false;
    int m_generation = 0;
    int m_generationCounter = 0;
    quint64 m_syncCounter = 0;
    /// The settings last deployed successfully, and their generation.
    std::optional<Settings> m_lastGood;
    int m_lastGoodGeneration = 0;
    /// Why the last apply() failed, while the workers run m_lastGood instead.
    QString m_failedUpdate;
    int m_workerCounter = 0;
    bool m_deploying = false;
    /// The deployment under way is of a new version: it is deployed once a worker of it is
    /// ready, even with min_workers 0.
    bool m_probe = false;
    bool m_blocked = false; // a deploy failed: no new workers until the next apply()
    bool m_shuttingDown = false;
    int m_crashes = 0;
    /// A crash was reported and no worker has been ready since.
    bool m_crashUnsettled = false;
    qint64 m_nextStartMs = 0;
    qint64 m_lastBusyMs = 0;
    int m_inflight = 0;
    std::deque<Job> m_queue;
    /// Predictions sent to workers and not yet answered, and those of them that are sync or
    /// streaming.
    QList<QNetworkReply*> m_replies;
    QList<QNetworkReply*> m_syncReplies;
    /// Why shutdown() was called, for the predictions it cancels.
    QString m_shutdownReason;
    QList<WorkerProcess*> m_workers;
    QList<WorkerProcess*> m_history;
    QTimer m_tick;
    QElapsedTimer m_clock;
};

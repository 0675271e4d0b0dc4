#pragma once

#include "ApiError.h"
#include "ApiResult.h"
#include "LaunchClient.h"
#include "TrackedFuture.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <queue>
#include <vector>

class FutureStore;

struct AsyncTask;
struct PredictRequest;

/// Follows the unfinished futures of a FutureStore to their result by polling
/// `GET /v1/async-tasks/{id}` through a LaunchClient.
///
/// Each future is polled again after a tenth of its age, at least 1 s and at most 15 s: a task
/// submitted seconds ago is polled every second, so its result shows within about a second and
/// the times the console observes for it are close; only a task pending for minutes is polled
/// every 15 s, so a long queue costs few requests. A failed poll doubles the task's delay. At most
/// `maxInFlight` requests are on the wire at any time, however many futures wait; when the server
/// fails (no answer, 5xx, 429, 401/403) all polling pauses for a delay that doubles too, and
/// resumes at the first good answer. Futures found in the store at start are resumed, so tracking
/// survives a restart. Everything runs on the GUI thread in small steps; database writes are
/// batched by the store.
class FutureTracker final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int maxInFlight = 6;
        int firstDelayMs = 1000; ///< the shortest delay, used while a task is young
        int maxDelayMs = 15'000; ///< reached at 10 times this age, or by failures
        int maxServerPauseMs = 60'000;
    };

    FutureTracker(FutureStore* store, LaunchClient* client, QObject* parent = nullptr);
    ~FutureTracker() override;

    void setOptions(const Options& options);
    Options options() const { return m_options; }
    /// Polls through another client (another profile's); the store stays.
    void setClient(LaunchClient* client);

    /// Starts polling every tracked, unfinished future of the store, and each one added later.
    void start();
    /// Stops polling; requests on the wire are cancelled with the client's context.
    void stop();
    bool isRunning() const { return m_running; }

    /// Sends an async prediction and, once the server gave its task id, adds it to the store
    /// as a tracked future. `done` gets the new future or the error.
    void submit(const QString& endpointId, const QString& endpointName,
                const PredictRequest& request, QObject* context,
                std::function<void(ApiResult<TrackedFuture>)> done);

    int inFlight() const { return m_inFlight; }
    /// The most requests ever on the wire at once since start (for tests and figures).
    int maxInFlightSeen() const { return m_maxInFlightSeen; }
    /// Futures waiting for their next poll or being polled.
    int trackedCount() const { return int(m_tasks.size()); }
    /// The delay before the next poll of a task, or -1 if it is not tracked.
    int currentDelayMs(const QString& taskId) const;
    /// Futures resumed at start() whose status the server has not confirmed yet: until it has,
    /// what the store says of them may be long out of date (they may have finished meanwhile).
    int unconfirmedCount() const;
    /// Milliseconds until polling resumes after server failures, 0 when not paused.
    qint64 serverPauseRemainingMs() const;

Q_SIGNALS:
    /// A poll failed; `error.userMessage()` says why. Polling goes on with backoff.
    void pollFailed(const QString& taskId, const ApiError& error);
    void inFlightChanged(int inFlight);

private:
    struct TaskState
    {
        int delayMs = 0;
        quint64 generation = 0;
        bool inFlight = false;
        QDateTime sentAt;       ///< when the poll on the wire was sent
        QDateTime unfinishedAt; ///< when the last poll that saw the task unfinished was sent
        /// The server has answered for it since start(), or it was submitted since: what the
        /// store says of it is current.
        bool confirmed = false;
    };
    struct Due
    {
        qint64 atMs;
        QString taskId;
        quint64 generation;
        bool operator>(const Due& other) const { return atMs > other.atMs; }
    };

    void track(const TrackedFuture& future, qint64 delayMs, bool confirmed);
    int delayForAge(const TrackedFuture& future) const;
    void schedule(const QString& taskId, qint64 delayMs);
    void pump();
    void poll(const QString& taskId);
    void onAnswer(const QString& taskId, const ApiResult<AsyncTask>& result);
    void applyTask(const QString& taskId, const AsyncTask& task);
    void onFailure(const QString& taskId, const ApiError& error);
    void scheduleAfterFailure(const QString& taskId);
    void onStoreRowChanged(int row);
    void onRowsAboutToBeRemoved(int first, int last);
    qint64 now() const { return m_clock.elapsed(); }

    QPointer<FutureStore> m_store;
    QPointer<LaunchClient> m_client;
    QObject* m_requestContext = nullptr;
    Options m_options;
    QHash<QString, TaskState> m_tasks;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> m_queue;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_pausedUntilMs = 0;
    int m_serverPauseMs = 0;
    int m_inFlight = 0;
    int m_maxInFlightSeen = 0;
    quint64 m_generation = 0;
    bool m_running = false;
};

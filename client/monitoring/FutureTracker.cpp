#include "FutureTracker.h"

#include "FutureStore.h"
#include "LaunchClient.h"
#include "MonitoringLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QByteArray jsonText(const QJsonValue& value)
{
    if (value.isObject()) {
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    }
    if (value.isArray()) {
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    }
    if (value.isNull() || value.isUndefined()) {
        return {};
    }
    // A scalar: wrap it to serialise, then take the element back out.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

bool pausesServer(ApiError::Kind kind)
{
    switch (kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Tls:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::Forbidden:
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Server:
    case ApiError::Kind::InsecureConnection:
    case ApiError::Kind::InvalidSettings:
        return true;
    default:
        return false;
    }
}

} // namespace

FutureTracker::FutureTracker(FutureStore* store, LaunchClient* client, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
    , m_requestContext(new QObject(this))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &FutureTracker::pump);
    m_clock.start();
    connect(store, &FutureStore::futureAdded, this, &FutureTracker::onStoreRowChanged);
    connect(store, &FutureStore::futureChanged, this, &FutureTracker::onStoreRowChanged);
    connect(store, &FutureStore::rowsAboutToBeRemoved, this,
            &FutureTracker::onRowsAboutToBeRemoved);
}

FutureTracker::~FutureTracker() = default;

void FutureTracker::setOptions(const Options& options)
{
    m_options = options;
    m_options.maxInFlight = qMax(1, options.maxInFlight);
    if (m_running) {
        pump();
    }
}

void FutureTracker::setClient(LaunchClient* client)
{
    const bool wasRunning = m_running;
    stop();
    m_client = client;
    if (wasRunning) {
        start();
    }
}

void FutureTracker::start()
{
    if (m_running || !m_store) {
        return;
    }
    m_running = true;
    m_maxInFlightSeen = 0;
    // Resumed futures are due at once; the in-flight cap spreads them out.
    const QList<TrackedFuture>& futures = m_store->futures();
    for (const TrackedFuture& future : futures) {
        if (future.isPending()) {
            track(future, 0, false);
        }
    }
    qCInfo(lcMonitoring) << "tracking" << m_tasks.size() << "futures";
    pump();
}

void FutureTracker::stop()
{
    m_running = false;
    m_timer.stop();
    delete m_requestContext; // cancels the calls on the wire
    m_requestContext = new QObject(this);
    m_tasks.clear();
    m_queue = {};
    if (m_inFlight != 0) {
        m_inFlight = 0;
        Q_EMIT inFlightChanged(0);
    }
}

void FutureTracker::submit(const QString& endpointId, const QString& endpointName,
                           const PredictRequest& request, QObject* context,
                           std::function<void(ApiResult<TrackedFuture>)> done)
{
    if (!m_client) {
        done(ApiError(ApiError::Kind::InvalidSettings, u"No server is selected."_s));
        return;
    }
    const QDateTime submitted = QDateTime::currentDateTimeUtc();
    QPointer<FutureStore> store = m_store;
    m_client->createAsyncTask(endpointId, request, context,
                              [store, endpointId, endpointName, submitted,
                               done = std::move(done)](ApiResult<CreateAsyncTaskResponse> result) {
                                  if (!result) {
                                      done(result.error());
                                      return;
                                  }
                                  TrackedFuture future;
                                  future.taskId = result.value().taskId;
                                  future.endpointId = endpointId;
                                  future.endpointName = endpointName;
                                  future.submitted = submitted;
                                  if (store) {
                                      store->add(future);
                                  }
                                  done(future);
                              });
}

int FutureTracker::currentDelayMs(const QString& taskId) const
{
    const auto it = m_tasks.constFind(taskId);
    return it == m_tasks.cend() ? -1 : it->delayMs;
}

int FutureTracker::unconfirmedCount() const
{
    return int(std::count_if(m_tasks.cbegin(), m_tasks.cend(),
                             [](const TaskState& state) { return !state.confirmed; }));
}

qint64 FutureTracker::serverPauseRemainingMs() const
{
    return qMax<qint64>(0, m_pausedUntilMs - now());
}

void FutureTracker::track(const TrackedFuture& future, qint64 delayMs, bool confirmed)
{
    TaskState& state = m_tasks[future.taskId];
    state.confirmed = confirmed;
    // What the console saw before a restart: the task was unfinished when it was first seen
    // running (to within that poll's round trip), or else when it was last seen pending.
    state.unfinishedAt = future.started.isValid()        ? future.started
                         : future.startedAfter.isValid() ? future.startedAfter
                                                         : future.submitted;
    schedule(future.taskId, delayMs);
}

int FutureTracker::delayForAge(const TrackedFuture& future) const
{
    // A tenth of the age bounds what a poll interval can make an observed time wrong by, and
    // keeps the requests for a task pending an hour as few as for one pending 2.5 minutes.
    const qint64 ageMs = future.submitted.isValid()
                                 ? future.submitted.msecsTo(QDateTime::currentDateTimeUtc())
                                 : 0;
    const qint64 longest = qMax(m_options.firstDelayMs, m_options.maxDelayMs);
    return int(qBound(qint64(m_options.firstDelayMs), ageMs / 10, longest));
}

void FutureTracker::schedule(const QString& taskId, qint64 delayMs)
{
    TaskState& state = m_tasks[taskId];
    state.delayMs = int(delayMs);
    state.generation = ++m_generation;
    m_queue.push({now() + delayMs, taskId, state.generation});
}

void FutureTracker::pump()
{
    if (!m_running || !m_client) {
        return;
    }
    const qint64 current = now();
    if (current < m_pausedUntilMs) {
        m_timer.start(int(m_pausedUntilMs - current));
        return;
    }
    while (!m_queue.empty() && m_inFlight < m_options.maxInFlight) {
        const Due& next = m_queue.top();
        const auto it = m_tasks.constFind(next.taskId);
        if (it == m_tasks.cend() || it->generation != next.generation || it->inFlight) {
            m_queue.pop(); // superseded or forgotten
            continue;
        }
        if (next.atMs > current) {
            break;
        }
        const QString taskId = next.taskId;
        m_queue.pop();
        poll(taskId);
    }
    if (!m_queue.empty() && m_inFlight < m_options.maxInFlight) {
        m_timer.start(int(qMax<qint64>(0, m_queue.top().atMs - current)));
    }
}

void FutureTracker::poll(const QString& taskId)
{
    TaskState& state = m_tasks[taskId];
    state.inFlight = true;
    state.sentAt = QDateTime::currentDateTimeUtc();
    ++m_inFlight;
    m_maxInFlightSeen = qMax(m_maxInFlightSeen, m_inFlight);
    Q_EMIT inFlightChanged(m_inFlight);
    m_client->getAsyncTask(taskId, m_requestContext, [this, taskId](ApiResult<AsyncTask> result) {
        onAnswer(taskId, result);
    });
}

void FutureTracker::onAnswer(const QString& taskId, const ApiResult<AsyncTask>& result)
{
    --m_inFlight;
    Q_EMIT inFlightChanged(m_inFlight);
    const auto it = m_tasks.find(taskId);
    const int row = m_store ? m_store->indexOf(taskId) : -1;
    if (it != m_tasks.end() && (row < 0 || !m_store->at(row).isPending())) {
        m_tasks.erase(it); // removed or no longer tracked while the request was out
    } else if (it != m_tasks.end()) {
        it->inFlight = false;
        if (result) {
            m_serverPauseMs = 0;
            applyTask(taskId, result.value());
        } else {
            onFailure(taskId, result.error());
        }
    }
    pump();
}

void FutureTracker::applyTask(const QString& taskId, const AsyncTask& task)
{
    const int row = m_store ? m_store->indexOf(taskId) : -1;
    if (row < 0) {
        m_tasks.remove(taskId);
        return;
    }
    TaskState& state = m_tasks[taskId];
    state.confirmed = true;
    TrackedFuture future = m_store->at(row);
    const bool changed = future.status != task.status;
    if (changed) {
        // The server answered between sending and receiving: the task changed after the
        // last poll that saw it unfinished was sent, and before this answer came.
        const QDateTime seen = QDateTime::currentDateTimeUtc();
        if (task.status == TaskStatus::Pending && future.started.isValid()) {
            // Pending again after it had started: the server runs it again from the start
            // (its worker died, or the server restarted), so its running time counts anew.
            future.started = {};
            future.startedAfter = {};
        }
        const bool wasPending = !future.started.isValid();
        future.status = task.status;
        if (wasPending && (task.status == TaskStatus::Started || task.status.isFinished())) {
            future.startedAfter = state.unfinishedAt;
        }
        if (task.status == TaskStatus::Started && wasPending) {
            future.started = seen;
        }
        if (task.status.isFinished()) {
            future.finished = seen;
            future.finishedAfter = state.unfinishedAt;
            future.result = jsonText(task.result);
            future.traceback = task.traceback.value_or(QString());
            future.statusCode = task.statusCode.value_or(0);
        }
    }
    if (task.status.isFinished()) {
        m_tasks.remove(taskId);
    } else {
        state.unfinishedAt = state.sentAt;
        schedule(taskId, delayForAge(future));
    }
    if (changed) {
        m_store->update(future); // last: listeners may look at this tracker's state
    }
}

void FutureTracker::onFailure(const QString& taskId, const ApiError& error)
{
    qCInfo(lcMonitoring) << "poll failed:" << ApiError::kindName(error.kind())
                         << error.httpStatus();
    Q_EMIT pollFailed(taskId, error);
    if (error.kind() == ApiError::Kind::NotFound && m_store) {
        // The server does not know the task (expired, or another server): polling again
        // cannot help, so the future stops being tracked and says why.
        m_tasks.remove(taskId);
        const int row = m_store->indexOf(taskId);
        if (row >= 0) {
            TrackedFuture future = m_store->at(row);
            future.status = TaskStatus::Undefined;
            future.tracked = false;
            future.traceback = error.userMessage();
            m_store->update(future);
        }
        return;
    }
    scheduleAfterFailure(taskId);
    // One pause per round of failures: the answers of requests sent together do not each
    // double it.
    if (pausesServer(error.kind()) && now() >= m_pausedUntilMs) {
        m_serverPauseMs = m_serverPauseMs == 0
                                  ? m_options.firstDelayMs
                                  : qMin(m_serverPauseMs * 2, m_options.maxServerPauseMs);
        const qint64 retryAfterMs = qint64(error.retryAfterSeconds()) * 1000;
        m_pausedUntilMs =
                qMax(m_pausedUntilMs, now() + qMax<qint64>(m_serverPauseMs, retryAfterMs));
    }
}

void FutureTracker::scheduleAfterFailure(const QString& taskId)
{
    const int row = m_store ? m_store->indexOf(taskId) : -1;
    const int byAge = row >= 0 ? delayForAge(m_store->at(row)) : m_options.firstDelayMs;
    const int doubled = qMax(m_tasks[taskId].delayMs, m_options.firstDelayMs) * 2;
    schedule(taskId,
             qMin(qMax(doubled, byAge), qMax(m_options.firstDelayMs, m_options.maxDelayMs)));
}

void FutureTracker::onStoreRowChanged(int row)
{
    if (!m_running || !m_store) {
        return;
    }
    const TrackedFuture& future = m_store->at(row);
    const auto it = m_tasks.find(future.taskId);
    if (future.isPending() && it == m_tasks.end()) {
        track(future, m_options.firstDelayMs, true); // just submitted
        pump();
    } else if (!future.isPending() && it != m_tasks.end() && !it->inFlight) {
        m_tasks.erase(it);
    }
}

void FutureTracker::onRowsAboutToBeRemoved(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        m_tasks.remove(m_store->at(row).taskId);
    }
}

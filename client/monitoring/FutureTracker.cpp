#include "FutureTracker.h"

#include "FutureStore.h"
#include "LaunchClient.h"
#include "MonitoringLog.h"

#include <QJsonArray>
#include <QJsonDocument>

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
            track(future.taskId, 0);
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

qint64 FutureTracker::serverPauseRemainingMs() const
{
    return qMax<qint64>(0, m_pausedUntilMs - now());
}

void FutureTracker::track(const QString& taskId, qint64 delayMs)
{
    TaskState& state = m_tasks[taskId];
    state.delayMs = m_options.firstDelayMs;
    schedule(taskId, delayMs);
}

void FutureTracker::schedule(const QString& taskId, qint64 delayMs)
{
    TaskState& state = m_tasks[taskId];
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
    m_tasks[taskId].inFlight = true;
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
    TrackedFuture future = m_store->at(row);
    const bool changed = future.status != task.status;
    if (changed) {
        const QDateTime seen = QDateTime::currentDateTimeUtc();
        future.status = task.status;
        if (task.status == TaskStatus::Started && !future.started.isValid()) {
            future.started = seen;
        }
        if (task.status.isFinished()) {
            future.finished = seen;
            future.result = jsonText(task.result);
            future.traceback = task.traceback.value_or(QString());
            future.statusCode = task.statusCode.value_or(0);
        }
    }
    if (task.status.isFinished()) {
        m_tasks.remove(taskId);
    } else {
        TaskState& state = m_tasks[taskId];
        schedule(taskId, state.delayMs);
        state.delayMs = qMin(state.delayMs * 2, m_options.maxDelayMs);
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
    TaskState& state = m_tasks[taskId];
    schedule(taskId, state.delayMs);
    state.delayMs = qMin(state.delayMs * 2, m_options.maxDelayMs);
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

void FutureTracker::onStoreRowChanged(int row)
{
    if (!m_running || !m_store) {
        return;
    }
    const TrackedFuture& future = m_store->at(row);
    const auto it = m_tasks.find(future.taskId);
    if (future.isPending() && it == m_tasks.end()) {
        track(future.taskId, m_options.firstDelayMs);
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

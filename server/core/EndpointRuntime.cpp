#include "EndpointRuntime.h"

#include "ServerLog.h"
#include "SingleSendBody.h"
#include "Store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int kHistoryLimit = 8;
constexpr qint64 kStableReadyMs = 10000;
constexpr qint64 kMaxBackoffMs = 30000;

/// "1 second", "1.5 seconds", "300 seconds": a limit given in milliseconds, as a person says it.
QString secondsText(int ms)
{
    QString number = QString::number(ms / 1000.0, 'f', 3);
    while (number.endsWith(u'0')) {
        number.chop(1);
    }
    if (number.endsWith(u'.')) {
        number.chop(1);
    }
    return number + (ms == 1000 ? u" second"_s : u" seconds"_s);
}

} // namespace

EndpointRuntime::EndpointRuntime(const QString& endpointId, Store* store,
                                 QNetworkAccessManager* network, const Options& options,
                                 QObject* parent)
    : QObject(parent)
    , m_endpointId(endpointId)
    , m_store(store)
    , m_network(network)
    , m_options(options)
{
    m_clock.start();
    m_tick.setSingleShot(true);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        expireSyncJobs();
        pump();
    });
}

EndpointRuntime::~EndpointRuntime()
{
    for (WorkerProcess* worker : std::as_const(m_workers)) {
        worker->disconnect(this);
    }
}

void EndpointRuntime::apply(const Settings& settings, bool replaceWorkers)
{
    // While a failed update stands, the workers run the previous settings, not the ones the
    // endpoint asks for: any new settings are a new attempt at the update.
    const bool fallenBack = !m_failedUpdate.isEmpty();
    m_failedUpdate.clear();
    m_settings = settings;
    m_configured = true;
    m_blocked = false;
    m_deploying = true;
    m_crashes = 0;
    m_nextStartMs = 0;
    if (replaceWorkers || m_generation == 0 || fallenBack) {
        m_generation = ++m_generationCounter;
        // A new version must show that it works before it is taken as deployed, even when no
        // worker is wanted yet (min_workers 0): one worker of it is started and must become
        // ready; it stops later when idle, as any worker above the wanted number does.
        m_probe = true;
    }
    pump();
}

void EndpointRuntime::shutdown(const QString& why)
{
    m_shuttingDown = true;
    m_shutdownReason = why;
    m_tick.stop();
    std::deque<Job> queued;
    queued.swap(m_queue);
    for (const Job& job : queued) {
        if (job.reply) {
            Prediction cancelled;
            cancelled.outcome = Prediction::Outcome::Cancelled;
            cancelled.message = why;
            job.reply(cancelled);
        }
    }
    // Sync and streaming predictions that workers are answering are answered now as well, as
    // the endpoint's async tasks are failed: an answer that came later, from a worker being
    // stopped, would contradict the delete. Aborting finishes each at once, as cancelled.
    const auto syncReplies = m_syncReplies;
    for (QNetworkReply* reply : syncReplies) {
        reply->abort();
    }
    const auto workers = m_workers;
    for (WorkerProcess* worker : workers) {
        worker->stop();
    }
    if (m_workers.isEmpty()) {
        abortInflight();
        QMetaObject::invokeMethod(this, &EndpointRuntime::stopped, Qt::QueuedConnection);
    }
}

void EndpointRuntime::abortInflight()
{
    // A worker's exit and the end of its connection are noticed in either order: a reply
    // still open when the last worker has gone would otherwise never be answered, since the
    // runtime is deleted after stopped(). Aborting finishes each at once, as cancelled.
    const auto replies = m_replies;
    for (QNetworkReply* reply : replies) {
        reply->abort();
    }
}

quint64 EndpointRuntime::submitSync(const QByteArray& args, Reply reply)
{
    Job job;
    job.syncId = ++m_syncCounter;
    const quint64 id = job.syncId;
    job.args = args;
    job.reply = std::move(reply);
    job.deadlineMs = m_clock.elapsed() + m_options.syncWaitMs;
    m_queue.push_back(std::move(job));
    pump();
    return id;
}

void EndpointRuntime::dropQueuedSync(quint64 id)
{
    const auto found = std::find_if(m_queue.begin(), m_queue.end(),
                                    [id](const Job& job) { return job.syncId == id; });
    if (found == m_queue.end()) {
        return; // answered, or with a worker already: a request is not taken back from one
    }
    qCDebug(lcServer) << "endpoint" << m_endpointId << "drops a queued prediction: client gone";
    m_queue.erase(found);
    pump();
}

void EndpointRuntime::submitAsync(const QString& taskId, const QByteArray& args, int attempts)
{
    Job job;
    job.taskId = taskId;
    job.args = args;
    job.attempts = attempts;
    m_queue.push_back(std::move(job));
    pump();
}

int EndpointRuntime::availableWorkers() const
{
    return int(std::count_if(m_workers.cbegin(), m_workers.cend(), [](WorkerProcess* worker) {
        return worker->state() == WorkerProcess::State::Ready;
    }));
}

int EndpointRuntime::unavailableWorkers() const
{
    const int starting =
            int(std::count_if(m_workers.cbegin(), m_workers.cend(), [](WorkerProcess* worker) {
                return worker->state() == WorkerProcess::State::Starting;
            }));
    // Workers that should run but do not (waiting for a restart after a crash, or never started
    // since the deployment failed) count too.
    const int missing =
            m_shuttingDown ? 0 : std::max(0, m_settings.minWorkers - activeCurrentWorkers());
    return starting + missing;
}

bool EndpointRuntime::canServe() const
{
    return availableWorkers() > 0 || (!m_blocked && unavailableWorkers() > 0);
}

int EndpointRuntime::targetWorkers() const
{
    const int demand = int(m_queue.size()) + m_inflight;
    const int perWorker = std::max(1, m_settings.perWorker);
    int target = (demand + perWorker - 1) / perWorker;
    target = std::clamp(target, m_settings.minWorkers, std::max(m_settings.maxWorkers, 1));
    if (demand > 0 || (m_deploying && m_probe)) {
        target = std::max(target, 1);
    }
    return target;
}

int EndpointRuntime::activeCurrentWorkers() const
{
    return int(std::count_if(m_workers.cbegin(), m_workers.cend(), [this](WorkerProcess* w) {
        return w->generation() == m_generation && w->isActive();
    }));
}

int EndpointRuntime::readyCurrentWorkers() const
{
    return int(std::count_if(m_workers.cbegin(), m_workers.cend(), [this](WorkerProcess* w) {
        return w->generation() == m_generation && w->state() == WorkerProcess::State::Ready;
    }));
}

WorkerProcess* EndpointRuntime::freeWorker() const
{
    WorkerProcess* best = nullptr;
    // Capped at the connections QNetworkAccessManager opens to one worker: beyond them it would
    // queue predictions out of sight, where the sync wait and the scaling do not see them.
    const int concurrency =
            std::clamp(m_settings.concurrency, 1, int(WorkerProcess::kMaxConnections));
    for (WorkerProcess* worker : m_workers) {
        if (worker->state() != WorkerProcess::State::Ready || worker->inflight() >= concurrency) {
            continue;
        }
        if (!best || worker->inflight() < best->inflight()) {
            best = worker;
        }
    }
    return best;
}

void EndpointRuntime::pump()
{
    if (m_shuttingDown || !m_configured) {
        return;
    }
    while (!m_queue.empty()) {
        WorkerProcess* worker = freeWorker();
        if (!worker) {
            break;
        }
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        send(worker, std::move(job));
    }
    scale();
}

void EndpointRuntime::send(WorkerProcess* worker, Job job)
{
    worker->addInflight(1);
    ++m_inflight;
    m_lastBusyMs = m_clock.elapsed();
    if (!job.taskId.isEmpty()) {
        Store::Task task;
        task.id = job.taskId;
        task.status = u"STARTED"_s;
        task.attempts = job.attempts;
        m_store->updateTask(task);
    }
    const int timeoutMs = job.taskId.isEmpty() ? m_options.syncTimeoutMs : m_options.asyncTimeoutMs;
    // The time limit is kept here rather than by the network layer's transfer timeout, whose
    // coarse timer fires up to 5% early or late, and which aborts a reply whose answer may have
    // begun to arrive: finish() then knows that a timed-out reply is never to be read.
    QNetworkRequest request = worker->request(m_settings.predictRoute, 0);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    auto* body = new SingleSendBody(job.args.isEmpty() ? QByteArrayLiteral("{}") : job.args);
    QNetworkReply* reply = m_network->post(request, body);
    body->setParent(reply);
    m_replies.append(reply);
    if (job.reply) {
        m_syncReplies.append(reply);
    }
    auto* limit = new QTimer(reply);
    limit->setTimerType(Qt::PreciseTimer);
    limit->setSingleShot(true);
    limit->setInterval(timeoutMs);
    auto timedOut = std::make_shared<bool>(false);
    connect(limit, &QTimer::timeout, reply, [reply, timedOut] {
        if (!reply->isFinished()) {
            *timedOut = true;
            reply->abort();
        }
    });
    // Counted while no data comes from the worker.
    const auto restart = [limit] { limit->start(); };
    connect(reply, &QNetworkReply::metaDataChanged, limit, restart);
    connect(reply, &QNetworkReply::readyRead, limit, restart);
    limit->start();
    QPointer<WorkerProcess> guard(worker);
    connect(reply, &QNetworkReply::finished, this,
            [this, guard, job = std::move(job), reply, limit, timedOut]() mutable {
                limit->stop();
                finish(guard, std::move(job), reply, *timedOut);
            });
}

void EndpointRuntime::finish(WorkerProcess* worker, Job job, QNetworkReply* reply, bool timedOut)
{
    reply->deleteLater();
    m_replies.removeOne(reply);
    m_syncReplies.removeOne(reply);
    --m_inflight;
    m_lastBusyMs = m_clock.elapsed();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // An aborted reply may have its status already while its body is gone: it is never read.
    const bool aborted = reply->error() == QNetworkReply::OperationCanceledError;
    if (m_shuttingDown && (status <= 0 || aborted) && !timedOut) {
        // Stopped by a shutdown or a delete: an async task stays STARTED in the store and runs
        // again at the next start (a deleted endpoint's tasks were already failed).
        if (worker) {
            worker->addInflight(-1);
        }
        if (job.reply) {
            Prediction cancelled;
            cancelled.outcome = Prediction::Outcome::Cancelled;
            cancelled.message = m_shutdownReason;
            job.reply(cancelled);
        }
        return;
    }
    Prediction prediction;
    if (status > 0 && !aborted) {
        prediction.statusCode = status;
        prediction.body = reply->readAll();
    } else if (timedOut) {
        prediction.outcome = Prediction::Outcome::TimedOut;
        const int timeoutMs =
                job.taskId.isEmpty() ? m_options.syncTimeoutMs : m_options.asyncTimeoutMs;
        prediction.message = u"the worker did not answer within %1"_s.arg(secondsText(timeoutMs));
    } else {
        ++job.attempts;
        if (worker) {
            worker->addInflight(-1);
        }
        // ContentReSendError: the connection closed before an answer and the body refused to
        // go out a second time; Qt's own sentence for it is "Unknown error".
        const QString error = reply->error() == QNetworkReply::ContentReSendError
                                      ? u"Connection closed"_s
                                      : reply->errorString();
        lost(worker, std::move(job), error);
        return;
    }
    if (worker) {
        worker->addInflight(-1);
    }
    deliver(job, prediction);
    pump();
}

void EndpointRuntime::lost(WorkerProcess* worker, Job job, const QString& error)
{
    if (!job.reply && m_shuttingDown) {
        // Stopping or deleting: the task runs again at the next start, or the delete already
        // failed it with its own reason.
        return;
    }
    if (!job.reply && job.attempts < m_options.maxAttempts && !m_shuttingDown) {
        qCInfo(lcServer) << "endpoint" << m_endpointId << "worker did not answer a task; attempt"
                         << job.attempts << "of" << m_options.maxAttempts;
        m_queue.push_front(std::move(job));
        // Give the process's exit a moment to be noticed, so that the retry goes to a
        // worker that is alive.
        QTimer::singleShot(200, this, &EndpointRuntime::pump);
        return;
    }
    // A sync or streaming request is never repeated: it may not be safe to run twice, and a
    // request that kills its worker would kill the next one too. The wait lets the worker's
    // exit be noticed, so that its exit code can be named.
    QPointer<WorkerProcess> guard(worker);
    QTimer::singleShot(200, this, [this, guard, job = std::move(job), error] {
        if (!job.reply && m_shuttingDown) {
            return;
        }
        Prediction prediction;
        prediction.outcome = Prediction::Outcome::Lost;
        // The exit code says why; the network error only says how the connection ended.
        QString what = u"the worker stopped while answering"_s;
        QString detail = u"; error: "_s + error;
        if (guard && guard->isActive()) {
            what = u"the worker closed the connection without answering"_s;
        } else if (guard && guard->exitCode() >= 0) {
            what += u" (exit code %1)"_s.arg(guard->exitCode());
            detail.clear();
        }
        prediction.message =
                job.reply ? u"%1; the request was not repeated, since it may not be safe to run "
                            "twice%2"_s.arg(what, detail)
                          : u"%1, after %2 attempts%3"_s.arg(what).arg(job.attempts).arg(detail);
        deliver(job, prediction);
        pump();
    });
}

void EndpointRuntime::deliver(const Job& job, const Prediction& prediction)
{
    if (job.reply) {
        job.reply(prediction);
        return;
    }
    Store::Task task;
    task.id = job.taskId;
    task.attempts = job.attempts;
    const QJsonObject json = prediction.toTaskJson();
    task.status = json.value(u"status"_s).toString();
    if (prediction.succeeded()) {
        task.result =
                QJsonDocument(json.value(u"result"_s).toObject()).toJson(QJsonDocument::Compact);
    } else {
        task.traceback = json.value(u"traceback"_s).toString();
    }
    task.statusCode = prediction.statusCode;
    m_store->updateTask(task);
}

void EndpointRuntime::expireSyncJobs()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (it->reply && it->deadlineMs <= now) {
            Prediction prediction;
            const bool anyReady = availableWorkers() > 0;
            prediction.outcome =
                    anyReady ? Prediction::Outcome::Busy : Prediction::Outcome::NoWorker;
            prediction.message = anyReady ? u"every worker slot stayed busy"_s
                                          : u"no worker of this endpoint became ready"_s;
            const Reply reply = it->reply;
            it = m_queue.erase(it);
            reply(prediction);
        } else {
            ++it;
        }
    }
}

void EndpointRuntime::scale()
{
    if (m_shuttingDown) {
        return;
    }
    const qint64 now = m_clock.elapsed();
    const int target = targetWorkers();
    int active = activeCurrentWorkers();
    if (!m_blocked && active < target && now >= m_nextStartMs) {
        for (; active < target; ++active) {
            startWorker();
        }
    }
    // Workers of an older generation keep serving until the new ones can take over.
    const int ready = readyCurrentWorkers();
    if (ready >= std::max(1, target) || target == 0) {
        const auto workers = m_workers;
        for (WorkerProcess* worker : workers) {
            if (worker->generation() != m_generation && worker->isActive()) {
                worker->drain();
            }
        }
    }
    if (m_deploying && ready >= std::max(m_settings.minWorkers, m_probe ? 1 : 0)) {
        m_deploying = false;
        m_probe = false;
        m_lastGood = m_settings;
        m_lastGoodGeneration = m_generation;
        // The idle time of a worker started only to check the version counts from now.
        m_lastBusyMs = now;
        Q_EMIT deployed();
    }
    if (m_crashUnsettled && !m_deploying && ready >= target) {
        m_crashUnsettled = false;
        Q_EMIT crashSettled();
    }
    // Scale down one worker per idle period.
    if (active > target && now - m_lastBusyMs >= qint64(m_options.idleSeconds) * 1000) {
        for (WorkerProcess* worker : std::as_const(m_workers)) {
            if (worker->generation() == m_generation && worker->isActive() &&
                worker->inflight() == 0) {
                qCInfo(lcServer) << "endpoint" << m_endpointId << "scales down: worker"
                                 << worker->id() << "idle";
                worker->drain();
                m_lastBusyMs = now;
                break;
            }
        }
    }
    scheduleTick();
}

void EndpointRuntime::scheduleTick()
{
    const qint64 now = m_clock.elapsed();
    qint64 next = -1;
    auto consider = [&next](qint64 at) {
        if (next < 0 || at < next) {
            next = at;
        }
    };
    // An endpoint takes either sync or async predictions, so a queue with sync jobs holds only
    // sync jobs, in deadline order.
    if (!m_queue.empty() && m_queue.front().reply) {
        consider(m_queue.front().deadlineMs);
    }
    const int target = targetWorkers();
    const int active = activeCurrentWorkers();
    if (!m_blocked && active < target) {
        consider(m_nextStartMs);
    }
    if (active > target) {
        consider(m_lastBusyMs + qint64(m_options.idleSeconds) * 1000);
    }
    if (next < 0) {
        m_tick.stop();
        return;
    }
    m_tick.start(int(std::clamp<qint64>(next - now, 1, 24 * 3600 * 1000)));
}

void EndpointRuntime::failDeploy(const QString& reason)
{
    m_deploying = false;
    m_probe = false;
    if (m_lastGood && m_lastGoodGeneration != m_generation) {
        // The previous settings worked: their workers keep serving, and are restarted and
        // scaled as usual, until the next apply() tries again.
        qCWarning(lcServer) << "endpoint" << m_endpointId
                            << "update failed; the previous version keeps serving";
        m_failedUpdate = reason;
        m_settings = *m_lastGood;
        m_generation = m_lastGoodGeneration;
        m_blocked = false;
        m_crashes = 0;
        m_nextStartMs = 0;
    } else {
        m_blocked = true;
    }
    Q_EMIT deployFailed(reason);
    // The failed workers' generation is no longer the current one: they are drained, and the
    // previous generation is brought back to its numbers.
    QMetaObject::invokeMethod(this, &EndpointRuntime::pump, Qt::QueuedConnection);
}

void EndpointRuntime::startWorker()
{
    const QString id = u"w%1"_s.arg(++m_workerCounter);
    WorkerProcess::Spec spec = m_settings.worker;
    spec.checkIntervalMs = m_options.healthCheckMs;
    spec.endpointId = m_endpointId;
    auto* worker = new WorkerProcess(id, m_generation, spec, m_network, this);
    m_workers.append(worker);
    connect(worker, &WorkerProcess::becameReady, this, [this, worker] { onWorkerReady(worker); });
    connect(worker, &WorkerProcess::ended, this, [this, worker] { onWorkerEnded(worker); });
    m_store->addWorkerEvent(m_endpointId, id, u"start"_s, m_settings.worker.program);
    worker->start();
}

void EndpointRuntime::onWorkerReady(WorkerProcess* worker)
{
    m_store->addWorkerEvent(m_endpointId, worker->id(), u"ready"_s,
                            u"port %1"_s.arg(worker->port()));
    if (!m_deploying) {
        m_crashUnsettled = false;
        Q_EMIT workerReady();
    }
    pump();
}

void EndpointRuntime::onWorkerEnded(WorkerProcess* worker)
{
    m_workers.removeOne(worker);
    m_history.append(worker);
    while (m_history.size() > kHistoryLimit) {
        delete m_history.takeFirst();
    }
    m_store->addWorkerEvent(m_endpointId, worker->id(),
                            worker->state() == WorkerProcess::State::Failed ? u"failed"_s
                                                                            : u"stopped"_s,
                            worker->endReason());
    if (m_shuttingDown) {
        if (m_workers.isEmpty()) {
            abortInflight();
            Q_EMIT stopped();
        }
        return;
    }
    if (!worker->stopRequested() && worker->generation() == m_generation) {
        if (m_deploying) {
            failDeploy(worker->endReason());
        } else {
            if (worker->readyForMs() >= kStableReadyMs) {
                m_crashes = 0;
            }
            const qint64 backoff =
                    std::min<qint64>(kMaxBackoffMs, 500LL << std::min(m_crashes, 10));
            ++m_crashes;
            m_nextStartMs = m_clock.elapsed() + backoff;
            qCWarning(lcServer) << "endpoint" << m_endpointId << "restarts worker in" << backoff
                                << "ms";
            m_crashUnsettled = true;
            Q_EMIT workerCrashed(worker->endReason());
        }
    }
    pump();
}

QJsonArray EndpointRuntime::workersJson(qsizetype tailBytes) const
{
    QJsonArray array;
    auto describe = [tailBytes](const WorkerProcess* worker) {
        const QByteArray log = worker->log();
        bool cut = log.size() > tailBytes;
        // Invalid UTF-8 (a character cut at the start, say) becomes U+FFFD, three bytes for
        // one: the text is cut again, at a character boundary, so that it never exceeds the
        // asked size.
        QByteArray text = QString::fromUtf8(cut ? log.right(tailBytes) : log).toUtf8();
        if (text.size() > tailBytes) {
            cut = true;
            text = text.right(tailBytes);
            qsizetype start = 0;
            while (start < text.size() && (quint8(text.at(start)) & 0xC0) == 0x80) {
                ++start;
            }
            text.remove(0, start);
        }
        QJsonObject json{
                {u"worker_id"_s, worker->id()},
                {u"pid"_s, worker->pid() > 0 ? QJsonValue(worker->pid()) : QJsonValue()},
                {u"port"_s, worker->port()},
                {u"state"_s, WorkerProcess::stateName(worker->state())},
                {u"started_at"_s, worker->startedAt().toString(Qt::ISODate)},
                {u"exited_at"_s, worker->endedAt().isValid()
                                         ? QJsonValue(worker->endedAt().toString(Qt::ISODate))
                                         : QJsonValue()},
                {u"exit_code"_s,
                 worker->exitCode() >= 0 ? QJsonValue(worker->exitCode()) : QJsonValue()},
                {u"reason"_s,
                 worker->endReason().isEmpty() ? QJsonValue() : QJsonValue(worker->endReason())},
                {u"log"_s, QString::fromUtf8(text)},
                {u"truncated"_s, cut || worker->logTruncated()},
        };
        return json;
    };
    for (const WorkerProcess* worker : m_history) {
        array.append(describe(worker));
    }
    for (const WorkerProcess* worker : m_workers) {
        array.append(describe(worker));
    }
    return array;
}

#include "FutureStore.h"

#include "MonitoringLog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QVariant msOrNull(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeOrNull(const QVariant& value)
{
    return value.isNull() ? QDateTime()
                          : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

TrackedFuture readFuture(const QSqlQuery& query)
{
    TrackedFuture future;
    future.taskId = query.value(0).toString();
    future.endpointId = query.value(1).toString();
    future.endpointName = query.value(2).toString();
    future.submitted = timeOrNull(query.value(3));
    future.status = TaskStatus::fromString(query.value(4).toString());
    future.started = timeOrNull(query.value(5));
    future.finished = timeOrNull(query.value(6));
    future.result = query.value(7).toByteArray();
    future.traceback = query.value(8).toString();
    future.statusCode = query.value(9).toInt();
    future.tracked = query.value(10).toBool();
    future.startedAfter = timeOrNull(query.value(11));
    future.finishedAfter = timeOrNull(query.value(12));
    return future;
}

} // namespace

FutureStore::FutureStore(const QString& databasePath, QObject* parent)
    : QObject(parent)
    , m_db(databasePath)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(250);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flushSome(s_batchLimit); });
}

FutureStore::~FutureStore()
{
    flush();
}

QString FutureStore::open()
{
    const QString error = m_db.open({
            u"CREATE TABLE IF NOT EXISTS futures (task_id TEXT PRIMARY KEY, endpoint_id TEXT, "
            "endpoint_name TEXT, submitted INTEGER, status TEXT, started INTEGER, "
            "finished INTEGER, result BLOB, traceback TEXT, status_code INTEGER, "
            "tracked INTEGER NOT NULL DEFAULT 1)"_s,
    });
    if (!error.isEmpty()) {
        return error;
    }
    QSqlQuery query(m_db.database());
    query.setForwardOnly(true);
    // Files written before the console kept the bounds of its observed times lack them.
    for (const QString& column : {u"started_after"_s, u"finished_after"_s}) {
        if (!m_db.database().record(u"futures"_s).contains(column) &&
            !query.exec(u"ALTER TABLE futures ADD COLUMN %1 INTEGER"_s.arg(column))) {
            return u"Could not update the futures: %1"_s.arg(query.lastError().text());
        }
    }
    if (!query.exec(u"SELECT task_id, endpoint_id, endpoint_name, submitted, status, started, "
                    "finished, result, traceback, status_code, tracked, started_after, "
                    "finished_after FROM futures "
                    "ORDER BY submitted, rowid"_s)) {
        return u"Could not read the futures: %1"_s.arg(query.lastError().text());
    }
    m_futures.clear();
    while (query.next()) {
        m_futures.append(readFuture(query));
    }
    rebuildRows();
    qCInfo(lcMonitoring) << "loaded" << m_futures.size() << "futures";
    return {};
}

bool FutureStore::write(const QList<TrackedFuture>& futures)
{
    if (!m_db.isOpen() || futures.isEmpty()) {
        return false;
    }
    QSqlDatabase db = m_db.database();
    db.transaction();
    QSqlQuery query(db);
    // An upsert keeps the row id, which orders futures submitted in the same millisecond.
    query.prepare(
            u"INSERT INTO futures (task_id, endpoint_id, endpoint_name, "
            "submitted, status, started, finished, result, traceback, status_code, tracked, "
            "started_after, finished_after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET "
            "endpoint_id = excluded.endpoint_id, endpoint_name = excluded.endpoint_name, "
            "submitted = excluded.submitted, status = excluded.status, "
            "started = excluded.started, finished = excluded.finished, "
            "result = excluded.result, traceback = excluded.traceback, "
            "status_code = excluded.status_code, tracked = excluded.tracked, "
            "started_after = excluded.started_after, "
            "finished_after = excluded.finished_after"_s);
    for (const TrackedFuture& future : futures) {
        query.bindValue(0, future.taskId);
        query.bindValue(1, future.endpointId);
        query.bindValue(2, future.endpointName);
        query.bindValue(3, msOrNull(future.submitted));
        query.bindValue(4, future.status.toString());
        query.bindValue(5, msOrNull(future.started));
        query.bindValue(6, msOrNull(future.finished));
        query.bindValue(7, future.result.isNull() ? QVariant() : QVariant(future.result));
        query.bindValue(8, future.traceback.isNull() ? QVariant() : QVariant(future.traceback));
        query.bindValue(9, future.statusCode);
        query.bindValue(10, future.tracked ? 1 : 0);
        query.bindValue(11, msOrNull(future.startedAfter));
        query.bindValue(12, msOrNull(future.finishedAfter));
        if (!query.exec()) {
            qCWarning(lcMonitoring) << "could not store futures:" << query.lastError().text();
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

void FutureStore::add(const TrackedFuture& future)
{
    const int existing = indexOf(future.taskId);
    if (existing >= 0) {
        update(future);
        return;
    }
    const int row = int(m_futures.size());
    Q_EMIT futureAboutToBeAdded(row);
    m_futures.append(future);
    m_rows.insert(future.taskId, row);
    write({future});
    Q_EMIT futureAdded(row);
}

void FutureStore::update(const TrackedFuture& future)
{
    const int row = indexOf(future.taskId);
    if (row < 0) {
        return;
    }
    const bool finishes = future.isFinished() && !m_futures.at(row).isFinished();
    m_futures[row] = future;
    m_dirty.insert(future.taskId);
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
    Q_EMIT futureChanged(row);
    if (finishes) {
        Q_EMIT futureFinished(row);
    }
}

void FutureStore::remove(const QStringList& taskIds)
{
    QList<int> rows;
    for (const QString& id : taskIds) {
        const int row = indexOf(id);
        if (row >= 0) {
            rows.append(row);
            m_dirty.remove(id);
        }
    }
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (m_db.isOpen() && !rows.isEmpty()) {
        QSqlDatabase db = m_db.database();
        db.transaction();
        QSqlQuery query(db);
        query.prepare(u"DELETE FROM futures WHERE task_id = ?"_s);
        for (const int row : std::as_const(rows)) {
            query.bindValue(0, m_futures.at(row).taskId);
            query.exec();
        }
        db.commit();
    }
    // Remove contiguous runs from the end, so earlier rows keep their numbers meanwhile.
    qsizetype i = 0;
    while (i < rows.size()) {
        const int last = rows.at(i);
        int first = last;
        while (i + 1 < rows.size() && rows.at(i + 1) == first - 1) {
            first = rows.at(++i);
        }
        ++i;
        Q_EMIT rowsAboutToBeRemoved(first, last);
        m_futures.remove(first, last - first + 1);
        rebuildRows();
        Q_EMIT rowsRemoved(first, last);
    }
}

void FutureStore::setTracked(const QStringList& taskIds, bool tracked)
{
    for (const QString& id : taskIds) {
        const int row = indexOf(id);
        if (row >= 0 && m_futures.at(row).tracked != tracked) {
            TrackedFuture future = m_futures.at(row);
            future.tracked = tracked;
            update(future);
        }
    }
}

void FutureStore::flush()
{
    while (!m_dirty.isEmpty()) {
        flushSome(int(m_dirty.size()));
    }
}

void FutureStore::flushSome(int limit)
{
    m_flushTimer.stop();
    QList<TrackedFuture> batch;
    batch.reserve(qMin<qsizetype>(limit, m_dirty.size()));
    auto it = m_dirty.begin();
    while (it != m_dirty.end() && batch.size() < limit) {
        const int row = indexOf(*it);
        if (row >= 0) {
            batch.append(m_futures.at(row));
        }
        it = m_dirty.erase(it);
    }
    write(batch);
    if (!m_dirty.isEmpty()) {
        // The rest goes in the next turn of the event loop, so input and painting come first.
        QTimer::singleShot(0, this, [this] { flushSome(s_batchLimit); });
    }
}

int FutureStore::pendingCount(const QString& endpointId) const
{
    int count = 0;
    for (const TrackedFuture& future : m_futures) {
        if (future.isPending() && (endpointId.isEmpty() || future.endpointId == endpointId)) {
            ++count;
        }
    }
    return count;
}

QHash<QString, int> FutureStore::pendingByEndpoint() const
{
    QHash<QString, int> counts;
    for (const TrackedFuture& future : m_futures) {
        if (future.isPending()) {
            ++counts[future.endpointId];
        }
    }
    return counts;
}

int FutureStore::failuresSince(qint64 sinceMs) const
{
    int count = 0;
    for (const TrackedFuture& future : m_futures) {
        if (future.status == TaskStatus::Failure && future.finished.isValid() &&
            future.finished.toMSecsSinceEpoch() >= sinceMs) {
            ++count;
        }
    }
    return count;
}

void FutureStore::rebuildRows()
{
    m_rows.clear();
    m_rows.reserve(m_futures.size());
    for (int row = 0; row < int(m_futures.size()); ++row) {
        m_rows.insert(m_futures.at(row).taskId, row);
    }
}

#include "HistoryStore.h"

#include "MonitoringLog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 s_minuteMs = 60 * 1000;
constexpr qint64 s_tenMinutesMs = 10 * 60 * 1000;

QVariant nullable(double value)
{
    return qIsNaN(value) ? QVariant() : QVariant(value);
}

QString column(HistoryStore::Metric metric, HistoryStore::Aggregate aggregate)
{
    QString name;
    switch (metric) {
    case HistoryStore::Metric::AvailableWorkers:
        name = u"available"_s;
        break;
    case HistoryStore::Metric::UnavailableWorkers:
        name = u"unavailable"_s;
        break;
    case HistoryStore::Metric::QueuedItems:
        name = u"queued"_s;
        break;
    case HistoryStore::Metric::PendingFutures:
        name = u"pending"_s;
        break;
    }
    return aggregate == HistoryStore::Aggregate::Maximum ? name % u"_max"_s : name;
}

} // namespace

HistoryStore::HistoryStore(const QString& databasePath, QObject* parent)
    : QObject(parent)
    , m_db(databasePath)
{}

HistoryStore::~HistoryStore() = default;

QString HistoryStore::open()
{
    return m_db.open({
            u"CREATE TABLE IF NOT EXISTS samples ("
            "endpoint TEXT NOT NULL, name TEXT, tier INTEGER NOT NULL, t INTEGER NOT NULL, "
            "n INTEGER NOT NULL DEFAULT 1, status TEXT, "
            "available REAL, available_max REAL, unavailable REAL, unavailable_max REAL, "
            "queued REAL, queued_max REAL, pending REAL, pending_max REAL, "
            "PRIMARY KEY (endpoint, tier, t))"_s,
            u"CREATE INDEX IF NOT EXISTS samples_by_time ON samples (t)"_s,
    });
}

bool HistoryStore::append(const QList<HistorySample>& samples)
{
    if (!m_db.isOpen() || samples.isEmpty()) {
        return false;
    }
    QSqlDatabase db = m_db.database();
    db.transaction();
    QSqlQuery query(db);
    query.prepare(u"INSERT OR REPLACE INTO samples (endpoint, name, tier, t, n, status, "
                  "available, available_max, unavailable, unavailable_max, queued, queued_max, "
                  "pending, pending_max) VALUES (?, ?, 0, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const HistorySample& sample : samples) {
        const QVariant values[] = {
                sample.endpointId,
                sample.endpointName,
                sample.timeMs,
                sample.status,
                nullable(sample.availableWorkers),
                nullable(sample.availableWorkers),
                nullable(sample.unavailableWorkers),
                nullable(sample.unavailableWorkers),
                nullable(sample.queuedItems),
                nullable(sample.queuedItems),
                nullable(sample.pendingFutures),
                nullable(sample.pendingFutures),
        };
        for (int i = 0; i < int(std::size(values)); ++i) {
            query.bindValue(i, values[i]);
        }
        if (!query.exec()) {
            qCWarning(lcMonitoring) << "could not store history:" << query.lastError().text();
            db.rollback();
            return false;
        }
    }
    db.commit();
    Q_EMIT appended(samples.first().timeMs);
    return true;
}

bool HistoryStore::mergeTier(int fromTier, qint64 bucketMs, qint64 olderThanMs)
{
    // Only whole buckets are merged, so a bucket is never split between two compactions.
    const qint64 cutoff = (olderThanMs / bucketMs) * bucketMs;
    QSqlQuery query(m_db.database());
    // Averages are weighted by how many raw samples each row stands for; the status of a
    // bucket is the last one seen in it.
    query.prepare(
            u"INSERT OR REPLACE INTO samples (endpoint, name, tier, t, n, status, "
            "available, available_max, unavailable, unavailable_max, queued, queued_max, "
            "pending, pending_max) "
            "SELECT s.endpoint, MAX(s.name), :to, (s.t / :bucket) * :bucket AS bt, SUM(s.n), "
            "(SELECT l.status FROM samples l WHERE l.endpoint = s.endpoint AND "
            " l.tier = :from AND l.t >= (s.t / :bucket) * :bucket AND "
            " l.t < (s.t / :bucket) * :bucket + :bucket ORDER BY l.t DESC LIMIT 1), "
            "SUM(s.available * s.n) / SUM(CASE WHEN s.available IS NULL THEN 0 ELSE s.n END), "
            "MAX(s.available_max), "
            "SUM(s.unavailable * s.n) / "
            " SUM(CASE WHEN s.unavailable IS NULL THEN 0 ELSE s.n END), "
            "MAX(s.unavailable_max), "
            "SUM(s.queued * s.n) / SUM(CASE WHEN s.queued IS NULL THEN 0 ELSE s.n END), "
            "MAX(s.queued_max), "
            "SUM(s.pending * s.n) / SUM(CASE WHEN s.pending IS NULL THEN 0 ELSE s.n END), "
            "MAX(s.pending_max) "
            "FROM samples s WHERE s.tier = :from AND s.t < :cutoff "
            "GROUP BY s.endpoint, bt"_s);
    query.bindValue(u":to"_s, fromTier + 1);
    query.bindValue(u":from"_s, fromTier);
    query.bindValue(u":bucket"_s, bucketMs);
    query.bindValue(u":cutoff"_s, cutoff);
    if (!query.exec()) {
        qCWarning(lcMonitoring) << "could not compact history:" << query.lastError().text();
        return false;
    }
    QSqlQuery remove(m_db.database());
    remove.prepare(u"DELETE FROM samples WHERE tier = ? AND t < ?"_s);
    remove.addBindValue(fromTier);
    remove.addBindValue(cutoff);
    return remove.exec();
}

void HistoryStore::compact(qint64 nowMs)
{
    if (!m_db.isOpen()) {
        return;
    }
    QSqlDatabase db = m_db.database();
    db.transaction();
    const bool merged = mergeTier(0, s_minuteMs, nowMs - m_policy.rawForMs) &&
                        mergeTier(1, s_tenMinutesMs, nowMs - m_policy.minuteBucketsForMs);
    QSqlQuery expire(db);
    expire.prepare(u"DELETE FROM samples WHERE t < ?"_s);
    expire.addBindValue(nowMs - m_policy.retentionMs);
    if (!merged || !expire.exec()) {
        db.rollback();
        return;
    }
    db.commit();
}

QList<QPointF> HistoryStore::series(const QString& endpointId, Metric metric, qint64 fromMs,
                                    qint64 toMs, Aggregate aggregate) const
{
    QList<QPointF> points;
    if (!m_db.isOpen()) {
        return points;
    }
    const QString value = column(metric, aggregate);
    QSqlQuery query(m_db.database());
    query.setForwardOnly(true);
    if (endpointId.isEmpty()) {
        // Every refresh samples all endpoints at the same time, and buckets are aligned, so
        // rows sharing a time add up to the total at that time.
        query.prepare(u"SELECT t, SUM(%1) FROM samples WHERE t >= ? AND t <= ? AND %1 IS NOT "
                      "NULL GROUP BY t ORDER BY t"_s.arg(value));
    } else {
        query.prepare(u"SELECT t, %1 FROM samples WHERE endpoint = ? AND t >= ? AND t <= ? "
                      "AND %1 IS NOT NULL ORDER BY t"_s.arg(value));
        query.addBindValue(endpointId);
    }
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!query.exec()) {
        qCWarning(lcMonitoring) << "could not read history:" << query.lastError().text();
        return points;
    }
    while (query.next()) {
        points.append(QPointF(double(query.value(0).toLongLong()), query.value(1).toDouble()));
    }
    return points;
}

QList<HistoryStore::Endpoint> HistoryStore::endpoints(qint64 fromMs, qint64 toMs) const
{
    QList<Endpoint> result;
    if (!m_db.isOpen()) {
        return result;
    }
    QSqlQuery query(m_db.database());
    query.prepare(u"SELECT endpoint, name, MAX(t) FROM samples WHERE t >= ? AND t <= ? "
                  "GROUP BY endpoint ORDER BY name, endpoint"_s);
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (query.exec()) {
        while (query.next()) {
            result.append({query.value(0).toString(), query.value(1).toString()});
        }
    }
    return result;
}

int HistoryStore::rowCount(int tier) const
{
    QSqlQuery query(m_db.database());
    query.prepare(u"SELECT COUNT(*) FROM samples WHERE tier = ?"_s);
    query.addBindValue(tier);
    if (!query.exec() || !query.next()) {
        return -1;
    }
    return query.value(0).toInt();
}

#pragma once

#include "HistorySample.h"
#include "MonitoringDatabase.h"

#include <QList>
#include <QObject>
#include <QPointF>

/// Endpoint history of one profile in SQLite, because servers keep none: per endpoint and
/// time, the status, available and unavailable workers, queued items and pending futures.
///
/// Samples age through three tiers: raw samples (one per refresh, about every 10 s) for the
/// last hour, then one-minute buckets (average and maximum) up to a day, then ten-minute
/// buckets until the retention (7 days by default) drops them. `compact()` does the ageing;
/// `series()` reads across the tiers, so a chart asks for a time range and gets the finest
/// data kept for each part of it.
class HistoryStore final : public QObject
{
    Q_OBJECT

public:
    enum class Metric
    {
        AvailableWorkers,
        UnavailableWorkers,
        QueuedItems,
        PendingFutures,
    };
    enum class Aggregate
    {
        Average, ///< the mean of what a bucket saw (the sample itself for raw samples)
        Maximum, ///< the highest value a bucket saw
    };

    /// How long each tier is kept before it is merged into the next one.
    struct Policy
    {
        qint64 rawForMs = 60 * 60 * 1000;
        qint64 minuteBucketsForMs = 24 * 60 * 60 * 1000;
        qint64 retentionMs = 7LL * 24 * 60 * 60 * 1000;
    };

    /// An endpoint seen in the history, with the last name it had.
    struct Endpoint
    {
        QString id;
        QString name;
    };

    explicit HistoryStore(const QString& databasePath, QObject* parent = nullptr);
    ~HistoryStore() override;

    /// Opens (and creates) the file. Returns an error message, empty on success.
    QString open();
    bool isOpen() const { return m_db.isOpen(); }

    void setPolicy(const Policy& policy) { m_policy = policy; }
    Policy policy() const { return m_policy; }

    /// Stores the samples of one refresh in one transaction. Returns false on a database error
    /// (logged; the history then misses that refresh).
    bool append(const QList<HistorySample>& samples);

    /// Merges raw samples older than the raw window into minute buckets, minute buckets older
    /// than a day into ten-minute buckets, and drops what is older than the retention.
    void compact(qint64 nowMs);

    /// The points of one metric in [fromMs, toMs], x in ms since the epoch, sorted by x.
    /// An empty `endpointId` gives the total over all endpoints at each time.
    QList<QPointF> series(const QString& endpointId, Metric metric, qint64 fromMs, qint64 toMs,
                          Aggregate aggregate = Aggregate::Average) const;

    /// Endpoints with samples in [fromMs, toMs], sorted by name.
    QList<Endpoint> endpoints(qint64 fromMs, qint64 toMs) const;

    /// Number of stored rows per tier (0 raw, 1 minute, 2 ten minutes), for tests and figures.
    int rowCount(int tier) const;

Q_SIGNALS:
    /// Emitted after samples were stored, with their time.
    void appended(qint64 timeMs);

private:
    bool mergeTier(int fromTier, qint64 bucketMs, qint64 olderThanMs);

    MonitoringDatabase m_db;
    Policy m_policy;
};

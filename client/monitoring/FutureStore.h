#pragma once

#include "MonitoringDatabase.h"
#include "TrackedFuture.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

/// The futures of one profile: held in memory in submission order (row order for views) and
/// kept in SQLite so they are tracked across restarts until they finish.
///
/// A new future is written at once, so a crash right after submitting does not lose it.
/// Updates (status, result) are applied in memory at once and written in batches: every
/// `flushInterval` ms, short transactions of at most 200 rows, one per event-loop turn, so
/// thousands of answers neither become thousands of disk syncs nor one long stall of the GUI
/// thread.
class FutureStore final : public QObject
{
    Q_OBJECT

public:
    explicit FutureStore(const QString& databasePath, QObject* parent = nullptr);
    /// Writes what is still waiting in the batch.
    ~FutureStore() override;

    /// Opens (and creates) the file and loads its futures. Returns an error message, empty
    /// on success.
    QString open();
    bool isOpen() const { return m_db.isOpen(); }

    int count() const { return int(m_futures.size()); }
    const TrackedFuture& at(int row) const { return m_futures.at(row); }
    /// The row of a task id, or -1.
    int indexOf(const QString& taskId) const { return m_rows.value(taskId, -1); }
    const QList<TrackedFuture>& futures() const { return m_futures; }

    /// Adds a future (or replaces one with the same task id) and writes it at once.
    void add(const TrackedFuture& future);
    /// Replaces the stored state of `future.taskId`; written with the next batch.
    void update(const TrackedFuture& future);
    /// Forgets these futures, in memory and on disk.
    void remove(const QStringList& taskIds);
    /// Stops (or resumes) tracking without forgetting the futures.
    void setTracked(const QStringList& taskIds, bool tracked);
    /// Writes every pending change now.
    void flush();

    void setFlushInterval(int ms) { m_flushTimer.setInterval(ms); }

    /// Futures tracked and not finished, all of them or for one endpoint.
    int pendingCount(const QString& endpointId = {}) const;
    QHash<QString, int> pendingByEndpoint() const;
    /// Futures that finished with a failure at or after `sinceMs` (ms since the epoch).
    int failuresSince(qint64 sinceMs) const;

Q_SIGNALS:
    /// Emitted before a future is appended at `row` (for item models).
    void futureAboutToBeAdded(int row);
    void futureAdded(int row);
    void futureChanged(int row);
    /// A future reached SUCCESS or FAILURE (emitted once, after futureChanged).
    void futureFinished(int row);
    void rowsAboutToBeRemoved(int first, int last);
    void rowsRemoved(int first, int last);

private:
    /// Writes at most `limit` changed futures in one transaction; schedules the rest.
    void flushSome(int limit);
    bool write(const QList<TrackedFuture>& futures);

    /// Rows per transaction: a few milliseconds of disk work at most per event-loop turn.
    static constexpr int s_batchLimit = 200;
    void rebuildRows();

    MonitoringDatabase m_db;
    QList<TrackedFuture> m_futures;
    QHash<QString, int> m_rows;
    QSet<QString> m_dirty;
    QTimer m_flushTimer;
};

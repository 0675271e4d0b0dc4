#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

/// SQLite (WAL) persistence of launch-local: bundles, endpoints, async tasks and worker history.
///
/// Writes join one open transaction that is committed at the next turn of the event loop, so a
/// burst of requests costs one commit; whenCommitted() runs a callback once everything written
/// so far is on disk. This is how an async task is made durable before its id is answered.
class Store final : public QObject
{
    Q_OBJECT

public:
    struct Task
    {
        QString id;
        QString endpointId;
        QString status;
        QByteArray args;
        QByteArray result;
        QString traceback;
        int statusCode = 0;
        int attempts = 0;
    };

    struct EndpointRow
    {
        QString id;
        QString name;
        QJsonObject record;
    };

    explicit Store(QObject* parent = nullptr);
    ~Store() override;

    /// Opens (creating when needed) the database file; returns an error sentence or empty.
    QString open(const QString& path);

    void putBundle(const QString& id, const QString& name, const QJsonObject& record);
    QList<QJsonObject> bundles() const;

    void putEndpoint(const QString& id, const QString& name, const QJsonObject& record);
    void removeEndpoint(const QString& id);
    QList<EndpointRow> endpoints() const;

    void addTask(const Task& task);
    /// Changes an unfinished task; a task that is SUCCESS or FAILURE is never changed again.
    void updateTask(const Task& task);
    std::optional<Task> task(const QString& id) const;
    /// Tasks not finished, in the order they were accepted.
    QList<Task> unfinishedTasks();
    /// Fails the unfinished tasks of an endpoint: pending ones with `reason`, started ones with
    /// `runningReason` (or `reason` when it is empty).
    void failTasksOfEndpoint(const QString& endpointId, const QString& reason,
                             const QString& runningReason = {});

    void addWorkerEvent(const QString& endpointId, const QString& workerId, const QString& event,
                        const QString& detail);

    /// Runs `callback` once everything written so far is committed.
    void whenCommitted(std::function<void()> callback);
    /// Commits now (used before exit).
    void commit();

private:
    bool exec(const QString& sql);
    void beginWrite();
    void scheduleCommit();
    void setFullSync(bool full);
    void writeDeferredUpdates();

    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<QSqlQuery> m_insertTask;
    bool m_inTransaction = false;
    bool m_syncFull = true;
    bool m_commitScheduled = false;
    QList<std::function<void()>> m_afterCommit;
    QList<Task> m_deferred;
};

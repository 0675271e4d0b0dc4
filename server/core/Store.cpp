#include "Store.h"

#include "ServerLog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

const QString kUnfinished = u"status IN ('PENDING', 'STARTED')"_s;

/// Why the database at `path` cannot be used, as one line for standard error. A file that is
/// not SQLite or is damaged is never repaired or replaced: it may be the user's only copy.
QString databaseProblem(const QString& doing, const QString& path, const QSqlError& error)
{
    // SQLITE_CORRUPT and SQLITE_NOTADB.
    const QString code = error.nativeErrorCode();
    QString reason = error.databaseText().trimmed();
    if (reason.isEmpty()) {
        reason = error.driverText().trimmed();
    }
    const bool damaged = reason.isEmpty() || code == u"11"_s || code == u"26"_s;
    if (reason.isEmpty()) {
        reason = u"it is not a SQLite database or is damaged"_s;
    } else if (damaged) {
        reason += u" (it is not a SQLite database or is damaged)"_s;
    }
    QString sentence = u"cannot %1 the database %2: %3."_s.arg(doing, path, reason);
    if (damaged) {
        sentence += u" The file is left as it is: move it aside (for example to %1.broken) so "
                    "that launch-local starts with a new, empty database, or give another "
                    "--data-dir."_s.arg(path);
    }
    return sentence;
}

} // namespace

Store::Store(QObject* parent)
    : QObject(parent)
    , m_connection(u"launch-local-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

Store::~Store()
{
    commit();
    m_insertTask.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

bool Store::exec(const QString& sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        qCWarning(lcServer) << "database statement failed:" << query.lastError().text();
        return false;
    }
    return true;
}

QString Store::open(const QString& path)
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        return databaseProblem(u"open"_s, path, m_db.lastError());
    }
    const QStringList statements = {
            u"PRAGMA journal_mode=WAL"_s,
            // FULL: a commit is on disk before the task id it covers is answered.
            u"PRAGMA synchronous=FULL"_s,
            u"PRAGMA busy_timeout=5000"_s,
            u"CREATE TABLE IF NOT EXISTS bundles (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
            "created_at TEXT NOT NULL, record TEXT NOT NULL)"_s,
            u"CREATE TABLE IF NOT EXISTS endpoints (id TEXT PRIMARY KEY, name TEXT NOT NULL "
            "UNIQUE, record TEXT NOT NULL)"_s,
            u"CREATE TABLE IF NOT EXISTS tasks (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "id TEXT NOT NULL UNIQUE, endpoint_id TEXT NOT NULL, status TEXT NOT NULL, "
            "args BLOB, result BLOB, traceback TEXT, status_code INTEGER, "
            "attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, "
            "updated_at TEXT NOT NULL)"_s,
            u"CREATE INDEX IF NOT EXISTS tasks_unfinished ON tasks (status, seq)"_s,
            u"CREATE TABLE IF NOT EXISTS worker_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "endpoint_id TEXT NOT NULL, worker_id TEXT NOT NULL, event TEXT NOT NULL, "
            "detail TEXT, at TEXT NOT NULL)"_s,
    };
    for (const QString& sql : statements) {
        // The statement's own error: the connection's lastError() stays empty here.
        QSqlQuery query(m_db);
        if (!query.exec(sql)) {
            return databaseProblem(u"prepare"_s, path, query.lastError());
        }
    }
    return {};
}

void Store::beginWrite()
{
    if (!m_inTransaction) {
        setFullSync(true);
        m_inTransaction = m_db.transaction();
    }
    scheduleCommit();
}

void Store::scheduleCommit()
{
    if (!m_commitScheduled) {
        m_commitScheduled = true;
        QTimer::singleShot(0, this, &Store::commit);
    }
}

void Store::setFullSync(bool full)
{
    // SQLite refuses to change this inside a transaction, so it is set before each one.
    if (full != m_syncFull) {
        exec(full ? u"PRAGMA synchronous=FULL"_s : u"PRAGMA synchronous=NORMAL"_s);
        m_syncFull = full;
    }
}

void Store::commit()
{
    m_commitScheduled = false;
    if (m_inTransaction) {
        m_inTransaction = false;
        if (!m_db.commit()) {
            qCCritical(lcServer) << "database commit failed:" << m_db.lastError().text();
        }
    }
    writeDeferredUpdates();
    const auto callbacks = std::exchange(m_afterCommit, {});
    for (const auto& callback : callbacks) {
        callback();
    }
}

void Store::writeDeferredUpdates()
{
    if (m_deferred.isEmpty()) {
        return;
    }
    // Status changes of running tasks need not reach the disk before anything is answered: if
    // they are lost in a power cut, the task runs again. One lighter commit for the batch.
    setFullSync(false);
    m_db.transaction();
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QSqlQuery query(m_db);
    query.prepare(u"UPDATE tasks SET status = ?, result = ?, traceback = ?, status_code = ?, "
                  "attempts = ?, updated_at = ? WHERE id = ? AND "_s +
                  kUnfinished);
    for (const Task& task : std::as_const(m_deferred)) {
        query.addBindValue(task.status);
        query.addBindValue(task.result.isNull() ? QVariant() : QVariant(task.result));
        query.addBindValue(task.traceback.isNull() ? QVariant() : QVariant(task.traceback));
        query.addBindValue(task.statusCode == 0 ? QVariant() : QVariant(task.statusCode));
        query.addBindValue(task.attempts);
        query.addBindValue(now);
        query.addBindValue(task.id);
        query.exec();
    }
    m_deferred.clear();
    if (!m_db.commit()) {
        qCCritical(lcServer) << "database commit failed:" << m_db.lastError().text();
    }
}

void Store::whenCommitted(std::function<void()> callback)
{
    m_afterCommit.append(std::move(callback));
    scheduleCommit();
}

void Store::putBundle(const QString& id, const QString& name, const QJsonObject& record)
{
    beginWrite();
    QSqlQuery query(m_db);
    query.prepare(u"INSERT OR REPLACE INTO bundles (id, name, created_at, record) "
                  "VALUES (?, ?, ?, ?)"_s);
    query.addBindValue(id);
    query.addBindValue(name);
    query.addBindValue(record.value(u"created_at"_s).toString());
    query.addBindValue(compact(record));
    query.exec();
}

QList<QJsonObject> Store::bundles() const
{
    QList<QJsonObject> result;
    QSqlQuery query(m_db);
    query.exec(u"SELECT record FROM bundles ORDER BY created_at, rowid"_s);
    while (query.next()) {
        result.append(parseObject(query.value(0).toByteArray()));
    }
    return result;
}

void Store::putEndpoint(const QString& id, const QString& name, const QJsonObject& record)
{
    beginWrite();
    QSqlQuery query(m_db);
    // An upsert keeps the row id, so that endpoints load in the order they were created.
    query.prepare(u"INSERT INTO endpoints (id, name, record) VALUES (?, ?, ?) ON CONFLICT(id) "
                  "DO UPDATE SET name = excluded.name, record = excluded.record"_s);
    query.addBindValue(id);
    query.addBindValue(name);
    query.addBindValue(compact(record));
    query.exec();
}

void Store::removeEndpoint(const QString& id)
{
    beginWrite();
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM endpoints WHERE id = ?"_s);
    query.addBindValue(id);
    query.exec();
}

QList<Store::EndpointRow> Store::endpoints() const
{
    QList<EndpointRow> result;
    QSqlQuery query(m_db);
    query.exec(u"SELECT id, name, record FROM endpoints ORDER BY rowid"_s);
    while (query.next()) {
        result.append({query.value(0).toString(), query.value(1).toString(),
                       parseObject(query.value(2).toByteArray())});
    }
    return result;
}

void Store::addTask(const Task& task)
{
    beginWrite();
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    if (!m_insertTask) {
        // Prepared once: accepting a task is the hot path of async predictions.
        m_insertTask = std::make_unique<QSqlQuery>(m_db);
        m_insertTask->prepare(u"INSERT INTO tasks (id, endpoint_id, status, args, attempts, "
                              "created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)"_s);
    }
    QSqlQuery& query = *m_insertTask;
    query.addBindValue(task.id);
    query.addBindValue(task.endpointId);
    query.addBindValue(task.status);
    query.addBindValue(task.args);
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec()) {
        qCCritical(lcServer) << "cannot store a task:" << query.lastError().text();
    }
}

void Store::updateTask(const Task& task)
{
    // A task that reached SUCCESS or FAILURE keeps it: an answer that comes after the task was
    // failed (its endpoint deleted while a worker answered it) changes nothing.
    const std::optional<Task> current = this->task(task.id);
    if (current && current->status != u"PENDING"_s && current->status != u"STARTED"_s) {
        return;
    }
    m_deferred.append(task);
    scheduleCommit();
}

namespace {

Store::Task taskFromQuery(const QSqlQuery& query)
{
    Store::Task task;
    task.id = query.value(0).toString();
    task.endpointId = query.value(1).toString();
    task.status = query.value(2).toString();
    task.args = query.value(3).toByteArray();
    task.result = query.value(4).toByteArray();
    task.traceback = query.value(5).toString();
    task.statusCode = query.value(6).toInt();
    task.attempts = query.value(7).toInt();
    return task;
}

const QString kTaskColumns =
        u"id, endpoint_id, status, args, result, traceback, status_code, attempts"_s;

} // namespace

std::optional<Store::Task> Store::task(const QString& id) const
{
    for (qsizetype i = m_deferred.size() - 1; i >= 0; --i) {
        if (m_deferred.at(i).id == id) {
            Task task = m_deferred.at(i);
            task.endpointId.clear();
            return task;
        }
    }
    QSqlQuery query(m_db);
    query.prepare(u"SELECT "_s + kTaskColumns + u" FROM tasks WHERE id = ?"_s);
    query.addBindValue(id);
    if (query.exec() && query.next()) {
        return taskFromQuery(query);
    }
    return std::nullopt;
}

QList<Store::Task> Store::unfinishedTasks()
{
    writeDeferredUpdates();
    QList<Task> result;
    QSqlQuery query(m_db);
    query.exec(u"SELECT "_s + kTaskColumns + u" FROM tasks WHERE "_s + kUnfinished +
               u" ORDER BY seq"_s);
    while (query.next()) {
        result.append(taskFromQuery(query));
    }
    return result;
}

void Store::failTasksOfEndpoint(const QString& endpointId, const QString& reason,
                                const QString& runningReason)
{
    writeDeferredUpdates();
    beginWrite();
    QSqlQuery query(m_db);
    query.prepare(u"UPDATE tasks SET status = 'FAILURE', "
                  "traceback = CASE status WHEN 'STARTED' THEN ? ELSE ? END, updated_at = ? "
                  "WHERE endpoint_id = ? AND "_s +
                  kUnfinished);
    query.addBindValue(runningReason.isEmpty() ? reason : runningReason);
    query.addBindValue(reason);
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    query.addBindValue(endpointId);
    query.exec();
}

void Store::addWorkerEvent(const QString& endpointId, const QString& workerId, const QString& event,
                           const QString& detail)
{
    beginWrite();
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO worker_events (endpoint_id, worker_id, event, detail, at) "
                  "VALUES (?, ?, ?, ?, ?)"_s);
    query.addBindValue(endpointId);
    query.addBindValue(workerId);
    query.addBindValue(event);
    query.addBindValue(detail);
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    query.exec();
}

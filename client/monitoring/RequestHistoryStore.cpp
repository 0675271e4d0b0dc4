#include "RequestHistoryStore.h"

#include "MonitoringLog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

RequestHistoryStore::RequestHistoryStore(const QString& databasePath, QObject* parent)
    : QObject(parent)
    , m_db(databasePath)
{}

RequestHistoryStore::~RequestHistoryStore() = default;

QString RequestHistoryStore::open()
{
    return m_db.open({
            u"CREATE TABLE IF NOT EXISTS requests (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "endpoint_id TEXT NOT NULL, sent INTEGER, async INTEGER, body BLOB, status TEXT, "
            "status_code INTEGER, round_trip_ms INTEGER, task_id TEXT, error TEXT)"_s,
            u"CREATE INDEX IF NOT EXISTS requests_by_endpoint ON requests (endpoint_id, id)"_s,
    });
}

qint64 RequestHistoryStore::append(const Entry& entry)
{
    if (!m_db.isOpen()) {
        return 0;
    }
    QSqlQuery query(m_db.database());
    query.prepare(u"INSERT INTO requests (endpoint_id, sent, async, body, status, status_code, "
                  "round_trip_ms, task_id, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(entry.endpointId);
    query.addBindValue(entry.sent.toMSecsSinceEpoch());
    query.addBindValue(entry.async ? 1 : 0);
    query.addBindValue(entry.body);
    query.addBindValue(entry.status);
    query.addBindValue(entry.statusCode);
    query.addBindValue(entry.roundTripMs);
    query.addBindValue(entry.taskId);
    query.addBindValue(entry.error);
    if (!query.exec()) {
        qCWarning(lcMonitoring) << "could not store a request:" << query.lastError().text();
        return 0;
    }
    const qint64 id = query.lastInsertId().toLongLong();
    QSqlQuery trim(m_db.database());
    trim.prepare(u"DELETE FROM requests WHERE endpoint_id = ? AND id NOT IN (SELECT id FROM "
                 "requests WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?)"_s);
    trim.addBindValue(entry.endpointId);
    trim.addBindValue(entry.endpointId);
    trim.addBindValue(m_limit);
    trim.exec();
    Q_EMIT appended(entry.endpointId);
    return id;
}

QList<RequestHistoryStore::Entry> RequestHistoryStore::entries(const QString& endpointId,
                                                               int limit) const
{
    QList<Entry> result;
    if (!m_db.isOpen()) {
        return result;
    }
    QSqlQuery query(m_db.database());
    query.prepare(u"SELECT id, endpoint_id, sent, async, body, status, status_code, "
                  "round_trip_ms, task_id, error FROM requests WHERE endpoint_id = ? "
                  "ORDER BY id DESC LIMIT ?"_s);
    query.addBindValue(endpointId);
    query.addBindValue(limit);
    if (!query.exec()) {
        return result;
    }
    while (query.next()) {
        Entry entry;
        entry.id = query.value(0).toLongLong();
        entry.endpointId = query.value(1).toString();
        entry.sent = QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), Qt::UTC);
        entry.async = query.value(3).toBool();
        entry.body = query.value(4).toByteArray();
        entry.status = query.value(5).toString();
        entry.statusCode = query.value(6).toInt();
        entry.roundTripMs = query.value(7).toLongLong();
        entry.taskId = query.value(8).toString();
        entry.error = query.value(9).toString();
        result.append(entry);
    }
    return result;
}

int RequestHistoryStore::failuresSince(qint64 sinceMs) const
{
    QSqlQuery query(m_db.database());
    query.prepare(u"SELECT COUNT(*) FROM requests WHERE sent >= ? AND async = 0 AND "
                  "status IN ('FAILURE', 'ERROR')"_s);
    query.addBindValue(sinceMs);
    if (!query.exec() || !query.next()) {
        return 0;
    }
    return query.value(0).toInt();
}

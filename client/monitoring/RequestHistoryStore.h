#pragma once

#include "MonitoringDatabase.h"

#include <QDateTime>
#include <QList>
#include <QObject>

/// The predictions sent from the console, per endpoint, in SQLite: what was sent (so it can be
/// sent again or cloned into the editor, and so each endpoint remembers its last arguments)
/// and how it went. Keeps the newest `limitPerEndpoint` entries of each endpoint.
class RequestHistoryStore final : public QObject
{
    Q_OBJECT

public:
    struct Entry
    {
        qint64 id = 0;
        QString endpointId;
        QDateTime sent;
        bool async = false;
        QByteArray body;    ///< the request as JSON text ({"args": ...} or {"url": ...})
        QString status;     ///< SUCCESS, FAILURE, or ERROR when the call itself failed
        int statusCode = 0; ///< the model's HTTP status, 0 when not known
        qint64 roundTripMs = -1;
        QString taskId; ///< for async requests
        QString error;  ///< the sentence shown when the call failed
    };

    explicit RequestHistoryStore(const QString& databasePath, QObject* parent = nullptr);
    ~RequestHistoryStore() override;

    QString open();
    void setLimitPerEndpoint(int limit) { m_limit = limit; }

    /// Stores a new entry and returns its id (0 on a database error).
    qint64 append(const Entry& entry);
    /// Newest first.
    QList<Entry> entries(const QString& endpointId, int limit = 100) const;
    /// Requests that failed (sync FAILURE or a failed call) at or after `sinceMs`.
    int failuresSince(qint64 sinceMs) const;

Q_SIGNALS:
    void appended(const QString& endpointId);

private:
    MonitoringDatabase m_db;
    int m_limit = 100;
};

#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

/// One SQLite connection (Qt SQL) owned by a monitoring store. It is opened with write-ahead
/// logging and relaxed syncing, so a batch of writes costs one short transaction and readers
/// never wait for it; the connection is closed and removed with the object.
class MonitoringDatabase final
{
public:
    explicit MonitoringDatabase(QString path);
    ~MonitoringDatabase();
    Q_DISABLE_COPY_MOVE(MonitoringDatabase)

    /// Opens the file (creating its folder) and runs the `schema` statements. Returns an
    /// error message a user can read, or an empty string on success.
    QString open(const QStringList& schema);
    bool isOpen() const { return m_open; }
    QSqlDatabase database() const;
    QString path() const { return m_path; }

    /// Where a profile's monitoring file lives: `<app data>/profiles/<profile id>/<fileName>`.
    /// The profile id is reduced to characters safe in a file name.
    static QString defaultPath(const QString& profileId, const QString& fileName);

private:
    QString m_path;
    QString m_connectionName;
    bool m_open = false;
};

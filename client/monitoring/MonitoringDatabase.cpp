#include "MonitoringDatabase.h"

#include "MonitoringLog.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {
QAtomicInt s_connectionCounter;
}

MonitoringDatabase::MonitoringDatabase(QString path)
    : m_path(std::move(path))
    , m_connectionName(u"launch-monitoring-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
{}

MonitoringDatabase::~MonitoringDatabase()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isValid()) {
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString MonitoringDatabase::open(const QStringList& schema)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        return u"Could not create the folder %1. Check that it is writable."_s.arg(
                info.absolutePath());
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        return u"Could not open %1: %2"_s.arg(m_path, db.lastError().text());
    }
    QSqlQuery query(db);
    const QStringList pragmas = {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s,
                                 u"PRAGMA busy_timeout=2000"_s};
    for (const QString& statement : pragmas + schema) {
        if (!query.exec(statement)) {
            qCWarning(lcMonitoring) << "schema statement failed" << query.lastError().text();
            return u"Could not prepare %1: %2"_s.arg(m_path, query.lastError().text());
        }
    }
    m_open = true;
    return {};
}

QSqlDatabase MonitoringDatabase::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QString MonitoringDatabase::defaultPath(const QString& profileId, const QString& fileName)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]"_s);
    QString folder = profileId;
    folder.replace(unsafe, u"_"_s);
    if (folder.isEmpty()) {
        folder = u"default"_s;
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base % u"/profiles/"_s % folder % u'/' % fileName;
}

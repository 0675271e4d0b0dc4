#include "FuturesTableModel.h"

#include "FutureStore.h"
#include "TaskCodec.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

FuturesTableModel::FuturesTableModel(FutureStore* store, QObject* parent)
    : QAbstractTableModel(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &FuturesTableModel::tick);
    m_tick.start();
    setStore(store);
}

void FuturesTableModel::setStore(FutureStore* store)
{
    beginResetModel();
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    if (store) {
        connect(store, &FutureStore::futureAboutToBeAdded, this,
                [this](int row) { beginInsertRows({}, row, row); });
        connect(store, &FutureStore::futureAdded, this, [this] { endInsertRows(); });
        connect(store, &FutureStore::futureChanged, this, [this](int row) {
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        });
        connect(store, &FutureStore::rowsAboutToBeRemoved, this,
                [this](int first, int last) { beginRemoveRows({}, first, last); });
        connect(store, &FutureStore::rowsRemoved, this, [this] { endRemoveRows(); });
        connect(store, &QObject::destroyed, this, [this] { setStore(nullptr); });
    }
    endResetModel();
}

int FuturesTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_store ? 0 : m_store->count();
}

int FuturesTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FuturesTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !m_store) {
        return {};
    }
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case SortRole:
        return sortData(row, index.column());
    case TaskIdRole:
        return m_store->at(row).taskId;
    case Qt::ToolTipRole:
        if (index.column() == Status && !m_store->at(row).tracked) {
            return tr("Not tracked: the console no longer asks the server about it.");
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Status && m_store->at(row).status == TaskStatus::Failure) {
            return QBrush(QColor(176, 0, 32));
        }
        return {};
    default:
        return {};
    }
}

QVariant FuturesTableModel::displayData(int row, int column) const
{
    const TrackedFuture& future = m_store->at(row);
    switch (column) {
    case TaskId:
        return future.taskId;
    case Endpoint:
        return future.endpointName.isEmpty() ? future.endpointId : future.endpointName;
    case Submitted:
        return QLocale().toString(future.submitted.toLocalTime(), QLocale::ShortFormat);
    case Status: {
        const QString status = future.status.displayName();
        return future.tracked || future.isFinished() ? status : status % tr(" (not tracked)");
    }
    case TimePending:
        return durationText(pendingMs(row));
    case TimeRunning: {
        const qint64 ms = runningMs(row);
        return ms < 0 ? QString() : durationText(ms);
    }
    case ResultPreview:
        return future.status == TaskStatus::Failure ? future.traceback.left(120).simplified()
                                                    : resultPreview(future.result);
    default:
        return {};
    }
}

QVariant FuturesTableModel::sortData(int row, int column) const
{
    const TrackedFuture& future = m_store->at(row);
    switch (column) {
    case Submitted:
        return future.submitted.toMSecsSinceEpoch();
    case TimePending:
        return pendingMs(row);
    case TimeRunning:
        return runningMs(row);
    default:
        return displayData(row, column);
    }
}

qint64 FuturesTableModel::pendingMs(int row) const
{
    const TrackedFuture& future = m_store->at(row);
    const QDateTime end = future.started.isValid()    ? future.started
                          : future.finished.isValid() ? future.finished
                                                      : QDateTime::currentDateTimeUtc();
    return qMax<qint64>(0, future.submitted.msecsTo(end));
}

qint64 FuturesTableModel::runningMs(int row) const
{
    const TrackedFuture& future = m_store->at(row);
    if (!future.started.isValid()) {
        return -1;
    }
    const QDateTime end =
            future.finished.isValid() ? future.finished : QDateTime::currentDateTimeUtc();
    return qMax<qint64>(0, future.started.msecsTo(end));
}

QVariant FuturesTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case TaskId:
        return tr("Task id");
    case Endpoint:
        return tr("Endpoint");
    case Submitted:
        return tr("Submitted");
    case Status:
        return tr("Status");
    case TimePending:
        return tr("Pending");
    case TimeRunning:
        return tr("Running");
    case ResultPreview:
        return tr("Result");
    default:
        return {};
    }
}

QString FuturesTableModel::durationText(qint64 ms)
{
    if (ms < 60'000) {
        return QString::number(double(ms) / 1000.0, 'f', 1) % u" s"_s;
    }
    const qint64 seconds = ms / 1000;
    if (seconds < 3600) {
        return u"%1 min %2 s"_s.arg(seconds / 60).arg(seconds % 60);
    }
    return u"%1 h %2 min"_s.arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString FuturesTableModel::resultPreview(const QByteArray& resultJson)
{
    if (resultJson.isEmpty()) {
        return {};
    }
    const QJsonDocument document = QJsonDocument::fromJson(resultJson);
    const QJsonValue output = TaskCodec::unwrapModelOutput(
            document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
    QString text;
    if (output.isObject()) {
        text = QString::fromUtf8(QJsonDocument(output.toObject()).toJson(QJsonDocument::Compact));
    } else if (output.isArray()) {
        text = QString::fromUtf8(QJsonDocument(output.toArray()).toJson(QJsonDocument::Compact));
    } else {
        text = output.toVariant().toString();
    }
    return text.size() > 120 ? text.left(119) % u'…' : text;
}

void FuturesTableModel::tick()
{
    if (!m_store || m_store->count() == 0 || m_store->pendingCount() == 0) {
        return;
    }
    Q_EMIT dataChanged(index(0, TimePending), index(m_store->count() - 1, TimeRunning),
                       {Qt::DisplayRole, SortRole});
}

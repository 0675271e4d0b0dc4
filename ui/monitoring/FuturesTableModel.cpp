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
        if (index.column() == TaskId || index.column() == ResultPreview) {
            return displayData(row, index.column()); // may be elided in the table
        }
        return timeToolTip(row, index.column());
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
        return boundsText(pendingBounds(row));
    case TimeRunning:
        return boundsText(runningBounds(row));
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
        return pendingBounds(row).highMs;
    case TimeRunning:
        return runningBounds(row).highMs;
    default:
        return displayData(row, column);
    }
}

namespace {

qint64 msBetween(const QDateTime& from, const QDateTime& to)
{
    return qMax<qint64>(0, from.msecsTo(to));
}

} // namespace

FuturesTableModel::Bounds FuturesTableModel::pendingBounds(int row) const
{
    const TrackedFuture& future = m_store->at(row);
    const QDateTime seenStarted = future.started.isValid() ? future.started : future.finished;
    if (!seenStarted.isValid()) {
        const qint64 ms = msBetween(future.submitted, QDateTime::currentDateTimeUtc());
        return {ms, ms};
    }
    const QDateTime after = future.startedAfter.isValid() ? future.startedAfter : future.submitted;
    return {msBetween(future.submitted, after), msBetween(future.submitted, seenStarted)};
}

FuturesTableModel::Bounds FuturesTableModel::runningBounds(int row) const
{
    const TrackedFuture& future = m_store->at(row);
    if (!future.started.isValid() && !future.finished.isValid()) {
        return {};
    }
    const QDateTime startLow =
            future.startedAfter.isValid() ? future.startedAfter : future.submitted;
    const QDateTime startHigh = future.started.isValid() ? future.started : future.finished;
    if (!future.finished.isValid()) {
        const QDateTime current = QDateTime::currentDateTimeUtc();
        return {msBetween(startHigh, current), msBetween(startLow, current)};
    }
    const QDateTime finishLow = future.finishedAfter.isValid() ? future.finishedAfter : startHigh;
    return {msBetween(startHigh, finishLow), msBetween(startLow, future.finished)};
}

QString FuturesTableModel::timeToolTip(int row, int column) const
{
    const TrackedFuture& future = m_store->at(row);
    const auto at = [](const QDateTime& time) {
        return QLocale().toString(time.toLocalTime().time(), u"HH:mm:ss.zzz"_s);
    };
    const QString why = tr("The server reports no times: these are the console's polls.");
    const QDateTime startHigh = future.started.isValid() ? future.started : future.finished;
    const QDateTime startLow =
            future.startedAfter.isValid() ? future.startedAfter : future.submitted;
    if (column == TimePending && startHigh.isValid()) {
        return tr("Submitted at %1; started between %2 and %3.")
                       .arg(at(future.submitted), at(startLow), at(startHigh)) %
               u'\n' % why;
    }
    if (column == TimeRunning && future.finished.isValid()) {
        const QDateTime finishLow =
                future.finishedAfter.isValid() ? future.finishedAfter : startHigh;
        return tr("Started between %1 and %2; finished between %3 and %4.")
                       .arg(at(startLow), at(startHigh), at(finishLow), at(future.finished)) %
               u'\n' % why;
    }
    if (column == TimeRunning && startHigh.isValid()) {
        return tr("Started between %1 and %2.").arg(at(startLow), at(startHigh)) % u'\n' % why;
    }
    return {};
}

QVariant FuturesTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::ToolTipRole && (section == TimePending || section == TimeRunning)) {
        return tr("As this console saw it between its polls; the server reports no times. "
                  "\"≤ 1.0 s\": the first poll already saw it; \"7.0–9.0 s\": somewhere "
                  "between the two; \"1:05–1:20 min\": minutes and seconds.");
    }
    if (role != Qt::DisplayRole) {
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

QString FuturesTableModel::boundsText(Bounds bounds)
{
    if (bounds.highMs < 0) {
        return {};
    }
    const QString high = durationText(bounds.highMs);
    const QString low = durationText(qMax<qint64>(0, bounds.lowMs));
    if (low == high) {
        return high;
    }
    if (bounds.lowMs < 50) {
        return u"≤ "_s % high;
    }
    if (bounds.highMs < 60'000) {
        return QString::number(double(bounds.lowMs) / 1000.0, 'f', 1) % u'–' % high;
    }
    // Clock-like, with the unit once, so that a range fits its column: "1:05–1:20 min".
    const qint64 lowSeconds = qMax<qint64>(0, bounds.lowMs) / 1000;
    const qint64 highSeconds = bounds.highMs / 1000;
    const auto clock = [](qint64 whole, qint64 part) {
        return u"%1:%2"_s.arg(whole).arg(part, 2, 10, QChar(u'0'));
    };
    if (highSeconds < 3600) {
        return clock(lowSeconds / 60, lowSeconds % 60) % u'–' %
               clock(highSeconds / 60, highSeconds % 60) % u" min"_s;
    }
    return clock(lowSeconds / 3600, (lowSeconds % 3600) / 60) % u'–' %
           clock(highSeconds / 3600, (highSeconds % 3600) / 60) % u" h"_s;
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

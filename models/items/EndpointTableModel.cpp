#include "EndpointTableModel.h"

#include <QLocale>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
int availableWorkers(const ModelEndpoint& e)
{
    return e.deploymentState ? e.deploymentState->availableWorkers.value_or(0) : 0;
}

double quantityValue(const std::optional<ResourceState>& r, Quantity ResourceState::*member)
{
    return r ? (*r.*member).value() : -1.0;
}

QString dateText(const QDateTime& when)
{
    if (!when.isValid()) {
        return {};
    }
    return QLocale().toString(when.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
}

// Sort key pairs for columns whose raw value is a number.
double numberKey(const ModelEndpoint& e, EndpointTableModel::Column column)
{
    using C = EndpointTableModel;
    switch (column) {
    case C::Workers:
        return availableWorkers(e) * 1e6 + (e.deploymentState ? e.deploymentState->maxWorkers : -1);
    case C::PerWorker:
        return e.deploymentState ? e.deploymentState->perWorker : -1;
    case C::Cpus:
        return quantityValue(e.resourceState, &ResourceState::cpus);
    case C::Memory:
        return quantityValue(e.resourceState, &ResourceState::memory);
    case C::Gpus:
        return e.resourceState ? e.resourceState->gpus : -1;
    case C::Queued:
        return e.numQueuedItems ? double(*e.numQueuedItems) : -1.0;
    case C::Created:
        return double(e.createdAt.toMSecsSinceEpoch());
    case C::Updated:
        return double(e.lastUpdatedAt.toMSecsSinceEpoch());
    case C::Status:
        return e.status.value();
    case C::Type:
        return e.endpointType.value();
    default:
        return 0.0;
    }
}

bool isNumberColumn(EndpointTableModel::Column column)
{
    using C = EndpointTableModel;
    return column != C::Name && column != C::Bundle && column != C::Labels &&
           column != C::CreatedBy;
}
} // namespace

EndpointTableModel::EndpointTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

int EndpointTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EndpointTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EndpointTableModel::columnTitle(Column column)
{
    switch (column) {
    case Name:
        return u"Name"_s;
    case Status:
        return u"Status"_s;
    case Type:
        return u"Type"_s;
    case Bundle:
        return u"Bundle"_s;
    case Workers:
        return u"Workers"_s;
    case PerWorker:
        return u"Per worker"_s;
    case Cpus:
        return u"CPUs"_s;
    case Memory:
        return u"Memory"_s;
    case Gpus:
        return u"GPUs"_s;
    case Queued:
        return u"Queued"_s;
    case Labels:
        return u"Labels"_s;
    case Created:
        return u"Created"_s;
    case Updated:
        return u"Updated"_s;
    case CreatedBy:
        return u"Created by"_s;
    case ColumnCount:
        break;
    }
    return {};
}

QString EndpointTableModel::workersText(const ModelEndpoint& e)
{
    if (!e.deploymentState) {
        return {};
    }
    const DeploymentState& d = *e.deploymentState;
    const QString range = d.minWorkers == d.maxWorkers
                                  ? QString::number(d.maxWorkers)
                                  : u"%1–%2"_s.arg(d.minWorkers).arg(d.maxWorkers);
    return u"%1 of %2"_s.arg(d.availableWorkers.value_or(0)).arg(range);
}

QString EndpointTableModel::labelsText(const ::Labels& labels)
{
    QString text;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (!text.isEmpty()) {
            text += u", "_s;
        }
        text += it.key() + u'=' + it.value();
    }
    return text;
}

QString EndpointTableModel::displayText(const ModelEndpoint& e, Column column)
{
    const std::optional<ResourceState>& r = e.resourceState;
    switch (column) {
    case Name:
        return e.name;
    case Status:
        return e.status.displayName();
    case Type:
        return e.endpointType.displayName();
    case Bundle:
        return e.bundleName;
    case Workers:
        return workersText(e);
    case PerWorker:
        return e.deploymentState ? QString::number(e.deploymentState->perWorker) : QString();
    case Cpus:
        return r ? r->cpus.toDisplayString(Quantity::Cores) : QString();
    case Memory:
        return r ? r->memory.toDisplayString(Quantity::Bytes) : QString();
    case Gpus:
        if (!r || r->gpus == 0) {
            return r ? u"0"_s : QString();
        }
        return r->gpuType ? u"%1 × %2"_s.arg(r->gpus).arg(r->gpuType->modelName())
                          : QString::number(r->gpus);
    case Queued:
        return e.numQueuedItems ? QString::number(*e.numQueuedItems) : QString();
    case Labels:
        return labelsText(e.labels);
    case Created:
        return dateText(e.createdAt);
    case Updated:
        return dateText(e.lastUpdatedAt);
    case CreatedBy:
        return e.createdBy;
    case ColumnCount:
        break;
    }
    return {};
}

std::optional<double> EndpointTableModel::numericSortKey(const ModelEndpoint& e, Column column)
{
    if (!isNumberColumn(column)) {
        return std::nullopt;
    }
    return numberKey(e, column);
}

bool EndpointTableModel::lessThan(const ModelEndpoint& a, const ModelEndpoint& b, Column column)
{
    if (isNumberColumn(column)) {
        const double ka = numberKey(a, column);
        const double kb = numberKey(b, column);
        if (ka != kb) {
            return ka < kb;
        }
    } else if (column != Name) {
        const int c = displayText(a, column).compare(displayText(b, column), Qt::CaseInsensitive);
        if (c != 0) {
            return c < 0;
        }
    }
    // Ties (and the Name column) fall back to the name, so equal keys keep a stable order.
    return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
}

QVariant EndpointTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const ModelEndpoint& e = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(e, column);
    case SortRole:
        if (isNumberColumn(column)) {
            return numberKey(e, column);
        }
        return displayText(e, column);
    case EndpointIdRole:
        return e.id;
    case StatusRole:
        return int(e.status.value());
    case Qt::ToolTipRole:
        if (column == Status && e.statusReason && !e.statusReason->isEmpty()) {
            return *e.statusReason;
        }
        if (column == Name || column == Bundle || column == Cpus || column == Memory) {
            return displayText(e, column); // whole, where a narrow column elides it
        }
        if (column == Gpus && e.resourceState && e.resourceState->gpus > 0 &&
            e.resourceState->gpuType) {
            return u"%1 × %2"_s.arg(e.resourceState->gpus)
                    .arg(e.resourceState->gpuType->displayName());
        }
        return column == Labels ? labelsText(e.labels) : QVariant();
    case Qt::TextAlignmentRole:
        if (isNumberColumn(column) && column != Status && column != Type && column != Created &&
            column != Updated) {
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        }
        return {};
    default:
        return {};
    }
}

QVariant EndpointTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case Workers:
            return u"Workers available, of the minimum–maximum the endpoint scales between"_s;
        case PerWorker:
            return u"Requests one worker takes at a time before another worker is started "
                   "(per_worker)"_s;
        case Cpus:
            return u"CPUs of each worker"_s;
        case Memory:
            return u"Memory of each worker"_s;
        case Gpus:
            return u"GPUs of each worker, and their type"_s;
        case Queued:
            return u"Requests waiting for a worker, as the server reports them"_s;
        default:
            return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    return columnTitle(Column(section));
}

void EndpointTableModel::apply(const QList<ModelEndpoint>& endpoints)
{
    QHash<QString, int> incoming;
    incoming.reserve(endpoints.size());
    for (int i = 0; i < endpoints.size(); ++i) {
        incoming.insert(endpoints.at(i).id, i);
    }
    removeGone(incoming);
    QList<int> fresh;
    updateExisting(endpoints, fresh);
    insertNew(endpoints, fresh);
}

void EndpointTableModel::clear()
{
    if (m_rows.isEmpty()) {
        return;
    }
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    endResetModel();
}

void EndpointTableModel::removeGone(const QHash<QString, int>& incoming)
{
    int row = int(m_rows.size()) - 1;
    bool removed = false;
    while (row >= 0) {
        if (incoming.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        const int last = row;
        while (row > 0 && !incoming.contains(m_rows.at(row - 1).id)) {
            --row;
        }
        beginRemoveRows({}, row, last);
        for (int r = row; r <= last; ++r) {
            m_rowById.remove(m_rows.at(r).id);
        }
        m_rows.remove(row, last - row + 1);
        endRemoveRows();
        removed = true;
        --row;
    }
    if (removed) {
        reindex(0);
    }
}

void EndpointTableModel::updateExisting(const QList<ModelEndpoint>& endpoints, QList<int>& fresh)
{
    QList<int> changed;
    for (int i = 0; i < endpoints.size(); ++i) {
        const ModelEndpoint& e = endpoints.at(i);
        const int row = m_rowById.value(e.id, -1);
        if (row < 0) {
            fresh.append(i);
        } else if (!(m_rows.at(row) == e)) {
            m_rows[row] = e;
            changed.append(row);
        }
    }
    std::sort(changed.begin(), changed.end());
    // One dataChanged per run of adjacent changed rows.
    for (int i = 0; i < changed.size();) {
        int j = i;
        while (j + 1 < changed.size() && changed.at(j + 1) == changed.at(j) + 1) {
            ++j;
        }
        emit dataChanged(index(changed.at(i), 0), index(changed.at(j), ColumnCount - 1));
        i = j + 1;
    }
}

void EndpointTableModel::insertNew(const QList<ModelEndpoint>& endpoints, const QList<int>& fresh)
{
    if (fresh.isEmpty()) {
        return;
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_rows.reserve(first + fresh.size());
    for (int i : fresh) {
        m_rowById.insert(endpoints.at(i).id, int(m_rows.size()));
        m_rows.append(endpoints.at(i));
    }
    endInsertRows();
}

void EndpointTableModel::reindex(int fromRow)
{
    for (int r = fromRow; r < m_rows.size(); ++r) {
        m_rowById.insert(m_rows.at(r).id, r);
    }
}

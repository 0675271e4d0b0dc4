#include "EndpointFilterProxy.h"

#include "EndpointTableModel.h"
#include "ShellWords.h"

#include <numeric>

using namespace Qt::StringLiterals;

EndpointFilterProxy::EndpointFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EndpointTableModel::SortRole);
    setDynamicSortFilter(true);
}

void EndpointFilterProxy::setEndpointModel(EndpointTableModel* model)
{
    if (m_model) {
        m_model->disconnect(this);
    }
    m_model = model;
    m_ranksDirty = true;
    if (model) {
        // Connected before setSourceModel() so the ranks are marked stale before the proxy
        // re-sorts in reaction to the same signal.
        auto markDirty = [this] { m_ranksDirty = true; };
        connect(model, &QAbstractItemModel::dataChanged, this, markDirty);
        connect(model, &QAbstractItemModel::rowsInserted, this, markDirty);
        connect(model, &QAbstractItemModel::rowsRemoved, this, markDirty);
        connect(model, &QAbstractItemModel::modelReset, this, markDirty);
        connect(model, &QAbstractItemModel::layoutChanged, this, markDirty);
    }
    setSourceModel(model);
}

void EndpointFilterProxy::sort(int column, Qt::SortOrder order)
{
    m_ranksDirty = true;
    QSortFilterProxyModel::sort(column, order);
}

void EndpointFilterProxy::ensureRanks(int column) const
{
    if (!m_ranksDirty && column == m_rankColumn) {
        return;
    }
    const auto c = EndpointTableModel::Column(column);
    const QList<ModelEndpoint>& rows = m_model->endpoints();
    const qsizetype n = rows.size();
    // Case-folded once per row, so comparisons are plain and cheap.
    QList<QString> names(n);
    QList<QString> texts;
    QList<double> numbers;
    const bool numeric = EndpointTableModel::numericSortKey(ModelEndpoint{}, c).has_value();
    (numeric ? numbers.resize(n) : texts.resize(n));
    for (qsizetype i = 0; i < n; ++i) {
        names[i] = rows.at(i).name.toCaseFolded();
        if (numeric) {
            numbers[i] = *EndpointTableModel::numericSortKey(rows.at(i), c);
        } else if (c != EndpointTableModel::Name) {
            texts[i] = EndpointTableModel::displayText(rows.at(i), c).toCaseFolded();
        }
    }
    QList<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (numeric && numbers.at(a) != numbers.at(b)) {
            return numbers.at(a) < numbers.at(b);
        }
        if (!numeric && c != EndpointTableModel::Name) {
            const int t = texts.at(a).compare(texts.at(b));
            if (t != 0) {
                return t < 0;
            }
        }
        return names.at(a) < names.at(b);
    });
    m_rank.resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        m_rank[order.at(i)] = int(i);
    }
    m_rankColumn = column;
    m_ranksDirty = false;
}

void EndpointFilterProxy::setFilterText(const QString& text)
{
    if (text == m_text) {
        return;
    }
    m_text = text;
    m_words.clear();
    m_labelFilters.clear();
    // Words at blanks, with quotes around a label value that holds spaces (team="ml ops"); a
    // quote left open, as in o'neil, is a plain character.
    const QStringList parts =
            ShellWords::split(text).value_or(text.split(u' ', Qt::SkipEmptyParts));
    for (const QString& part : parts) {
        const qsizetype eq = part.indexOf(u'=');
        if (eq > 0) {
            m_labelFilters.append({part.left(eq), part.mid(eq + 1)});
        } else {
            m_words.append(part);
        }
    }
    invalidateRowsFilter();
}

void EndpointFilterProxy::setStatusFilter(std::optional<EndpointStatus::Value> status)
{
    if (status != m_status) {
        m_status = status;
        invalidateRowsFilter();
    }
}

void EndpointFilterProxy::setTypeFilter(std::optional<EndpointType::Value> type)
{
    if (type != m_type) {
        m_type = type;
        invalidateRowsFilter();
    }
}

bool EndpointFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    if (!m_model) {
        return true;
    }
    const ModelEndpoint& e = m_model->endpointAt(sourceRow);
    if (m_status && e.status.value() != *m_status) {
        return false;
    }
    if (m_type && e.endpointType.value() != *m_type) {
        return false;
    }
    for (const auto& [key, value] : m_labelFilters) {
        const auto it = e.labels.constFind(key);
        if (it == e.labels.cend() || (!value.isEmpty() && *it != value)) {
            return false;
        }
    }
    for (const QString& word : m_words) {
        if (e.name.contains(word, Qt::CaseInsensitive) ||
            e.bundleName.contains(word, Qt::CaseInsensitive)) {
            continue;
        }
        bool inLabels = false;
        for (auto it = e.labels.cbegin(); it != e.labels.cend() && !inLabels; ++it) {
            inLabels = it.key().contains(word, Qt::CaseInsensitive) ||
                       it.value().contains(word, Qt::CaseInsensitive);
        }
        if (!inLabels) {
            return false;
        }
    }
    return true;
}

bool EndpointFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (!m_model) {
        return QSortFilterProxyModel::lessThan(left, right);
    }
    ensureRanks(left.column());
    return m_rank.at(left.row()) < m_rank.at(right.row());
}

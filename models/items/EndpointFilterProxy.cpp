#include "EndpointFilterProxy.h"

#include "EndpointTableModel.h"

using namespace Qt::StringLiterals;

EndpointFilterProxy::EndpointFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EndpointTableModel::SortRole);
    setDynamicSortFilter(true);
}

void EndpointFilterProxy::setEndpointModel(EndpointTableModel* model)
{
    m_model = model;
    setSourceModel(model);
}

void EndpointFilterProxy::setFilterText(const QString& text)
{
    if (text == m_text) {
        return;
    }
    m_text = text;
    m_words.clear();
    m_labelFilters.clear();
    const QStringList parts = text.split(u' ', Qt::SkipEmptyParts);
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
    return EndpointTableModel::lessThan(m_model->endpointAt(left.row()),
                                        m_model->endpointAt(right.row()),
                                        EndpointTableModel::Column(left.column()));
}

#pragma once

#include "EndpointStatus.h"
#include "EndpointType.h"

#include <QList>
#include <QPair>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <optional>

class EndpointTableModel;

/// Filters and sorts an EndpointTableModel. The filter text is split at spaces: `key=value`
/// words must match a label exactly (`key=` matches any value of that key), other words must
/// appear in the name, bundle or labels (case-insensitive). Status and type filters narrow
/// further. Sorting uses raw values, not display text.
class EndpointFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit EndpointFilterProxy(QObject* parent = nullptr);

    void setEndpointModel(EndpointTableModel* model);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    void setStatusFilter(std::optional<EndpointStatus::Value> status);
    void setTypeFilter(std::optional<EndpointType::Value> type);
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void ensureRanks(int column) const;

    EndpointTableModel* m_model = nullptr;
    // Sorting compares precomputed ranks: each source row's position when sorted by the raw
    // values of m_rankColumn. Rebuilt once per sort or after the source changed, instead of
    // computing keys in each of the n·log n comparisons.
    mutable QList<int> m_rank;
    mutable int m_rankColumn = -1;
    mutable bool m_ranksDirty = true;
    QString m_text;
    QStringList m_words;
    QList<QPair<QString, QString>> m_labelFilters;
    std::optional<EndpointStatus::Value> m_status;
    std::optional<EndpointType::Value> m_type;
};

#pragma once

#include "ModelEndpoint.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

/// The endpoints of one server as a table. apply() takes a fresh list from the server and
/// changes the model incrementally, matching rows by endpoint id: rows that changed get
/// dataChanged, new ones are inserted, gone ones removed, and an unchanged list emits nothing,
/// so views keep selection, scroll position and sort.
class EndpointTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Status,
        Type,
        Bundle,
        Workers,
        PerWorker,
        Cpus,
        Memory,
        Gpus,
        Queued,
        Labels,
        Created,
        Updated,
        CreatedBy,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        /// Raw value used for sorting: numbers, quantities in base units, dates.
        SortRole = Qt::UserRole + 1,
        EndpointIdRole,
        /// EndpointStatus::Value of the row, for delegates that draw the status.
        StatusRole,
    };

    explicit EndpointTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Makes the model hold exactly `endpoints`, with the fewest signals.
    void apply(const QList<ModelEndpoint>& endpoints);
    void clear();

    const ModelEndpoint& endpointAt(int row) const { return m_rows.at(row); }
    /// Row of the endpoint with this id, or -1.
    int rowOf(const QString& id) const { return m_rowById.value(id, -1); }
    const QList<ModelEndpoint>& endpoints() const { return m_rows; }

    /// Text shown for a column.
    static QString displayText(const ModelEndpoint& endpoint, Column column);
    /// The raw sort value of a numeric column (counts, quantities in base units, times in ms),
    /// or nothing for text columns.
    static std::optional<double> numericSortKey(const ModelEndpoint& endpoint, Column column);
    /// True when `a` sorts before `b` in column, using raw values.
    static bool lessThan(const ModelEndpoint& a, const ModelEndpoint& b, Column column);
    static QString columnTitle(Column column);
    /// "2 of 1–3": available workers of min–max.
    static QString workersText(const ModelEndpoint& endpoint);
    static QString labelsText(const ::Labels& labels);

private:
    void removeGone(const QHash<QString, int>& incoming);
    void updateExisting(const QList<ModelEndpoint>& endpoints, QList<int>& fresh);
    void insertNew(const QList<ModelEndpoint>& endpoints, const QList<int>& fresh);
    void reindex(int fromRow);

    QList<ModelEndpoint> m_rows;
    QHash<QString, int> m_rowById;
};

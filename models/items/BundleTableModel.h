#pragma once

#include "ModelBundle.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

/// The model bundles of one server as a table, updated incrementally by bundle id like
/// EndpointTableModel.
class BundleTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Id,
        Flavor,
        Image,
        Created,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        BundleIdRole,
    };

    explicit BundleTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void apply(const QList<ModelBundle>& bundles);
    const ModelBundle& bundleAt(int row) const { return m_rows.at(row); }
    const QList<ModelBundle>& bundles() const { return m_rows; }
    int rowOf(const QString& id) const { return m_rowById.value(id, -1); }

    /// "repository:tag" for images, the command otherwise.
    static QString imageText(const ModelBundle& bundle);
    /// The newest bundle of each name, newest first by name (for pickers).
    static QList<ModelBundle> newestPerName(const QList<ModelBundle>& bundles);

private:
    void reindex();

    QList<ModelBundle> m_rows;
    QHash<QString, int> m_rowById;
};

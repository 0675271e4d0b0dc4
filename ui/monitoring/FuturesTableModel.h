#pragma once

#include "FutureStore.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

/// The futures of a FutureStore as a table, one row per future in submission order. Rows
/// follow the store incrementally (insert, change, remove; a reset only when the store is
/// replaced). The pending and running times of unfinished futures tick once a second.
///
/// The server reports no times, so the pending and running times are what the console saw
/// between its polls: a range ("7.0–9.0 s"), or a bound ("≤ 1.0 s") when the first poll
/// already saw the change; the tooltip names the polls. They sort by their upper bound.
class FuturesTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TaskId,
        Endpoint,
        Submitted,
        Status,
        TimePending,
        TimeRunning,
        ResultPreview,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, ///< raw values: times in ms, durations in ms
        TaskIdRole,
    };

    explicit FuturesTableModel(FutureStore* store, QObject* parent = nullptr);

    void setStore(FutureStore* store);
    FutureStore* store() const { return m_store; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// A duration known to lie between two values.
    struct Bounds
    {
        qint64 lowMs = -1; ///< -1: no duration (a future not seen running)
        qint64 highMs = -1;
    };

    /// "1.2 s", "3 min 4 s", "2 h 5 min".
    static QString durationText(qint64 ms);
    /// "4.0 s" when the bounds agree, "≤ 1.0 s" from zero, else "7.0–9.0 s".
    static QString boundsText(Bounds bounds);
    /// The model's own answer inside a task result, as compact text.
    static QString resultPreview(const QByteArray& resultJson);

private:
    QVariant displayData(int row, int column) const;
    QVariant sortData(int row, int column) const;
    Bounds pendingBounds(int row) const;
    Bounds runningBounds(int row) const;
    QString timeToolTip(int row, int column) const;
    void tick();

    QPointer<FutureStore> m_store;
    QTimer m_tick;
};

#pragma once

#include "EndpointStatus.h"

#include <QColor>
#include <QIcon>
#include <QStyledItemDelegate>

/// How an endpoint status looks: a shape that differs per status (readable without colour),
/// a colour, and the text next to it.
class StatusStyle final
{
public:
    static QIcon icon(EndpointStatus::Value status);
    static QColor colour(EndpointStatus::Value status);
};

/// Draws the status column of the endpoint table with StatusStyle's icon and colour.
class StatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

#include "StatusStyle.h"

#include "EndpointTableModel.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>

namespace {
QPixmap drawIcon(EndpointStatus::Value status, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = StatusStyle::colour(status);
    const qreal m = size * 0.1;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    QPen pen(Qt::white, size * 0.12, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (status) {
    case EndpointStatus::Ready: {
        p.setBrush(colour);
        p.setPen(Qt::NoPen);
        p.drawEllipse(r);
        p.setPen(pen);
        QPainterPath tick;
        tick.moveTo(size * 0.3, size * 0.52);
        tick.lineTo(size * 0.45, size * 0.67);
        tick.lineTo(size * 0.72, size * 0.36);
        p.setBrush(Qt::NoBrush);
        p.drawPath(tick);
        break;
    }
    case EndpointStatus::UpdateFailed: {
        p.setBrush(colour);
        p.setPen(Qt::NoPen);
        p.drawEllipse(r);
        p.setPen(pen);
        p.drawLine(QPointF(size * 0.35, size * 0.35), QPointF(size * 0.65, size * 0.65));
        p.drawLine(QPointF(size * 0.65, size * 0.35), QPointF(size * 0.35, size * 0.65));
        break;
    }
    case EndpointStatus::UpdatePending:
    case EndpointStatus::UpdateInProgress: {
        // A clock face: hollow for pending, half-filled while in progress.
        p.setPen(QPen(colour, size * 0.12));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r.adjusted(m * 0.5, m * 0.5, -m * 0.5, -m * 0.5));
        if (status == EndpointStatus::UpdateInProgress) {
            p.setBrush(colour);
            p.setPen(Qt::NoPen);
            p.drawPie(r, 90 * 16, -180 * 16);
        } else {
            p.drawLine(QPointF(size * 0.5, size * 0.5), QPointF(size * 0.5, size * 0.28));
            p.drawLine(QPointF(size * 0.5, size * 0.5), QPointF(size * 0.68, size * 0.5));
        }
        break;
    }
    default: {
        p.setBrush(colour);
        p.setPen(Qt::NoPen);
        p.drawEllipse(r);
        p.setPen(pen);
        p.drawLine(QPointF(size * 0.3, size * 0.5), QPointF(size * 0.7, size * 0.5));
        break;
    }
    }
    return pixmap;
}
} // namespace

QColor StatusStyle::colour(EndpointStatus::Value status)
{
    switch (status) {
    case EndpointStatus::Ready:
        return QColor(0x2e, 0x9d, 0x52);
    case EndpointStatus::UpdatePending:
    case EndpointStatus::UpdateInProgress:
        return QColor(0xd9, 0x8a, 0x00);
    case EndpointStatus::UpdateFailed:
        return QColor(0xd0, 0x3a, 0x3a);
    default:
        return QColor(0x80, 0x80, 0x88);
    }
}

QIcon StatusStyle::icon(EndpointStatus::Value status)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(status);
    if (it == cache.end()) {
        QIcon icon;
        for (int size : {16, 24, 32, 48}) {
            icon.addPixmap(drawIcon(status, size));
        }
        it = cache.insert(status, icon);
    }
    return *it;
}

void StatusDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant status = index.data(EndpointTableModel::StatusRole);
    if (!status.isValid()) {
        return;
    }
    const auto value = EndpointStatus::Value(status.toInt());
    option->icon = StatusStyle::icon(value);
    option->features |= QStyleOptionViewItem::HasDecoration;
    if (!(option->state & QStyle::State_Selected)) {
        option->palette.setColor(QPalette::Text, StatusStyle::colour(value));
    }
    option->font.setBold(value == EndpointStatus::UpdateFailed);
}

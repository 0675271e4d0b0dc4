#include "FieldRow.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

FieldRow FieldRow::create(QWidget* field, const QString& key, QWidget* parent)
{
    FieldRow row;
    row.container = new QWidget(parent);
    auto* layout = new QVBoxLayout(row.container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    row.error = new QLabel(row.container);
    row.error->setObjectName(u"error_"_s + key);
    row.error->setWordWrap(true);
    QPalette palette = row.error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x3a));
    row.error->setPalette(palette);
    row.error->setMinimumHeight(row.error->fontMetrics().height());
    layout->addWidget(row.error);
    return row;
}

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
    row.error = createError(key, row.container);
    layout->addWidget(row.error);
    return row;
}

QLabel* FieldRow::createError(const QString& key, QWidget* parent)
{
    auto* error = new QLabel(parent);
    error->setObjectName(u"error_"_s + key);
    error->setWordWrap(true);
    // At the top of its line, also when the message beside it takes more lines.
    error->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QPalette palette = error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x3a));
    error->setPalette(palette);
    error->setMinimumHeight(error->fontMetrics().height());
    return error;
}

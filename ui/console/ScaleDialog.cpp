#include "ScaleDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>

using namespace Qt::StringLiterals;

ScaleDialog::ScaleDialog(const ModelEndpoint& endpoint, QWidget* parent)
    : QDialog(parent)
    , m_endpoint(endpoint)
    , m_min(new QSpinBox(this))
    , m_max(new QSpinBox(this))
    , m_heading(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"scaleDialog"_s);
    setWindowTitle(u"Scale %1"_s.arg(endpoint.name));
    // Said in the dialog as well: not every window manager shows the title.
    m_heading->setObjectName(u"scaleHeading"_s);
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setText(
            u"Workers of %1 (%2)"_s.arg(endpoint.name, endpoint.endpointType.displayName()));
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_min->setObjectName(u"scaleMinSpin"_s);
    m_max->setObjectName(u"scaleMaxSpin"_s);
    m_min->setRange(0, 1000);
    m_max->setRange(0, 1000);
    if (endpoint.deploymentState) {
        m_min->setValue(endpoint.deploymentState->minWorkers);
        m_max->setValue(endpoint.deploymentState->maxWorkers);
    }
    m_error->setObjectName(u"scaleError"_s);
    // One line, wide enough for the longest message, and always there: a wrapped label
    // that appears later is not given the height of its second line.
    int longest = 0;
    for (const QString& message : messages()) {
        longest = std::max(longest, m_error->fontMetrics().horizontalAdvance(message));
    }
    m_error->setMinimumSize(longest, m_error->fontMetrics().height());
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x3a));
    m_error->setPalette(p);
    m_buttons->button(QDialogButtonBox::Ok)->setText(u"Scale"_s);
    auto* form = new QFormLayout(this);
    form->addRow(m_heading);
    form->addRow(u"Min workers"_s, m_min);
    form->addRow(u"Max workers"_s, m_max);
    form->addRow(m_error);
    form->addRow(m_buttons);
    connect(m_min, &QSpinBox::valueChanged, this, &ScaleDialog::validate);
    connect(m_max, &QSpinBox::valueChanged, this, &ScaleDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

int ScaleDialog::minWorkers() const
{
    return m_min->value();
}

int ScaleDialog::maxWorkers() const
{
    return m_max->value();
}

QStringList ScaleDialog::messages() const
{
    return {u"%1 endpoints need at least one worker."_s.arg(m_endpoint.endpointType.displayName()),
            u"Max workers cannot be below min workers."_s,
            u"At least one worker is needed to serve requests."_s};
}

QString ScaleDialog::problem() const
{
    const QStringList texts = messages();
    if (m_endpoint.endpointType.value() != EndpointType::Async && m_min->value() < 1) {
        return texts.at(0);
    }
    if (m_max->value() < m_min->value()) {
        return texts.at(1);
    }
    if (m_max->value() == 0) {
        return texts.at(2);
    }
    return {};
}

void ScaleDialog::validate()
{
    const QString text = problem();
    m_error->setText(text);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

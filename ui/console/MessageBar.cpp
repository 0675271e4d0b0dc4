#include "MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
{
    setObjectName(u"messageBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setObjectName(u"messageBarText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setObjectName(u"messageBarAction"_s);
    auto* close = new QToolButton(this);
    close->setObjectName(u"messageBarClose"_s);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(u"Hide this message"_s);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(close);
    connect(m_action, &QPushButton::clicked, this, &MessageBar::actionTriggered);
    connect(close, &QToolButton::clicked, this, &MessageBar::hideMessage);
    // Good news is read at once and then goes stale ("being deleted" long after it is gone);
    // problems stay until they are solved or closed.
    m_positiveTimeout.setSingleShot(true);
    m_positiveTimeout.setInterval(positiveTimeoutMs);
    connect(&m_positiveTimeout, &QTimer::timeout, this, &MessageBar::hideMessage);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString& text, const QString& actionText)
{
    m_kind = kind;
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    if (kind == Kind::Warning) {
        pixmap = QStyle::SP_MessageBoxWarning;
    } else if (kind == Kind::Error) {
        pixmap = QStyle::SP_MessageBoxCritical;
    } else if (kind == Kind::Positive) {
        pixmap = QStyle::SP_DialogApplyButton;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    applyColours();
    show();
    if (kind == Kind::Positive) {
        m_positiveTimeout.start();
    } else {
        m_positiveTimeout.stop();
    }
}

void MessageBar::hideMessage()
{
    hide();
    m_text->clear();
}

QString MessageBar::text() const
{
    return m_text->text();
}

void MessageBar::applyColours()
{
    // Tinted from the system palette so it reads in light and dark themes alike.
    QColor tint;
    switch (m_kind) {
    case Kind::Error:
        tint = QColor(0xda, 0x44, 0x53);
        break;
    case Kind::Warning:
        tint = QColor(0xf6, 0x74, 0x00);
        break;
    case Kind::Positive:
        tint = QColor(0x27, 0xae, 0x60);
        break;
    case Kind::Information:
        tint = QColor(0x3d, 0xae, 0xe9);
        break;
    }
    QPalette p = palette();
    const QColor base = QPalette().color(QPalette::Window);
    QColor mixed;
    mixed.setRgbF(base.redF() * 0.8f + tint.redF() * 0.2f,
                  base.greenF() * 0.8f + tint.greenF() * 0.2f,
                  base.blueF() * 0.8f + tint.blueF() * 0.2f);
    p.setColor(QPalette::Window, mixed);
    setPalette(p);
}

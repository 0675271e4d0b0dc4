#include "EndpointDialog.h"

#include "EndpointCodec.h"
#include "FieldRow.h"
#include "LaunchClient.h"
#include "MessageBar.h"
#include "Prompt.h"
#include "ResourceName.h"
#include "UpdateEndpointRequest.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int maxNameLength = 63;

// Kubernetes-style label keys: optional DNS prefix and '/', then a name of up to 63
// characters made of letters, digits, '-', '_' and '.', starting and ending alphanumeric.
bool isValidLabelKey(const QString& key)
{
    static const QRegularExpression pattern(
            u"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"_s);
    return pattern.match(key).hasMatch();
}

QSpinBox* spin(int min, int max, const QString& name, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setObjectName(name);
    return box;
}

// How the messages of one amount field speak: its name, a short example, and what to type
// when the text is not an amount (cores for CPUs, bytes with a unit for memory and storage).
struct QuantityWords
{
    QString field;
    QString example;
    QString notAnAmount;
};

QString quantityProblem(const QString& text, bool required, const QuantityWords& words)
{
    const QString typed = text.trimmed();
    if (typed.isEmpty()) {
        return required ? u"Required, for example %1."_s.arg(words.example) : QString();
    }
    if (typed.startsWith(u'-')) {
        return u"%1 must not be negative."_s.arg(words.field);
    }
    const auto q = Quantity::parseUserInput(typed);
    if (!q) {
        return words.notAnAmount;
    }
    if (q->value() <= 0) {
        return u"%1 must be more than zero."_s.arg(words.field);
    }
    return {};
}

// A grey remark beside a field, such as why it cannot be edited.
QLabel* note(const QString& text, const QString& name, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(name);
    label->setEnabled(false);
    label->hide();
    return label;
}

QWidget* withNote(QWidget* field, QLabel* note, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(note);
    return box;
}

// The columns of the form's grid: label and field on the left, a gap, label and field on
// the right. A field spanning the whole width starts in the left field column.
/// Bundle names longer than this (in average characters) are shortened in the bundle list.
constexpr int maxBundleNameChars = 60;
constexpr int leftLabel = 0;
constexpr int leftField = 1;
constexpr int columnGap = 2;
constexpr int rightLabel = 3;
constexpr int rightField = 4;

// What a label's mnemonic gives the focus to: the field itself, or the first widget in it that
// takes focus (a line edit with a note beside it).
QWidget* focusTarget(QWidget* field)
{
    if (field->focusPolicy() != Qt::NoFocus) {
        return field;
    }
    const QList<QWidget*> children = field->findChildren<QWidget*>();
    for (QWidget* child : children) {
        if (child->focusPolicy() != Qt::NoFocus) {
            return child;
        }
    }
    return field;
}

std::optional<Quantity> quantity(const QLineEdit* edit)
{
    return Quantity::parseUserInput(edit->text());
}

// "an Async endpoint", "a Sync endpoint": the article goes with the type's name, so each
// known type has its own phrase. A type this version does not know is named as the server
// spells it, where no article fits for sure.
QString endpointOfType(const EndpointType& type)
{
    switch (type.value()) {
    case EndpointType::Async:
        return u"an Async endpoint"_s;
    case EndpointType::Sync:
        return u"a Sync endpoint"_s;
    case EndpointType::Streaming:
        return u"a Streaming endpoint"_s;
    case EndpointType::Unknown:
        break;
    }
    return u"an endpoint of type \"%1\""_s.arg(type.displayName());
}
} // namespace

EndpointDialog::EndpointDialog(LaunchClient* client, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_messageBar(new MessageBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"endpointDialog"_s);
    // One grid for the main fields, workers and resources side by side so that a laptop
    // screen shows the whole form. Each field has a row for itself and a row under it for its
    // message: a message taller than its reserved line moves both columns down alike, so
    // fields beside each other stay in line and each label stays beside its field.
    auto* grid = new QGridLayout;
    grid->setVerticalSpacing(0);
    grid->setColumnMinimumWidth(columnGap, 12);
    grid->setColumnStretch(leftField, 1);
    grid->setColumnStretch(rightField, 1);
    int row = buildMainFields(grid, 0);
    buildWorkerFields(grid, row);
    row = buildResourceFields(grid, row);
    addGridField(grid, row, leftLabel, u"Labels"_s, buildLabelsEditor(), u"labels"_s, Span::Whole);
    m_highPriority = new QCheckBox(u"Schedule ahead of other endpoints"_s, this);
    m_highPriority->setObjectName(u"highPriorityCheck"_s);
    addGridField(grid, row + 2, leftLabel, u"High priority"_s, m_highPriority, u"high_priority"_s,
                 Span::Whole);
    m_callbackUrl = new QLineEdit(this);
    m_callbackUrl->setObjectName(u"callbackUrlEdit"_s);
    m_callbackUrl->setPlaceholderText(u"https://… (optional, for async results)"_s);
    addGridField(grid, row + 4, leftLabel, u"Default callback URL"_s, m_callbackUrl,
                 u"default_callback_url"_s, Span::Whole);
    buildAdvanced(grid, row + 6);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(u"saveButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EndpointDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The fields scroll, the message bar and the buttons do not: with the advanced section
    // open the form is taller than a laptop screen.
    m_fields = new QWidget(this);
    // Wide enough that a message under a field of either column takes two lines at most.
    m_fields->setMinimumWidth(fontMetrics().averageCharWidth() * 118);
    auto* fieldsLayout = new QVBoxLayout(m_fields);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    fieldsLayout->addLayout(grid);
    fieldsLayout->addStretch();
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"endpointFieldsScroll"_s);
    m_scroll->setWidget(m_fields);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_buttons);
    connectValidation();
    startCreate();
    fitToScreen();
    // The bar comes and goes (a failed save, its own close button): the dialog follows.
    m_messageBar->installEventFilter(this);
}

QSize EndpointDialog::fieldsSize() const
{
    QSize size = m_fields->sizeHint().expandedTo(m_fields->minimumSize());
    // Messages wrap: their lines are counted at the width the fields have (the size hint
    // counts them at a narrower one, and would leave empty space under the form).
    const int height = m_fields->heightForWidth(std::max(size.width(), m_fields->width()));
    if (height > 0) {
        size.setHeight(height);
    }
    return size;
}

QSize EndpointDialog::unscrolledSize() const
{
    const QSize fields = fieldsSize();
    const QMargins margins = layout()->contentsMargins();
    const int spacing = std::max(0, layout()->spacing());
    // The message bar is counted as shown: a failed save shows it above the fields.
    const int height = margins.top() + m_messageBar->sizeHint().height() + spacing +
                       fields.height() + spacing + m_buttons->sizeHint().height() +
                       margins.bottom();
    const int width = margins.left() +
                      std::max(fields.width() + m_scroll->verticalScrollBar()->sizeHint().width(),
                               m_buttons->sizeHint().width()) +
                      margins.right();
    return {width, height};
}

void EndpointDialog::fitToScreen()
{
    fitScrollArea();
    adjustSize();
    m_fittedHeight = height();
}

void EndpointDialog::scheduleFit()
{
    // Once the event loop turns: validate() sets every message in turn, and the height that
    // counts is the one after the last of them.
    if (!m_fitPending) {
        m_fitPending = true;
        QMetaObject::invokeMethod(this, &EndpointDialog::fitToMessages, Qt::QueuedConnection);
    }
}

void EndpointDialog::fitToMessages()
{
    m_fitPending = false;
    fitScrollArea();
    // The layout lowers the window's minimum size only when it runs: now, or the minimum of
    // the messages just gone keeps the dialog tall.
    layout()->activate();
    // Only when the height the form needs has changed: while typing changes a message's words
    // but not its lines, the dialog stays still. Growing makes room for a message, shrinking
    // takes back the room it took; the width stays as it is.
    const int wanted = std::max(sizeHint().height(), minimumSizeHint().height());
    if (wanted != m_fittedHeight) {
        resize(width(), wanted);
        m_fittedHeight = wanted;
        keepOnScreen();
    }
}

void EndpointDialog::keepOnScreen()
{
    // Grown downwards (Advanced opened, a message more), the buttons must not end up below
    // the screen's edge: the dialog moves up as far as it needs, never above the screen.
    const QScreen* where = screen();
    if (!isVisible() || !where) {
        return;
    }
    const QRect available = where->availableGeometry();
    const QRect frame = frameGeometry();
    const int titleBar = geometry().top() - frame.top();
    const int below = (frame.top() + titleBar + height()) - available.bottom();
    if (below > 0) {
        move(x(), std::max(available.top(), frame.top() - below));
    }
}

bool EndpointDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_messageBar &&
        (event->type() == QEvent::Show || event->type() == QEvent::Hide)) {
        scheduleFit();
    }
    return QDialog::eventFilter(watched, event);
}

void EndpointDialog::fitScrollArea()
{
    const QSize content = fieldsSize();
    const QScreen* where = screen() ? screen() : QGuiApplication::primaryScreen();
    // The window's title bar, as the window manager draws it once shown (else a guess).
    const int titleBar = isVisible() && frameGeometry().height() > height()
                                 ? frameGeometry().height() - height()
                                 : 32;
    const int overflow =
            where ? unscrolledSize().height() + titleBar - where->availableGeometry().height() : 0;
    m_scroll->setMinimumHeight(std::max(200, content.height() - std::max(0, overflow)));
    m_scroll->setMinimumWidth(content.width() + m_scroll->verticalScrollBar()->sizeHint().width());
}

void EndpointDialog::addGridField(QGridLayout* grid, int row, int labelColumn, const QString& label,
                                  QWidget* field, const QString& key, Span width)
{
    auto* text = new QLabel(label, this);
    text->setBuddy(focusTarget(field));
    // Left or right as the style's forms have them, centred on the field's height.
    text->setAlignment((Qt::Alignment(style()->styleHint(QStyle::SH_FormLayoutLabelAlignment)) &
                        Qt::AlignHorizontal_Mask) |
                       Qt::AlignVCenter);
    // Beside a tall field (the labels table) the label sits at its top, as in a form layout.
    const bool tall = field->sizeHint().height() > 2 * text->sizeHint().height();
    grid->addWidget(text, row, labelColumn, tall ? Qt::AlignTop : Qt::Alignment());
    const int span = width == Span::Whole ? rightField - labelColumn : 1;
    grid->addWidget(field, row, labelColumn + 1, 1, span);
    // The gap to the next field is the message's bottom margin: the grid has no spacing of its
    // own between rows, so that the message sits close under its field.
    int gap = style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, this);
    if (gap < 0) {
        gap = style()->layoutSpacing(QSizePolicy::DefaultType, QSizePolicy::DefaultType,
                                     Qt::Vertical, nullptr, this);
    }
    QLabel* error = FieldRow::createError(key, this);
    error->setContentsMargins(0, 2, 0, std::max(0, gap));
    // Long messages wrap rather than widen the form.
    error->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    error->setMinimumHeight(error->fontMetrics().height() + 2 + std::max(0, gap));
    grid->addWidget(error, row + 1, labelColumn + 1, 1, span);
    m_errorLabels.insert(key, error);
    m_fieldLabels.insert(key, QString(label).remove(u'&'));
    m_fieldOrder.append(key);
}

int EndpointDialog::buildMainFields(QGridLayout* grid, int row)
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setPlaceholderText(u"for example demo-endpoint-async"_s);
    m_nameNote = note(u"An endpoint's name cannot change."_s, u"nameNote"_s, this);
    addGridField(grid, row, leftLabel, u"&Name"_s, withNote(m_name, m_nameNote, this), u"name"_s,
                 Span::Whole);
    m_bundle = new QComboBox(this);
    m_bundle->setObjectName(u"bundleCombo"_s);
    // A long bundle name must not widen the form past the screen: the field takes the width
    // the form gives it, and each name is shortened to fit (in full in its tooltip).
    m_bundle->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_bundle->setMinimumContentsLength(40);
    addGridField(grid, row + 2, leftLabel, u"&Bundle"_s, m_bundle, u"model_bundle_id"_s,
                 Span::Whole);
    m_type = new QComboBox(this);
    m_type->setObjectName(u"typeCombo"_s);
    for (const EndpointType& t : EndpointType::knownValues()) {
        m_type->addItem(t.displayName(), t.toString());
    }
    m_typeNote = note(u"An endpoint's type cannot change."_s, u"typeNote"_s, this);
    addGridField(grid, row + 4, leftLabel, u"&Type"_s, withNote(m_type, m_typeNote, this),
                 u"endpoint_type"_s, Span::Whole);
    return row + 6;
}

int EndpointDialog::buildWorkerFields(QGridLayout* grid, int row)
{
    m_minWorkers = spin(0, 1000, u"minWorkersSpin"_s, this);
    m_maxWorkers = spin(0, 1000, u"maxWorkersSpin"_s, this);
    m_perWorker = spin(1, 100000, u"perWorkerSpin"_s, this);
    m_perWorker->setToolTip(u"Concurrent requests one worker takes before another is added"_s);
    addGridField(grid, row, leftLabel, u"Min workers"_s, m_minWorkers, u"min_workers"_s);
    addGridField(grid, row + 2, leftLabel, u"Max workers"_s, m_maxWorkers, u"max_workers"_s);
    addGridField(grid, row + 4, leftLabel, u"Per worker"_s, m_perWorker, u"per_worker"_s);
    m_gpus = spin(0, 64, u"gpusSpin"_s, this);
    addGridField(grid, row + 6, leftLabel, u"GPUs per worker"_s, m_gpus, u"gpus"_s);
    return row + 8;
}

int EndpointDialog::buildResourceFields(QGridLayout* grid, int row)
{
    m_cpus = new QLineEdit(this);
    m_cpus->setObjectName(u"cpusEdit"_s);
    m_cpus->setPlaceholderText(u"cores, for example 1 or 500m"_s);
    m_memory = new QLineEdit(this);
    m_memory->setObjectName(u"memoryEdit"_s);
    m_memory->setPlaceholderText(u"for example 512Mi or 4 GiB"_s);
    m_storage = new QLineEdit(this);
    m_storage->setObjectName(u"storageEdit"_s);
    m_storage->setPlaceholderText(u"for example 1Gi"_s);
    addGridField(grid, row, rightLabel, u"CPUs per worker"_s, m_cpus, u"cpus"_s);
    addGridField(grid, row + 2, rightLabel, u"Memory per worker"_s, m_memory, u"memory"_s);
    addGridField(grid, row + 4, rightLabel, u"Storage per worker"_s, m_storage, u"storage"_s);
    m_gpuType = new QComboBox(this);
    m_gpuType->setObjectName(u"gpuTypeCombo"_s);
    m_gpuType->addItem(u"Choose a GPU type"_s);
    for (const GpuType& g : GpuType::knownValues()) {
        m_gpuType->addItem(g.displayName(), g.toString());
    }
    addGridField(grid, row + 6, rightLabel, u"GPU type"_s, m_gpuType, u"gpu_type"_s);
    return row + 8;
}

QWidget* EndpointDialog::buildLabelsEditor()
{
    auto* box = new QWidget(this);
    m_labels = new QTableWidget(0, 2, box);
    m_labels->setObjectName(u"labelsTable"_s);
    m_labels->setHorizontalHeaderLabels({u"Key"_s, u"Value"_s});
    m_labels->horizontalHeader()->setStretchLastSection(true);
    m_labels->verticalHeader()->hide();
    m_labels->setMaximumHeight(110);
    auto* add = new QPushButton(u"Add"_s, box);
    add->setObjectName(u"addLabelButton"_s);
    auto* remove = new QPushButton(u"Remove"_s, box);
    remove->setObjectName(u"removeLabelButton"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_labels->rowCount();
        m_labels->insertRow(row);
        m_labels->setItem(row, 0, new QTableWidgetItem);
        m_labels->setItem(row, 1, new QTableWidgetItem);
        // The new row becomes the current one, so that Tab from its key goes on to its value
        // (not to a cell of the row that was current before).
        m_labels->setCurrentCell(row, 0);
        m_labels->editItem(m_labels->item(row, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_labels->currentRow() >= 0) {
            m_labels->removeRow(m_labels->currentRow());
            validate();
        }
    });
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_labels, 1);
    layout->addLayout(buttons);
    return box;
}

int EndpointDialog::buildAdvanced(QGridLayout* grid, int row)
{
    auto* toggle = new QToolButton(this);
    toggle->setObjectName(u"advancedToggle"_s);
    toggle->setText(u"Advanced"_s);
    toggle->setCheckable(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setAutoRaise(true);
    grid->addWidget(toggle, row, leftLabel, 1, rightField + 1, Qt::AlignLeft);
    const int first = grid->count();
    m_concurrency = spin(0, 10000, u"concurrencySpin"_s, this);
    m_concurrency->setSpecialValueText(u"server default"_s);
    m_concurrency->setToolTip(u"Requests one worker handles at the same time"_s);
    m_queueTimeout = spin(0, 43200, u"queueTimeoutSpin"_s, this);
    m_queueTimeout->setSpecialValueText(u"server default"_s);
    m_queueTimeout->setSuffix(u" s"_s);
    m_queueTimeout->setToolTip(u"How long a request may wait in the queue for a worker"_s);
    m_taskExpires = spin(0, 30 * 86400, u"taskExpiresSpin"_s, this);
    m_taskExpires->setSpecialValueText(u"server default"_s);
    m_taskExpires->setSuffix(u" s"_s);
    m_taskExpires->setToolTip(u"How long an async task's result is kept"_s);
    m_publicInference = new QCheckBox(u"Allow predictions without an API key"_s, this);
    m_publicInference->setObjectName(u"publicInferenceCheck"_s);
    m_prewarm = new QCheckBox(u"Start workers before the first request"_s, this);
    m_prewarm->setObjectName(u"prewarmCheck"_s);
    // Space between the toggle and the fields it shows, shown with them.
    auto* gap = new QWidget(this);
    gap->setFixedHeight(std::max(0, style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing)));
    grid->addWidget(gap, row + 1, leftLabel);
    // In the grid of the other fields, so that labels and fields line up with theirs.
    addGridField(grid, row + 2, leftLabel, u"Concurrency per worker"_s, m_concurrency,
                 u"concurrent_requests_per_worker"_s);
    addGridField(grid, row + 2, rightLabel, u"Queue timeout"_s, m_queueTimeout,
                 u"queue_message_timeout_seconds"_s);
    addGridField(grid, row + 4, leftLabel, u"Async task expiry"_s, m_taskExpires,
                 u"task_expires_seconds"_s);
    addGridField(grid, row + 6, leftLabel, u"Public inference"_s, m_publicInference,
                 u"public_inference"_s, Span::Whole);
    addGridField(grid, row + 8, leftLabel, u"Prewarm"_s, m_prewarm, u"prewarm"_s, Span::Whole);
    QList<QWidget*> section;
    for (int i = first; i < grid->count(); ++i) {
        if (QWidget* widget = grid->itemAt(i)->widget()) {
            section.append(widget);
            widget->hide();
        }
    }
    connect(toggle, &QToolButton::toggled, this, [this, toggle, section](bool open) {
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        for (QWidget* widget : section) {
            widget->setVisible(open);
        }
        fitToScreen();
        keepOnScreen();
    });
    return row + 10;
}

void EndpointDialog::connectValidation()
{
    auto onEdit = [this](const QString& key) {
        return [this, key] {
            m_edited.insert(key);
            clearServerError(key);
            validate();
        };
    };
    connect(m_name, &QLineEdit::textChanged, this, onEdit(u"name"_s));
    connect(m_bundle, &QComboBox::currentIndexChanged, this, onEdit(u"model_bundle_id"_s));
    connect(m_type, &QComboBox::currentIndexChanged, this, onEdit(u"endpoint_type"_s));
    connect(m_minWorkers, &QSpinBox::valueChanged, this, onEdit(u"min_workers"_s));
    connect(m_maxWorkers, &QSpinBox::valueChanged, this, onEdit(u"max_workers"_s));
    connect(m_perWorker, &QSpinBox::valueChanged, this, onEdit(u"per_worker"_s));
    connect(m_cpus, &QLineEdit::textChanged, this, onEdit(u"cpus"_s));
    connect(m_memory, &QLineEdit::textChanged, this, onEdit(u"memory"_s));
    connect(m_storage, &QLineEdit::textChanged, this, onEdit(u"storage"_s));
    connect(m_gpus, &QSpinBox::valueChanged, this, onEdit(u"gpus"_s));
    connect(m_gpuType, &QComboBox::currentIndexChanged, this, onEdit(u"gpu_type"_s));
    connect(m_labels, &QTableWidget::itemChanged, this, onEdit(u"labels"_s));
    connect(m_callbackUrl, &QLineEdit::textChanged, this, onEdit(u"default_callback_url"_s));
    connect(m_concurrency, &QSpinBox::valueChanged, this,
            onEdit(u"concurrent_requests_per_worker"_s));
}

QString EndpointDialog::labelsProblem() const
{
    QSet<QString> seen;
    for (int row = 0; row < m_labels->rowCount(); ++row) {
        const QString key =
                m_labels->item(row, 0) ? m_labels->item(row, 0)->text().trimmed() : QString();
        const QString value = m_labels->item(row, 1) ? m_labels->item(row, 1)->text() : QString();
        if (key.isEmpty() && value.isEmpty()) {
            continue;
        }
        if (!isValidLabelKey(key)) {
            return u"Label key \"%1\" is not valid: letters, digits, '-', '_' and '.', starting "
                   "and ending with a letter or digit, at most 63 characters."_s.arg(key);
        }
        if (value.size() > maxNameLength) {
            return u"The value of label \"%1\" is longer than 63 characters."_s.arg(key);
        }
        if (seen.contains(key)) {
            return u"Label key \"%1\" is used twice."_s.arg(key);
        }
        seen.insert(key);
    }
    return {};
}

QHash<QString, QString> EndpointDialog::fieldErrors() const
{
    QHash<QString, QString> errors;
    if (const QString problem = ResourceName::problem(m_name->text(), maxNameLength);
        !problem.isEmpty()) {
        errors.insert(u"name"_s, problem);
    }
    if (m_mode == Mode::Create && m_bundle->currentData().toString().isEmpty()) {
        errors.insert(u"model_bundle_id"_s, m_bundle->count() == 0
                                                    ? u"This server has no bundles yet: create one "
                                                      "first (File › New bundle)."_s
                                                    : u"Choose a bundle."_s);
    }
    const EndpointType type = EndpointType::fromString(m_type->currentData().toString());
    if (type.value() != EndpointType::Async && m_minWorkers->value() < 1) {
        errors.insert(u"min_workers"_s, u"%1 endpoints need at least one worker (only async "
                                        "ones scale to zero)."_s.arg(type.displayName()));
    }
    if (m_maxWorkers->value() < m_minWorkers->value()) {
        errors.insert(u"max_workers"_s,
                      u"Cannot be below the minimum (%1)."_s.arg(m_minWorkers->value()));
    } else if (m_maxWorkers->value() == 0) {
        errors.insert(u"max_workers"_s, u"At least one worker is needed to serve requests."_s);
    }
    const QString cpus =
            quantityProblem(m_cpus->text(), true,
                            {u"CPUs"_s, u"1 or 500m"_s,
                             u"Not a number of CPUs; type for example 2, 0.5 or 500m."_s});
    const QString memory = quantityProblem(
            m_memory->text(), true,
            {u"Memory"_s, u"512Mi"_s,
             u"Not an amount of memory; type a number with a unit such as 512Mi, 4Gi or "
             "4 GiB."_s});
    // Servers require storage when creating; an edit may leave it as it is.
    const QString storage = quantityProblem(
            m_storage->text(), m_mode == Mode::Create,
            {u"Storage"_s, u"1Gi"_s,
             u"Not an amount of storage; type a number with a unit such as 1Gi, 10Gi or "
             "10 GiB."_s});
    for (const auto& [key, problem] : {std::pair{u"cpus"_s, cpus}, std::pair{u"memory"_s, memory},
                                       std::pair{u"storage"_s, storage}}) {
        if (!problem.isEmpty()) {
            errors.insert(key, problem);
        }
    }
    if (m_gpus->value() > 0 && m_gpuType->currentIndex() <= 0) {
        errors.insert(u"gpu_type"_s, u"Required when the endpoint uses GPUs."_s);
    }
    if (const QString labels = labelsProblem(); !labels.isEmpty()) {
        errors.insert(u"labels"_s, labels);
    }
    const QString url = m_callbackUrl->text().trimmed();
    if (!url.isEmpty()) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty() ||
            (parsed.scheme() != u"http"_s && parsed.scheme() != u"https"_s)) {
            errors.insert(u"default_callback_url"_s,
                          u"Must be a full http:// or https:// address."_s);
        }
    }
    return errors;
}

void EndpointDialog::validate()
{
    m_gpuType->setEnabled(m_gpus->value() > 0);
    const QHash<QString, QString> errors = fieldErrors();
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        QString text = errors.value(it.key());
        if (text.isEmpty()) {
            text = m_serverErrors.value(it.key());
        }
        // "Required" waits until the person has typed in that field: an empty new form is
        // not an error yet (Save stays disabled until it is filled in).
        // (A rule another field triggers, "Required when …", is shown at once.)
        if (text.startsWith(u"Required"_s) && !text.startsWith(u"Required when"_s) &&
            !m_edited.contains(it.key())) {
            text.clear();
        }
        it.value()->setText(text);
    }
    if (m_barPointsToFields && m_serverErrors.isEmpty()) {
        // Every field the server marked has been changed since: the bar pointed at nothing.
        m_barPointsToFields = false;
        m_messageBar->hideMessage();
    }
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(errors.isEmpty() && !m_call.isActive());
    scheduleFit(); // a message of more lines, or fewer, changes the height the form needs
}

QString EndpointDialog::shownError(const QString& field) const
{
    const QLabel* label = m_errorLabels.value(field);
    return label ? label->text() : QString();
}

void EndpointDialog::clearServerError(const QString& key)
{
    m_serverErrors.remove(key);
}

Labels EndpointDialog::labels() const
{
    Labels result;
    for (int row = 0; row < m_labels->rowCount(); ++row) {
        const QString key =
                m_labels->item(row, 0) ? m_labels->item(row, 0)->text().trimmed() : QString();
        if (!key.isEmpty()) {
            result.insert(key, m_labels->item(row, 1) ? m_labels->item(row, 1)->text() : QString());
        }
    }
    return result;
}

CreateEndpointRequest EndpointDialog::request() const
{
    // Optional flags are sent only when set, or when they were set before (so an edit can
    // turn them off): the API has no way to clear a field.
    const CreateEndpointRequest initial =
            m_editing ? CreateEndpointRequest::fromEndpoint(*m_editing) : CreateEndpointRequest{};
    auto flag = [](const QCheckBox* box, const std::optional<bool>& before) -> std::optional<bool> {
        if (box->isChecked()) {
            return true;
        }
        return before ? std::optional(false) : std::nullopt;
    };
    auto positive = [](const QSpinBox* box) {
        return box->value() > 0 ? std::optional(box->value()) : std::nullopt;
    };
    CreateEndpointRequest r = initial;
    r.name = m_name->text().trimmed();
    r.modelBundleId = m_bundle->currentData().toString();
    r.endpointType = EndpointType::fromString(m_type->currentData().toString());
    r.minWorkers = m_minWorkers->value();
    r.maxWorkers = m_maxWorkers->value();
    r.perWorker = m_perWorker->value();
    r.cpus = quantity(m_cpus).value_or(Quantity());
    r.memory = quantity(m_memory).value_or(Quantity());
    r.storage = m_storage->text().trimmed().isEmpty() ? std::nullopt : quantity(m_storage);
    r.gpus = m_gpus->value();
    r.gpuType = r.gpus > 0 && m_gpuType->currentIndex() > 0
                        ? std::optional(GpuType::fromString(m_gpuType->currentData().toString()))
                        : std::nullopt;
    r.labels = labels();
    r.highPriority = flag(m_highPriority, initial.highPriority);
    r.publicInference = flag(m_publicInference, initial.publicInference);
    r.prewarm = flag(m_prewarm, initial.prewarm);
    const QString url = m_callbackUrl->text().trimmed();
    r.defaultCallbackUrl = url.isEmpty() ? std::nullopt : std::optional(url);
    r.concurrentRequestsPerWorker = positive(m_concurrency);
    r.queueMessageTimeoutSeconds = positive(m_queueTimeout);
    r.taskExpiresSeconds = positive(m_taskExpires);
    return r;
}

void EndpointDialog::fillFrom(const CreateEndpointRequest& r)
{
    m_name->setText(r.name);
    m_type->setCurrentIndex(std::max(0, m_type->findData(r.endpointType.toString())));
    m_minWorkers->setValue(r.minWorkers);
    m_maxWorkers->setValue(r.maxWorkers);
    m_perWorker->setValue(r.perWorker);
    m_cpus->setText(r.cpus.isValid() ? r.cpus.text() : QString());
    m_memory->setText(r.memory.isValid() ? r.memory.text() : QString());
    m_storage->setText(r.storage && r.storage->isValid() ? r.storage->text() : QString());
    m_gpus->setValue(r.gpus);
    m_gpuType->setCurrentIndex(r.gpuType ? std::max(0, m_gpuType->findData(r.gpuType->toString()))
                                         : 0);
    m_labels->setRowCount(0);
    for (auto it = r.labels.cbegin(); it != r.labels.cend(); ++it) {
        const int row = m_labels->rowCount();
        m_labels->insertRow(row);
        m_labels->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_labels->setItem(row, 1, new QTableWidgetItem(it.value()));
    }
    m_highPriority->setChecked(r.highPriority.value_or(false));
    m_publicInference->setChecked(r.publicInference.value_or(false));
    m_prewarm->setChecked(r.prewarm.value_or(false));
    m_callbackUrl->setText(r.defaultCallbackUrl.value_or(QString()));
    m_concurrency->setValue(r.concurrentRequestsPerWorker.value_or(0));
    m_queueTimeout->setValue(r.queueMessageTimeoutSeconds.value_or(0));
    m_taskExpires->setValue(r.taskExpiresSeconds.value_or(0));
}

void EndpointDialog::setBundles(const QList<ModelBundle>& bundles)
{
    m_bundles = bundles;
    const QString selected = m_bundle->currentData().toString();
    const QSignalBlocker blocker(m_bundle);
    m_bundle->clear();
    QMap<QString, ModelBundle> newest;
    for (const ModelBundle& b : bundles) {
        auto it = newest.find(b.name);
        if (it == newest.end() || it->createdAt < b.createdAt) {
            newest.insert(b.name, b);
        }
    }
    const QFontMetrics metrics = m_bundle->fontMetrics();
    const int nameWidth = metrics.averageCharWidth() * maxBundleNameChars;
    for (const ModelBundle& b : std::as_const(newest)) {
        const QString created = b.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
        const QString shown = metrics.elidedText(b.name, Qt::ElideMiddle, nameWidth);
        m_bundle->addItem(u"%1  (newest: %2)"_s.arg(shown, created), b.id);
        const int index = m_bundle->count() - 1;
        m_bundle->setItemData(index, b.name, Qt::UserRole + 1);
        if (shown != b.name) {
            m_bundle->setItemData(index, b.name, Qt::ToolTipRole);
        }
    }
    m_bundle->setCurrentIndex(std::max(0, m_bundle->findData(selected)));
    validate();
    fitToScreen();
}

void EndpointDialog::setExistingEndpoints(const QList<ModelEndpoint>& endpoints)
{
    m_existing = endpoints;
}

void EndpointDialog::selectBundleByName(const QString& name)
{
    m_bundle->setCurrentIndex(m_bundle->findData(name, Qt::UserRole + 1));
}

void EndpointDialog::startCreate()
{
    m_mode = Mode::Create;
    m_editing.reset();
    setWindowTitle(u"New endpoint"_s);
    setIdentityLocked(false);
    CreateEndpointRequest defaults;
    defaults.endpointType = EndpointType::Async;
    defaults.cpus = Quantity::fromNumber(1);
    defaults.memory = *Quantity::parse(u"256Mi"_s);
    defaults.storage = *Quantity::parse(u"1Gi"_s);
    defaults.minWorkers = 1;
    defaults.maxWorkers = 1;
    fillFrom(defaults);
    m_serverErrors.clear();
    validate();
    m_openedState = formState();
    // What the user types first is the name (not lost on the Cancel button).
    m_name->setFocus(Qt::OtherFocusReason);
}

void EndpointDialog::startEdit(const ModelEndpoint& endpoint)
{
    fillFrom(CreateEndpointRequest::fromEndpoint(endpoint));
    editExisting(endpoint);
    selectBundleByName(endpoint.bundleName);
    m_initialBundleIndex = m_bundle->currentIndex();
    m_serverErrors.clear();
    validate();
    m_openedState = formState();
    // The name and type cannot change: the first field that can is the bundle.
    m_bundle->setFocus(Qt::OtherFocusReason);
}

void EndpointDialog::editExisting(const ModelEndpoint& endpoint)
{
    m_mode = Mode::Edit;
    m_editing = endpoint;
    setWindowTitle(u"Edit endpoint %1"_s.arg(endpoint.name));
    m_type->setCurrentIndex(std::max(0, m_type->findData(endpoint.endpointType.toString())));
    setIdentityLocked(true);
}

QStringList EndpointDialog::formState() const
{
    QStringList state{m_name->text(),
                      m_bundle->currentData().toString(),
                      m_type->currentData().toString(),
                      QString::number(m_minWorkers->value()),
                      QString::number(m_maxWorkers->value()),
                      QString::number(m_perWorker->value()),
                      m_cpus->text(),
                      m_memory->text(),
                      m_storage->text(),
                      QString::number(m_gpus->value()),
                      m_gpuType->currentData().toString(),
                      m_callbackUrl->text(),
                      QString::number(m_concurrency->value()),
                      QString::number(m_queueTimeout->value()),
                      QString::number(m_taskExpires->value())};
    for (const QCheckBox* box : {m_highPriority, m_publicInference, m_prewarm}) {
        state.append(box->isChecked() ? u"yes"_s : u"no"_s);
    }
    for (int row = 0; row < m_labels->rowCount(); ++row) {
        for (int column = 0; column < 2; ++column) {
            const QTableWidgetItem* item = m_labels->item(row, column);
            const QString text = item ? item->text() : QString();
            // An empty row added and left alone changes nothing.
            if (!text.isEmpty()) {
                state.append(u"%1.%2=%3"_s.arg(row).arg(column).arg(text));
            }
        }
    }
    return state;
}

bool EndpointDialog::hasChanges() const
{
    return formState() != m_openedState;
}

void EndpointDialog::reject()
{
    // While a save is out the form's content is already on its way: nothing to ask.
    if (hasChanges() && !m_call.isActive()) {
        const QString what =
                m_mode == Mode::Edit && m_editing
                        ? u"Your changes to %1 have not been sent."_s.arg(m_editing->name)
                        : u"The new endpoint has not been created."_s;
        if (!Prompt::confirmDiscard(this, what)) {
            return;
        }
    }
    QDialog::reject();
}

void EndpointDialog::setIdentityLocked(bool locked)
{
    // Read-only rather than disabled, so that the name can still be selected and copied;
    // most styles draw a read-only field like an editable one, hence the colours.
    m_name->setReadOnly(locked);
    QPalette palette;
    if (locked) {
        palette = m_name->palette();
        palette.setColor(QPalette::Base, palette.color(QPalette::Window));
        palette.setColor(QPalette::Text, palette.color(QPalette::Disabled, QPalette::Text));
    }
    m_name->setPalette(palette);
    m_type->setEnabled(!locked);
    m_nameNote->setVisible(locked);
    m_typeNote->setVisible(locked);
    fitToScreen(); // the notes widen the form
}

void EndpointDialog::save()
{
    if (!fieldErrors().isEmpty() || m_call.isActive() || !m_client) {
        validate();
        return;
    }
    m_messageBar->hideMessage();
    const CreateEndpointRequest r = request();
    if (m_mode == Mode::Edit) {
        update(*m_editing, r);
        return;
    }
    for (const ModelEndpoint& e : std::as_const(m_existing)) {
        if (e.name == r.name) {
            offerUpdateOf(e);
            return;
        }
    }
    create(r);
}

void EndpointDialog::offerUpdateOf(const ModelEndpoint& existing)
{
    const bool update = Prompt::confirm(
            this,
            {u"updateExisting"_s,
             u"Endpoint exists"_s,
             u"An endpoint named %1 already exists on this server. Update it with these "
             "settings instead?"_s.arg(existing.name),
             {}},
            u"Update it"_s);
    if (!update) {
        m_serverErrors.insert(u"name"_s, u"An endpoint with this name exists; choose another "
                                         "name or update it."_s);
        validate();
        return;
    }
    // The name now names the endpoint being updated: no longer a clash.
    m_serverErrors.remove(u"name"_s);
    const EndpointType typed = EndpointType::fromString(m_type->currentData().toString());
    editExisting(existing);
    // As in an edit, the bundle is sent only when the form names another one.
    m_initialBundleIndex = m_bundle->findData(existing.bundleName, Qt::UserRole + 1);
    validate();
    if (!(typed == existing.endpointType)) {
        // The other settings were chosen for another type (an async one may have no
        // workers): the user looks at them again before anything is sent.
        m_messageBar->showMessage(
                MessageBar::Kind::Warning,
                u"%1 is %2, and an endpoint's type cannot change: the form now says %3. "
                "Check the settings, then save again."_s.arg(existing.name,
                                                             endpointOfType(existing.endpointType),
                                                             existing.endpointType.displayName()));
        return;
    }
    if (!fieldErrors().isEmpty()) {
        m_messageBar->showMessage(
                MessageBar::Kind::Warning,
                u"%1 cannot take these settings; see the fields marked below."_s.arg(
                        existing.name));
        return;
    }
    this->update(existing, request());
}

void EndpointDialog::create(const CreateEndpointRequest& r)
{
    setBusy(true);
    m_call = m_client->createEndpoint(r, this, [this, r](ApiResult<EndpointCreationResponse> res) {
        setBusy(false);
        if (!res) {
            for (const ModelEndpoint& e : std::as_const(m_existing)) {
                if (e.name == r.name && res.error().kind() == ApiError::Kind::BadRequest) {
                    offerUpdateOf(e);
                    return;
                }
            }
            onSaveFailed(res.error());
            return;
        }
        emit saved(r.name);
        accept();
    });
}

QString EndpointDialog::changesText(const ModelEndpoint& before,
                                    const UpdateEndpointRequest& update) const
{
    // Values read as the form shows them: amounts in the units of the endpoint list, a
    // spin box's "server default", a check box as yes or no, labels key by key.
    const CreateEndpointRequest old = CreateEndpointRequest::fromEndpoint(before);
    const QString notSet = u"(not set)"_s;
    auto amount = [&notSet](const std::optional<Quantity>& q, Quantity::Kind kind) {
        return q && q->isValid() ? q->toDisplayString(kind) : notSet;
    };
    auto count = [](const QSpinBox* box, const std::optional<int>& value) -> QString {
        const int v = value.value_or(box->minimum());
        if (v == box->minimum() && !box->specialValueText().isEmpty()) {
            return box->specialValueText();
        }
        return box->prefix() + QString::number(v) + box->suffix();
    };
    auto yesNo = [](const std::optional<bool>& on) {
        return on.value_or(false) ? u"yes"_s : u"no"_s;
    };
    auto gpuType = [&notSet](const std::optional<GpuType>& t) {
        return t ? t->displayName() : notSet;
    };
    // What the form does not show is named as the server has it.
    const QJsonObject oldJson = EndpointCodec::encodeCreateRequest(old);
    const QJsonObject newJson = EndpointCodec::encodeUpdateRequest(update);
    auto json = [&notSet](const QJsonValue& v) {
        if (v.isUndefined() || v.isNull()) {
            return notSet;
        }
        if (v.isString()) {
            return v.toString();
        }
        return QString::fromUtf8(
                QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
    };

    QStringList lines;
    auto change = [this, &lines](const QString& key, const QString& from, const QString& to) {
        lines.append(u"• %1: %2 → %3"_s.arg(fieldLabel(key), from, to));
    };
    auto labelChanges = [this, &lines](const Labels& from, const Labels& to) {
        const QString field = fieldLabel(u"labels"_s);
        QStringList keys = from.keys() + to.keys();
        keys.sort();
        keys.removeDuplicates();
        for (const QString& key : std::as_const(keys)) {
            if (!to.contains(key)) {
                lines.append(u"• %1: %2=%3 removed"_s.arg(field, key, from.value(key)));
            } else if (!from.contains(key)) {
                lines.append(u"• %1: %2=%3 added"_s.arg(field, key, to.value(key)));
            } else if (from.value(key) != to.value(key)) {
                lines.append(
                        u"• %1: %2: %3 → %4"_s.arg(field, key, from.value(key), to.value(key)));
            }
        }
    };

    const QStringList changed = update.changedFields();
    // In the order of the form, then anything else in the order of the API.
    QStringList keys;
    for (const QString& key : m_fieldOrder) {
        if (changed.contains(key)) {
            keys.append(key);
        }
    }
    for (const QString& key : changed) {
        if (!keys.contains(key)) {
            keys.append(key);
        }
    }
    for (const QString& key : std::as_const(keys)) {
        if (key == u"model_bundle_id"_s) {
            // Bundles are chosen by name; the form picks the newest bundle of that name.
            change(key, before.bundleName,
                   u"%1 (its newest version, from %2)"_s.arg(
                           m_bundle->currentData(Qt::UserRole + 1).toString(),
                           selectedBundleCreated().toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)));
        } else if (key == u"cpus"_s) {
            change(key, amount(old.cpus, Quantity::Cores), amount(update.cpus, Quantity::Cores));
        } else if (key == u"memory"_s) {
            change(key, amount(old.memory, Quantity::Bytes),
                   amount(update.memory, Quantity::Bytes));
        } else if (key == u"storage"_s) {
            change(key, amount(old.storage, Quantity::Bytes),
                   amount(update.storage, Quantity::Bytes));
        } else if (key == u"gpus"_s) {
            change(key, count(m_gpus, old.gpus), count(m_gpus, update.gpus));
        } else if (key == u"gpu_type"_s) {
            change(key, gpuType(old.gpuType), gpuType(update.gpuType));
        } else if (key == u"min_workers"_s) {
            change(key, count(m_minWorkers, old.minWorkers),
                   count(m_minWorkers, update.minWorkers));
        } else if (key == u"max_workers"_s) {
            change(key, count(m_maxWorkers, old.maxWorkers),
                   count(m_maxWorkers, update.maxWorkers));
        } else if (key == u"per_worker"_s) {
            change(key, count(m_perWorker, old.perWorker), count(m_perWorker, update.perWorker));
        } else if (key == u"concurrent_requests_per_worker"_s) {
            change(key, count(m_concurrency, old.concurrentRequestsPerWorker),
                   count(m_concurrency, update.concurrentRequestsPerWorker));
        } else if (key == u"queue_message_timeout_seconds"_s) {
            change(key, count(m_queueTimeout, old.queueMessageTimeoutSeconds),
                   count(m_queueTimeout, update.queueMessageTimeoutSeconds));
        } else if (key == u"task_expires_seconds"_s) {
            change(key, count(m_taskExpires, old.taskExpiresSeconds),
                   count(m_taskExpires, update.taskExpiresSeconds));
        } else if (key == u"labels"_s) {
            labelChanges(old.labels, update.labels.value_or(Labels()));
        } else if (key == u"high_priority"_s) {
            change(key, yesNo(old.highPriority), yesNo(update.highPriority));
        } else if (key == u"public_inference"_s) {
            change(key, yesNo(old.publicInference), yesNo(update.publicInference));
        } else if (key == u"prewarm"_s) {
            change(key, yesNo(old.prewarm), yesNo(update.prewarm));
        } else if (key == u"default_callback_url"_s) {
            change(key, old.defaultCallbackUrl.value_or(notSet),
                   update.defaultCallbackUrl.value_or(notSet));
        } else {
            change(key, json(oldJson.value(key)), json(newJson.value(key)));
        }
    }
    return lines.join(u'\n');
}

QString EndpointDialog::fieldLabel(const QString& key) const
{
    // The label the form shows for the field, so the summary speaks as the form does.
    return m_fieldLabels.value(key, key);
}

QDateTime EndpointDialog::selectedBundleCreated() const
{
    const QString id = m_bundle->currentData().toString();
    for (const ModelBundle& b : m_bundles) {
        if (b.id == id) {
            return b.createdAt;
        }
    }
    return {};
}

void EndpointDialog::update(const ModelEndpoint& before, const CreateEndpointRequest& after)
{
    UpdateEndpointRequest u = UpdateEndpointRequest::fromDifference(before, after);
    if (m_bundle->currentIndex() == m_initialBundleIndex) {
        u.modelBundleId.reset();
    }
    if (u.isEmpty()) {
        m_messageBar->showMessage(MessageBar::Kind::Information,
                                  u"Nothing changed: the endpoint already has these settings."_s);
        return;
    }
    const bool go = Prompt::confirm(
            this,
            {u"confirmChanges"_s,
             u"Apply changes?"_s,
             u"These changes will be sent to %1:\n\n%2"_s.arg(before.name, changesText(before, u)),
             {}},
            u"Apply"_s);
    if (!go) {
        return;
    }
    setBusy(true);
    const QString name = before.name;
    m_call = m_client->updateEndpoint(before.id, u, this,
                                      [this, name](ApiResult<EndpointCreationResponse> res) {
                                          setBusy(false);
                                          if (!res) {
                                              onSaveFailed(res.error());
                                              return;
                                          }
                                          emit saved(name);
                                          accept();
                                      });
}

void EndpointDialog::applyServerError(const ApiError& error)
{
    m_serverErrors.clear();
    QStringList unplaced;
    for (const ApiError::FieldError& f : error.fieldErrors()) {
        QString key;
        for (auto it = f.location.crbegin(); it != f.location.crend() && key.isEmpty(); ++it) {
            if (m_errorLabels.contains(*it)) {
                key = *it;
            }
        }
        if (key.isEmpty()) {
            unplaced.append(f.field() + u": "_s + f.message);
        } else {
            m_serverErrors.insert(key, m_serverErrors.contains(key)
                                               ? m_serverErrors.value(key) + u' ' + f.message
                                               : f.message);
        }
    }
    if (error.fieldErrors().isEmpty() && !error.serverMessage().isEmpty()) {
        // A 400 names the field in its sentence ("max_workers below min_workers"): the first
        // field named is the one at fault.
        QString first;
        qsizetype firstAt = -1;
        for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
            const qsizetype at = error.serverMessage().indexOf(it.key());
            if (at >= 0 && (firstAt < 0 || at < firstAt ||
                            (at == firstAt && it.key().size() > first.size()))) {
                first = it.key();
                firstAt = at;
            }
        }
        if (!first.isEmpty()) {
            m_serverErrors.insert(first, error.serverMessage());
        }
    }
    if (m_serverErrors.isEmpty() || !unplaced.isEmpty()) {
        QString text = error.userMessage();
        if (!unplaced.isEmpty()) {
            text += u' ' + unplaced.join(u"; "_s);
        }
        m_messageBar->showMessage(MessageBar::Kind::Error, text);
        m_barPointsToFields = false;
    } else {
        m_messageBar->showMessage(
                MessageBar::Kind::Error,
                u"The server refused the settings; see the fields marked below."_s);
        m_barPointsToFields = true;
    }
    validate();
}

void EndpointDialog::onSaveFailed(const ApiError& error)
{
    applyServerError(error);
}

void EndpointDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Save)->setText(busy ? u"Saving…"_s : u"Save"_s);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
    validate();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy && fieldErrors().isEmpty());
}

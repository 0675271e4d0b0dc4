#include "PredictView.h"

#include "FutureStore.h"
#include "FutureTracker.h"
#include "LaunchClient.h"
#include "ProfileMonitor.h"
#include "TaskCodec.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextDocument>
#include <QTextOption>
#include <QTimer>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QByteArray s_defaultArgs = "{\n    \"text\": \"hello\"\n}\n";

QString noUrlOnLocal()
{
    return PredictView::tr("This computer's server (launch-local) takes JSON arguments only: "
                           "it refuses a URL input.");
}

QString prettyJson(const QJsonValue& value)
{
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    }
    if (value.isArray()) {
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    }
    if (value.isNull() || value.isUndefined()) {
        return {};
    }
    return value.toVariant().toString();
}

/// A monospace pane for JSON. Lines wrap at the edge, anywhere: Qt's default (at a word
/// boundary where there is one) costs time that grows with the square of a line's length, so
/// one long unbroken string (base64 data, say) froze the window for minutes; breaking
/// anywhere lays out two million characters in about a second.
void makeJsonPane(QPlainTextEdit* pane)
{
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setWordWrapMode(QTextOption::WrapAnywhere);
}

/// The request of a history entry without the editor text kept beside it.
QJsonObject sentPart(const QByteArray& body)
{
    QJsonObject object = QJsonDocument::fromJson(body).object();
    object.remove(u"args_text"_s);
    return object;
}

/// What a history entry's status says to a person, whatever the server's spelling.
QString statusText(const RequestHistoryStore::Entry& entry)
{
    if (entry.status == u"SUBMITTED"_s) {
        return QObject::tr("Submitted");
    }
    if (entry.status == u"ERROR"_s) {
        return QObject::tr("Error");
    }
    return TaskStatus::fromString(entry.status).displayName();
}

/// "line 3, column 7: unterminated object" for a parse error at `offset` of `text`.
QString parseErrorText(const QByteArray& text, const QJsonParseError& error)
{
    if (text.trimmed().isEmpty()) {
        return QObject::tr("Type the arguments as a JSON object or array, such as {\"text\": "
                           "\"hello\"}.");
    }
    // A string, number, true, false or null alone is JSON too, but not arguments.
    QJsonParseError asItem;
    QJsonDocument::fromJson("[" + text + "]", &asItem);
    if (asItem.error == QJsonParseError::NoError) {
        return QObject::tr("The arguments are a single value; type them as a JSON object or "
                           "array, such as {\"text\": \"hello\"}.");
    }
    const QByteArray before = text.left(error.offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
    // Qt says "object is missing after a comma" for a value missing in an array too, and
    // "illegal number" for a word without quotes.
    QString what = error.errorString();
    const char at = error.offset < text.size() ? text.at(error.offset) : '\0';
    if (error.error == QJsonParseError::MissingObject) {
        what = QObject::tr("a value is missing after a comma (JSON allows no comma after the "
                           "last item)");
    } else if ((error.error == QJsonParseError::IllegalNumber ||
                error.error == QJsonParseError::IllegalValue) &&
               QChar::isLetter(uchar(at))) {
        what = QObject::tr("text must be in double quotes, such as \"hello\"");
    }
    return QObject::tr("Line %1, column %2: %3").arg(line).arg(column).arg(what);
}

} // namespace

PredictView::PredictView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"predictView"_s);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* right = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    buildEditor();
    buildResult();
    leftLayout->addWidget(m_endpoint->parentWidget());
    rightLayout->addWidget(m_result->parentWidget());
    m_args->setPlainText(QString::fromUtf8(s_defaultArgs));
    validate();
}

PredictView::~PredictView() = default;

void PredictView::buildEditor()
{
    auto* box = new QWidget(this);
    m_endpoint = new QComboBox(box);
    m_endpoint->setObjectName(u"predictEndpoint"_s);
    m_endpoint->setPlaceholderText(tr("No endpoint"));
    m_mode = new QLabel(box);
    m_useArgs = new QRadioButton(tr("Arguments (JSON)"), box);
    m_useUrl = new QRadioButton(tr("URL"), box);
    m_useArgs->setChecked(true);
    m_args = new QPlainTextEdit(box);
    m_args->setObjectName(u"predictArgs"_s);
    makeJsonPane(m_args);
    m_args->setTabChangesFocus(true);
    m_url = new QLineEdit(box);
    m_url->setPlaceholderText(u"https://example.com/input.json"_s);
    m_url->setEnabled(false);
    m_validation = new QLabel(box);
    m_validation->setWordWrap(true);
    auto* format = new QPushButton(tr("Format"), box);
    m_send = new QPushButton(tr("Send"), box);
    m_send->setObjectName(u"predictSend"_s);
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the prediction (Ctrl+Return)"));

    auto* endpointRow = new QHBoxLayout;
    endpointRow->addWidget(m_endpoint, 1);
    endpointRow->addWidget(m_mode);
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_useArgs);
    inputRow->addWidget(m_useUrl);
    inputRow->addStretch();
    inputRow->addWidget(format);
    auto* sendRow = new QHBoxLayout;
    sendRow->addWidget(m_validation, 1);
    sendRow->addWidget(m_send);

    m_history = new QTreeWidget(box);
    m_history->setObjectName(u"predictHistory"_s);
    m_history->setHeaderLabels({tr("Sent"), tr("Kind"), tr("Status"), tr("Time"), tr("Task id")});
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->setWordWrap(false);
    m_history->setTextElideMode(Qt::ElideRight);
    // The short columns are as wide as what they hold at its longest, before the first row
    // as after it; the task id takes the rest, with its whole text in the tooltip.
    const QStringList longest = {
            QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 58, 58)),
                               QLocale::ShortFormat),
            tr("async"), TaskStatus(TaskStatus::Undefined).displayName(), tr("%1 ms").arg(88888)};
    const QFontMetrics metrics = m_history->fontMetrics();
    const QFontMetrics headerMetrics = m_history->header()->fontMetrics();
    for (int column = 0; column < longest.size(); ++column) {
        const int text =
                std::max(metrics.horizontalAdvance(longest.at(column)),
                         headerMetrics.horizontalAdvance(m_history->headerItem()->text(column)));
        m_history->header()->resizeSection(column, text + 24);
    }
    m_history->header()->setStretchLastSection(true);
    auto* resend = new QPushButton(tr("Send again"), box);
    auto* clone = new QPushButton(tr("Clone into editor"), box);
    auto* historyButtons = new QHBoxLayout;
    historyButtons->addWidget(new QLabel(tr("Requests to this endpoint:"), box), 1);
    historyButtons->addWidget(resend);
    historyButtons->addWidget(clone);

    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(endpointRow);
    layout->addLayout(inputRow);
    layout->addWidget(m_args, 3);
    layout->addWidget(m_url);
    layout->addLayout(sendRow);
    layout->addLayout(historyButtons);
    layout->addWidget(m_history, 2);

    connect(m_endpoint, &QComboBox::currentIndexChanged, this, &PredictView::onEndpointChanged);
    connect(m_endpoint, &QComboBox::activated, this, [this] { m_wantedEndpointId.clear(); });
    // Checking means parsing everything typed: at every key for a few pages, once typing
    // pauses for megabytes (a pasted image as base64), so that typing stays quick.
    m_validateLater = new QTimer(this);
    m_validateLater->setObjectName(u"argsCheckTimer"_s);
    m_validateLater->setSingleShot(true);
    m_validateLater->setInterval(300);
    connect(m_validateLater, &QTimer::timeout, this, &PredictView::validate);
    connect(m_args, &QPlainTextEdit::textChanged, this, [this] {
        constexpr int checkAtOnceUpTo = 1'000'000;
        if (m_args->document()->characterCount() <= checkAtOnceUpTo) {
            m_validateLater->stop();
            validate();
        } else {
            // Until the text is checked, Send waits, and says why it does.
            m_send->setEnabled(false);
            m_validation->setText(tr("Checking the arguments…"));
            m_validation->setStyleSheet(QString());
            m_validateLater->start();
        }
    });
    connect(m_url, &QLineEdit::textChanged, this, &PredictView::validate);
    connect(m_useArgs, &QRadioButton::toggled, this, [this](bool args) {
        m_args->setEnabled(args);
        m_url->setEnabled(!args);
        validate();
    });
    connect(format, &QPushButton::clicked, this, &PredictView::formatArgs);
    connect(m_send, &QPushButton::clicked, this, &PredictView::send);
    connect(resend, &QPushButton::clicked, this, &PredictView::resendSelected);
    connect(clone, &QPushButton::clicked, this, &PredictView::cloneSelected);
    connect(m_history, &QTreeWidget::itemDoubleClicked, this, &PredictView::cloneSelected);
    // Both act on the chosen request: nothing to do until one is chosen.
    resend->setEnabled(false);
    clone->setEnabled(false);
    connect(m_history, &QTreeWidget::itemSelectionChanged, this, [this, resend, clone] {
        const bool chosen = !m_history->selectedItems().isEmpty();
        resend->setEnabled(chosen);
        clone->setEnabled(chosen);
    });
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(shortcut, &QShortcut::activated, this, &PredictView::send);
}

void PredictView::buildResult()
{
    auto* box = new QWidget(this);
    m_status = new QLabel(tr("No prediction sent yet."), box);
    m_status->setObjectName(u"predictStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result = new QPlainTextEdit(box);
    m_result->setObjectName(u"predictResult"_s);
    m_result->setReadOnly(true);
    makeJsonPane(m_result);
    m_traceback = new QPlainTextEdit(box);
    m_traceback->setReadOnly(true);
    makeJsonPane(m_traceback);
    m_traceback->hide();
    m_copy = new QPushButton(tr("Copy result"), box);
    m_copy->setObjectName(u"predictCopy"_s);
    m_copy->setEnabled(false);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        // A failed prediction has a traceback and often no result: that is then copied.
        const QString result = m_result->toPlainText();
        QApplication::clipboard()->setText(result.isEmpty() ? m_traceback->toPlainText() : result);
    });
    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_copy);
    auto* layout = new QVBoxLayout(box);
    // Apart from the request side, whose last words end at the splitter.
    layout->setContentsMargins(12, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_result, 2);
    layout->addWidget(m_traceback, 1);
}

void PredictView::setMonitor(ProfileMonitor* monitor)
{
    if (m_monitor) {
        m_monitor->futures()->disconnect(this);
    }
    m_monitor = monitor;
    if (m_monitor) {
        connect(m_monitor->futures(), &FutureStore::futureChanged, this,
                &PredictView::onFutureChanged);
    }
    if (m_busy) {
        // A request sent to the previous server is no longer this view's to wait for: its
        // answer, should it come, goes to that server's history only.
        ++m_sendGeneration;
        m_busy = false;
        showNoResult();
    }
    reloadHistory();
    validate();
}

void PredictView::setEndpoints(const QList<ModelEndpoint>& endpoints)
{
    // An endpoint chosen in the table before this view knew it (just created, or chosen
    // before the first refresh reached this view) wins over the one shown.
    const QString current = m_wantedEndpointId.isEmpty() ? currentEndpointId() : m_wantedEndpointId;
    m_endpoints = endpoints;
    const QSignalBlocker blocker(m_endpoint);
    m_endpoint->clear();
    // By name, as the endpoints table first shows them, whatever order the server sent.
    QList<const ModelEndpoint*> byName;
    for (const ModelEndpoint& endpoint : endpoints) {
        byName.append(&endpoint);
    }
    std::stable_sort(byName.begin(), byName.end(), [](const auto* a, const auto* b) {
        return a->name.toCaseFolded() < b->name.toCaseFolded();
    });
    for (const ModelEndpoint* endpoint : std::as_const(byName)) {
        m_endpoint->addItem(endpoint->name, endpoint->id);
    }
    const int index = m_endpoint->findData(current);
    m_endpoint->setCurrentIndex(index >= 0 ? index : 0);
    if (index >= 0) {
        m_wantedEndpointId.clear();
    }
    onEndpointChanged();
}

void PredictView::selectEndpoint(const QString& endpointId)
{
    const int index = m_endpoint->findData(endpointId);
    if (index >= 0) {
        m_endpoint->setCurrentIndex(index);
        m_wantedEndpointId.clear();
    } else {
        m_wantedEndpointId = endpointId;
    }
}

QString PredictView::currentEndpointId() const
{
    return m_endpoint->currentData().toString();
}

const ModelEndpoint* PredictView::currentEndpoint() const
{
    const QString id = currentEndpointId();
    for (const ModelEndpoint& endpoint : m_endpoints) {
        if (endpoint.id == id) {
            return &endpoint;
        }
    }
    return nullptr;
}

void PredictView::onEndpointChanged()
{
    const QString id = currentEndpointId();
    if (id == m_shownEndpointId) {
        validate();
        return;
    }
    // Keep the text typed for the endpoint we leave; bring back the one we go to.
    if (!m_shownEndpointId.isEmpty()) {
        // The editor text as typed, valid or not.
        const QJsonObject draft = m_useUrl->isChecked()
                                          ? QJsonObject{{u"url"_s, m_url->text()}}
                                          : QJsonObject{{u"args_text"_s, m_args->toPlainText()}};
        m_drafts.insert(m_shownEndpointId, QJsonDocument(draft).toJson(QJsonDocument::Compact));
    }
    m_shownEndpointId = id;
    QByteArray body = m_drafts.value(id);
    if (body.isEmpty() && m_monitor) {
        const QList<RequestHistoryStore::Entry> last = m_monitor->requests()->entries(id, 1);
        if (!last.isEmpty()) {
            body = last.first().body;
        }
    }
    setRequestBody(body);
    showNoResult();
    const ModelEndpoint* endpoint = currentEndpoint();
    m_mode->setText(endpoint ? tr("%1 endpoint").arg(endpoint->endpointType.displayName())
                             : QString());
    reloadHistory();
    validate();
}

QByteArray PredictView::requestBody(QString* error) const
{
    QJsonObject body;
    if (m_useUrl->isChecked()) {
        const QString url = m_url->text().trimmed();
        if (error) {
            *error = urlProblem(url);
        }
        body.insert(u"url"_s, url);
    } else {
        const QByteArray text = m_args->toPlainText().toUtf8();
        QJsonParseError parse;
        const QJsonDocument document = QJsonDocument::fromJson(text, &parse);
        if (parse.error != QJsonParseError::NoError) {
            if (error) {
                *error = parseErrorText(text, parse);
            }
            return {};
        }
        body.insert(u"args"_s, document.isObject() ? QJsonValue(document.object())
                                                   : QJsonValue(document.array()));
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void PredictView::setRequestBody(const QByteArray& body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (object.contains(u"url"_s)) {
        m_useUrl->setChecked(true);
        m_url->setText(object.value(u"url"_s).toString());
        return;
    }
    m_useArgs->setChecked(true);
    if (object.contains(u"args_text"_s)) {
        m_args->setPlainText(object.value(u"args_text"_s).toString());
    } else if (object.contains(u"args"_s)) {
        m_args->setPlainText(prettyJson(object.value(u"args"_s)));
    } else {
        m_args->setPlainText(QString::fromUtf8(s_defaultArgs));
    }
}

QString PredictView::urlProblem(const QString& text) const
{
    if (m_localServer) {
        return noUrlOnLocal();
    }
    if (text.isEmpty()) {
        return tr("Enter the URL of the input.");
    }
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http"_s && scheme != u"https"_s)) {
        return tr("The server fetches the input itself: enter an http:// or https:// URL.");
    }
    if (url.host().isEmpty()) {
        return tr("The URL names no host: write it as https://host/path.");
    }
    return {};
}

void PredictView::setLocalServer(bool local)
{
    m_localServer = local;
    m_useUrl->setEnabled(!local);
    m_useUrl->setToolTip(local ? noUrlOnLocal()
                               : tr("Send a URL instead: the server fetches the input from it"));
    if (local && m_useUrl->isChecked()) {
        m_useArgs->setChecked(true);
    }
    validate();
}

void PredictView::validate()
{
    QString error;
    const ModelEndpoint* endpoint = currentEndpoint();
    if (!endpoint) {
        error = m_endpoints.isEmpty()
                        ? tr("This server has no endpoints yet: create one under Endpoints.")
                        : tr("Choose an endpoint.");
    } else {
        requestBody(&error);
    }
    if (error.isEmpty() && endpoint->endpointType == EndpointType::Streaming) {
        error = tr("Streaming endpoints answer with server-sent events, which this view does "
                   "not read yet; send to them from a Launch client.");
    } else if (error.isEmpty() && (!m_monitor || !m_monitor->client())) {
        error = tr("Not connected to a server.");
    }
    // A failed deploy may still be served by its previous workers, so sending stays possible.
    const bool failed = error.isEmpty() && endpoint->status.value() == EndpointStatus::UpdateFailed;
    QString text = error;
    if (error.isEmpty()) {
        text = m_busy   ? tr("Waiting for the answer to the last prediction…")
               : failed ? tr("This endpoint failed to deploy and may not answer; its status "
                             "reason under Endpoints says why.")
                        : tr("Ready to send.");
    }
    m_validation->setText(text);
    m_validation->setStyleSheet(!error.isEmpty() ? u"color: #b00020;"_s
                                : failed         ? u"color: #8a5a00;"_s
                                                 : u"color: #1b5e20;"_s);
    m_send->setEnabled(error.isEmpty() && !m_busy);
}

void PredictView::formatArgs()
{
    const QJsonDocument document = QJsonDocument::fromJson(m_args->toPlainText().toUtf8());
    if (!document.isNull()) {
        m_args->setPlainText(QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
    }
}

void PredictView::send()
{
    QString error;
    const QByteArray body = requestBody(&error);
    if (!error.isEmpty() || !m_send->isEnabled()) {
        return;
    }
    // The history keeps the arguments as typed (layout, key order) beside what is sent, so
    // cloning or coming back to the endpoint brings back the user's own text.
    QJsonObject kept = QJsonDocument::fromJson(body).object();
    if (m_useArgs->isChecked()) {
        kept.insert(u"args_text"_s, m_args->toPlainText());
    }
    sendBody(QJsonDocument(kept).toJson(QJsonDocument::Compact));
}

void PredictView::sendBody(const QByteArray& body)
{
    const ModelEndpoint* endpoint = currentEndpoint();
    LaunchClient* client = m_monitor ? m_monitor->client() : nullptr;
    if (!endpoint || !client) {
        return;
    }
    Decoded<PredictRequest> request = TaskCodec::decodePredictRequest(sentPart(body));
    if (!request) {
        m_status->setText(request.errorString());
        return;
    }
    const QJsonValue typed = QJsonDocument::fromJson(body).object().value(u"args_text"_s);
    if (typed.isString() && !request.value().url) {
        request.value().argsText = typed.toString().toUtf8();
    }
    RequestHistoryStore::Entry entry;
    entry.endpointId = endpoint->id;
    entry.sent = QDateTime::currentDateTimeUtc();
    entry.body = body;
    entry.async = endpoint->endpointType == EndpointType::Async;
    m_busy = true;
    const Sent sent{++m_sendGeneration, m_monitor};
    validate();
    m_status->setText(entry.async ? tr("Submitting…") : tr("Waiting for the model…"));
    m_result->clear();
    m_traceback->hide();
    m_copy->setEnabled(false);
    m_roundTrip.start();
    if (entry.async) {
        m_monitor->tracker()->submit(endpoint->id, endpoint->name, request.value(), this,
                                     [this, entry, sent](ApiResult<TrackedFuture> result) mutable {
                                         entry.roundTripMs = m_roundTrip.elapsed();
                                         if (result) {
                                             entry.taskId = result.value().taskId;
                                             entry.status = u"SUBMITTED"_s;
                                         } else {
                                             entry.status = u"ERROR"_s;
                                             entry.error = result.error().userMessage();
                                         }
                                         if (!isCurrent(sent)) {
                                             keepElsewhere(sent, entry);
                                             return;
                                         }
                                         if (result) {
                                             showStatusFor(
                                                     entry.endpointId,
                                                     tr("Submitted; the result shows in Futures."));
                                             Q_EMIT futureSubmitted(entry.taskId);
                                         } else {
                                             showStatusFor(entry.endpointId, entry.error);
                                         }
                                         finishRequest(entry);
                                     });
        return;
    }
    client->predictSync(
            endpoint->id, request.value(), this,
            [this, entry, sent](ApiResult<SyncPredictResponse> result) mutable {
                entry.roundTripMs = m_roundTrip.elapsed();
                if (result) {
                    entry.status = result.value().status.toString();
                    entry.statusCode = result.value().statusCode.value_or(0);
                } else {
                    entry.status = u"ERROR"_s;
                    entry.error = result.error().userMessage();
                }
                if (!isCurrent(sent)) {
                    keepElsewhere(sent, entry);
                    return;
                }
                if (result) {
                    const SyncPredictResponse& answer = result.value();
                    showSyncAnswer(entry, prettyJson(TaskCodec::unwrapModelOutput(answer.result)),
                                   answer.traceback.value_or(QString()));
                } else {
                    showStatusFor(entry.endpointId, entry.error);
                }
                finishRequest(entry);
            });
}

bool PredictView::isCurrent(const Sent& sent) const
{
    return sent.generation == m_sendGeneration && sent.monitor == m_monitor;
}

void PredictView::keepElsewhere(const Sent& sent, const RequestHistoryStore::Entry& entry)
{
    // Answered after the view moved to another server: into the history it was sent from,
    // if that one is still open; the view itself is no longer waiting for it.
    if (sent.monitor) {
        sent.monitor->requests()->append(entry);
    }
}

void PredictView::showSyncAnswer(const RequestHistoryStore::Entry& entry, const QString& result,
                                 const QString& traceback)
{
    if (!showsEndpoint(entry.endpointId)) {
        return;
    }
    QString status = statusText(entry);
    if (entry.statusCode != 0) {
        status += tr(" · status code %1").arg(entry.statusCode);
    }
    status += tr(" · %1 ms round trip").arg(entry.roundTripMs);
    m_status->setText(status);
    m_result->setPlainText(result);
    m_copy->setText(result.isEmpty() && !traceback.isEmpty() ? tr("Copy traceback")
                                                             : tr("Copy result"));
    m_copy->setEnabled(!result.isEmpty() || !traceback.isEmpty());
    m_traceback->setPlainText(traceback);
    m_traceback->setVisible(!traceback.isEmpty());
}

void PredictView::showNoResult()
{
    const QList<RequestHistoryStore::Entry> last =
            m_monitor ? m_monitor->requests()->entries(currentEndpointId(), 1)
                      : QList<RequestHistoryStore::Entry>();
    m_status->setText(last.isEmpty()
                              ? tr("No prediction sent yet.")
                              : tr("Last sent %1.")
                                        .arg(QLocale().toString(last.first().sent.toLocalTime(),
                                                                QLocale::ShortFormat)));
    m_result->clear();
    m_traceback->clear();
    m_traceback->hide();
    m_copy->setText(tr("Copy result"));
    m_copy->setEnabled(false);
}

bool PredictView::showsEndpoint(const QString& endpointId) const
{
    return currentEndpointId() == endpointId;
}

void PredictView::showStatusFor(const QString& endpointId, const QString& text)
{
    // An answer is kept in the history either way; the pane shows it only while its endpoint
    // is still the one chosen.
    if (showsEndpoint(endpointId)) {
        m_status->setText(text);
    }
}

void PredictView::finishRequest(RequestHistoryStore::Entry entry)
{
    m_busy = false;
    if (m_monitor) {
        m_monitor->requests()->append(entry);
    }
    reloadHistory();
    validate();
}

void PredictView::reloadHistory()
{
    m_history->clear();
    if (!m_monitor) {
        return;
    }
    const QList<RequestHistoryStore::Entry> entries =
            m_monitor->requests()->entries(currentEndpointId());
    QList<QTreeWidgetItem*> items;
    for (const RequestHistoryStore::Entry& entry : entries) {
        auto* item = new QTreeWidgetItem;
        item->setText(0, QLocale().toString(entry.sent.toLocalTime(), QLocale::ShortFormat));
        item->setText(1, entry.async ? tr("async") : tr("sync"));
        item->setText(2, statusText(entry));
        item->setText(3, entry.roundTripMs >= 0 ? tr("%1 ms").arg(entry.roundTripMs) : QString());
        item->setText(4, entry.taskId);
        const QJsonObject body = QJsonDocument::fromJson(entry.body).object();
        item->setToolTip(0, body.contains(u"args_text"_s) ? body.value(u"args_text"_s).toString()
                                                          : QString::fromUtf8(entry.body));
        item->setToolTip(2, entry.error.isEmpty() ? entry.status : entry.error);
        item->setToolTip(4, entry.taskId);
        item->setData(0, Qt::UserRole, entry.body);
        items.append(item);
        showFutureStatus(item);
    }
    // All rows in one insertion, laid out at once: whoever reads the table next (a screen
    // reader included) sees these rows, not the ones they replace.
    m_history->addTopLevelItems(items);
    m_history->doItemsLayout();
}

void PredictView::showFutureStatus(QTreeWidgetItem* item)
{
    // An async request's row follows its future: Submitted, then Pending, Running and how it
    // finished, as the Futures view has it.
    const QString taskId = item->text(4);
    const FutureStore* futures = m_monitor ? m_monitor->futures() : nullptr;
    const int row = futures && !taskId.isEmpty() ? futures->indexOf(taskId) : -1;
    if (row >= 0) {
        item->setText(2, futures->at(row).status.displayName());
    }
}

void PredictView::onFutureChanged(int row)
{
    const TrackedFuture& future = m_monitor->futures()->at(row);
    if (!showsEndpoint(future.endpointId)) {
        return;
    }
    for (int i = 0; i < m_history->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_history->topLevelItem(i);
        if (item->text(4) == future.taskId) {
            showFutureStatus(item);
        }
    }
}

void PredictView::resendSelected()
{
    const QTreeWidgetItem* item = m_history->currentItem();
    if (item && !m_busy && m_monitor && m_monitor->client()) {
        sendBody(item->data(0, Qt::UserRole).toByteArray());
    }
}

void PredictView::cloneSelected()
{
    if (const QTreeWidgetItem* item = m_history->currentItem()) {
        setRequestBody(item->data(0, Qt::UserRole).toByteArray());
    }
}

#include "EndpointDetailsPane.h"

#include "EndpointTableModel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QString row(const QString& name, const QString& value)
{
    return u"<tr><td style='padding-right:12px; white-space:nowrap'><b>%1</b></td><td>%2</td></tr>"_s
            .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}

template <typename T>
QString optionalText(const std::optional<T>& value)
{
    if (!value) {
        return u"—"_s;
    }
    if constexpr (std::is_same_v<T, bool>) {
        return *value ? u"yes"_s : u"no"_s;
    } else if constexpr (std::is_same_v<T, QString>) {
        return *value;
    } else {
        return QString::number(*value);
    }
}

QString section(const QString& title)
{
    return u"<tr><td colspan='2' style='padding-top:8px'><b><u>%1</u></b></td></tr>"_s.arg(
            title.toHtmlEscaped());
}

QString deploymentRows(const std::optional<DeploymentState>& d)
{
    if (!d) {
        return row(u"Deployment state"_s, u"not reported"_s);
    }
    return section(u"Deployment"_s) + row(u"Min workers"_s, QString::number(d->minWorkers)) +
           row(u"Max workers"_s, QString::number(d->maxWorkers)) +
           row(u"Per worker"_s, QString::number(d->perWorker)) +
           row(u"Concurrency per worker"_s, QString::number(d->concurrentRequestsPerWorker)) +
           row(u"Forwarder concurrency"_s, optionalText(d->forwarderMaxConcurrency)) +
           row(u"Available workers"_s, optionalText(d->availableWorkers)) +
           row(u"Unavailable workers"_s, optionalText(d->unavailableWorkers));
}

QString resourceRows(const std::optional<ResourceState>& r)
{
    if (!r) {
        return row(u"Resource state"_s, u"not reported"_s);
    }
    return section(u"Resources per worker"_s) +
           row(u"CPUs"_s, r->cpus.toDisplayString(Quantity::Cores)) +
           row(u"Memory"_s, r->memory.toDisplayString(Quantity::Bytes)) +
           row(u"Storage"_s, r->storage ? r->storage->toDisplayString(Quantity::Bytes) : u"—"_s) +
           row(u"GPUs"_s, QString::number(r->gpus)) +
           row(u"GPU type"_s, r->gpuType ? r->gpuType->displayName() : u"—"_s) +
           row(u"Nodes per worker"_s, QString::number(r->nodesPerWorker)) +
           row(u"Optimize costs"_s, optionalText(r->optimizeCosts));
}

// Local time to the second, as people read it; the server's own text when it is no date.
QString whenText(const QDateTime& when, const QString& sent)
{
    if (!when.isValid()) {
        return sent.isEmpty() ? u"—"_s : sent;
    }
    return QLocale().toString(when.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s);
}
} // namespace

EndpointDetailsPane::EndpointDetailsPane(QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_details(new QTextBrowser(this))
    , m_logs(new QPlainTextEdit(this))
{
    setObjectName(u"endpointDetailsPane"_s);
    m_details->setObjectName(u"endpointDetails"_s);
    m_details->setOpenLinks(false);
    m_logs->setObjectName(u"workerLogs"_s);
    m_logs->setReadOnly(true);
    // Wrapped so the header line of each worker (state, pid, exit code) is read in full.
    m_logs->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QFont mono(u"monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    m_logs->setFont(mono);
    m_tabs->addTab(m_details, u"Details"_s);
    m_tabs->addTab(m_logs, u"Worker logs"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    setEndpoint(std::nullopt);
}

QString EndpointDetailsPane::detailsHtml(const ModelEndpoint& e)
{
    QString html = u"<h3>%1</h3><table>"_s.arg(e.name.toHtmlEscaped());
    // A status this version does not know already reads as the server spells it.
    html += row(u"Status"_s, e.status.displayName());
    html += row(u"Status reason"_s, optionalText(e.statusReason));
    html += row(u"ID"_s, e.id) + row(u"Type"_s, e.endpointType.displayName());
    html += row(u"Bundle"_s, e.bundleName) + row(u"Destination"_s, e.destination);
    html += row(u"Deployment name"_s, optionalText(e.deploymentName));
    html += row(u"Queued items"_s, optionalText(e.numQueuedItems));
    html += row(u"Labels"_s,
                e.labels.isEmpty() ? u"—"_s : EndpointTableModel::labelsText(e.labels));
    html += row(u"Created"_s, whenText(e.createdAt, e.createdAtText));
    html += row(u"Created by"_s, e.createdBy);
    html += row(u"Last updated"_s, whenText(e.lastUpdatedAt, e.lastUpdatedAtText));
    html += deploymentRows(e.deploymentState) + resourceRows(e.resourceState);
    html += section(u"Other"_s);
    html += row(u"Callback URL"_s, optionalText(e.defaultCallbackUrl));
    html += row(u"Callback auth"_s, e.defaultCallbackAuth ? u"set"_s : u"—"_s);
    html += row(u"Post-inference hooks"_s,
                e.postInferenceHooks ? e.postInferenceHooks->join(u", "_s) : u"—"_s);
    html += row(u"Public inference"_s, optionalText(e.publicInference));
    html += row(u"Task expires (s)"_s, optionalText(e.taskExpiresSeconds));
    html += row(u"Queue timeout (s)"_s, optionalText(e.queueMessageTimeoutSeconds));
    html += row(u"AWS role"_s, optionalText(e.awsRole));
    html += row(u"Results S3 bucket"_s, optionalText(e.resultsS3Bucket));
    html += row(
            u"Metadata"_s,
            e.metadata.isEmpty()
                    ? u"—"_s
                    : QString::fromUtf8(QJsonDocument(e.metadata).toJson(QJsonDocument::Compact)));
    return html + u"</table>"_s;
}

void EndpointDetailsPane::setEndpoint(const std::optional<ModelEndpoint>& endpoint)
{
    const QString html =
            endpoint ? detailsHtml(*endpoint) : u"<p>Select an endpoint to see its details.</p>"_s;
    if (html == m_html) {
        return;
    }
    const int scroll = m_details->verticalScrollBar()->value();
    m_html = html;
    m_details->setHtml(html);
    m_details->verticalScrollBar()->setValue(scroll);
    if (!endpoint) {
        m_logs->setPlainText(u"Select an endpoint to see its worker logs."_s);
    }
}

void EndpointDetailsPane::setWorkerLogs(const QString& text)
{
    if (m_logs->toPlainText() == text) {
        return;
    }
    QScrollBar* bar = m_logs->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    const int scroll = bar->value();
    m_logs->setPlainText(text);
    bar->setValue(atEnd ? bar->maximum() : scroll);
}

QString EndpointDetailsPane::workerLogsText(const EndpointLogs& logs)
{
    if (logs.workers.isEmpty()) {
        return u"No workers are running for this endpoint."_s;
    }
    QString text;
    for (const EndpointLogs::Worker& worker : logs.workers) {
        // No closing rule: in a narrow pane the heading wraps, and it was left on a line alone.
        text += u"── worker %1 · %2%3 · restarts %4%5\n"_s.arg(
                worker.workerId, worker.state,
                worker.pid ? u" · pid %1"_s.arg(*worker.pid) : QString(),
                QString::number(worker.restarts),
                worker.exitCode ? u" · exit code %1"_s.arg(*worker.exitCode) : QString());
        if (!worker.reason.isEmpty()) {
            // Why it ended, as launch-local tells it: the first thing to read about a failure.
            text += worker.reason + u'\n';
        }
        if (worker.truncated) {
            text += u"(older output dropped)\n"_s;
        }
        text += worker.log;
        if (!text.endsWith(u'\n')) {
            text += u'\n';
        }
        text += u'\n';
    }
    return text;
}

#pragma once

#include "EndpointLogs.h"
#include "ModelEndpoint.h"

#include <QWidget>
#include <optional>

class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;

/// Everything about the selected endpoint: every field the server sent (status reason,
/// deployment and resource state, labels, ...) and, where the server offers them, the
/// worker logs. Updating with the same content keeps the scroll position.
class EndpointDetailsPane final : public QWidget
{
    Q_OBJECT
public:
    explicit EndpointDetailsPane(QWidget* parent = nullptr);

    void setEndpoint(const std::optional<ModelEndpoint>& endpoint);
    /// Shows the logs text (or a sentence saying why there are none).
    void setWorkerLogs(const QString& text);
    static QString detailsHtml(const ModelEndpoint& endpoint);
    /// The text of a launch-local worker-logs answer, one block per worker.
    static QString workerLogsText(const EndpointLogs& logs);

private:
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_details = nullptr;
    QPlainTextEdit* m_logs = nullptr;
    QString m_html;
};

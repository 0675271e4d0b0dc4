#pragma once

#include "ModelEndpoint.h"
#include "ProfileMonitor.h"
#include "RequestHistoryStore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QWidget>

class ApiCall;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

/// Sends a test prediction to an endpoint. The arguments are edited as JSON, checked as you
/// type, kept as typed (Format pretty-prints them on request), and remembered per endpoint; a
/// URL can be sent instead, except to launch-local, which refuses it. A sync
/// prediction shows its status, result (pretty JSON, copyable), traceback, the model's
/// status code and the round-trip time. An async one becomes a tracked future at once.
/// Each endpoint keeps its request history, to send again or clone into the editor.
class PredictView final : public QWidget
{
    Q_OBJECT

public:
    explicit PredictView(QWidget* parent = nullptr);
    ~PredictView() override;

    void setMonitor(ProfileMonitor* monitor);
    void setEndpoints(const QList<ModelEndpoint>& endpoints);
    /// Chooses the endpoint the next prediction goes to.
    void selectEndpoint(const QString& endpointId);
    QString currentEndpointId() const;
    /// The profile's server is launch-local, which takes no URL input.
    void setLocalServer(bool local);

    /// The request the editor describes, or an error sentence in `error`.
    QByteArray requestBody(QString* error) const;
    void setRequestBody(const QByteArray& body);
    /// Sends what the editor holds (as the Send button does).
    void send();
    void resendSelected();
    void cloneSelected();

    QPlainTextEdit* argsEditor() const { return m_args; }
    QLabel* validationLabel() const { return m_validation; }
    QLabel* statusLabel() const { return m_status; }
    QPlainTextEdit* resultView() const { return m_result; }
    QTreeWidget* historyList() const { return m_history; }
    QRadioButton* urlButton() const { return m_useUrl; }
    QLineEdit* urlEdit() const { return m_url; }

Q_SIGNALS:
    /// An async prediction became the tracked future `taskId`.
    void futureSubmitted(const QString& taskId);

private:
    void buildEditor();
    void buildResult();
    void validate();
    QString urlProblem(const QString& text) const;
    void formatArgs();
    void onEndpointChanged();
    void reloadHistory();
    void showFutureStatus(QTreeWidgetItem* item);
    void onFutureChanged(int row);
    void sendBody(const QByteArray& body);
    void showSyncAnswer(const RequestHistoryStore::Entry& entry, const QString& result,
                        const QString& traceback);
    /// A request on its way: which send it was, and the monitor (server) it went through.
    struct Sent
    {
        int generation = 0;
        QPointer<ProfileMonitor> monitor;
    };
    bool isCurrent(const Sent& sent) const;
    void keepElsewhere(const Sent& sent, const RequestHistoryStore::Entry& entry);
    void finishRequest(RequestHistoryStore::Entry entry);
    void showNoResult();
    bool showsEndpoint(const QString& endpointId) const;
    void showStatusFor(const QString& endpointId, const QString& text);
    const ModelEndpoint* currentEndpoint() const;

    QPointer<ProfileMonitor> m_monitor;
    QList<ModelEndpoint> m_endpoints;
    QHash<QString, QByteArray> m_drafts; ///< unsent editor text per endpoint id
    QString m_shownEndpointId;
    QString m_wantedEndpointId; ///< chosen before this view knew it; shown once it arrives
    QComboBox* m_endpoint = nullptr;
    QLabel* m_mode = nullptr;
    QRadioButton* m_useArgs = nullptr;
    QRadioButton* m_useUrl = nullptr;
    QPlainTextEdit* m_args = nullptr;
    QLineEdit* m_url = nullptr;
    QLabel* m_validation = nullptr;
    /// Checks large arguments once typing pauses rather than at every key.
    QTimer* m_validateLater = nullptr;
    QPushButton* m_send = nullptr;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_result = nullptr;
    QPlainTextEdit* m_traceback = nullptr;
    QPushButton* m_copy = nullptr;
    QTreeWidget* m_history = nullptr;
    QElapsedTimer m_roundTrip;
    bool m_busy = false;
    int m_sendGeneration = 0; ///< which send the view waits for
    bool m_localServer = false;
};

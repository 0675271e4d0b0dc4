#pragma once

#include "ProfileMonitor.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class FuturesTableModel;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

/// The futures of the current profile: task id, endpoint, submitted, status, time pending
/// and running, result preview. The selected future's full result (pretty JSON) or traceback
/// shows below, ready to copy. Selected futures can stop (or resume) being tracked, or be
/// removed from the list.
class FuturesView final : public QWidget
{
    Q_OBJECT

public:
    explicit FuturesView(QWidget* parent = nullptr);

    void setMonitor(ProfileMonitor* monitor);

    QTableView* table() const { return m_table; }
    FuturesTableModel* model() const { return m_model; }
    QPlainTextEdit* viewer() const { return m_viewer; }
    QStringList selectedTaskIds() const;

    /// Forgets the selected futures; asks first when `confirm` is set.
    void removeSelected(bool confirm = true);
    void setSelectedTracked(bool tracked);
    /// Selects the row of a task id (after an async prediction, for instance).
    void showTask(const QString& taskId);

private:
    void fitColumns();
    /// The future the detail pane shows: the current row when it is selected, else the
    /// first selected row; invalid (in the source model) when nothing is selected.
    QModelIndex shownIndex() const;
    void updateButtons();
    void updateViewer();
    void updateSummary();

    QPointer<ProfileMonitor> m_monitor;
    FuturesTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_viewerTitle = nullptr;
    QPlainTextEdit* m_viewer = nullptr;
    QPushButton* m_copy = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_remove = nullptr;
    QTimer m_summaryTimer;
};

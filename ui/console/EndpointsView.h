#pragma once

#include "ModelEndpoint.h"

#include <QWidget>
#include <optional>

class EndpointDetailsPane;
class EndpointFilterProxy;
class EndpointTableModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QSplitter;
class QTableView;

/// The endpoint table with its filter row and the details pane. Refreshing the model keeps
/// selection, scroll position, sort and filter.
class EndpointsView final : public QWidget
{
    Q_OBJECT
public:
    /// What the filter row narrows the table to.
    struct Filter
    {
        QString text;
        /// Index in the status and type boxes; 0 is "Any".
        int statusIndex = 0;
        int typeIndex = 0;
    };

    explicit EndpointsView(QWidget* parent = nullptr);
    /// What the empty table says: that there are no endpoints, or why none are known. When
    /// there are endpoints but the filter hides them all, it says so and how to show them.
    void setEmptyText(const QString& text);

    EndpointTableModel* model() const { return m_model; }
    EndpointFilterProxy* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    EndpointDetailsPane* detailsPane() const { return m_details; }
    QLineEdit* filterEdit() const { return m_filter; }

    void applyEndpoints(const QList<ModelEndpoint>& endpoints);
    std::optional<ModelEndpoint> selectedEndpoint() const;
    /// Selects the endpoint with this id (if shown); returns whether it did.
    bool selectEndpoint(const QString& id);
    void focusFilter();
    Filter filter() const;
    void setFilter(const Filter& filter);

    /// Header layout (order, hidden columns, widths, sort) and splitter, under group.
    void saveState(QSettings& settings, const QString& group) const;
    void restoreState(QSettings& settings, const QString& group);

signals:
    void selectionChanged();
    /// Enter or double click on a row.
    void editRequested();
    void contextMenuRequested(const QPoint& globalPos);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateEmptyHint();
    void fitColumns();
    void leaveRoomForLabels();
    void buildFilterRow(QWidget* container);
    void showHeaderMenu(const QPoint& pos);
    void updateDetails();

    EndpointTableModel* m_model = nullptr;
    EndpointFilterProxy* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    EndpointDetailsPane* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
    QLabel* m_emptyHint = nullptr;
    QString m_emptyText = QStringLiteral("No endpoints yet. Press Ctrl+N to create one.");
    bool m_columnsFitted = false;
    bool m_userSizedColumns = false;
    bool m_fittingColumns = false;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QComboBox* m_typeFilter = nullptr;
};

#pragma once

#include <QWidget>

class BundleTableModel;
class QLabel;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTextBrowser;

/// The bundles of the server: a sortable table (name, id, flavor, image or command, created)
/// and the selected bundle's details.
class BundlesView final : public QWidget
{
    Q_OBJECT
public:
    explicit BundlesView(QWidget* parent = nullptr);

    BundleTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    /// Shows why the list could not be loaded (empty hides it).
    void setProblem(const QString& text);

    void saveState(QSettings& settings, const QString& group) const;
    void restoreState(QSettings& settings, const QString& group);

signals:
    void newBundleRequested();

private:
    void updateDetails();

    BundleTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_details = nullptr;
    QSplitter* m_splitter = nullptr;
    QLabel* m_problem = nullptr;
};

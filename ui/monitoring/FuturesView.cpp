#include "FuturesView.h"

#include "FutureStore.h"
#include "FuturesTableModel.h"
#include "ProfileMonitor.h"
#include "TaskCodec.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextOption>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString prettyResult(const QByteArray& resultJson)
{
    const QJsonDocument document = QJsonDocument::fromJson(resultJson);
    const QJsonValue output = TaskCodec::unwrapModelOutput(
            document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
    if (output.isObject()) {
        return QString::fromUtf8(QJsonDocument(output.toObject()).toJson(QJsonDocument::Indented));
    }
    if (output.isArray()) {
        return QString::fromUtf8(QJsonDocument(output.toArray()).toJson(QJsonDocument::Indented));
    }
    return output.toVariant().toString();
}

} // namespace

void FuturesView::fitColumns()
{
    // One line per row, whatever the text: a wrapped id makes rows of different heights, and
    // the full text is in the tooltip and the pane below.
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    QHeaderView* rows = m_table->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    const QFontMetrics metrics = m_table->fontMetrics();
    const auto fit = [&](int column, const QString& sample) {
        m_table->setColumnWidth(column, metrics.horizontalAdvance(sample) + 24);
    };
    // Sized for launch-local's ids (UUIDs); longer ones are elided.
    fit(FuturesTableModel::TaskId, u"8e5c1f0a-6b7d-4e2f-9a13-5c8d7e6f4b21"_s);
    fit(FuturesTableModel::Endpoint, u"an-endpoint-name"_s);
    fit(FuturesTableModel::Submitted,
        QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 58)), QLocale::ShortFormat));
    fit(FuturesTableModel::Status, u"Success (not tracked)"_s);
    fit(FuturesTableModel::TimePending, u"58:58–59:59 min"_s);
    fit(FuturesTableModel::TimeRunning, u"58:58–59:59 min"_s);
}

FuturesView::FuturesView(QWidget* parent)
    : QWidget(parent)
    , m_model(new FuturesTableModel(nullptr, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_viewerTitle(new QLabel(this))
    , m_viewer(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("Copy"), this))
{
    m_table->setObjectName(u"futuresTable"_s);
    m_summary->setObjectName(u"futuresSummary"_s);
    m_viewerTitle->setObjectName(u"futuresViewerTitle"_s);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(FuturesTableModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(FuturesTableModel::Submitted, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    fitColumns();

    m_filter->setPlaceholderText(tr("Filter by task id, endpoint, status or result"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    m_stop = new QPushButton(tr("Stop tracking"), this);
    m_stop->setObjectName(u"stopTrackingButton"_s);
    m_resume = new QPushButton(tr("Resume tracking"), this);
    m_resume->setObjectName(u"resumeTrackingButton"_s);
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(u"removeFuturesButton"_s);
    connect(m_stop, &QPushButton::clicked, this, [this] { setSelectedTracked(false); });
    connect(m_resume, &QPushButton::clicked, this, [this] { setSelectedTracked(true); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelected(true); });
    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_summary);
    top->addWidget(m_stop);
    top->addWidget(m_resume);
    top->addWidget(m_remove);

    m_viewer->setReadOnly(true);
    m_viewer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Not at word boundaries: that costs the square of a line's length, and a result may be
    // one long unbroken string (see the Predict view).
    m_viewer->setWordWrapMode(QTextOption::WrapAnywhere);
    m_viewer->setObjectName(u"futureResult"_s);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_viewer->toPlainText()); });
    auto* viewerBox = new QWidget(this);
    auto* viewerLayout = new QVBoxLayout(viewerBox);
    viewerLayout->setContentsMargins(0, 0, 0, 0);
    auto* viewerTop = new QHBoxLayout;
    viewerTop->addWidget(m_viewerTitle, 1);
    viewerTop->addWidget(m_copy);
    viewerLayout->addLayout(viewerTop);
    viewerLayout->addWidget(m_viewer);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(viewerBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    // The detail pane and the buttons follow the selection, and the selected futures as they
    // change (a task that finishes can no longer stop or resume being tracked). A reset or
    // a filter drops the selection without a selectionChanged signal.
    const auto followSelection = [this] {
        updateButtons();
        updateViewer();
    };
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            followSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            followSelection);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, followSelection);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, followSelection);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, followSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                updateButtons();
                const int shown = shownIndex().row();
                if (shown >= topLeft.row() && shown <= bottomRight.row()) {
                    updateViewer();
                }
            });
    // Counting is linear in the futures: at most a few times a second, however many change.
    m_summaryTimer.setSingleShot(true);
    m_summaryTimer.setInterval(300);
    connect(&m_summaryTimer, &QTimer::timeout, this, &FuturesView::updateSummary);
    const auto later = [this] { m_summaryTimer.start(); };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, later);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, later);
    connect(m_model, &QAbstractItemModel::modelReset, this, later);
    connect(m_model, &QAbstractItemModel::dataChanged, this, later);
    updateButtons();
    updateViewer();
    updateSummary();
}

void FuturesView::setMonitor(ProfileMonitor* monitor)
{
    m_monitor = monitor;
    m_model->setStore(monitor ? monitor->futures() : nullptr);
}

QStringList FuturesView::selectedTaskIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows) {
        ids.append(index.data(FuturesTableModel::TaskIdRole).toString());
    }
    return ids;
}

void FuturesView::removeSelected(bool confirm)
{
    const QStringList ids = selectedTaskIds();
    if (ids.isEmpty() || !m_model->store()) {
        return;
    }
    if (confirm &&
        QMessageBox::question(
                this, tr("Remove futures"),
                (ids.size() == 1 ? tr("Remove this future from the list?")
                                 : tr("Remove these %1 futures from the list?").arg(ids.size())) +
                        tr(" Nothing changes on the server.")) != QMessageBox::Yes) {
        return;
    }
    m_model->store()->remove(ids);
}

void FuturesView::setSelectedTracked(bool tracked)
{
    if (m_model->store()) {
        m_model->store()->setTracked(selectedTaskIds(), tracked);
    }
}

void FuturesView::showTask(const QString& taskId)
{
    FutureStore* store = m_model->store();
    const int row = store ? store->indexOf(taskId) : -1;
    if (row < 0) {
        return;
    }
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->setCurrentIndex(index);
    m_table->selectRow(index.row());
    m_table->scrollTo(index);
}

QModelIndex FuturesView::shownIndex() const
{
    const QItemSelectionModel* selection = m_table->selectionModel();
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && selection->isRowSelected(current.row(), current.parent())) {
        return m_proxy->mapToSource(current);
    }
    const QModelIndexList rows = selection->selectedRows();
    return rows.isEmpty() ? QModelIndex() : m_proxy->mapToSource(rows.first());
}

void FuturesView::updateButtons()
{
    // Each button only when it can act on one of the selected futures: a finished task is
    // neither tracked nor untracked any more.
    bool canStop = false;
    bool canResume = false;
    const QStringList ids = selectedTaskIds();
    if (FutureStore* store = m_model->store()) {
        for (const QString& id : ids) {
            const int row = store->indexOf(id);
            if (row < 0 || store->at(row).isFinished()) {
                continue;
            }
            (store->at(row).tracked ? canStop : canResume) = true;
        }
    }
    m_stop->setEnabled(canStop);
    m_resume->setEnabled(canResume);
    m_remove->setEnabled(!ids.isEmpty() && m_model->store());
}

void FuturesView::updateViewer()
{
    const QModelIndex current = shownIndex();
    FutureStore* store = m_model->store();
    if (!current.isValid() || !store) {
        m_viewerTitle->setText(m_model->rowCount() == 0
                                       ? tr("No futures yet: an async prediction sent from the "
                                            "Predict view is followed here until it finishes.")
                                       : tr("Select a future to see its result."));
        m_viewer->clear();
        m_copy->setEnabled(false);
        return;
    }
    const TrackedFuture& future = store->at(current.row());
    QString text;
    if (future.status == TaskStatus::Failure) {
        // A task that failed in the model has no HTTP status of its own to show.
        m_viewerTitle->setText(future.statusCode > 0 ? tr("Traceback of %1 (status code %2)")
                                                               .arg(future.taskId)
                                                               .arg(future.statusCode)
                                                     : tr("Traceback of %1").arg(future.taskId));
        text = future.traceback;
    } else if (future.isFinished()) {
        m_viewerTitle->setText(tr("Result of %1").arg(future.taskId));
        text = prettyResult(future.result);
    } else if (!future.tracked) {
        m_viewerTitle->setText(tr("%1 was %2 when tracking stopped; the console no longer asks "
                                  "for its result (Resume tracking asks again).")
                                       .arg(future.taskId, future.status.displayName()));
        text = future.traceback; // why tracking stopped, if it did
    } else {
        m_viewerTitle->setText(tr("%1 is %2; the result shows here when it is done.")
                                       .arg(future.taskId, future.status.displayName()));
        text = future.traceback;
    }
    if (m_viewer->toPlainText() != text) {
        m_viewer->setPlainText(text);
    }
    m_copy->setEnabled(!text.isEmpty());
}

void FuturesView::updateSummary()
{
    FutureStore* store = m_model->store();
    const int count = store ? store->count() : 0;
    const int pending = store ? store->pendingCount() : 0;
    int untracked = 0;
    for (int row = 0; row < count; ++row) {
        const TrackedFuture& future = store->at(row);
        untracked += !future.tracked && !future.isFinished() ? 1 : 0;
    }
    // Not finished: queued or running, whether the console still follows it or not.
    QString text = (count == 1 ? tr("1 future") : tr("%1 futures").arg(count)) +
                   tr(", %1 not finished").arg(pending + untracked);
    if (untracked > 0) {
        text += tr(" (%1 no longer tracked)").arg(untracked);
    }
    m_summary->setText(text);
    if (!shownIndex().isValid()) {
        updateViewer(); // the hint for an empty list comes and goes with the first future
    }
}

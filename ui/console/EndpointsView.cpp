#include "EndpointsView.h"

#include "EndpointDetailsPane.h"
#include "EndpointFilterProxy.h"
#include "EndpointTableModel.h"
#include "StatusStyle.h"

#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

EndpointsView::EndpointsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new EndpointTableModel(this))
    , m_proxy(new EndpointFilterProxy(this))
    , m_table(new QTableView(this))
    , m_details(new EndpointDetailsPane(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(u"endpointsView"_s);
    m_proxy->setEndpointModel(m_model);
    m_table->setObjectName(u"endpointTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(EndpointTableModel::Name, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setItemDelegateForColumn(EndpointTableModel::Status, new StatusDelegate(m_table));
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    // Widths that fit a 1280-pixel window with the details pane open; the rarely needed
    // time columns start hidden (the header's menu shows them).
    header->setMinimumSectionSize(40);
    header->resizeSection(EndpointTableModel::Name, 140);
    header->resizeSection(EndpointTableModel::Status, 110);
    header->resizeSection(EndpointTableModel::Bundle, 90);
    header->resizeSection(EndpointTableModel::Gpus, 70);
    // Labels, the last column, stretches into the room left; this is only its narrowest.
    header->resizeSection(EndpointTableModel::Labels, 80);
    header->resizeSection(EndpointTableModel::Created, 130);
    header->resizeSection(EndpointTableModel::Updated, 130);
    for (int c :
         {EndpointTableModel::Type, EndpointTableModel::Workers, EndpointTableModel::PerWorker,
          EndpointTableModel::Cpus, EndpointTableModel::Memory, EndpointTableModel::Queued}) {
        header->resizeSection(c, 64);
    }
    header->resizeSection(EndpointTableModel::PerWorker, 80);
    for (int c : {EndpointTableModel::Created, EndpointTableModel::Updated,
                  EndpointTableModel::CreatedBy}) {
        header->setSectionHidden(c, true);
    }
    m_emptyHint = new QLabel(m_emptyText, m_table->viewport());
    m_emptyHint->setObjectName(u"endpointEmptyHint"_s);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setEnabled(false);
    m_emptyHint->setAttribute(Qt::WA_TransparentForMouseEvents);
    // The model's own rows too: the hint counts the endpoints a filter hides.
    for (QAbstractItemModel* model :
         {static_cast<QAbstractItemModel*>(m_proxy), static_cast<QAbstractItemModel*>(m_model)}) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
            connect(model, signal, this, &EndpointsView::updateEmptyHint);
        }
        connect(model, &QAbstractItemModel::modelReset, this, &EndpointsView::updateEmptyHint);
    }
    // A refresh that changes a row in place (scaled from 9 to 999 workers) can need a wider
    // column as much as a new row does.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &EndpointsView::fitColumns);
    // Tab leaves the table for the next control rather than walking its cells.
    m_table->setTabKeyNavigation(false);
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    connect(header, &QHeaderView::customContextMenuRequested, this, &EndpointsView::showHeaderMenu);
    connect(header, &QHeaderView::sectionResized, this, [this](int section) {
        // The last column stretches with the window; a drag on a handle holds the mouse button.
        const bool byHand = QGuiApplication::mouseButtons() & Qt::LeftButton;
        if (!m_fittingColumns && byHand && section != EndpointTableModel::Labels) {
            m_userSizedColumns = true;
        }
    });
    connect(m_table, &QTableView::doubleClicked, this, &EndpointsView::editRequested);
    connect(m_table, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
        // Where no row is, the menu is not about the row selected before: nothing is.
        if (!m_table->indexAt(pos).isValid()) {
            m_table->clearSelection();
            m_table->setCurrentIndex(QModelIndex());
        }
        emit contextMenuRequested(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        emit selectionChanged();
    });
    // A reset (the profile switched, so the table was emptied) drops the selection without
    // a selectionChanged: the details of an endpoint of the previous server would stay.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        updateDetails();
        emit selectionChanged();
    });
    // A refresh that changes the selected row updates the details pane in place.
    connect(m_model, &EndpointTableModel::dataChanged, this, &EndpointsView::updateDetails);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    buildFilterRow(left);
    leftLayout->addWidget(m_table);
    m_splitter->setObjectName(u"endpointSplitter"_s);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({935, 345});
    updateEmptyHint();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
}

void EndpointsView::setEmptyText(const QString& text)
{
    m_emptyText = text;
    updateEmptyHint();
}

void EndpointsView::fitColumns()
{
    // The first rows set the widths (unless a saved layout did); later rows, and rows that
    // change (a status that turns "Update in progress"), only widen a column, capped so that
    // one long name cannot push the rest out of sight. Once the user
    // sizes a column by hand, the widths are theirs.
    if (m_userSizedColumns || m_proxy->rowCount() == 0) {
        return;
    }
    const QScopedValueRollback fitting(m_fittingColumns, true);
    QHeaderView* header = m_table->horizontalHeader();
    constexpr int maxWidth = 220;
    const QFontMetrics metrics = m_table->fontMetrics();
    for (int c = 0; c < EndpointTableModel::ColumnCount; ++c) {
        if (c == EndpointTableModel::Labels || header->isSectionHidden(c)) {
            continue;
        }
        const QAbstractItemView* view = m_table; // sizeHintForColumn is public here
        const QString title = EndpointTableModel::columnTitle(EndpointTableModel::Column(c));
        int wanted = std::max(view->sizeHintForColumn(c),
                              header->fontMetrics().horizontalAdvance(title) + 16) +
                     4;
        wanted = std::min(wanted, maxWidth);
        if (c == EndpointTableModel::Cpus || c == EndpointTableModel::Memory) {
            // An amount too large to show in a unit is shown as given, which may be long:
            // elided past what the longest amount in a unit needs (whole in its tooltip).
            const int amountWidth = std::max(metrics.horizontalAdvance(u"1023.9 MiB"_s),
                                             header->fontMetrics().horizontalAdvance(title)) +
                                    20;
            wanted = std::min(wanted, amountWidth);
        }
        if (!m_columnsFitted || wanted > header->sectionSize(c)) {
            header->resizeSection(c, wanted);
        }
    }
    leaveRoomForLabels();
    m_columnsFitted = true;
}

void EndpointsView::leaveRoomForLabels()
{
    // The labels column comes last; in a 1280-pixel window with the details pane open, the
    // long text columns give way (elided, whole in their tooltips) before the labels go out
    // of sight: the widest of them first, none below the width that still reads well.
    constexpr int labelsRoom = 100;
    struct Shrinkable
    {
        int column;
        int narrowest;
        int width = 0;
    };
    std::array shrinkable = {Shrinkable{EndpointTableModel::Name, 120},
                             Shrinkable{EndpointTableModel::Bundle, 90},
                             Shrinkable{EndpointTableModel::Gpus, 64}};
    QHeaderView* header = m_table->horizontalHeader();
    const int viewWidth = m_table->viewport()->width();
    if (header->isSectionHidden(EndpointTableModel::Labels) || viewWidth <= 0) {
        return;
    }
    int used = 0;
    for (int c = 0; c < EndpointTableModel::ColumnCount; ++c) {
        if (c != EndpointTableModel::Labels && !header->isSectionHidden(c)) {
            used += header->sectionSize(c);
        }
    }
    for (Shrinkable& s : shrinkable) {
        s.width = header->isSectionHidden(s.column) ? 0 : header->sectionSize(s.column);
    }
    for (int over = used + labelsRoom - viewWidth; over > 0; --over) {
        Shrinkable* widest = nullptr;
        for (Shrinkable& s : shrinkable) {
            const int room = s.width - s.narrowest;
            if (room > 0 && (!widest || room > widest->width - widest->narrowest)) {
                widest = &s;
            }
        }
        if (!widest) {
            break;
        }
        --widest->width;
    }
    for (const Shrinkable& s : shrinkable) {
        if (s.width > 0 && s.width != header->sectionSize(s.column)) {
            header->resizeSection(s.column, s.width);
        }
    }
}

void EndpointsView::updateEmptyHint()
{
    fitColumns();
    // With no endpoints at all, why (none yet, not connected); with endpoints that the filter
    // hides, how to show them again.
    const int all = m_model->rowCount();
    if (all == 0) {
        m_emptyHint->setText(m_emptyText);
    } else if (m_proxy->rowCount() == 0) {
        QStringList steps;
        if (!m_filter->text().isEmpty()) {
            steps.append(u"clear the filter box"_s);
        }
        if (m_statusFilter->currentIndex() > 0) {
            steps.append(u"choose %1"_s.arg(m_statusFilter->itemText(0)));
        }
        if (m_typeFilter->currentIndex() > 0) {
            steps.append(u"choose %1"_s.arg(m_typeFilter->itemText(0)));
        }
        const QString endpoints = all == 1 ? u"the endpoint"_s : u"all %1 endpoints"_s.arg(all);
        m_emptyHint->setText(u"No endpoints match the filter. To show %1, %2."_s.arg(
                endpoints, steps.isEmpty() ? u"clear the filter"_s : steps.join(u" and "_s)));
    }
    m_emptyHint->setVisible(m_proxy->rowCount() == 0);
    m_emptyHint->setGeometry(m_table->viewport()->rect());
}

void EndpointsView::buildFilterRow(QWidget* container)
{
    m_filter = new QLineEdit(container);
    m_filter->setObjectName(u"endpointFilter"_s);
    m_filter->setPlaceholderText(u"Filter by name, bundle or label; key=value for a label"_s);
    m_filter->setClearButtonEnabled(true);
    m_statusFilter = new QComboBox(container);
    m_statusFilter->setObjectName(u"statusFilter"_s);
    m_statusFilter->addItem(u"Any status"_s);
    for (const EndpointStatus& s : EndpointStatus::knownValues()) {
        m_statusFilter->addItem(StatusStyle::icon(s.value()), s.displayName(), int(s.value()));
    }
    m_typeFilter = new QComboBox(container);
    m_typeFilter->setObjectName(u"typeFilter"_s);
    m_typeFilter->addItem(u"Any type"_s);
    for (const EndpointType& t : EndpointType::knownValues()) {
        m_typeFilter->addItem(t.displayName(), int(t.value()));
    }
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &EndpointFilterProxy::setFilterText);
    // The hint names the filters in use, also when the table was empty before and after.
    connect(m_filter, &QLineEdit::textChanged, this, &EndpointsView::updateEmptyHint);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant v = m_statusFilter->currentData();
        m_proxy->setStatusFilter(v.isValid() ? std::optional(EndpointStatus::Value(v.toInt()))
                                             : std::nullopt);
        updateEmptyHint();
    });
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant v = m_typeFilter->currentData();
        m_proxy->setTypeFilter(v.isValid() ? std::optional(EndpointType::Value(v.toInt()))
                                           : std::nullopt);
        updateEmptyHint();
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_filter, 1);
    row->addWidget(m_statusFilter);
    row->addWidget(m_typeFilter);
    static_cast<QVBoxLayout*>(container->layout())->addLayout(row);
}

void EndpointsView::applyEndpoints(const QList<ModelEndpoint>& endpoints)
{
    // When the selected endpoint goes (deleted), nothing is selected after it: the table
    // would select the next row, and a second Del would offer to delete another endpoint.
    const std::optional<ModelEndpoint> selected = selectedEndpoint();
    m_model->apply(endpoints);
    if (selected && m_model->rowOf(selected->id) < 0) {
        m_table->selectionModel()->clear();
    }
}

std::optional<ModelEndpoint> EndpointsView::selectedEndpoint() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return std::nullopt;
    }
    const QModelIndex source = m_proxy->mapToSource(rows.first());
    if (!source.isValid()) {
        return std::nullopt;
    }
    return m_model->endpointAt(source.row());
}

bool EndpointsView::selectEndpoint(const QString& id)
{
    const int row = m_model->rowOf(id);
    if (row < 0) {
        return false;
    }
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        return false;
    }
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    return true;
}

void EndpointsView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

EndpointsView::Filter EndpointsView::filter() const
{
    return {m_filter->text(), m_statusFilter->currentIndex(), m_typeFilter->currentIndex()};
}

void EndpointsView::setFilter(const Filter& filter)
{
    m_filter->setText(filter.text);
    m_statusFilter->setCurrentIndex(qBound(0, filter.statusIndex, m_statusFilter->count() - 1));
    m_typeFilter->setCurrentIndex(qBound(0, filter.typeIndex, m_typeFilter->count() - 1));
}

void EndpointsView::updateDetails()
{
    m_details->setEndpoint(selectedEndpoint());
}

bool EndpointsView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize && m_emptyHint) {
        m_emptyHint->setGeometry(m_table->viewport()->rect());
    }
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && selectedEndpoint()) {
            emit editRequested();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void EndpointsView::showHeaderMenu(const QPoint& pos)
{
    QHeaderView* header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int c = 0; c < EndpointTableModel::ColumnCount; ++c) {
        QAction* action =
                menu.addAction(EndpointTableModel::columnTitle(EndpointTableModel::Column(c)));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(c));
        action->setEnabled(c != EndpointTableModel::Name);
        connect(action, &QAction::toggled, header,
                [header, c](bool shown) { header->setSectionHidden(c, !shown); });
    }
    menu.exec(header->viewport()->mapToGlobal(pos));
}

void EndpointsView::saveState(QSettings& settings, const QString& group) const
{
    settings.setValue(group + u"/endpointHeader"_s, m_table->horizontalHeader()->saveState());
    settings.setValue(group + u"/endpointSplitter"_s, m_splitter->saveState());
}

void EndpointsView::restoreState(QSettings& settings, const QString& group)
{
    const QByteArray header = settings.value(group + u"/endpointHeader"_s).toByteArray();
    if (!header.isEmpty()) {
        QHeaderView* h = m_table->horizontalHeader();
        const QScopedValueRollback fitting(m_fittingColumns, true);
        h->restoreState(header);
        m_columnsFitted = true;
        m_table->sortByColumn(h->sortIndicatorSection(), h->sortIndicatorOrder());
    }
    const QByteArray splitter = settings.value(group + u"/endpointSplitter"_s).toByteArray();
    if (!splitter.isEmpty()) {
        m_splitter->restoreState(splitter);
    }
}

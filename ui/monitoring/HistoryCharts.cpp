#include "HistoryCharts.h"

#include "HistoryChartView.h"
#include "HistoryStore.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

HistoryCharts::HistoryCharts(HistoryStore* history, QWidget* parent)
    : QWidget(parent)
    , m_pending(new HistoryChartView(tr("Pending async futures"), this))
    , m_queued(new HistoryChartView(tr("Queued items"), this))
    , m_workers(new HistoryChartView(tr("Available workers"), this))
    , m_rangeButtons(new QButtonGroup(this))
{
    m_pending->setObjectName(u"pendingChart"_s);
    m_queued->setObjectName(u"queuedChart"_s);
    m_workers->setObjectName(u"workersChart"_s);

    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(new QLabel(tr("Range:"), this));
    const QList<std::pair<Range, QString>> ranges = {{Range::FiveMinutes, tr("5 min")},
                                                     {Range::OneHour, tr("1 hour")},
                                                     {Range::OneDay, tr("24 hours")},
                                                     {Range::SevenDays, tr("7 days")}};
    for (const auto& [range, label] : ranges) {
        auto* button = new QToolButton(this);
        button->setText(label);
        button->setCheckable(true);
        button->setChecked(range == m_range);
        button->setAutoRaise(true);
        m_rangeButtons->addButton(button, int(range));
        rangeRow->addWidget(button);
    }
    rangeRow->addStretch();
    m_rangeButtons->setExclusive(true);
    connect(m_rangeButtons, &QButtonGroup::idClicked, this,
            [this](int id) { setRange(Range(id)); });

    auto* charts = new QGridLayout;
    charts->addWidget(m_pending, 0, 0, 1, 2);
    charts->addWidget(m_queued, 1, 0);
    charts->addWidget(m_workers, 1, 1);
    charts->setRowStretch(0, 3);
    charts->setRowStretch(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(rangeRow);
    layout->addLayout(charts, 1);

    // New samples arrive for all endpoints at once: one reload per burst.
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(100);
    connect(&m_reloadTimer, &QTimer::timeout, this, &HistoryCharts::reload);
    // The time axis moves on even when nothing is sampled (server unreachable).
    m_slideTimer.setInterval(15'000);
    connect(&m_slideTimer, &QTimer::timeout, this, &HistoryCharts::onAppended);
    m_slideTimer.start();
    setHistory(history);
}

QString HistoryCharts::totalLineName()
{
    return tr("All endpoints");
}

void HistoryCharts::setHistory(HistoryStore* history)
{
    if (m_history) {
        disconnect(m_history, nullptr, this, nullptr);
    }
    m_history = history;
    if (history) {
        connect(history, &HistoryStore::appended, this, &HistoryCharts::onAppended);
    }
    reload();
}

void HistoryCharts::setEndpoints(const QStringList& endpointIds, bool showTotal)
{
    m_endpointIds = endpointIds;
    m_showTotal = showTotal;
    reload();
}

void HistoryCharts::setRange(Range range)
{
    m_range = range;
    if (QAbstractButton* button = m_rangeButtons->button(int(range))) {
        button->setChecked(true);
    }
    reload();
}

qint64 HistoryCharts::rangeMs(Range range)
{
    constexpr qint64 minute = 60 * 1000;
    switch (range) {
    case Range::FiveMinutes:
        return 5 * minute;
    case Range::OneHour:
        return 60 * minute;
    case Range::OneDay:
        return 24 * 60 * minute;
    case Range::SevenDays:
        break;
    }
    return 7 * 24 * 60 * minute;
}

void HistoryCharts::onAppended()
{
    // A week is read from disk in tens of milliseconds: long ranges, where one more sample
    // moves nothing visibly, are read again less often; hidden charts not at all.
    const qint64 every = m_range == Range::SevenDays ? 5 * 60'000
                         : m_range == Range::OneDay  ? 60'000
                                                     : 0;
    if (!isVisible() || (m_lastReload.isValid() && m_lastReload.elapsed() < every)) {
        return;
    }
    m_reloadTimer.start();
}

void HistoryCharts::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

void HistoryCharts::reload()
{
    m_lastReload.start();
    const qint64 to = QDateTime::currentMSecsSinceEpoch();
    const qint64 from = to - rangeMs(m_range);
    QList<HistoryStore::Endpoint> names;
    if (m_history) {
        names = m_history->endpoints(from, to);
    }
    const auto lines = [&](HistoryStore::Metric metric) {
        QList<HistoryChartView::Line> result;
        if (!m_history) {
            return result;
        }
        if (m_showTotal) {
            result.append({totalLineName(), m_history->series({}, metric, from, to)});
        }
        for (const QString& id : std::as_const(m_endpointIds)) {
            QString name = id;
            for (const HistoryStore::Endpoint& endpoint : std::as_const(names)) {
                if (endpoint.id == id && !endpoint.name.isEmpty()) {
                    name = endpoint.name;
                }
            }
            result.append({name, m_history->series(id, metric, from, to)});
        }
        return result;
    };
    m_pending->setLines(lines(HistoryStore::Metric::PendingFutures), from, to);
    m_queued->setLines(lines(HistoryStore::Metric::QueuedItems), from, to);
    m_workers->setLines(lines(HistoryStore::Metric::AvailableWorkers), from, to);
}

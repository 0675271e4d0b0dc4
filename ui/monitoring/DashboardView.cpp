#include "DashboardView.h"

#include "FutureStore.h"
#include "HistoryChartView.h"
#include "HistoryCharts.h"
#include "HistoryRecorder.h"
#include "ProfileMonitor.h"
#include "RequestHistoryStore.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMap>
#include <QPainter>
#include <QPixmap>
#include <QSignalBlocker>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int s_defaultLines = 4;
const QString s_totalId = u"\x01total"_s;

QString statusWord(const EndpointStatus& status)
{
    switch (status.value()) {
    case EndpointStatus::Ready:
        return QObject::tr("ready");
    case EndpointStatus::UpdatePending:
    case EndpointStatus::UpdateInProgress:
        return QObject::tr("updating");
    case EndpointStatus::UpdateFailed:
        return QObject::tr("failed");
    case EndpointStatus::DeleteInProgress:
        return QObject::tr("deleting");
    case EndpointStatus::Unknown:
        break;
    }
    return status.toString().toLower();
}

} // namespace

DashboardView::DashboardView(QWidget* parent)
    : QWidget(parent)
    , m_charts(new HistoryCharts(nullptr, this))
    , m_lineList(new QListWidget(this))
{
    setObjectName(u"dashboardView"_s);
    auto* tiles = new QHBoxLayout;
    tiles->setSpacing(8);
    tiles->addWidget(makeTile(u"endpoints"_s, tr("Endpoints")));
    tiles->addWidget(makeTile(u"workers"_s, tr("Workers available")));
    tiles->addWidget(makeTile(u"pending"_s, tr("Pending futures")));
    tiles->addWidget(makeTile(u"queued"_s, tr("Queued items")));
    tiles->addWidget(makeTile(u"failures"_s, tr("Failures, last hour")));

    m_lineList->setObjectName(u"dashboardLines"_s);
    m_lineList->setMaximumWidth(220);
    connect(m_lineList, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (!m_updatingList) {
            m_checked.insert(item->data(Qt::UserRole).toString(),
                             item->checkState() == Qt::Checked);
            updateChartLines();
        }
    });
    auto* side = new QVBoxLayout;
    side->addWidget(new QLabel(tr("Lines on the charts:"), this));
    side->addWidget(m_lineList, 1);

    auto* body = new QHBoxLayout;
    body->addWidget(m_charts, 1);
    body->addLayout(side);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tiles);
    layout->addLayout(body, 1);

    // Futures change often (one answer at a time): tiles follow at most twice a second.
    m_tileTimer.setSingleShot(true);
    m_tileTimer.setInterval(500);
    connect(&m_tileTimer, &QTimer::timeout, this, &DashboardView::updateTiles);
    m_checked.insert(s_totalId, true);
    updateEndpointList();
    updateTiles();
}

QWidget* DashboardView::makeTile(const QString& id, const QString& title)
{
    auto* frame = new QFrame(this);
    frame->setObjectName(u"tile_"_s % id);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setStyleSheet(u"QFrame#tile_%1 { background: palette(base); border: 1px solid "
                         "palette(mid); border-radius: 6px; }"_s.arg(id));
    auto* titleLabel = new QLabel(title, frame);
    titleLabel->setStyleSheet(u"color: palette(dark); font-weight: 600;"_s);
    Tile tile;
    tile.value = new QLabel(frame);
    tile.value->setStyleSheet(u"font-size: 22pt; font-weight: 600;"_s);
    tile.detail = new QLabel(frame);
    tile.detail->setWordWrap(true);
    tile.detail->setStyleSheet(u"color: palette(dark);"_s);
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addWidget(titleLabel);
    layout->addWidget(tile.value);
    layout->addWidget(tile.detail);
    layout->addStretch();
    m_tiles.insert(id, tile);
    return frame;
}

void DashboardView::setMonitor(ProfileMonitor* monitor)
{
    if (m_monitor) {
        disconnect(m_monitor->futures(), nullptr, this, nullptr);
        disconnect(m_monitor->requests(), nullptr, this, nullptr);
    }
    m_monitor = monitor;
    m_charts->setHistory(monitor ? monitor->history() : nullptr);
    if (monitor) {
        const auto later = [this] { m_tileTimer.start(); };
        connect(monitor->futures(), &FutureStore::futureAdded, this, later);
        connect(monitor->futures(), &FutureStore::futureChanged, this, later);
        connect(monitor->futures(), &FutureStore::rowsRemoved, this, later);
        connect(monitor->requests(), &RequestHistoryStore::appended, this, later);
    }
    // Until this view hears from the server, its counts are not known.
    m_serverAnswered = false;
    m_endpoints = monitor ? monitor->recorder()->endpoints() : QList<ModelEndpoint>();
    updateEndpointList();
    updateTiles();
}

void DashboardView::setServerAnswered(bool answered)
{
    if (answered != m_serverAnswered) {
        m_serverAnswered = answered;
        updateTiles();
    }
}

void DashboardView::setEndpoints(const QList<ModelEndpoint>& endpoints)
{
    const auto names = [](const QList<ModelEndpoint>& list) {
        QStringList result;
        for (const ModelEndpoint& endpoint : list) {
            result.append(endpoint.id % u'\t' % endpoint.name);
        }
        return result;
    };
    const bool sameEndpoints = names(endpoints) == names(m_endpoints);
    m_endpoints = endpoints;
    m_serverAnswered = true;
    if (!sameEndpoints) {
        updateEndpointList();
    }
    m_listedProfiles.insert(m_monitor ? m_monitor->profileId() : QString());
    updateTiles();
}

void DashboardView::updateTiles()
{
    QMap<QString, int> byStatus;
    struct Workers
    {
        int available = 0;
        int total = 0;
    };
    QMap<QString, Workers> byGpu;
    qint64 queued = 0;
    int available = 0;
    int total = 0;
    for (const ModelEndpoint& endpoint : std::as_const(m_endpoints)) {
        ++byStatus[statusWord(endpoint.status)];
        queued += endpoint.numQueuedItems.value_or(0);
        if (!endpoint.deploymentState) {
            continue;
        }
        const int up = endpoint.deploymentState->availableWorkers.value_or(0);
        const int all = up + endpoint.deploymentState->unavailableWorkers.value_or(0);
        // Workers, not cores: a worker asking for half a CPU counts as one, so the key says
        // which workers, and those without a GPU are named for that.
        QString gpu;
        if (endpoint.resourceState && endpoint.resourceState->gpus > 0) {
            gpu = endpoint.resourceState->gpuType ? endpoint.resourceState->gpuType->displayName()
                                                  : tr("a GPU");
        }
        byGpu[gpu].available += up;
        byGpu[gpu].total += all;
        available += up;
        total += all;
    }
    QStringList statusParts;
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it) {
        statusParts.append(u"%1 %2"_s.arg(it.value()).arg(it.key()));
    }
    QStringList gpuParts;
    for (auto it = byGpu.cbegin(); it != byGpu.cend(); ++it) {
        if (!it.key().isEmpty()) {
            gpuParts.append(
                    tr("with %1: %2 of %3").arg(it.key()).arg(it->available).arg(it->total));
        }
    }
    if (const auto cpuOnly = byGpu.constFind(QString()); cpuOnly != byGpu.cend()) {
        gpuParts.append(tr("without GPU: %1 of %2").arg(cpuOnly->available).arg(cpuOnly->total));
    }
    if (m_serverAnswered) {
        m_tiles[u"endpoints"_s].value->setText(QString::number(m_endpoints.size()));
        m_tiles[u"endpoints"_s].detail->setText(statusParts.join(u" · "_s));
        m_tiles[u"workers"_s].value->setText(tr("%1 of %2").arg(available).arg(total));
        m_tiles[u"workers"_s].detail->setText(gpuParts.join(u" · "_s));
        m_tiles[u"queued"_s].value->setText(QString::number(queued));
        m_tiles[u"queued"_s].detail->setText(tr("as the server reports them"));
    } else {
        // Zeros would say the server is empty; it has not said anything yet.
        for (const QString& id : {u"endpoints"_s, u"workers"_s, u"queued"_s}) {
            m_tiles[id].value->setText(u"—"_s);
            m_tiles[id].detail->setText(tr("not connected"));
        }
    }

    const FutureStore* futures = m_monitor ? m_monitor->futures() : nullptr;
    const int pending = futures ? futures->pendingCount() : 0;
    m_tiles[u"pending"_s].value->setText(QString::number(pending));
    m_tiles[u"pending"_s].detail->setText(futures && futures->count() == 1
                                                  ? tr("of 1 future tracked by this console")
                                                  : tr("of %1 futures tracked by this console")
                                                            .arg(futures ? futures->count() : 0));
    const qint64 hourAgo = QDateTime::currentMSecsSinceEpoch() - 60 * 60 * 1000;
    const int failedFutures = futures ? futures->failuresSince(hourAgo) : 0;
    const int failedSync = m_monitor ? m_monitor->requests()->failuresSince(hourAgo) : 0;
    m_tiles[u"failures"_s].value->setText(QString::number(failedFutures + failedSync));
    // Only what this console sent: the server keeps no count of failures. Endpoints that
    // failed to update are not counted here, so they are not named here either; the
    // Endpoints tile lists them.
    m_tiles[u"failures"_s].detail->setText(
            (failedFutures == 1 ? tr("1 future") : tr("%1 futures").arg(failedFutures)) +
            (failedSync == 1 ? tr(" and 1 sync prediction")
                             : tr(" and %1 sync predictions").arg(failedSync)) +
            tr(" failed, of those this console sent"));
}

void DashboardView::updateEndpointList()
{
    m_updatingList = true;
    m_lineList->clear();
    auto* total = new QListWidgetItem(HistoryCharts::totalLineName(), m_lineList);
    total->setData(Qt::UserRole, s_totalId);
    total->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    total->setCheckState(m_checked.value(s_totalId, true) ? Qt::Checked : Qt::Unchecked);
    int shown = 0;
    const bool firstList =
            !m_listedProfiles.contains(m_monitor ? m_monitor->profileId() : QString());
    for (const ModelEndpoint& endpoint : std::as_const(m_endpoints)) {
        // Of the endpoints there at first, a few are shown, so a chart says something at
        // first sight without a tangle of lines; one that appears later (created while the
        // console looks) is shown, as the person most likely wants to follow it.
        if (!m_checked.contains(endpoint.id)) {
            m_checked.insert(endpoint.id, !firstList || shown < s_defaultLines);
        }
        auto* item = new QListWidgetItem(endpoint.name, m_lineList);
        item->setData(Qt::UserRole, endpoint.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        const bool checked = m_checked.value(endpoint.id);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
        shown += checked ? 1 : 0;
    }
    m_updatingList = false;
    updateChartLines();
}

void DashboardView::updateChartLines()
{
    QStringList ids;
    for (const ModelEndpoint& endpoint : std::as_const(m_endpoints)) {
        if (m_checked.value(endpoint.id)) {
            ids.append(endpoint.id);
        }
    }
    m_charts->setEndpoints(ids, m_checked.value(s_totalId, true));
    // Each shown line's colour and dash beside its name, in the order the charts draw them:
    // the list is the legend too, where a chart is too small for its own.
    const QSize swatch(24, m_lineList->fontMetrics().height());
    const qreal ratio = m_lineList->devicePixelRatioF();
    m_lineList->setIconSize(swatch);
    const QSignalBlocker quiet(m_lineList); // icons are no check-state changes
    int drawn = 0;
    for (int row = 0; row < m_lineList->count(); ++row) {
        QListWidgetItem* item = m_lineList->item(row);
        QPixmap pixmap(swatch * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        if (item->checkState() == Qt::Checked) {
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            QPen pen(HistoryChartView::lineColour(drawn), 2.5);
            pen.setStyle(HistoryChartView::lineStyle(drawn));
            painter.setPen(pen);
            painter.drawLine(QPointF(1, swatch.height() / 2.0),
                             QPointF(swatch.width() - 1, swatch.height() / 2.0));
            ++drawn;
        }
        item->setIcon(QIcon(pixmap));
    }
}

QString DashboardView::tileText(const QString& tile) const
{
    const Tile found = m_tiles.value(tile);
    return found.value ? found.value->text() % u'\n' % found.detail->text() : QString();
}

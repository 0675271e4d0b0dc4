#include "MonitoringViews.h"

#include "DashboardView.h"
#include "EndpointDetailsPane.h"
#include "EndpointsView.h"
#include "FutureStore.h"
#include "FuturesView.h"
#include "HistoryCharts.h"
#include "HistoryRecorder.h"
#include "MainWindow.h"
#include "MonitoringLog.h"
#include "MonitoringNotifier.h"
#include "PredictView.h"
#include "ProfileMonitor.h"

#include <QAction>
#include <QMenu>
#include <QSettings>
#include <QTabWidget>

using namespace Qt::StringLiterals;

MonitoringViews::MonitoringViews(MainWindow& window)
    : QObject(&window)
    , m_window(window)
    , m_dashboard(new DashboardView(&window))
    , m_futures(new FuturesView(&window))
    , m_predict(new PredictView(&window))
    , m_notifier(new MonitoringNotifier(window.settings(), this))
{
    window.addView(u"predict"_s, tr("Predict"), m_predict);
    window.addView(u"futures"_s, tr("Futures"), m_futures);
    window.addView(u"dashboard"_s, tr("Dashboard"), m_dashboard);
    addMenuActions();
    addDetailsCharts();

    connect(&window, &MainWindow::profileChanged, this, &MonitoringViews::openProfile);
    connect(&window, &MainWindow::profileChanged, m_dashboard,
            [this] { m_dashboard->setServerAnswered(false); });
    connect(&window, &MainWindow::refreshFailed, m_dashboard,
            [this] { m_dashboard->setServerAnswered(false); });
    connect(&window, &MainWindow::clientChanged, this, [this](LaunchClient* client) {
        if (m_monitor) {
            m_monitor->setClient(client);
        }
        m_dashboard->setServerAnswered(false); // until the new client's first refresh
        m_predict->setEndpoints(m_window.endpoints());
    });
    connect(&window, &MainWindow::endpointsRefreshed, this,
            [this](const QList<ModelEndpoint>& endpoints) {
                if (m_monitor) {
                    m_monitor->recorder()->record(endpoints);
                }
                m_dashboard->setEndpoints(endpoints);
                m_predict->setEndpoints(endpoints);
            });
    connect(&window, &MainWindow::selectedEndpointChanged, this,
            &MonitoringViews::onSelectedEndpointChanged);
    connect(m_predict, &PredictView::futureSubmitted, m_futures, &FuturesView::showTask);
    window.setPendingTasksProbe(
            [this] { return m_monitor ? m_monitor->futures()->pendingCount() : 0; });
    if (const std::optional<Profile> profile = window.currentProfile()) {
        openProfile(*profile);
    }
}

MonitoringViews::~MonitoringViews() = default;

QStringList MonitoringViews::viewIds()
{
    return {u"predict"_s, u"futures"_s, u"dashboard"_s};
}

void MonitoringViews::addMenuActions()
{
    QMenu* endpointMenu = m_window.menu(MainWindow::Menu::Endpoint);
    if (endpointMenu) {
        QAction* predict = endpointMenu->addAction(tr("Send a &Prediction…"));
        predict->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        connect(predict, &QAction::triggered, this, [this] {
            if (const std::optional<ModelEndpoint> endpoint = m_window.selectedEndpoint()) {
                m_predict->selectEndpoint(endpoint->id);
            }
            m_window.selectView(u"predict"_s);
        });
    }
    QMenu* tools = m_window.menu(MainWindow::Menu::Tools);
    if (tools) {
        QAction* notify = tools->addAction(tr("Desktop &Notifications"));
        notify->setCheckable(true);
        notify->setChecked(m_notifier->isEnabled());
        notify->setToolTip(tr("Tell when a prediction finishes and when an endpoint turns "
                              "ready or fails to update"));
        connect(notify, &QAction::toggled, m_notifier, &MonitoringNotifier::setEnabled);
    }
}

void MonitoringViews::addDetailsCharts()
{
    // The details pane is a set of tabs; the endpoint's history is one more.
    EndpointsView* endpoints = m_window.endpointsView();
    auto* tabs = endpoints && endpoints->detailsPane()
                         ? endpoints->detailsPane()->findChild<QTabWidget*>()
                         : nullptr;
    if (!tabs) {
        qCInfo(lcMonitoring) << "no details pane tabs; endpoint charts not shown there";
        return;
    }
    m_detailsCharts = new HistoryCharts(nullptr, tabs);
    m_detailsCharts->setEndpoints({}, false);
    tabs->addTab(m_detailsCharts, tr("History"));
}

void MonitoringViews::openProfile(const Profile& profile)
{
    if (m_monitor && m_monitor->profileId() == profile.id) {
        return;
    }
    auto* monitor = new ProfileMonitor(profile.id, {}, this);
    const QString error = monitor->open();
    if (!error.isEmpty()) {
        qCWarning(lcMonitoring) << "monitoring works without history for this profile";
    }
    const int sampleMs =
            m_window.settings().value(u"monitoring/sampleIntervalMs"_s, 10'000).toInt();
    monitor->recorder()->setMinimumIntervalMs(qMax(1000, sampleMs));
    monitor->setClient(m_window.client());
    m_dashboard->setMonitor(monitor);
    m_futures->setMonitor(monitor);
    m_predict->setMonitor(monitor);
    m_predict->setLocalServer(profile.isLocal);
    m_notifier->setMonitor(monitor);
    if (m_detailsCharts) {
        m_detailsCharts->setHistory(monitor->history());
    }
    delete m_monitor;
    m_monitor = monitor;
}

void MonitoringViews::onSelectedEndpointChanged()
{
    const std::optional<ModelEndpoint> endpoint = m_window.selectedEndpoint();
    if (!endpoint) {
        return;
    }
    m_predict->selectEndpoint(endpoint->id);
    if (m_detailsCharts) {
        m_detailsCharts->setEndpoints({endpoint->id}, false);
    }
}

MonitoringViews* installMonitoringViews(MainWindow& window)
{
    return new MonitoringViews(window);
}

#pragma once

#include "HistoryCharts.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class DashboardView;
class FuturesView;
class MainWindow;
class MonitoringNotifier;
class PredictView;
class ProfileMonitor;
struct Profile;

/// Plugs predictions, futures and the dashboard into the console's main window: three views
/// ("predict", "futures", "dashboard"), the history charts of the selected endpoint in its
/// details pane, menu actions, desktop notifications, and a ProfileMonitor for the current
/// profile that follows profile and client changes and records every endpoint refresh.
class MonitoringViews final : public QObject
{
    Q_OBJECT

public:
    explicit MonitoringViews(MainWindow& window);
    ~MonitoringViews() override;

    /// The ids of the views it adds, in tab order: "predict", "futures", "dashboard".
    static QStringList viewIds();

    ProfileMonitor* monitor() const { return m_monitor; }
    DashboardView* dashboard() const { return m_dashboard; }
    FuturesView* futures() const { return m_futures; }
    PredictView* predict() const { return m_predict; }
    MonitoringNotifier* notifier() const { return m_notifier; }

private:
    void addMenuActions();
    void addDetailsCharts();
    void openProfile(const Profile& profile);
    void onSelectedEndpointChanged();

    MainWindow& m_window;
    ProfileMonitor* m_monitor = nullptr;
    DashboardView* m_dashboard = nullptr;
    FuturesView* m_futures = nullptr;
    PredictView* m_predict = nullptr;
    MonitoringNotifier* m_notifier = nullptr;
    QPointer<HistoryCharts> m_detailsCharts;
};

/// Creates the MonitoringViews of `window` (owned by the window).
MonitoringViews* installMonitoringViews(MainWindow& window);

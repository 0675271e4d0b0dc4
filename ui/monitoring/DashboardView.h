#pragma once

#include "ModelEndpoint.h"
#include "ProfileMonitor.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

class HistoryCharts;
class QLabel;
class QListWidget;
class QListWidgetItem;

/// How every endpoint of the current profile is doing, now and over time: tiles for
/// endpoints by status, workers available of total (by GPU type), pending futures, queued
/// items and failures in the last hour; below, the history charts with a choice of lines
/// (the total and any endpoints) and of range. Updates live with each refresh.
class DashboardView final : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardView(QWidget* parent = nullptr);

    void setMonitor(ProfileMonitor* monitor);
    /// The endpoint list of the latest refresh: the server has answered.
    void setEndpoints(const QList<ModelEndpoint>& endpoints);
    /// Whether the server answers. Until setEndpoints() (after a new monitor, or when this is
    /// set to false: another client, a failed refresh), the tiles of what the server reports
    /// (endpoints, workers, queued items) show "—" and "not connected" rather than zeros.
    void setServerAnswered(bool answered);

    HistoryCharts* charts() const { return m_charts; }
    /// The value and detail text of a tile: "endpoints", "workers", "pending", "queued",
    /// "failures".
    QString tileText(const QString& tile) const;

private:
    struct Tile
    {
        QLabel* value = nullptr;
        QLabel* detail = nullptr;
    };

    QWidget* makeTile(const QString& id, const QString& title);
    void updateTiles();
    void updateEndpointList();
    void updateChartLines();

    QPointer<ProfileMonitor> m_monitor;
    QList<ModelEndpoint> m_endpoints;
    QHash<QString, Tile> m_tiles;
    QHash<QString, bool> m_checked; ///< the user's choice per endpoint id
    /// Profiles whose endpoint list this view has had: endpoints that appear later are new,
    /// and shown at first.
    QSet<QString> m_listedProfiles;
    HistoryCharts* m_charts = nullptr;
    QListWidget* m_lineList = nullptr;
    QTimer m_tileTimer;
    bool m_updatingList = false;
    bool m_serverAnswered = false;
};

#pragma once

#include "HistoryStore.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class HistoryChartView;
class QButtonGroup;

/// The three history charts of the dashboard and of an endpoint's details: pending async
/// futures, queued items and available workers, over 5 minutes, 1 hour, 24 hours or 7 days.
/// Each chart has a total line ("All endpoints") if asked, and one line per chosen endpoint.
/// Reloads by itself when the history gets new samples.
class HistoryCharts final : public QWidget
{
    Q_OBJECT

public:
    enum class Range
    {
        FiveMinutes,
        OneHour,
        OneDay,
        SevenDays,
    };

    explicit HistoryCharts(HistoryStore* history, QWidget* parent = nullptr);

    void setHistory(HistoryStore* history);
    /// The endpoints drawn as their own lines, and whether the total over all is drawn.
    void setEndpoints(const QStringList& endpointIds, bool showTotal);
    void setRange(Range range);
    Range range() const { return m_range; }
    static qint64 rangeMs(Range range);

    /// Reads the history again now (it also happens by itself after new samples).
    void reload();

    HistoryChartView* pendingChart() const { return m_pending; }
    HistoryChartView* queuedChart() const { return m_queued; }
    HistoryChartView* workersChart() const { return m_workers; }

    static QString totalLineName();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onAppended();

    QPointer<HistoryStore> m_history;
    QElapsedTimer m_lastReload;
    HistoryChartView* m_pending = nullptr;
    HistoryChartView* m_queued = nullptr;
    HistoryChartView* m_workers = nullptr;
    QButtonGroup* m_rangeButtons = nullptr;
    QTimer m_reloadTimer;
    QTimer m_slideTimer;
    QStringList m_endpointIds;
    Range m_range = Range::OneHour;
    bool m_showTotal = true;
};

#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QtCharts/QChartView>
#include <optional>

class QDateTimeAxis;
class QGraphicsLineItem;
class QLineSeries;
class QValueAxis;

/// A time chart of a few lines (one per endpoint, or a total) over a time range. It keeps the
/// full series and draws only what the pixels can show: each line is reduced to the lowest
/// and highest point of each pixel column, so a week of 10 s samples draws as fast as an
/// hour and no spike disappears. Where a line has no samples for a while (the console was
/// closed, or showed another server), it is drawn with a gap, not a straight line across the
/// time nobody looked. Hovering shows the time and every line's value there.
class HistoryChartView final : public QChartView
{
    Q_OBJECT

public:
    struct Line
    {
        QString name;
        QList<QPointF> points; ///< x in ms since the epoch, sorted
    };

    explicit HistoryChartView(const QString& title, QWidget* parent = nullptr);

    /// Replaces the lines and the shown range [fromMs, toMs].
    void setLines(const QList<Line>& lines, qint64 fromMs, qint64 toMs);
    const QList<Line>& lines() const { return m_lines; }

    /// How the line at `index` is drawn: ten colours, then the same dashed, then dotted.
    static QColor lineColour(qsizetype index);
    static Qt::PenStyle lineStyle(qsizetype index);
    /// The points drawn for the named line (after downsampling), empty if there is none.
    QList<QPointF> drawnPoints(const QString& name) const;
    /// What hovering at time `xMs` shows: the time, then "name: value" per line ("-" where the
    /// line has no sample then, in a gap or before its first).
    QString textAt(double xMs) const;
    /// Whether the points `before` and `after`, next to each other in a line, have a gap
    /// between them: far more time than between their neighbours, and at least a minute.
    /// `earlier` is the point before `before` (or `before` itself), `later` the one after
    /// `after` (or `after` itself).
    static bool isGap(const QPointF& earlier, const QPointF& before, const QPointF& after,
                      const QPointF& later);
    /// How many series the named line is drawn with: one per stretch between gaps.
    int segmentCount(const QString& name) const;
    /// The text of the last hover, for tests.
    QString hoverText() const { return m_hoverText; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    /// Shows the legend for more than one line where the chart is tall enough for it.
    void updateLegend();
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void redraw();
    /// Moves the cursor line to `viewportPos` and shows the tooltip for the time there, or
    /// hides both when it is outside the plot.
    void showHoverAt(const QPoint& viewportPos);
    void updateAxes(double maxY);

    QString m_title;
    QDateTimeAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QGraphicsLineItem* m_cursor = nullptr;
    /// Per line, one series per stretch between gaps; the first carries the legend entry.
    QList<QList<QLineSeries*>> m_series;
    QList<Line> m_lines;
    QString m_hoverText;
    /// Where the mouse is over the chart (viewport coordinates), while it is.
    std::optional<QPoint> m_hoverPos;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    int m_drawnWidth = 0;
    int m_drawnHeight = 0;
};

#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <QtCharts/QChartView>

class QDateTimeAxis;
class QGraphicsLineItem;
class QLineSeries;
class QValueAxis;

/// A time chart of a few lines (one per endpoint, or a total) over a time range. It keeps the
/// full series and draws only what the pixels can show: each line is reduced to the lowest
/// and highest point of each pixel column, so a week of 10 s samples draws as fast as an
/// hour and no spike disappears. Hovering shows the time and every line's value there.
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
    /// The points drawn for the named line (after downsampling), empty if there is none.
    QList<QPointF> drawnPoints(const QString& name) const;
    /// What hovering at time `xMs` shows: the time, then "name: value" per line.
    QString textAt(double xMs) const;
    /// The text of the last hover, for tests.
    QString hoverText() const { return m_hoverText; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void redraw();
    void updateAxes(double maxY);

    QString m_title;
    QDateTimeAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
    QGraphicsLineItem* m_cursor = nullptr;
    QList<QLineSeries*> m_series;
    QList<Line> m_lines;
    QString m_hoverText;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    int m_drawnWidth = 0;
};

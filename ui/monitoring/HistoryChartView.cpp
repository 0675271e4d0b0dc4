#include "HistoryChartView.h"

#include "Downsampler.h"

#include <QDateTime>
#include <QGraphicsLineItem>
#include <QMouseEvent>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString timeFormat(qint64 spanMs)
{
    if (spanMs <= 10 * 60 * 1000) {
        return u"HH:mm:ss"_s;
    }
    if (spanMs <= 24 * 60 * 60 * 1000) {
        return u"HH:mm"_s;
    }
    return u"MMM d HH:mm"_s;
}

QString numberText(double value)
{
    return std::abs(value - std::round(value)) < 0.005 ? QString::number(qint64(std::round(value)))
                                                       : QString::number(value, 'f', 2);
}

} // namespace

HistoryChartView::HistoryChartView(const QString& title, QWidget* parent)
    : QChartView(parent)
    , m_title(title)
    , m_xAxis(new QDateTimeAxis)
    , m_yAxis(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    m_xAxis->setTickCount(6);
    m_yAxis->setLabelFormat(u"%.0f"_s);
    m_yAxis->setMin(0);
    chart->addAxis(m_xAxis, Qt::AlignBottom);
    chart->addAxis(m_yAxis, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing, true);
    setMouseTracking(true);
    setMinimumHeight(180);
    m_cursor = new QGraphicsLineItem(chart);
    m_cursor->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    m_cursor->setZValue(20);
    m_cursor->hide();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    setLines({}, now - 5 * 60 * 1000, now);
}

void HistoryChartView::setLines(const QList<Line>& lines, qint64 fromMs, qint64 toMs)
{
    m_lines = lines;
    m_fromMs = fromMs;
    m_toMs = qMax(toMs, fromMs + 1000);
    redraw();
}

void HistoryChartView::redraw()
{
    QChart* chart = this->chart();
    if (m_series.size() != m_lines.size()) {
        for (QLineSeries* series : std::as_const(m_series)) {
            chart->removeSeries(series);
            delete series;
        }
        m_series.clear();
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            auto* series = new QLineSeries;
            chart->addSeries(series);
            series->attachAxis(m_xAxis);
            series->attachAxis(m_yAxis);
            m_series.append(series);
        }
    }
    // One bucket per pixel column of the plot; before the first layout, a typical width.
    const int plotWidth = int(chart->plotArea().width());
    m_drawnWidth = plotWidth > 10 ? plotWidth : 600;
    double maxY = 0;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const Line& line = m_lines.at(i);
        const auto first =
                std::lower_bound(line.points.cbegin(), line.points.cend(), double(m_fromMs),
                                 [](const QPointF& p, double x) { return p.x() < x; });
        const auto last = std::upper_bound(first, line.points.cend(), double(m_toMs),
                                           [](double x, const QPointF& p) { return x < p.x(); });
        const QList<QPointF> visible(first, last);
        const QList<QPointF> drawn = Downsampler::minMaxPerBucket(visible, m_drawnWidth);
        for (const QPointF& point : drawn) {
            maxY = qMax(maxY, point.y());
        }
        m_series.at(i)->setName(line.name);
        m_series.at(i)->replace(drawn);
    }
    updateAxes(maxY);
    const bool empty = std::all_of(m_lines.cbegin(), m_lines.cend(),
                                   [](const Line& line) { return line.points.isEmpty(); });
    chart->setTitle(empty ? m_title % u" (no samples yet)"_s : m_title);
    chart->legend()->setVisible(m_lines.size() > 1);
}

void HistoryChartView::updateAxes(double maxY)
{
    m_xAxis->setFormat(timeFormat(m_toMs - m_fromMs));
    m_xAxis->setRange(QDateTime::fromMSecsSinceEpoch(m_fromMs),
                      QDateTime::fromMSecsSinceEpoch(m_toMs));
    // Whole numbers (futures, workers, items): a top that is a round number above the peak.
    const double top = maxY < 4 ? 4 : std::ceil(maxY * 1.15);
    m_yAxis->setRange(0, top);
    m_yAxis->setTickCount(5);
    m_yAxis->setLabelFormat(top < 8 ? u"%.1f"_s : u"%.0f"_s);
}

QList<QPointF> HistoryChartView::drawnPoints(const QString& name) const
{
    for (qsizetype i = 0; i < m_lines.size() && i < m_series.size(); ++i) {
        if (m_lines.at(i).name == name) {
            return m_series.at(i)->points();
        }
    }
    return {};
}

QString HistoryChartView::textAt(double xMs) const
{
    QString text = QDateTime::fromMSecsSinceEpoch(qint64(xMs)).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    for (const Line& line : m_lines) {
        // The last sample at or before the cursor is the value at that time.
        const auto it = std::upper_bound(line.points.cbegin(), line.points.cend(), xMs,
                                         [](double x, const QPointF& p) { return x < p.x(); });
        const QString value = it == line.points.cbegin() ? u"-"_s : numberText((it - 1)->y());
        text += u'\n' % line.name % u": "_s % value;
    }
    return text;
}

void HistoryChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    if (int(chart()->plotArea().width()) != m_drawnWidth) {
        redraw();
    }
}

void HistoryChartView::mouseMoveEvent(QMouseEvent* event)
{
    QChartView::mouseMoveEvent(event);
    const QPointF scenePos = mapToScene(event->position().toPoint());
    const QPointF chartPos = chart()->mapFromScene(scenePos);
    const QRectF plot = chart()->plotArea();
    if (!plot.contains(chartPos) || m_lines.isEmpty()) {
        m_cursor->hide();
        QToolTip::hideText();
        return;
    }
    const double xMs = chart()->mapToValue(chartPos).x();
    m_cursor->setLine(chartPos.x(), plot.top(), chartPos.x(), plot.bottom());
    m_cursor->show();
    m_hoverText = textAt(xMs);
    QToolTip::showText(event->globalPosition().toPoint(), m_hoverText, this);
}

void HistoryChartView::leaveEvent(QEvent* event)
{
    QChartView::leaveEvent(event);
    m_cursor->hide();
    QToolTip::hideText();
}

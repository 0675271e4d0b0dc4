#include "HistoryChartView.h"

#include "Downsampler.h"

#include <QDateTime>
#include <QFontMetrics>
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
    qsizetype drawnCount = 0;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const Line& line = m_lines.at(i);
        const auto first =
                std::lower_bound(line.points.cbegin(), line.points.cend(), double(m_fromMs),
                                 [](const QPointF& p, double x) { return p.x() < x; });
        const auto last = std::upper_bound(first, line.points.cend(), double(m_toMs),
                                           [](double x, const QPointF& p) { return x < p.x(); });
        // Lowest and highest of each two-pixel column: at most one point per pixel.
        const QList<QPointF> drawn = Downsampler::minMaxPerBucket(
                std::to_address(first), std::to_address(last), m_drawnWidth / 2);
        drawnCount += drawn.size();
        for (const QPointF& point : drawn) {
            maxY = qMax(maxY, point.y());
        }
        m_series.at(i)->setName(line.name);
        m_series.at(i)->replace(drawn);
    }
    updateAxes(maxY);
    // Smooth lines cost more than the rest of the drawing once there are thousands of points;
    // at one point per pixel the steps do not show anyway.
    setRenderHint(QPainter::Antialiasing, drawnCount < 4000);
    const bool empty = std::all_of(m_lines.cbegin(), m_lines.cend(),
                                   [](const Line& line) { return line.points.isEmpty(); });
    chart->setTitle(empty ? m_title % u" (no samples yet)"_s : m_title);
    chart->legend()->setVisible(m_lines.size() > 1);
}

void HistoryChartView::updateAxes(double maxY)
{
    const QString format = timeFormat(m_toMs - m_fromMs);
    m_xAxis->setFormat(format);
    // As many time labels as fit side by side: a narrow chart (the details pane) would
    // otherwise show each one cut to an ellipsis.
    const int labelWidth =
            QFontMetrics(m_xAxis->labelsFont())
                    .horizontalAdvance(QDateTime::currentDateTime().toString(format)) +
            24;
    const int plotWidth = int(chart()->plotArea().width());
    m_xAxis->setTickCount(plotWidth > 0 ? std::clamp(plotWidth / labelWidth + 1, 2, 6) : 6);
    m_xAxis->setRange(QDateTime::fromMSecsSinceEpoch(m_fromMs),
                      QDateTime::fromMSecsSinceEpoch(m_toMs));
    // Four intervals of a round step (1, 2, 2.5 or 5 times a power of ten) above the peak.
    const double rough = qMax(1.0, maxY * 1.1) / 4.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10 * magnitude;
    for (const double factor : {1.0, 2.0, 2.5, 5.0}) {
        if (factor * magnitude >= rough) {
            step = factor * magnitude;
            break;
        }
    }
    // Everything charted counts whole things: steps below one only make unreadable labels.
    step = qMax(1.0, step);
    m_yAxis->setRange(0, 4 * step);
    m_yAxis->setTickCount(5);
    m_yAxis->setLabelFormat(step < 1 || std::floor(step) != step ? u"%.1f"_s : u"%.0f"_s);
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

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
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <array>
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

constexpr double kShortestGapMs = 60'000;
/// Between neighbours this many times further apart than the points around them, a line breaks.
constexpr double kGapFactor = 4;

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
    // Title, a plot and its time axis still read at this height, which lets the dashboard's
    // three charts fit the smallest window (900 x 560); the legend shows from a taller size.
    setMinimumHeight(120);
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

bool HistoryChartView::isGap(const QPointF& earlier, const QPointF& before, const QPointF& after,
                             const QPointF& later)
{
    const double step = after.x() - before.x();
    const double around = qMax(before.x() - earlier.x(), later.x() - after.x());
    return step >= kShortestGapMs && step > kGapFactor * around;
}

int HistoryChartView::segmentCount(const QString& name) const
{
    for (qsizetype i = 0; i < m_lines.size() && i < m_series.size(); ++i) {
        if (m_lines.at(i).name == name) {
            return int(m_series.at(i).size());
        }
    }
    return 0;
}

void HistoryChartView::redraw()
{
    QChart* chart = this->chart();
    // One bucket per pixel column of the plot; before the first layout, a typical width.
    const int plotWidth = int(chart->plotArea().width());
    m_drawnWidth = plotWidth > 10 ? plotWidth : 600;
    m_drawnHeight = int(chart->plotArea().height());
    const double spanMs = double(m_toMs - m_fromMs);
    double maxY = 0;
    qsizetype drawnCount = 0;
    QList<QList<QList<QPointF>>> drawnLines;
    for (const Line& line : std::as_const(m_lines)) {
        const auto first =
                std::lower_bound(line.points.cbegin(), line.points.cend(), double(m_fromMs),
                                 [](const QPointF& p, double x) { return p.x() < x; });
        const auto last = std::upper_bound(first, line.points.cend(), double(m_toMs),
                                           [](double x, const QPointF& p) { return x < p.x(); });
        // Split at gaps, then keep the lowest and highest of each two-pixel column of every
        // stretch: at most one point per pixel.
        QList<QList<QPointF>> segments;
        auto start = first;
        for (auto it = first; it != last; ++it) {
            const auto next = it + 1;
            // Most steps are far shorter than any gap: only those that are not are looked at.
            if (next != last && (next->x() - it->x() < kShortestGapMs ||
                                 !isGap(it == first ? *it : *(it - 1), *it, *next,
                                        next + 1 == last ? *next : *(next + 1)))) {
                continue;
            }
            const double share = spanMs > 0 ? (it->x() - start->x()) / spanMs : 1.0;
            const int buckets = qMax(1, int(std::ceil(share * (m_drawnWidth / 2))));
            segments.append(Downsampler::minMaxPerBucket(std::to_address(start),
                                                         std::to_address(next), buckets));
            start = next;
        }
        if (segments.isEmpty()) {
            segments.append(QList<QPointF>());
        }
        for (const QList<QPointF>& segment : std::as_const(segments)) {
            drawnCount += segment.size();
            for (const QPointF& point : segment) {
                maxY = qMax(maxY, point.y());
            }
        }
        drawnLines.append(segments);
    }
    // Series are reused where the shape stays, so that a live update does not rebuild them.
    bool sameShape = m_series.size() == drawnLines.size();
    for (qsizetype i = 0; sameShape && i < drawnLines.size(); ++i) {
        sameShape = m_series.at(i).size() == drawnLines.at(i).size();
    }
    if (!sameShape) {
        for (const QList<QLineSeries*>& line : std::as_const(m_series)) {
            for (QLineSeries* series : line) {
                chart->removeSeries(series);
                delete series;
            }
        }
        m_series.clear();
        for (qsizetype i = 0; i < drawnLines.size(); ++i) {
            const QList<QList<QPointF>>& segments = drawnLines.at(i);
            QList<QLineSeries*> line;
            for (qsizetype s = 0; s < segments.size(); ++s) {
                auto* series = new QLineSeries;
                chart->addSeries(series);
                series->attachAxis(m_xAxis);
                series->attachAxis(m_yAxis);
                // Each line its own look, whatever came before it: the theme would give the
                // next colour to every series, gaps included, and has only five.
                QPen pen = series->pen();
                pen.setColor(lineColour(i));
                pen.setStyle(lineStyle(i));
                series->setPen(pen);
                if (s > 0) {
                    // The same line: no legend entry of its own.
                    const auto markers = chart->legend()->markers(series);
                    for (QLegendMarker* marker : markers) {
                        marker->setVisible(false);
                    }
                }
                line.append(series);
            }
            m_series.append(line);
        }
    }
    for (qsizetype i = 0; i < drawnLines.size(); ++i) {
        for (qsizetype s = 0; s < drawnLines.at(i).size(); ++s) {
            m_series.at(i).at(s)->setName(m_lines.at(i).name);
            m_series.at(i).at(s)->replace(drawnLines.at(i).at(s));
        }
    }
    updateAxes(maxY);
    // Smooth lines cost more than the rest of the drawing once there are thousands of points;
    // at one point per pixel the steps do not show anyway.
    setRenderHint(QPainter::Antialiasing, drawnCount < 4000);
    const bool empty = std::all_of(m_lines.cbegin(), m_lines.cend(),
                                   [](const Line& line) { return line.points.isEmpty(); });
    chart->setTitle(empty ? m_title % u" (no samples yet)"_s : m_title);
    updateLegend();
    // A refresh under a still mouse: the tooltip would be gone (or tell of the values before),
    // though the pointer has not moved; it shows the new values where the pointer rests.
    if (m_hoverPos && isVisible() && viewport()->underMouse()) {
        showHoverAt(*m_hoverPos);
    }
}

QColor HistoryChartView::lineColour(qsizetype index)
{
    // Ten colours told apart also by most people with a colour vision deficiency.
    static constexpr std::array<QRgb, 10> colours{0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                                  0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    return QColor::fromRgb(colours.at(std::size_t(index) % colours.size()));
}

Qt::PenStyle HistoryChartView::lineStyle(qsizetype index)
{
    // Past ten lines the colours come round again, drawn dashed, then dotted.
    static constexpr std::array<Qt::PenStyle, 3> styles{Qt::SolidLine, Qt::DashLine, Qt::DotLine};
    return styles.at(std::min<std::size_t>(std::size_t(index) / 10, styles.size() - 1));
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
    // Four intervals of a round step (1, 2, 2.5 or 5 times a power of ten) above the peak;
    // fewer where a short chart has no room for five labels one above the other.
    const int labelHeight = QFontMetrics(m_yAxis->labelsFont()).height();
    const int plotHeight = int(chart()->plotArea().height());
    const int intervals = plotHeight > 0 ? std::clamp(plotHeight / (labelHeight * 3 / 2), 1, 4) : 4;
    const double rough = qMax(1.0, maxY * 1.1) / intervals;
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
    m_yAxis->setRange(0, intervals * step);
    m_yAxis->setTickCount(intervals + 1);
    m_yAxis->setLabelFormat(step < 1 || std::floor(step) != step ? u"%.1f"_s : u"%.0f"_s);
}

QList<QPointF> HistoryChartView::drawnPoints(const QString& name) const
{
    for (qsizetype i = 0; i < m_lines.size() && i < m_series.size(); ++i) {
        if (m_lines.at(i).name == name) {
            QList<QPointF> points;
            for (const QLineSeries* series : m_series.at(i)) {
                points += series->points();
            }
            return points;
        }
    }
    return {};
}

QString HistoryChartView::textAt(double xMs) const
{
    QString text = QDateTime::fromMSecsSinceEpoch(qint64(xMs)).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    for (const Line& line : m_lines) {
        // The last sample at or before the cursor is the value at that time, unless the
        // cursor is in a gap that follows it.
        const auto it = std::upper_bound(line.points.cbegin(), line.points.cend(), xMs,
                                         [](double x, const QPointF& p) { return x < p.x(); });
        QString value = u"-"_s;
        if (it != line.points.cbegin()) {
            const auto before = it - 1;
            const QPointF& earlier = before == line.points.cbegin() ? *before : *(before - 1);
            // Past the last sample, the cursor's time stands in for the next one.
            const QPointF after = it != line.points.cend() ? *it : QPointF(xMs, 0);
            const QPointF later =
                    it == line.points.cend() || it + 1 == line.points.cend() ? after : *(it + 1);
            const bool inGap = isGap(earlier, *before, after, later);
            if (!inGap) {
                value = numberText(before->y());
            }
        }
        text += u'\n' % line.name % u": "_s % value;
    }
    return text;
}

void HistoryChartView::updateLegend()
{
    // Below this height the legend would take the room of the plot, and be cut off itself;
    // the dashboard's list of lines shows each line's look beside its name.
    constexpr int legendMinHeight = 220;
    chart()->legend()->setVisible(m_lines.size() > 1 && height() >= legendMinHeight);
}

void HistoryChartView::resizeEvent(QResizeEvent* event)
{
    updateLegend(); // before the chart is laid out in the new size
    QChartView::resizeEvent(event);
    if (int(chart()->plotArea().width()) != m_drawnWidth ||
        int(chart()->plotArea().height()) != m_drawnHeight) {
        redraw();
    }
}

void HistoryChartView::mouseMoveEvent(QMouseEvent* event)
{
    QChartView::mouseMoveEvent(event);
    m_hoverPos = event->position().toPoint();
    showHoverAt(*m_hoverPos);
}

void HistoryChartView::showHoverAt(const QPoint& viewportPos)
{
    const QPointF scenePos = mapToScene(viewportPos);
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
    QToolTip::showText(viewport()->mapToGlobal(viewportPos), m_hoverText, this);
}

void HistoryChartView::leaveEvent(QEvent* event)
{
    QChartView::leaveEvent(event);
    m_hoverPos.reset();
    m_cursor->hide();
    QToolTip::hideText();
}

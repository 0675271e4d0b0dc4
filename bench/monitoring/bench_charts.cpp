// Chart redraw with 7 days of samples at one per 10 s for 10 series (604,800 points): time
// to give the lines to a 1200 x 400 chart (downsampling included) and render it into an
// image, median of 21 runs. Also the time to read a week of history for 10 endpoints from
// the store after compaction, as the dashboard does on every refresh.
#include "HistoryChartView.h"
#include "HistoryStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 s_week = 7LL * 24 * 3600 * 1000;
constexpr qint64 s_step = 10'000;
constexpr int s_series = 10;

double medianOf(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

QList<HistoryChartView::Line> weekOfLines(qint64 end)
{
    QList<HistoryChartView::Line> lines;
    for (int s = 0; s < s_series; ++s) {
        HistoryChartView::Line line;
        line.name = u"endpoint-%1"_s.arg(s);
        line.points.reserve(int(s_week / s_step) + 1);
        for (qint64 t = end - s_week; t <= end; t += s_step) {
            const double phase = double(t - end) / 3.6e6 + s;
            line.points.append(QPointF(double(t), std::round(20 + 15 * std::sin(phase))));
        }
        lines.append(line);
    }
    return lines;
}

double readWeekFromStore(qint64 end)
{
    QTemporaryDir dir;
    HistoryStore store(dir.filePath(u"history.sqlite"_s));
    store.open();
    for (qint64 t = end - s_week; t <= end; t += s_step) {
        QList<HistorySample> samples;
        for (int s = 0; s < s_series; ++s) {
            HistorySample sample;
            sample.endpointId = u"end-%1"_s.arg(s);
            sample.endpointName = u"endpoint-%1"_s.arg(s);
            sample.timeMs = t;
            sample.status = u"READY"_s;
            sample.availableWorkers = 2;
            sample.unavailableWorkers = 0;
            sample.queuedItems = double(t / s_step % 13);
            sample.pendingFutures = double(t / s_step % 7);
            samples.append(sample);
        }
        store.append(samples);
    }
    store.compact(end);
    std::vector<double> times;
    std::vector<double> totals;
    for (int run = 0; run < 11; ++run) {
        QElapsedTimer total;
        total.start();
        store.series({}, HistoryStore::Metric::PendingFutures, end - s_week, end);
        totals.push_back(double(total.nsecsElapsed()) / 1e6);
        QElapsedTimer clock;
        clock.start();
        for (int s = 0; s < s_series; ++s) {
            store.series(u"end-%1"_s.arg(s), HistoryStore::Metric::PendingFutures, end - s_week,
                         end);
        }
        store.series({}, HistoryStore::Metric::PendingFutures, end - s_week, end);
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::printf(
            "  of which the total line: %.1f ms (rows kept: %d raw, %d minute, %d ten-minute)\n",
            medianOf(totals), store.rowCount(0), store.rowCount(1), store.rowCount(2));
    return medianOf(times);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    const QList<HistoryChartView::Line> lines = weekOfLines(end);
    HistoryChartView view(u"Pending async futures"_s);
    view.resize(1200, 400);
    view.show();
    QApplication::processEvents();
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);

    std::vector<double> redraw;
    std::vector<double> renderOnly;
    for (int run = 0; run < 21; ++run) {
        QElapsedTimer clock;
        clock.start();
        view.setLines(lines, end - s_week, end + run); // a new range, as a live update gives
        {
            QPainter painter(&image);
            view.render(&painter);
        }
        redraw.push_back(double(clock.nsecsElapsed()) / 1e6);
        clock.restart();
        {
            QPainter painter(&image);
            view.render(&painter);
        }
        renderOnly.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    int drawn = 0;
    for (const HistoryChartView::Line& line : lines) {
        drawn += int(view.drawnPoints(line.name).size());
    }
    std::printf("chart 1200x400, 10 series x %lld points (7 days at 10 s): %d points drawn\n",
                static_cast<long long>(lines.first().points.size()), drawn);
    std::printf("redraw (set lines, downsample, render to image), median of 21: %.1f ms\n",
                medianOf(redraw));
    std::printf("render only, median of 21: %.1f ms\n", medianOf(renderOnly));
    std::printf("read a week of 10 endpoints + total from the compacted store, median of 11: "
                "%.1f ms\n",
                readWeekFromStore(end));
    return 0;
}

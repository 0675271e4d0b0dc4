#include "HistoryChartView.h"

#include <QHash>
#include <QSet>
#include <QTest>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>

using namespace Qt::StringLiterals;

/// The chart draws about two points per pixel column whatever the data, keeps the peaks, and
/// hovering reads the value at a time.
class TestHistoryChartView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawsWhatThePixelsShow()
    {
        HistoryChartView view(u"Pending"_s);
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 end = 1'800'000'000'000;
        const qint64 start = end - 7LL * 24 * 3600 * 1000;
        QList<QPointF> points;
        for (qint64 t = start; t <= end; t += 10'000) {
            points.append(QPointF(double(t), double((t / 10'000) % 7)));
        }
        points[30'000].setY(99);
        view.setLines({{u"All endpoints"_s, points}, {u"echo"_s, {}}}, start, end);
        const QList<QPointF> drawn = view.drawnPoints(u"All endpoints"_s);
        QVERIFY(drawn.size() < 2 * 800);
        QVERIFY(drawn.size() > 100);
        QVERIFY(drawn.contains(points[30'000]));
        QVERIFY(view.drawnPoints(u"echo"_s).isEmpty());

        const QString text = view.textAt(points[30'000].x() + 5000);
        QVERIFY2(text.contains(u"All endpoints: 99"_s), qPrintable(text));
        QVERIFY2(text.contains(u"echo: -"_s), qPrintable(text));
    }

    void aChartTooSmallForItsLegendHidesIt()
    {
        HistoryChartView view(u"Queued"_s);
        view.resize(500, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 start = 1'800'000'000'000;
        const qint64 end = start + 600'000;
        const QList<QPointF> points = {QPointF(double(start), 1), QPointF(double(end), 2)};
        view.setLines({{u"All endpoints"_s, points}, {u"one"_s, points}}, start, end);
        QVERIFY(view.chart()->legend()->isVisible());
        // The height a 560-pixel window leaves the small charts of the dashboard.
        view.resize(500, 130);
        QVERIFY(!view.chart()->legend()->isVisible());
        view.resize(500, 300);
        QVERIFY(view.chart()->legend()->isVisible());
        // One line needs no legend at any size.
        view.setLines({{u"All endpoints"_s, points}}, start, end);
        QVERIFY(!view.chart()->legend()->isVisible());
    }

    void everyLineHasItsOwnLookGapsOrNot()
    {
        HistoryChartView view(u"Pending"_s);
        view.resize(800, 400);
        const qint64 start = 1'800'000'000'000;
        const qint64 end = start + 3'600'000;
        // Eight lines; the first has a gap (two series) that must not shift the others' colours.
        QList<HistoryChartView::Line> lines;
        for (int i = 0; i < 8; ++i) {
            QList<QPointF> points;
            for (qint64 t = start; t <= end; t += 10'000) {
                if (i == 0 && t > start + 600'000 && t < start + 1'800'000) {
                    continue;
                }
                points.append(QPointF(double(t), double(i)));
            }
            lines.append({i == 0 ? u"All endpoints"_s : u"endpoint-%1"_s.arg(i), points});
        }
        view.setLines(lines, start, end);
        QCOMPARE(view.segmentCount(u"All endpoints"_s), 2);
        QHash<QString, QSet<QRgb>> colours;
        const auto series = view.chart()->series();
        for (QAbstractSeries* s : series) {
            colours[s->name()].insert(static_cast<QLineSeries*>(s)->pen().color().rgb());
        }
        QCOMPARE(colours.size(), 8);
        QSet<QRgb> all;
        for (auto it = colours.cbegin(); it != colours.cend(); ++it) {
            QCOMPARE(it.value().size(), 1); // a line with a gap keeps one colour
            all += it.value();
        }
        QCOMPARE(all.size(), 8); // and no two lines share one
        QCOMPARE(colours.value(u"endpoint-5"_s), QSet<QRgb>{HistoryChartView::lineColour(5).rgb()});
        // Past ten, the colours come round again, in another style.
        QCOMPARE(HistoryChartView::lineColour(10), HistoryChartView::lineColour(0));
        QVERIFY(HistoryChartView::lineStyle(10) != HistoryChartView::lineStyle(0));
    }

    void timeWithoutSamplesIsAGap()
    {
        HistoryChartView view(u"Pending"_s);
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Samples every 10 s for 10 minutes, none for 7 minutes (the console showed another
        // server), then 10 minutes more.
        const qint64 start = 1'800'000'000'000;
        QList<QPointF> points;
        for (qint64 t = start; t <= start + 600'000; t += 10'000) {
            points.append(QPointF(double(t), 10));
        }
        const qint64 back = start + 600'000 + 420'000;
        for (qint64 t = back; t <= back + 600'000; t += 10'000) {
            points.append(QPointF(double(t), 0));
        }
        view.setLines({{u"All endpoints"_s, points}}, start, back + 600'000);
        // Two stretches, and no drawn point in between.
        QCOMPARE(view.segmentCount(u"All endpoints"_s), 2);
        const QList<QPointF> drawn = view.drawnPoints(u"All endpoints"_s);
        for (const QPointF& point : drawn) {
            QVERIFY(point.x() <= start + 600'000 || point.x() >= back);
        }
        // Hovering in the gap shows no value, rather than the last one before it.
        QVERIFY2(view.textAt(start + 600'000 + 200'000).endsWith(u"All endpoints: -"_s),
                 qPrintable(view.textAt(start + 600'000 + 200'000)));
        QVERIFY(view.textAt(start + 300'000).endsWith(u"All endpoints: 10"_s));
        // Long after the last sample there is no value either.
        QVERIFY(view.textAt(back + 600'000 + 300'000).endsWith(u"All endpoints: -"_s));

        // Compacted history (one point per 5 minutes) next to raw samples is no gap.
        QList<QPointF> mixed;
        for (qint64 t = start; t < start + 3'600'000; t += 300'000) {
            mixed.append(QPointF(double(t), 3));
        }
        for (qint64 t = start + 3'600'000; t <= start + 4'200'000; t += 10'000) {
            mixed.append(QPointF(double(t), 4));
        }
        view.setLines({{u"All endpoints"_s, mixed}}, start, start + 4'200'000);
        QCOMPARE(view.segmentCount(u"All endpoints"_s), 1);
    }

    void hoverTooltipOutlastsARedraw()
    {
        HistoryChartView view(u"Pending"_s);
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qint64 end = 1'800'000'000'000;
        const qint64 start = end - 600'000;
        const auto flat = [&](double value) {
            QList<QPointF> points;
            for (qint64 t = start; t <= end; t += 10'000) {
                points.append(QPointF(double(t), value));
            }
            return QList<HistoryChartView::Line>{{u"All endpoints"_s, points}};
        };
        view.setLines(flat(3), start, end);
        QCoreApplication::processEvents(); // the chart lays out its plot
        const QPoint middle =
                view.mapFromScene(view.chart()->mapToScene(view.chart()->plotArea().center()));
        QTest::mouseMove(view.viewport(), middle);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().endsWith(u"All endpoints: 3"_s), qPrintable(QToolTip::text()));

        // The tip went (as it does on a redraw); the refresh brings new values while the
        // pointer rests: the tip is back, with the value now under it.
        QToolTip::hideText();
        QTRY_VERIFY(!QToolTip::isVisible());
        view.setLines(flat(7), start, end);
        QVERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().endsWith(u"All endpoints: 7"_s), qPrintable(QToolTip::text()));
        QCOMPARE(QToolTip::text(), view.hoverText());

        // Outside the plot, or once the pointer has left the chart, a redraw shows no tip.
        QTest::mouseMove(view.viewport(), QPoint(2, 2));
        QTRY_VERIFY(!QToolTip::isVisible());
        view.setLines(flat(8), start, end);
        QCoreApplication::processEvents();
        QVERIFY(!QToolTip::isVisible());
        QTest::mouseMove(view.viewport(), middle);
        QTRY_VERIFY(QToolTip::isVisible());
        QEvent leave(QEvent::Leave);
        QCoreApplication::sendEvent(&view, &leave);
        QTRY_VERIFY(!QToolTip::isVisible());
        view.setLines(flat(9), start, end);
        QCoreApplication::processEvents();
        QVERIFY(!QToolTip::isVisible());
    }
};

QTEST_MAIN(TestHistoryChartView)
#include "tst_historychartview.moc"

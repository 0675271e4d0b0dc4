#include "HistoryChartView.h"

#include <QTest>

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
};

QTEST_MAIN(TestHistoryChartView)
#include "tst_historychartview.moc"

#include "Downsampler.h"

#include <QTest>
#include <cmath>

/// The downsampling charts rely on: few points out, spikes and ends kept, x order kept.
class TestDownsampler final : public QObject
{
    Q_OBJECT

private:
    static QList<QPointF> wave(int count)
    {
        QList<QPointF> points;
        for (int i = 0; i < count; ++i) {
            points.append(QPointF(i * 10.0, std::sin(i / 50.0) * 10.0));
        }
        return points;
    }

    static bool sortedByX(const QList<QPointF>& points)
    {
        for (qsizetype i = 1; i < points.size(); ++i) {
            if (points[i].x() < points[i - 1].x()) {
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void smallInputIsUnchanged()
    {
        const QList<QPointF> points = wave(50);
        QCOMPARE(Downsampler::largestTriangleThreeBuckets(points, 100), points);
        QCOMPARE(Downsampler::minMaxPerBucket(points, 100), points);
    }

    void largestTriangleKeepsEndsAndSpike()
    {
        QList<QPointF> points = wave(60480);
        points[30000].setY(1000.0);
        const QList<QPointF> sampled = Downsampler::largestTriangleThreeBuckets(points, 800);
        QCOMPARE(sampled.size(), 800);
        QCOMPARE(sampled.first(), points.first());
        QCOMPARE(sampled.last(), points.last());
        QVERIFY(sortedByX(sampled));
        QVERIFY(sampled.contains(points[30000]));
    }

    void minMaxKeepsExtremesOfEveryBucket()
    {
        QList<QPointF> points = wave(60480);
        points[12345].setY(-500.0);
        points[40000].setY(700.0);
        const QList<QPointF> sampled = Downsampler::minMaxPerBucket(points, 400);
        QVERIFY(sampled.size() <= 800);
        QVERIFY(sampled.size() >= 400);
        QVERIFY(sortedByX(sampled));
        QVERIFY(sampled.contains(points[12345]));
        QVERIFY(sampled.contains(points[40000]));
        QCOMPARE(sampled.first(), points.first());
    }
};

QTEST_GUILESS_MAIN(TestDownsampler)
#include "tst_downsampler.moc"

#include "Downsampler.h"

#include <algorithm>
#include <cmath>

QList<QPointF> Downsampler::largestTriangleThreeBuckets(const QList<QPointF>& points, int threshold)
{
    const qsizetype count = points.size();
    if (threshold < 3 || count <= threshold) {
        return points;
    }
    QList<QPointF> sampled;
    sampled.reserve(threshold);
    sampled.append(points.first());

    // The first and last points are kept, the others are split into threshold - 2 buckets.
    const double bucketSize = double(count - 2) / double(threshold - 2);
    qsizetype chosen = 0;
    for (int bucket = 0; bucket < threshold - 2; ++bucket) {
        const auto start = qsizetype(std::floor(bucket * bucketSize)) + 1;
        const auto end = qsizetype(std::floor((bucket + 1) * bucketSize)) + 1;

        // The average of the next bucket stands in for the point that will be chosen there.
        const qsizetype nextStart = end;
        const qsizetype nextEnd = qMin(qsizetype(std::floor((bucket + 2) * bucketSize)) + 1, count);
        double avgX = 0;
        double avgY = 0;
        for (qsizetype i = nextStart; i < nextEnd; ++i) {
            avgX += points[i].x();
            avgY += points[i].y();
        }
        const auto nextCount = double(qMax<qsizetype>(nextEnd - nextStart, 1));
        avgX /= nextCount;
        avgY /= nextCount;

        const QPointF& a = points[chosen];
        double largestArea = -1;
        qsizetype best = start;
        for (qsizetype i = start; i < end && i < count; ++i) {
            const double area = std::abs((a.x() - avgX) * (points[i].y() - a.y()) -
                                         (a.x() - points[i].x()) * (avgY - a.y()));
            if (area > largestArea) {
                largestArea = area;
                best = i;
            }
        }
        sampled.append(points[best]);
        chosen = best;
    }
    sampled.append(points.last());
    return sampled;
}

QList<QPointF> Downsampler::minMaxPerBucket(const QList<QPointF>& points, int buckets)
{
    return minMaxPerBucket(points.constData(), points.constData() + points.size(), buckets);
}

QList<QPointF> Downsampler::minMaxPerBucket(const QPointF* begin, const QPointF* end, int buckets)
{
    const qsizetype count = end - begin;
    if (buckets < 1 || count <= 2 * qsizetype(buckets)) {
        return QList<QPointF>(begin, end);
    }
    const double firstX = begin->x();
    const double span = (end - 1)->x() - firstX;
    if (span <= 0) {
        return QList<QPointF>(begin, end);
    }
    const double scale = double(buckets) / span;
    const auto bucketOf = [&](const QPointF& p) {
        return qMin(int((p.x() - firstX) * scale), buckets - 1);
    };
    QList<QPointF> sampled;
    sampled.reserve(2 * buckets + 2);
    const QPointF* i = begin;
    while (i < end) {
        const int bucket = bucketOf(*i);
        const QPointF* low = i;
        const QPointF* high = i;
        const QPointF* j = i + 1;
        for (; j < end && bucketOf(*j) == bucket; ++j) {
            if (j->y() < low->y()) {
                low = j;
            }
            if (j->y() > high->y()) {
                high = j;
            }
        }
        sampled.append(*std::min(low, high));
        if (low != high) {
            sampled.append(*std::max(low, high));
        }
        i = j;
    }
    return sampled;
}

#pragma once

#include <QList>
#include <QPointF>

/// Reduces a time series to about as many points as a chart has pixels, keeping what the eye
/// needs: peaks, troughs and the overall shape. Input points must be sorted by x.
class Downsampler final
{
public:
    /// Largest-triangle-three-buckets: at most `threshold` points, the first and last kept,
    /// from each bucket the point that spans the largest triangle with its neighbours.
    /// Returns the input unchanged when it is already small enough or threshold < 3.
    static QList<QPointF> largestTriangleThreeBuckets(const QList<QPointF>& points, int threshold);

    /// Splits the x range into `buckets` equal columns (one per pixel) and keeps, in x
    /// order, the lowest and the highest point of each column: at most 2 * buckets points,
    /// and no spike is ever lost.
    static QList<QPointF> minMaxPerBucket(const QList<QPointF>& points, int buckets);
    /// The same for the points in [begin, end), without copying them first.
    static QList<QPointF> minMaxPerBucket(const QPointF* begin, const QPointF* end, int buckets);
};

#pragma once

#include <QString>
#include <QtNumeric>

/// One observation of one endpoint at one time, as the history keeps it. A value the server
/// did not report is NaN and is stored as NULL (charts leave it out of averages).
struct HistorySample
{
    QString endpointId;
    QString endpointName;
    qint64 timeMs = 0; ///< milliseconds since the epoch, UTC
    QString status;    ///< the endpoint's status text (READY, UPDATE_FAILED, ...)
    double availableWorkers = qQNaN();
    double unavailableWorkers = qQNaN();
    double queuedItems = qQNaN();
    double pendingFutures = 0; ///< futures of this endpoint the console tracks, not finished
};

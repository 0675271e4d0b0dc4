#pragma once

#include "TaskStatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

/// An async prediction the console follows: the task id the server gave, the endpoint it went
/// to, and what is known of it so far. `result` keeps the server's `result` object as JSON text.
struct TrackedFuture
{
    QString taskId;
    QString endpointId;
    QString endpointName;
    QDateTime submitted;
    TaskStatus status = TaskStatus::Pending;
    QDateTime started;  ///< when the console first saw it running; null if it never did
    QDateTime finished; ///< when the console first saw it finished
    QByteArray result;  ///< JSON text of the server's `result`, empty until finished
    QString traceback;
    int statusCode = 0; ///< the model's HTTP status, 0 when not known
    bool tracked = true;

    /// Success and failure are final; a tracked future is polled until it reaches one.
    bool isFinished() const { return status.isFinished(); }
    bool isPending() const { return tracked && !isFinished(); }
};

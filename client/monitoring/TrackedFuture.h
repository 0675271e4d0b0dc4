#pragma once

#include "TaskStatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

/// An async prediction the console follows: the task id the server gave, the endpoint it went
/// to, and what is known of it so far. `result` keeps the server's `result` object as JSON text.
///
/// The server reports no times, so every time here is one the console observed: a task
/// started between `startedAfter` (the last poll that saw it pending) and `started` (the first
/// that saw it running), and finished between `finishedAfter` and `finished` likewise.
struct TrackedFuture
{
    QString taskId;
    QString endpointId;
    QString endpointName;
    QDateTime submitted;
    TaskStatus status = TaskStatus::Pending;
    QDateTime started;       ///< when the console first saw it running; null if it never did
    QDateTime startedAfter;  ///< when a poll last saw it pending; null means `submitted`
    QDateTime finished;      ///< when the console first saw it finished
    QDateTime finishedAfter; ///< when a poll last saw it unfinished; null means it is not known
    QByteArray result;       ///< JSON text of the server's `result`, empty until finished
    QString traceback;
    int statusCode = 0; ///< the model's HTTP status, 0 when not known
    bool tracked = true;

    /// Success and failure are final; a tracked future is polled until it reaches one.
    bool isFinished() const { return status.isFinished(); }
    bool isPending() const { return tracked && !isFinished(); }
};

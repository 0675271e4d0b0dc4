#pragma once

#include "TaskStatus.h"

#include <QJsonValue>
#include <optional>

/// An async task, the future of a prediction (GetAsyncTaskV1Response).
struct AsyncTask
{
    QString taskId;
    TaskStatus status;
    /// The wrapped model output once finished, usually `{"result": "<JSON text>"}`; Null
    /// when absent.
    QJsonValue result;
    std::optional<QString> traceback;
    std::optional<int> statusCode;

    friend bool operator==(const AsyncTask&, const AsyncTask&) = default;
};

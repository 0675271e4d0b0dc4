#pragma once

#include "TaskStatus.h"

#include <QJsonValue>
#include <optional>

/// The answer of a sync task (SyncEndpointPredictV1Response). When the model fails, status is
/// Failure with a traceback, and the HTTP status of the call is still 200.
struct SyncPredictResponse
{
    TaskStatus status;
    /// The wrapped model output, usually `{"result": "<JSON text>"}`; Null when absent.
    QJsonValue result;
    std::optional<QString> traceback;
    std::optional<int> statusCode;

    friend bool operator==(const SyncPredictResponse&, const SyncPredictResponse&) = default;
};

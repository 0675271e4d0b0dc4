#pragma once

#include "CallbackAuth.h"

#include <QJsonValue>
#include <optional>

/// The body of a sync, async or streaming task (EndpointPredictV1Request).
struct PredictRequest
{
    std::optional<QString> url;
    /// Any JSON value; Undefined means "not sent", Null is sent as null.
    QJsonValue args = QJsonValue(QJsonValue::Undefined);
    std::optional<QString> cloudpickle;
    std::optional<QString> callbackUrl;
    std::optional<CallbackAuth> callbackAuth;
    bool returnPickled = false;
    std::optional<QString> destinationPath;

    friend bool operator==(const PredictRequest&, const PredictRequest&) = default;
};

#pragma once

#include "CallbackAuth.h"

#include <QByteArray>
#include <QJsonValue>
#include <optional>

/// The body of a sync, async or streaming task (EndpointPredictV1Request).
struct PredictRequest
{
    std::optional<QString> url;
    /// Any JSON value; Undefined means "not sent", Null is sent as null.
    QJsonValue args = QJsonValue(QJsonValue::Undefined);
    /// The arguments as the person typed them (a JSON object or array), sent byte for byte in
    /// place of `args`, so neither key order, number spelling nor layout changes on the way.
    std::optional<QByteArray> argsText;
    std::optional<QString> cloudpickle;
    std::optional<QString> callbackUrl;
    std::optional<CallbackAuth> callbackAuth;
    bool returnPickled = false;
    std::optional<QString> destinationPath;

    friend bool operator==(const PredictRequest&, const PredictRequest&) = default;
};

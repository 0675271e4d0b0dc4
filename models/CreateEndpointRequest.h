#pragma once

#include "CallbackAuth.h"
#include "EndpointType.h"
#include "GpuType.h"
#include "Labels.h"
#include "Quantity.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

struct ModelEndpoint;

/// The body of `POST /v1/model-endpoints` (CreateModelEndpointV1Request). Optional fields that
/// are not set are not sent.
struct CreateEndpointRequest
{
    QString name;
    QString modelBundleId;
    EndpointType endpointType;
    QJsonObject metadata;
    std::optional<QStringList> postInferenceHooks;
    Quantity cpus;
    int gpus = 0;
    Quantity memory;
    std::optional<GpuType> gpuType;
    /// Required by the schema; a request that leaves it out is still read (as not set) so
    /// that older clients are not refused, and the server picks its default.
    std::optional<Quantity> storage;
    int nodesPerWorker = 1;
    std::optional<bool> optimizeCosts;
    int minWorkers = 0;
    int maxWorkers = 1;
    int perWorker = 1;
    std::optional<int> concurrentRequestsPerWorker;
    std::optional<int> forwarderMaxConcurrency;
    Labels labels;
    std::optional<bool> prewarm;
    std::optional<bool> highPriority;
    std::optional<QJsonObject> billingTags;
    std::optional<QString> defaultCallbackUrl;
    std::optional<CallbackAuth> defaultCallbackAuth;
    std::optional<bool> publicInference;
    std::optional<int> queueMessageTimeoutSeconds;
    std::optional<int> taskExpiresSeconds;

    /// The request that would create an endpoint like `endpoint` (for edit and clone forms).
    /// The endpoint only names its bundle, so modelBundleId is left empty.
    static CreateEndpointRequest fromEndpoint(const ModelEndpoint& endpoint);

    friend bool operator==(const CreateEndpointRequest&, const CreateEndpointRequest&) = default;
};

#pragma once

#include "CallbackAuth.h"
#include "GpuType.h"
#include "Labels.h"
#include "Quantity.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

struct CreateEndpointRequest;
struct ModelEndpoint;

/// The body of `PUT /v1/model-endpoints/{id}` (UpdateModelEndpointV1Request), a partial
/// update: every field is optional and only the fields that are set are sent. Servers treat a
/// field that is absent or null as "unchanged", so a field cannot be cleared this way.
struct UpdateEndpointRequest
{
    std::optional<QString> modelBundleId;
    std::optional<QJsonObject> metadata;
    std::optional<QStringList> postInferenceHooks;
    std::optional<Quantity> cpus;
    std::optional<int> gpus;
    std::optional<Quantity> memory;
    std::optional<GpuType> gpuType;
    std::optional<Quantity> storage;
    std::optional<bool> optimizeCosts;
    std::optional<int> minWorkers;
    std::optional<int> maxWorkers;
    std::optional<int> perWorker;
    std::optional<int> concurrentRequestsPerWorker;
    std::optional<int> forwarderMaxConcurrency;
    std::optional<Labels> labels;
    std::optional<bool> prewarm;
    std::optional<bool> highPriority;
    std::optional<QJsonObject> billingTags;
    std::optional<QString> defaultCallbackUrl;
    std::optional<CallbackAuth> defaultCallbackAuth;
    std::optional<bool> publicInference;
    std::optional<int> queueMessageTimeoutSeconds;
    std::optional<int> taskExpiresSeconds;

    /// True when no field is set (nothing to send).
    bool isEmpty() const { return changedFields().isEmpty(); }
    /// The wire names of the fields that are set, in schema order.
    QStringList changedFields() const;

    /// The update that turns `before` into `after`: only the fields whose values differ
    /// (quantities compare by value, so "1Gi" to "1024Mi" is no change). A field that `after`
    /// leaves unset is not sent, since it cannot be cleared; name and endpoint type cannot be
    /// updated and are ignored.
    static UpdateEndpointRequest fromDifference(const CreateEndpointRequest& before,
                                                const CreateEndpointRequest& after);
    /// The update that turns an existing endpoint into what an edit form holds. The endpoint
    /// does not carry its bundle id, so modelBundleId is sent whenever `after` has one.
    static UpdateEndpointRequest fromDifference(const ModelEndpoint& before,
                                                const CreateEndpointRequest& after);

    friend bool operator==(const UpdateEndpointRequest&, const UpdateEndpointRequest&) = default;
};

#include "UpdateEndpointRequest.h"

#include "CreateEndpointRequest.h"
#include "ModelEndpoint.h"

using namespace Qt::StringLiterals;

namespace {

// Sets `field` to `after` when it differs from `before`.
template <typename T>
void setIfChanged(std::optional<T>& field, const T& before, const T& after)
{
    if (!(before == after)) {
        field = after;
    }
}

// For optional fields: a value that `after` leaves unset cannot be sent, so it is no change.
template <typename T>
void setIfChanged(std::optional<T>& field, const std::optional<T>& before,
                  const std::optional<T>& after)
{
    if (after && !(before == after)) {
        field = *after;
    }
}

template <typename T>
void addIfSet(QStringList& names, const std::optional<T>& field, const QString& name)
{
    if (field) {
        names.append(name);
    }
}

} // namespace

QStringList UpdateEndpointRequest::changedFields() const
{
    QStringList names;
    addIfSet(names, modelBundleId, u"model_bundle_id"_s);
    addIfSet(names, metadata, u"metadata"_s);
    addIfSet(names, postInferenceHooks, u"post_inference_hooks"_s);
    addIfSet(names, cpus, u"cpus"_s);
    addIfSet(names, gpus, u"gpus"_s);
    addIfSet(names, memory, u"memory"_s);
    addIfSet(names, gpuType, u"gpu_type"_s);
    addIfSet(names, storage, u"storage"_s);
    addIfSet(names, optimizeCosts, u"optimize_costs"_s);
    addIfSet(names, minWorkers, u"min_workers"_s);
    addIfSet(names, maxWorkers, u"max_workers"_s);
    addIfSet(names, perWorker, u"per_worker"_s);
    addIfSet(names, concurrentRequestsPerWorker, u"concurrent_requests_per_worker"_s);
    addIfSet(names, forwarderMaxConcurrency, u"forwarder_max_concurrency"_s);
    addIfSet(names, labels, u"labels"_s);
    addIfSet(names, prewarm, u"prewarm"_s);
    addIfSet(names, highPriority, u"high_priority"_s);
    addIfSet(names, billingTags, u"billing_tags"_s);
    addIfSet(names, defaultCallbackUrl, u"default_callback_url"_s);
    addIfSet(names, defaultCallbackAuth, u"default_callback_auth"_s);
    addIfSet(names, publicInference, u"public_inference"_s);
    addIfSet(names, queueMessageTimeoutSeconds, u"queue_message_timeout_seconds"_s);
    addIfSet(names, taskExpiresSeconds, u"task_expires_seconds"_s);
    return names;
}

UpdateEndpointRequest UpdateEndpointRequest::fromDifference(const CreateEndpointRequest& before,
                                                            const CreateEndpointRequest& after)
{
    UpdateEndpointRequest u;
    if (!after.modelBundleId.isEmpty()) {
        setIfChanged(u.modelBundleId, before.modelBundleId, after.modelBundleId);
    }
    setIfChanged(u.metadata, before.metadata, after.metadata);
    setIfChanged(u.postInferenceHooks, before.postInferenceHooks, after.postInferenceHooks);
    setIfChanged(u.cpus, before.cpus, after.cpus);
    setIfChanged(u.gpus, before.gpus, after.gpus);
    setIfChanged(u.memory, before.memory, after.memory);
    setIfChanged(u.gpuType, before.gpuType, after.gpuType);
    setIfChanged(u.storage, before.storage, after.storage);
    setIfChanged(u.optimizeCosts, before.optimizeCosts, after.optimizeCosts);
    setIfChanged(u.minWorkers, before.minWorkers, after.minWorkers);
    setIfChanged(u.maxWorkers, before.maxWorkers, after.maxWorkers);
    setIfChanged(u.perWorker, before.perWorker, after.perWorker);
    setIfChanged(u.concurrentRequestsPerWorker, before.concurrentRequestsPerWorker,
                 after.concurrentRequestsPerWorker);
    setIfChanged(u.forwarderMaxConcurrency, before.forwarderMaxConcurrency,
                 after.forwarderMaxConcurrency);
    setIfChanged(u.labels, before.labels, after.labels);
    setIfChanged(u.prewarm, before.prewarm, after.prewarm);
    setIfChanged(u.highPriority, before.highPriority, after.highPriority);
    setIfChanged(u.billingTags, before.billingTags, after.billingTags);
    setIfChanged(u.defaultCallbackUrl, before.defaultCallbackUrl, after.defaultCallbackUrl);
    setIfChanged(u.defaultCallbackAuth, before.defaultCallbackAuth, after.defaultCallbackAuth);
    setIfChanged(u.publicInference, before.publicInference, after.publicInference);
    setIfChanged(u.queueMessageTimeoutSeconds, before.queueMessageTimeoutSeconds,
                 after.queueMessageTimeoutSeconds);
    setIfChanged(u.taskExpiresSeconds, before.taskExpiresSeconds, after.taskExpiresSeconds);
    return u;
}

UpdateEndpointRequest UpdateEndpointRequest::fromDifference(const ModelEndpoint& before,
                                                            const CreateEndpointRequest& after)
{
    return fromDifference(CreateEndpointRequest::fromEndpoint(before), after);
}

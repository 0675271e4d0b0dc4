#include "EndpointCodec.h"

#include "JsonReader.h"
#include "JsonWriter.h"

using namespace Qt::StringLiterals;

Decoded<ModelEndpoint> EndpointCodec::decodeEndpoint(const QJsonValue& json, const QString& path)
{
    return decodeEndpoint(json, JsonPath(path));
}

Decoded<ModelEndpoint> EndpointCodec::decodeEndpoint(const QJsonValue& json, const JsonPath& path)
{
    JsonReader r(json, path);
    ModelEndpoint e;
    e.id = r.requiredString("id"_L1);
    e.name = r.requiredString("name"_L1);
    e.endpointType = r.requiredEnum<EndpointType>("endpoint_type"_L1, false);
    e.destination = r.requiredString("destination"_L1);
    e.deploymentName = r.optionalString("deployment_name"_L1);
    e.metadata = r.optionalObject("metadata"_L1).value_or(QJsonObject());
    e.bundleName = r.requiredString("bundle_name"_L1);
    e.status = r.requiredEnum<EndpointStatus>("status"_L1, false);
    e.postInferenceHooks = r.optionalStringList("post_inference_hooks"_L1);
    e.defaultCallbackUrl = r.optionalString("default_callback_url"_L1);
    e.defaultCallbackAuth =
            r.optional<CallbackAuth>("default_callback_auth"_L1, decodeCallbackAuth);
    e.labels = r.optionalStringMap("labels"_L1).value_or(Labels());
    e.awsRole = r.optionalString("aws_role"_L1);
    e.resultsS3Bucket = r.optionalString("results_s3_bucket"_L1);
    e.createdBy = r.requiredString("created_by"_L1);
    e.createdAt = r.requiredDateTime("created_at"_L1, &e.createdAtText);
    e.lastUpdatedAt = r.requiredDateTime("last_updated_at"_L1, &e.lastUpdatedAtText);
    e.deploymentState = r.optional<DeploymentState>("deployment_state"_L1, decodeDeploymentState);
    e.resourceState = r.optional<ResourceState>("resource_state"_L1, decodeResourceState);
    e.statusReason = r.optionalString("status_reason"_L1);
    e.numQueuedItems = r.optionalInt64("num_queued_items"_L1);
    e.publicInference = r.optionalBool("public_inference"_L1);
    e.taskExpiresSeconds = r.optionalInt("task_expires_seconds"_L1);
    e.queueMessageTimeoutSeconds = r.optionalInt("queue_message_timeout_seconds"_L1);
    return r.finish(std::move(e));
}

Decoded<ModelEndpoint> EndpointCodec::decodeEndpoint(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeEndpoint(json, QString()); });
}

QJsonObject EndpointCodec::encodeEndpoint(const ModelEndpoint& e)
{
    QJsonObject o;
    JsonWriter::put(o, "id"_L1, e.id);
    JsonWriter::put(o, "name"_L1, e.name);
    JsonWriter::put(o, "endpoint_type"_L1, e.endpointType);
    JsonWriter::put(o, "destination"_L1, e.destination);
    JsonWriter::putOrNull(o, "deployment_name"_L1, e.deploymentName);
    JsonWriter::put(o, "metadata"_L1, e.metadata);
    JsonWriter::put(o, "bundle_name"_L1, e.bundleName);
    JsonWriter::put(o, "status"_L1, e.status);
    JsonWriter::putOrNull(o, "post_inference_hooks"_L1, e.postInferenceHooks);
    JsonWriter::putOrNull(o, "default_callback_url"_L1, e.defaultCallbackUrl);
    o.insert("default_callback_auth"_L1,
             e.defaultCallbackAuth ? QJsonValue(encodeCallbackAuth(*e.defaultCallbackAuth))
                                   : QJsonValue());
    JsonWriter::put(o, "labels"_L1, e.labels);
    JsonWriter::putOrNull(o, "aws_role"_L1, e.awsRole);
    JsonWriter::putOrNull(o, "results_s3_bucket"_L1, e.resultsS3Bucket);
    JsonWriter::put(o, "created_by"_L1, e.createdBy);
    JsonWriter::put(o, "created_at"_L1,
                    e.createdAtText.isEmpty() ? JsonReader::formatDateTime(e.createdAt)
                                              : e.createdAtText);
    JsonWriter::put(o, "last_updated_at"_L1,
                    e.lastUpdatedAtText.isEmpty() ? JsonReader::formatDateTime(e.lastUpdatedAt)
                                                  : e.lastUpdatedAtText);
    o.insert("deployment_state"_L1, e.deploymentState
                                            ? QJsonValue(encodeDeploymentState(*e.deploymentState))
                                            : QJsonValue());
    o.insert("resource_state"_L1,
             e.resourceState ? QJsonValue(encodeResourceState(*e.resourceState)) : QJsonValue());
    // Not in the published schema; written only when there is a reason to show.
    JsonWriter::put(o, "status_reason"_L1, e.statusReason);
    JsonWriter::putOrNull(o, "num_queued_items"_L1, e.numQueuedItems);
    JsonWriter::putOrNull(o, "public_inference"_L1, e.publicInference);
    JsonWriter::putOrNull(o, "task_expires_seconds"_L1, e.taskExpiresSeconds);
    JsonWriter::putOrNull(o, "queue_message_timeout_seconds"_L1, e.queueMessageTimeoutSeconds);
    return o;
}

Decoded<EndpointList> EndpointCodec::decodeEndpointList(const QJsonValue& json, const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    EndpointList list;
    list.endpoints = r.listSkippingBad<ModelEndpoint>(
            "model_endpoints"_L1,
            [](const QJsonValue& item, const JsonPath& at) { return decodeEndpoint(item, at); },
            [&list](const QJsonValue& item, const DecodeError& error) {
                const QJsonObject object = item.toObject();
                const QJsonValue name = object.value("name"_L1);
                const QJsonValue id = object.value("id"_L1);
                list.unreadable.append(error);
                list.unreadableNames.append(name.isString() && !name.toString().isEmpty()
                                                    ? name.toString()
                                                    : id.toString());
            });
    return r.finish(std::move(list));
}

Decoded<EndpointList> EndpointCodec::decodeEndpointList(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeEndpointList(json, QString()); });
}

QJsonObject EndpointCodec::encodeEndpointList(const QList<ModelEndpoint>& endpoints)
{
    QJsonArray array;
    for (const ModelEndpoint& endpoint : endpoints) {
        array.append(encodeEndpoint(endpoint));
    }
    return QJsonObject{{"model_endpoints"_L1, array}};
}

Decoded<DeploymentState> EndpointCodec::decodeDeploymentState(const QJsonValue& json,
                                                              const JsonPath& path)
{
    JsonReader r(json, path);
    DeploymentState s;
    s.minWorkers = r.requiredInt("min_workers"_L1, 0);
    s.maxWorkers = r.requiredInt("max_workers"_L1, 0);
    s.perWorker = r.requiredInt("per_worker"_L1, 1);
    s.concurrentRequestsPerWorker = r.requiredInt("concurrent_requests_per_worker"_L1, 1);
    s.forwarderMaxConcurrency = r.optionalInt("forwarder_max_concurrency"_L1, 1, 20);
    s.availableWorkers = r.optionalInt("available_workers"_L1, 0);
    s.unavailableWorkers = r.optionalInt("unavailable_workers"_L1, 0);
    return r.finish(s);
}

QJsonObject EndpointCodec::encodeDeploymentState(const DeploymentState& s)
{
    QJsonObject o;
    JsonWriter::put(o, "min_workers"_L1, s.minWorkers);
    JsonWriter::put(o, "max_workers"_L1, s.maxWorkers);
    JsonWriter::put(o, "per_worker"_L1, s.perWorker);
    JsonWriter::put(o, "concurrent_requests_per_worker"_L1, s.concurrentRequestsPerWorker);
    JsonWriter::putOrNull(o, "forwarder_max_concurrency"_L1, s.forwarderMaxConcurrency);
    JsonWriter::putOrNull(o, "available_workers"_L1, s.availableWorkers);
    JsonWriter::putOrNull(o, "unavailable_workers"_L1, s.unavailableWorkers);
    return o;
}

Decoded<ResourceState> EndpointCodec::decodeResourceState(const QJsonValue& json,
                                                          const JsonPath& path)
{
    JsonReader r(json, path);
    ResourceState s;
    s.cpus = r.requiredQuantity("cpus"_L1);
    s.gpus = r.requiredInt("gpus"_L1, 0);
    s.memory = r.requiredQuantity("memory"_L1);
    s.gpuType = r.optionalEnum<GpuType>("gpu_type"_L1, false);
    s.storage = r.optionalQuantity("storage"_L1);
    s.nodesPerWorker = r.requiredInt("nodes_per_worker"_L1, 1);
    s.optimizeCosts = r.optionalBool("optimize_costs"_L1);
    return r.finish(std::move(s));
}

QJsonObject EndpointCodec::encodeResourceState(const ResourceState& s)
{
    QJsonObject o;
    JsonWriter::put(o, "cpus"_L1, s.cpus);
    JsonWriter::put(o, "gpus"_L1, s.gpus);
    JsonWriter::put(o, "memory"_L1, s.memory);
    JsonWriter::putOrNull(o, "gpu_type"_L1, s.gpuType);
    JsonWriter::putOrNull(o, "storage"_L1, s.storage);
    JsonWriter::put(o, "nodes_per_worker"_L1, s.nodesPerWorker);
    JsonWriter::putOrNull(o, "optimize_costs"_L1, s.optimizeCosts);
    return o;
}

Decoded<CallbackAuth> EndpointCodec::decodeCallbackAuth(const QJsonValue& json,
                                                        const JsonPath& path)
{
    JsonReader r(json, path);
    CallbackAuth auth;
    const QString kind = r.requiredString("kind"_L1);
    if (kind == "basic"_L1) {
        auth.kind = CallbackAuth::Basic;
        auth.username = r.requiredString("username"_L1);
        auth.password = r.requiredString("password"_L1);
    } else if (kind == "mtls"_L1) {
        auth.kind = CallbackAuth::Mtls;
        auth.cert = r.requiredString("cert"_L1);
        auth.key = r.requiredString("key"_L1);
    } else if (r.ok()) {
        r.fail(JsonPath(path, "kind"_L1), u"\"%1\" is not one of basic, mtls"_s.arg(kind));
    }
    return r.finish(std::move(auth));
}

QJsonObject EndpointCodec::encodeCallbackAuth(const CallbackAuth& auth)
{
    if (auth.kind == CallbackAuth::Mtls) {
        return {{"kind"_L1, "mtls"_L1}, {"cert"_L1, auth.cert}, {"key"_L1, auth.key}};
    }
    return {{"kind"_L1, "basic"_L1},
            {"username"_L1, auth.username},
            {"password"_L1, auth.password}};
}

namespace {
// The optional fields create and update requests share, read and written the same way.
template <typename Request>
void readSharedOptionalFields(JsonReader& r, Request& q)
{
    q.postInferenceHooks = r.optionalStringList("post_inference_hooks"_L1);
    q.gpuType = r.optionalEnum<GpuType>("gpu_type"_L1, true);
    q.storage = r.optionalQuantity("storage"_L1);
    q.optimizeCosts = r.optionalBool("optimize_costs"_L1);
    q.concurrentRequestsPerWorker = r.optionalInt("concurrent_requests_per_worker"_L1, 1);
    q.forwarderMaxConcurrency = r.optionalInt("forwarder_max_concurrency"_L1, 1, 20);
    q.prewarm = r.optionalBool("prewarm"_L1);
    q.highPriority = r.optionalBool("high_priority"_L1);
    q.billingTags = r.optionalObject("billing_tags"_L1);
    q.defaultCallbackUrl = r.optionalString("default_callback_url"_L1);
    q.defaultCallbackAuth =
            r.optional<CallbackAuth>("default_callback_auth"_L1, EndpointCodec::decodeCallbackAuth);
    q.publicInference = r.optionalBool("public_inference"_L1);
    q.queueMessageTimeoutSeconds = r.optionalInt("queue_message_timeout_seconds"_L1, 1, 43200);
    q.taskExpiresSeconds = r.optionalInt("task_expires_seconds"_L1, 1);
}

// The fields create and update requests share; an update leaves out what it does not change.
template <typename Request>
void writeSharedFields(QJsonObject& o, const Request& q)
{
    JsonWriter::put(o, "metadata"_L1, q.metadata);
    JsonWriter::put(o, "post_inference_hooks"_L1, q.postInferenceHooks);
    JsonWriter::put(o, "cpus"_L1, q.cpus);
    JsonWriter::put(o, "gpus"_L1, q.gpus);
    JsonWriter::put(o, "memory"_L1, q.memory);
    JsonWriter::put(o, "gpu_type"_L1, q.gpuType);
    JsonWriter::put(o, "storage"_L1, q.storage);
    JsonWriter::put(o, "optimize_costs"_L1, q.optimizeCosts);
    JsonWriter::put(o, "min_workers"_L1, q.minWorkers);
    JsonWriter::put(o, "max_workers"_L1, q.maxWorkers);
    JsonWriter::put(o, "per_worker"_L1, q.perWorker);
    JsonWriter::put(o, "concurrent_requests_per_worker"_L1, q.concurrentRequestsPerWorker);
    JsonWriter::put(o, "forwarder_max_concurrency"_L1, q.forwarderMaxConcurrency);
    JsonWriter::put(o, "labels"_L1, q.labels);
    JsonWriter::put(o, "prewarm"_L1, q.prewarm);
    JsonWriter::put(o, "high_priority"_L1, q.highPriority);
    JsonWriter::put(o, "billing_tags"_L1, q.billingTags);
    JsonWriter::put(o, "default_callback_url"_L1, q.defaultCallbackUrl);
    if (q.defaultCallbackAuth) {
        o.insert("default_callback_auth"_L1,
                 EndpointCodec::encodeCallbackAuth(*q.defaultCallbackAuth));
    }
    JsonWriter::put(o, "public_inference"_L1, q.publicInference);
    JsonWriter::put(o, "queue_message_timeout_seconds"_L1, q.queueMessageTimeoutSeconds);
    JsonWriter::put(o, "task_expires_seconds"_L1, q.taskExpiresSeconds);
}
} // namespace

Decoded<CreateEndpointRequest> EndpointCodec::decodeCreateRequest(const QJsonValue& json,
                                                                  const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    CreateEndpointRequest q;
    q.name = r.requiredString("name"_L1);
    q.modelBundleId = r.requiredString("model_bundle_id"_L1);
    q.endpointType = r.requiredEnum<EndpointType>("endpoint_type"_L1, true);
    q.metadata = r.requiredObject("metadata"_L1);
    q.cpus = r.requiredQuantity("cpus"_L1);
    q.gpus = r.requiredInt("gpus"_L1, 0);
    q.memory = r.requiredQuantity("memory"_L1);
    q.nodesPerWorker = r.optionalInt("nodes_per_worker"_L1, 1).value_or(1);
    q.minWorkers = r.requiredInt("min_workers"_L1, 0);
    q.maxWorkers = r.requiredInt("max_workers"_L1, 0);
    q.perWorker = r.requiredInt("per_worker"_L1, 1);
    const JsonPath labelsPath(root, "labels"_L1);
    if (r.ok() && r.field("labels"_L1).isUndefined()) {
        r.fail(labelsPath, u"missing required field (expected an object of strings)"_s);
    }
    q.labels = r.optionalStringMap("labels"_L1).value_or(Labels());
    readSharedOptionalFields(r, q);
    return r.finish(std::move(q));
}

QJsonObject EndpointCodec::encodeCreateRequest(const CreateEndpointRequest& q)
{
    QJsonObject o;
    JsonWriter::put(o, "name"_L1, q.name);
    JsonWriter::put(o, "model_bundle_id"_L1, q.modelBundleId);
    JsonWriter::put(o, "endpoint_type"_L1, q.endpointType);
    JsonWriter::put(o, "nodes_per_worker"_L1, q.nodesPerWorker);
    writeSharedFields(o, q);
    return o;
}

Decoded<UpdateEndpointRequest> EndpointCodec::decodeUpdateRequest(const QJsonValue& json,
                                                                  const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    UpdateEndpointRequest q;
    q.modelBundleId = r.optionalString("model_bundle_id"_L1);
    q.metadata = r.optionalObject("metadata"_L1);
    q.cpus = r.optionalQuantity("cpus"_L1);
    q.gpus = r.optionalInt("gpus"_L1, 0);
    q.memory = r.optionalQuantity("memory"_L1);
    q.minWorkers = r.optionalInt("min_workers"_L1, 0);
    q.maxWorkers = r.optionalInt("max_workers"_L1, 0);
    q.perWorker = r.optionalInt("per_worker"_L1, 1);
    q.labels = r.optionalStringMap("labels"_L1);
    readSharedOptionalFields(r, q);
    return r.finish(std::move(q));
}

QJsonObject EndpointCodec::encodeUpdateRequest(const UpdateEndpointRequest& q)
{
    QJsonObject o;
    JsonWriter::put(o, "model_bundle_id"_L1, q.modelBundleId);
    writeSharedFields(o, q);
    return o;
}

Decoded<EndpointCreationResponse> EndpointCodec::decodeCreationResponse(const QJsonValue& json,
                                                                        const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    EndpointCreationResponse response{r.requiredString("endpoint_creation_task_id"_L1)};
    return r.finish(std::move(response));
}

QJsonObject EndpointCodec::encodeCreationResponse(const EndpointCreationResponse& response)
{
    return {{"endpoint_creation_task_id"_L1, response.endpointCreationTaskId}};
}

Decoded<DeleteEndpointResponse> EndpointCodec::decodeDeleteResponse(const QJsonValue& json,
                                                                    const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    DeleteEndpointResponse response{r.requiredBool("deleted"_L1)};
    return r.finish(response);
}

QJsonObject EndpointCodec::encodeDeleteResponse(const DeleteEndpointResponse& response)
{
    return {{"deleted"_L1, response.deleted}};
}

Decoded<RestartEndpointResponse> EndpointCodec::decodeRestartResponse(const QJsonValue& json,
                                                                      const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    RestartEndpointResponse response{r.requiredBool("restarted"_L1)};
    return r.finish(response);
}

QJsonObject EndpointCodec::encodeRestartResponse(const RestartEndpointResponse& response)
{
    return {{"restarted"_L1, response.restarted}};
}

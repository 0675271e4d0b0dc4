#include "CreateEndpointRequest.h"

#include "ModelEndpoint.h"

CreateEndpointRequest CreateEndpointRequest::fromEndpoint(const ModelEndpoint& endpoint)
{
    CreateEndpointRequest request;
    request.name = endpoint.name;
    request.endpointType = endpoint.endpointType;
    request.metadata = endpoint.metadata;
    request.postInferenceHooks = endpoint.postInferenceHooks;
    request.labels = endpoint.labels;
    request.defaultCallbackUrl = endpoint.defaultCallbackUrl;
    request.defaultCallbackAuth = endpoint.defaultCallbackAuth;
    request.publicInference = endpoint.publicInference;
    request.queueMessageTimeoutSeconds = endpoint.queueMessageTimeoutSeconds;
    request.taskExpiresSeconds = endpoint.taskExpiresSeconds;
    if (endpoint.resourceState) {
        const ResourceState& resources = *endpoint.resourceState;
        request.cpus = resources.cpus;
        request.gpus = resources.gpus;
        request.memory = resources.memory;
        request.gpuType = resources.gpuType;
        request.storage = resources.storage;
        request.nodesPerWorker = resources.nodesPerWorker;
        request.optimizeCosts = resources.optimizeCosts;
    }
    if (endpoint.deploymentState) {
        const DeploymentState& deployment = *endpoint.deploymentState;
        request.minWorkers = deployment.minWorkers;
        request.maxWorkers = deployment.maxWorkers;
        request.perWorker = deployment.perWorker;
        request.concurrentRequestsPerWorker = deployment.concurrentRequestsPerWorker;
        request.forwarderMaxConcurrency = deployment.forwarderMaxConcurrency;
    }
    return request;
}

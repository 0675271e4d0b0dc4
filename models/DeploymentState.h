#pragma once

#include <optional>

/// How an endpoint scales (ModelEndpointDeploymentState): the worker range, the load per
/// worker, and the workers that are up or not.
struct DeploymentState
{
    int minWorkers = 0;
    int maxWorkers = 0;
    int perWorker = 1;
    int concurrentRequestsPerWorker = 1;
    std::optional<int> forwarderMaxConcurrency;
    std::optional<int> availableWorkers;
    std::optional<int> unavailableWorkers;

    friend bool operator==(const DeploymentState&, const DeploymentState&) = default;
};

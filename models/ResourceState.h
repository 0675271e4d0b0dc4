#pragma once

#include "GpuType.h"
#include "Quantity.h"

#include <optional>

/// The resources of one worker node of an endpoint (ModelEndpointResourceState).
struct ResourceState
{
    Quantity cpus;
    int gpus = 0;
    Quantity memory;
    std::optional<GpuType> gpuType;
    std::optional<Quantity> storage;
    int nodesPerWorker = 1;
    std::optional<bool> optimizeCosts;

    friend bool operator==(const ResourceState&, const ResourceState&) = default;
};

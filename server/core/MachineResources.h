#pragma once

#include <QJsonValue>
#include <QString>
#include <optional>

/// What this computer offers to workers (CPUs, memory, GPUs, disk) and whether the per-worker
/// resources of an endpoint fit. Quantities are numbers or Kubernetes quantity strings.
class MachineResources final
{
public:
    /// Reads the CPU count and /proc/meminfo; `dataDir` is where worker storage is measured.
    static MachineResources detect(const QString& dataDir);

    /// A quantity as a plain number: "500m" is 0.5, "8Gi" is 8 * 2^30, 2 is 2.
    static std::optional<double> parseQuantity(const QJsonValue& value);

    /// Empty when a worker with these resources fits on this computer, else why not.
    QString whyNotFit(const QJsonValue& cpus, const QJsonValue& memory, const QJsonValue& storage,
                      int gpus, const QString& gpuType) const;

    int cpus = 1;
    double memoryBytes = 0;
    double diskBytes = 0;
};

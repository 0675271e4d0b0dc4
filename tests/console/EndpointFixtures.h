#pragma once

#include "ModelBundle.h"
#include "ModelEndpoint.h"

#include <QDateTime>

/// Endpoints and bundles for the console tests, shaped like what a server sends.
namespace EndpointFixtures {

inline ModelEndpoint endpoint(int n, const QString& name = {})
{
    ModelEndpoint e;
    e.id = QStringLiteral("end_%1").arg(n, 6, 10, QLatin1Char('0'));
    e.name = name.isEmpty() ? QStringLiteral("endpoint-%1").arg(n) : name;
    e.endpointType = n % 3 == 0 ? EndpointType::Sync : EndpointType::Async;
    e.destination = QStringLiteral("launch-endpoint-id-") + e.id;
    e.bundleName = QStringLiteral("bundle-%1").arg(n % 7);
    e.status = n % 5 == 0 ? EndpointStatus::UpdateInProgress : EndpointStatus::Ready;
    e.labels = {{QStringLiteral("team"), n % 2 ? QStringLiteral("infra") : QStringLiteral("ml")},
                {QStringLiteral("product"), QStringLiteral("p%1").arg(n % 4)}};
    e.createdBy = QStringLiteral("user-%1").arg(n % 3);
    e.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(n * 60);
    e.createdAtText = e.createdAt.toString(Qt::ISODate);
    e.lastUpdatedAt = e.createdAt.addSecs(30);
    e.lastUpdatedAtText = e.lastUpdatedAt.toString(Qt::ISODate);
    DeploymentState d;
    d.minWorkers = n % 2;
    d.maxWorkers = 1 + n % 4;
    d.perWorker = 1 + n % 3;
    d.availableWorkers = n % 2;
    d.unavailableWorkers = 0;
    e.deploymentState = d;
    ResourceState r;
    r.cpus = n % 2 ? Quantity::fromNumber(0.5 * (n % 8 + 1))
                   : *Quantity::parse(QStringLiteral("500m"));
    r.memory = *Quantity::parse(QStringLiteral("%1Mi").arg(256 * (n % 9 + 1)));
    r.gpus = n % 11 == 0 ? 1 : 0;
    if (r.gpus > 0) {
        r.gpuType = GpuType::NvidiaTeslaT4;
    }
    e.resourceState = r;
    e.numQueuedItems = n % 13;
    return e;
}

inline QList<ModelEndpoint> endpoints(int count)
{
    QList<ModelEndpoint> list;
    list.reserve(count);
    for (int i = 0; i < count; ++i) {
        list.append(endpoint(i));
    }
    return list;
}

inline ModelBundle bundle(int n, const QString& name = {})
{
    RunnableImageFlavor image;
    image.repository = QStringLiteral("registry.example.com/models/echo");
    image.tag = QStringLiteral("1.%1").arg(n);
    image.command = {QStringLiteral("launch-example-model")};
    ModelBundle b;
    b.id = QStringLiteral("bun_%1").arg(n);
    b.name = name.isEmpty() ? QStringLiteral("bundle-%1").arg(n) : name;
    b.createdAt = QDateTime(QDate(2026, 2, 1), QTime(0, 0), Qt::UTC).addSecs(n * 3600);
    b.createdAtText = b.createdAt.toString(Qt::ISODate);
    b.flavor = BundleFlavor::fromRunnableImage(image);
    return b;
}

} // namespace EndpointFixtures

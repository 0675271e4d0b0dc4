#pragma once

#include "ApiAnswer.h"
#include "EndpointRuntime.h"
#include "MachineResources.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <functional>

class QNetworkAccessManager;
class Store;

/// Bundles and endpoints of launch-local: creation, reads, edits and deletion with the
/// validation and error answers of real Launch servers, the status of each endpoint, and one
/// EndpointRuntime per endpoint that runs its workers.
class EndpointManager final : public QObject
{
    Q_OBJECT

public:
    EndpointManager(Store* store, const MachineResources& machine,
                    const EndpointRuntime::Options& options, QObject* parent = nullptr);
    ~EndpointManager() override;

    /// Reads stored bundles and endpoints, deploys the endpoints and queues unfinished tasks.
    void load();
    /// Stops every worker; `done` runs once all are gone.
    void shutdown(std::function<void()> done);

    ApiAnswer createBundle(const QByteArray& body);
    ApiAnswer listBundles(const QString& name, const QString& orderBy, bool v1) const;
    ApiAnswer latestBundle(const QString& name, bool v1) const;
    ApiAnswer bundle(const QString& id, bool v1) const;

    ApiAnswer createEndpoint(const QByteArray& body);
    ApiAnswer listEndpoints(const QString& name, const QString& orderBy) const;
    ApiAnswer endpoint(const QString& id) const;
    ApiAnswer updateEndpoint(const QString& id, const QByteArray& body);
    ApiAnswer deleteEndpoint(const QString& id);
    ApiAnswer restartEndpoint(const QString& id);
    ApiAnswer logs(const QString& id, qsizetype tailBytes) const;

    /// The runtime that takes predictions for endpoint `id` of the given kind, or an error.
    EndpointRuntime* predictionTarget(const QString& id, bool async, ApiAnswer* error) const;

private:
    struct Endpoint
    {
        QJsonObject record;
        EndpointRuntime* runtime = nullptr;
        bool deleting = false;
        /// While the version that served before a failed update is started again after a
        /// restart of launch-local: the status_reason to show once it serves.
        QString restoring;
    };

    QJsonObject endpointJson(const Endpoint& endpoint) const;
    const QJsonObject* findBundle(const QString& id) const;
    QString findEndpointByName(const QString& name) const;
    ApiAnswer checkDeployment(const QJsonObject& record) const;
    void deploy(const QString& id, bool replaceWorkers);
    /// Deploys `record`'s settings, which may be an earlier version than the endpoint's own.
    void deployRecord(const QString& id, const QJsonObject& record, bool replaceWorkers);
    void setStatus(const QString& id, const QString& status, const QString& reason);
    void save(const Endpoint& endpoint);
    EndpointRuntime::Settings settingsFor(const QJsonObject& record) const;
    EndpointRuntime* makeRuntime(const QString& id);
    void finishDelete(const QString& id);
    /// The status_reason of a failed update while the previous version serves: why the update
    /// failed, and which bundle serves instead.
    static QString previousVersionReason(const EndpointRuntime* runtime);

    Store* m_store = nullptr;
    MachineResources m_machine;
    EndpointRuntime::Options m_options;
    QNetworkAccessManager* m_network = nullptr;
    QList<QJsonObject> m_bundles;
    QMap<QString, Endpoint> m_endpoints;
    QStringList m_order; // endpoint ids in the order they were created
    std::function<void()> m_shutdownDone;
};

#pragma once

#include "CallbackAuth.h"
#include "DeploymentState.h"
#include "EndpointStatus.h"
#include "EndpointType.h"
#include "Labels.h"
#include "ResourceState.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

/// A model endpoint as a server describes it (GetModelEndpointV1Response): every field of the
/// API. Timestamps are kept both parsed (UTC when the server gives no offset) and as received.
struct ModelEndpoint
{
    QString id;
    QString name;
    EndpointType endpointType;
    QString destination;
    std::optional<QString> deploymentName;
    QJsonObject metadata; ///< null or missing reads as empty
    QString bundleName;
    EndpointStatus status;
    std::optional<QStringList> postInferenceHooks;
    std::optional<QString> defaultCallbackUrl;
    std::optional<CallbackAuth> defaultCallbackAuth;
    Labels labels; ///< null or missing reads as empty
    std::optional<QString> awsRole;
    std::optional<QString> resultsS3Bucket;
    QString createdBy;
    QDateTime createdAt;
    QString createdAtText; ///< created_at exactly as received
    QDateTime lastUpdatedAt;
    QString lastUpdatedAtText; ///< last_updated_at exactly as received
    std::optional<DeploymentState> deploymentState;
    std::optional<ResourceState> resourceState;
    /// Status reason is not part of the published schema but real servers may send it; it is
    /// read when present.
    std::optional<QString> statusReason;
    std::optional<qint64> numQueuedItems;
    std::optional<bool> publicInference;
    std::optional<int> taskExpiresSeconds;
    std::optional<int> queueMessageTimeoutSeconds;

    friend bool operator==(const ModelEndpoint&, const ModelEndpoint&) = default;
};

#pragma once

#include <QString>

/// The answer to creating or updating an endpoint (CreateModelEndpointV1Response and
/// UpdateModelEndpointV1Response share this shape): `{endpoint_creation_task_id}`.
struct EndpointCreationResponse
{
    QString endpointCreationTaskId;

    friend bool operator==(const EndpointCreationResponse&,
                           const EndpointCreationResponse&) = default;
};

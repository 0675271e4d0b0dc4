#pragma once

#include "DecodeError.h"
#include "ModelEndpoint.h"

#include <QList>

/// A ListModelEndpointsV1Response as read: the endpoints that could be read, and why the others
/// could not. One malformed endpoint does not hide the rest of the list.
struct EndpointList
{
    QList<ModelEndpoint> endpoints;
    /// One error per endpoint left out, naming its path (`model_endpoints[3].endpoint_type`).
    QList<DecodeError> unreadable;
};

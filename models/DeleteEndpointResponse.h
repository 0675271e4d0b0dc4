#pragma once

/// The answer to deleting an endpoint (DeleteModelEndpointV1Response): `{deleted}`.
struct DeleteEndpointResponse
{
    bool deleted = false;

    friend bool operator==(const DeleteEndpointResponse&, const DeleteEndpointResponse&) = default;
};

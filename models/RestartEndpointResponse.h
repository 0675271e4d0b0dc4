#pragma once

/// The answer to restarting an endpoint's workers (RestartModelEndpointV1Response):
/// `{restarted}`.
struct RestartEndpointResponse
{
    bool restarted = false;

    friend bool operator==(const RestartEndpointResponse&,
                           const RestartEndpointResponse&) = default;
};

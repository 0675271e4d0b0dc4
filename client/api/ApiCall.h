#pragma once

#include <QtGlobal>
#include <memory>

/// A handle on one call made through LaunchClient, used to cancel it.
///
/// Handles are cheap to copy; all copies refer to the same call. A default-constructed handle
/// refers to nothing. Use it on the thread the client lives on.
///
/// Cancelling is not an error: after `cancel()` the call's callback is never invoked, whether
/// the call was still queued, on the wire, or already answered but not yet delivered.
/// Destroying the call's context object cancels it the same way.
class ApiCall final
{
public:
    struct State;

    ApiCall() = default;
    explicit ApiCall(std::shared_ptr<State> state);

    /// Stops the call; its callback will not run. Does nothing if it already finished.
    void cancel();
    /// True while the callback is still to come (queued, on the wire, or being delivered).
    bool isActive() const;
    /// True once the callback ran (or was dropped because its context was destroyed).
    bool isFinished() const;
    /// True if `cancel()` stopped the call before its callback ran.
    bool isCancelled() const;

private:
    std::shared_ptr<State> m_state;
};

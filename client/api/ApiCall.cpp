#include "ApiCall.h"

#include "ApiTransport.h"

ApiCall::ApiCall(std::shared_ptr<State> state)
    : m_state(std::move(state))
{}

void ApiCall::cancel()
{
    if (!m_state || m_state->finished || m_state->cancelled.exchange(true)) {
        return;
    }
    if (m_state->transport) {
        m_state->transport->abort(m_state->id);
    }
}

bool ApiCall::isActive() const
{
    return m_state && !m_state->finished && !m_state->cancelled;
}

bool ApiCall::isFinished() const
{
    return m_state && m_state->finished;
}

bool ApiCall::isCancelled() const
{
    return m_state && m_state->cancelled;
}

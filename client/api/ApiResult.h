#pragma once

#include "ApiError.h"

#include <utility>
#include <variant>

/// The outcome of one API call: either the decoded value or an ApiError.
///
/// Errors are values: nothing throws. Check `ok()` (or test the result as a bool) before
/// reading `value()`; reading the value of a failed result, or the error of a successful one,
/// is a programming error (asserted in debug builds).
///
/// A cancelled call has no result at all: its callback is never invoked (see LaunchClient).
template <typename T>
class ApiResult final
{
public:
    ApiResult(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    ApiResult(ApiError error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const&
    {
        Q_ASSERT(ok());
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        Q_ASSERT(ok());
        return std::get<0>(std::move(m_state));
    }
    const ApiError& error() const
    {
        Q_ASSERT(!ok());
        return std::get<1>(m_state);
    }

private:
    std::variant<T, ApiError> m_state;
};

/// The outcome of a call that answers nothing worth keeping (health checks).
template <>
class ApiResult<void> final
{
public:
    ApiResult() = default;
    ApiResult(ApiError error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return ok(); }
    const ApiError& error() const
    {
        Q_ASSERT(!ok());
        return m_error;
    }

private:
    ApiError m_error;
    bool m_ok = true;
};

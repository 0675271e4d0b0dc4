#pragma once

#include "DecodeError.h"

#include <utility>
#include <variant>

/// The result of decoding: either a value of type T or a DecodeError, never both.
template <typename T>
class Decoded final
{
public:
    Decoded(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Decoded(DecodeError error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    /// The decoded value; only valid when ok().
    const T& value() const& { return std::get<0>(m_data); }
    T& value() & { return std::get<0>(m_data); }
    T takeValue() { return std::move(std::get<0>(m_data)); }

    /// The error; only valid when !ok().
    const DecodeError& error() const { return std::get<1>(m_data); }

    /// The error as "path: message", or an empty string when ok().
    QString errorString() const { return ok() ? QString() : error().toString(); }

private:
    std::variant<T, DecodeError> m_data;
};

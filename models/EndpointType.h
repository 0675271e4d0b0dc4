#pragma once

#include <QList>
#include <QString>

/// The kind of a model endpoint: `async`, `sync` or `streaming` (ModelEndpointType).
/// A value a newer server sends that this version does not know is kept as Unknown together
/// with its text, so it is shown and written back unchanged.
class EndpointType final
{
public:
    enum Value
    {
        Unknown,
        Async,
        Sync,
        Streaming,
    };

    /// Unknown, with no text.
    EndpointType() = default;
    EndpointType(Value value);

    /// The value for a wire string; an unrecognised string is kept as Unknown with its text.
    static EndpointType fromString(const QString& text);
    /// Every value this version knows, in the order of the API's enumeration.
    static QList<EndpointType> knownValues();

    Value value() const { return m_value; }
    bool isKnown() const { return m_value != Unknown; }
    /// The wire string (for Unknown, the text received).
    QString toString() const;
    /// A short name for people.
    QString displayName() const;

    friend bool operator==(const EndpointType& a, const EndpointType& b)
    {
        return a.m_value == b.m_value && (a.m_value != Unknown || a.m_text == b.m_text);
    }

private:
    Value m_value = Unknown;
    QString m_text;
};

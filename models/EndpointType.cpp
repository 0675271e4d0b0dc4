#include "EndpointType.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    EndpointType::Value value;
    QLatin1StringView wire;
    const char* display;
};

constexpr std::array kEntries{
        Entry{EndpointType::Async, "async"_L1, "Async"},
        Entry{EndpointType::Sync, "sync"_L1, "Sync"},
        Entry{EndpointType::Streaming, "streaming"_L1, "Streaming"},
};

} // namespace

EndpointType::EndpointType(Value value)
    : m_value(value)
{}

EndpointType EndpointType::fromString(const QString& text)
{
    for (const Entry& entry : kEntries) {
        if (text == entry.wire) {
            return EndpointType(entry.value);
        }
    }
    EndpointType unknown;
    unknown.m_text = text;
    return unknown;
}

QList<EndpointType> EndpointType::knownValues()
{
    QList<EndpointType> values;
    for (const Entry& entry : kEntries) {
        values.append(EndpointType(entry.value));
    }
    return values;
}

QString EndpointType::toString() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return entry.wire;
        }
    }
    return m_text;
}

QString EndpointType::displayName() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return QString::fromLatin1(entry.display);
        }
    }
    return m_text.isEmpty() ? u"Unknown"_s : m_text;
}

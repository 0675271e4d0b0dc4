#include "EndpointStatus.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    EndpointStatus::Value value;
    QLatin1StringView wire;
    const char* display;
};

constexpr std::array kEntries{
        Entry{EndpointStatus::Ready, "READY"_L1, "Ready"},
        Entry{EndpointStatus::UpdatePending, "UPDATE_PENDING"_L1, "Update pending"},
        Entry{EndpointStatus::UpdateInProgress, "UPDATE_IN_PROGRESS"_L1, "Updating"},
        Entry{EndpointStatus::UpdateFailed, "UPDATE_FAILED"_L1, "Update failed"},
        Entry{EndpointStatus::DeleteInProgress, "DELETE_IN_PROGRESS"_L1, "Deleting"},
};

} // namespace

EndpointStatus::EndpointStatus(Value value)
    : m_value(value)
{}

EndpointStatus EndpointStatus::fromString(const QString& text)
{
    for (const Entry& entry : kEntries) {
        if (text == entry.wire) {
            return EndpointStatus(entry.value);
        }
    }
    EndpointStatus unknown;
    unknown.m_text = text;
    return unknown;
}

QList<EndpointStatus> EndpointStatus::knownValues()
{
    QList<EndpointStatus> values;
    for (const Entry& entry : kEntries) {
        values.append(EndpointStatus(entry.value));
    }
    return values;
}

QString EndpointStatus::toString() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return entry.wire;
        }
    }
    return m_text;
}

QString EndpointStatus::displayName() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return QString::fromLatin1(entry.display);
        }
    }
    return m_text.isEmpty() ? u"Unknown"_s : m_text;
}

#include "TaskStatus.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    TaskStatus::Value value;
    QLatin1StringView wire;
    const char* display;
};

constexpr std::array kEntries{
        Entry{TaskStatus::Pending, "PENDING"_L1, "Pending"},
        Entry{TaskStatus::Started, "STARTED"_L1, "Started"},
        Entry{TaskStatus::Success, "SUCCESS"_L1, "Success"},
        Entry{TaskStatus::Failure, "FAILURE"_L1, "Failure"},
        Entry{TaskStatus::Undefined, "UNDEFINED"_L1, "Undefined"},
};

} // namespace

TaskStatus::TaskStatus(Value value)
    : m_value(value)
{}

TaskStatus TaskStatus::fromString(const QString& text)
{
    for (const Entry& entry : kEntries) {
        if (text == entry.wire) {
            return TaskStatus(entry.value);
        }
    }
    TaskStatus unknown;
    unknown.m_text = text;
    return unknown;
}

QList<TaskStatus> TaskStatus::knownValues()
{
    QList<TaskStatus> values;
    for (const Entry& entry : kEntries) {
        values.append(TaskStatus(entry.value));
    }
    return values;
}

QString TaskStatus::toString() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return entry.wire;
        }
    }
    return m_text;
}

QString TaskStatus::displayName() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return QString::fromLatin1(entry.display);
        }
    }
    return m_text.isEmpty() ? u"Unknown"_s : m_text;
}

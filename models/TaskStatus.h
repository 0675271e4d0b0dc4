#pragma once

#include <QList>
#include <QString>

/// The status of a prediction task (TaskStatus): `PENDING`, `STARTED`, `SUCCESS`,
/// `FAILURE`, `UNDEFINED`.
/// A value a newer server sends that this version does not know is kept as Unknown together
/// with its text, so it is shown and written back unchanged.
class TaskStatus final
{
public:
    enum Value
    {
        Unknown,
        Pending,
        Started,
        Success,
        Failure,
        Undefined,
    };

    /// Unknown, with no text.
    TaskStatus() = default;
    TaskStatus(Value value);

    /// The value for a wire string; an unrecognised string is kept as Unknown with its text.
    static TaskStatus fromString(const QString& text);
    /// Every value this version knows, in the order of the API's enumeration.
    static QList<TaskStatus> knownValues();

    Value value() const { return m_value; }
    bool isKnown() const { return m_value != Unknown; }
    /// The wire string (for Unknown, the text received).
    QString toString() const;
    /// True for Success and Failure: the task will not change any more.
    bool isFinished() const { return m_value == Success || m_value == Failure; }
    /// A short name for people.
    QString displayName() const;

    friend bool operator==(const TaskStatus& a, const TaskStatus& b)
    {
        return a.m_value == b.m_value && (a.m_value != Unknown || a.m_text == b.m_text);
    }

private:
    Value m_value = Unknown;
    QString m_text;
};

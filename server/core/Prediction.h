#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

/// What became of one prediction sent to a worker, and its wire form as real Launch servers
/// give it (`status`, `result`, `traceback`, `status_code`).
struct Prediction
{
    enum class Outcome
    {
        Answered,  ///< the worker answered with an HTTP status
        Busy,      ///< no worker slot became free in time
        NoWorker,  ///< no worker is ready
        Lost,      ///< the worker went away while answering, too many times
        TimedOut,  ///< the worker did not answer in time
        Cancelled, ///< the endpoint was deleted
    };

    Outcome outcome = Outcome::Answered;
    int statusCode = 0;
    QByteArray body;
    QString message;

    bool succeeded() const
    {
        return outcome == Outcome::Answered && statusCode >= 200 && statusCode < 300;
    }

    /// `{"result": "<answer as a JSON string>"}` for a successful answer.
    static QJsonObject wrapResult(const QByteArray& body);
    /// The task response fields: status, result, traceback, status_code.
    QJsonObject toTaskJson() const;
};

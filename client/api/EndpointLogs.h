#pragma once

#include "Decoded.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

/// The worker logs of one endpoint, as `launch-local` reports them on
/// `GET /v1/model-endpoints/{id}/logs`. This route is a local extension: other Launch servers
/// do not have it and answer 404.
///
/// Each worker's standard output and error are merged in `log`, cut to the last bytes asked
/// for; `truncated` says that older output is missing. Exited workers stay in the list for a
/// while so that a crash can be read after the restart.
struct EndpointLogs
{
    struct Worker
    {
        QString workerId;
        std::optional<qint64> pid;
        int port = 0;
        /// STARTING, READY, DRAINING, STOPPED or FAILED (kept as sent).
        QString state;
        QDateTime startedAt;
        QDateTime exitedAt; ///< invalid while running
        std::optional<int> exitCode;
        QString reason;
        int restarts = 0;
        QString log;
        bool truncated = false;
    };

    QString endpointId;
    QString status;
    QString statusReason;
    QList<Worker> workers;

    /// Reads the route's answer; unknown fields are ignored, null and missing alike for
    /// optional ones.
    static Decoded<EndpointLogs> decode(const QByteArray& body);
};

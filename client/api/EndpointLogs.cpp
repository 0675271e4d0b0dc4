#include "EndpointLogs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

QDateTime readTime(const QJsonValue& value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs)
                            : QDateTime();
}

std::optional<DecodeError> readWorker(const QJsonValue& json, const QString& path,
                                      EndpointLogs::Worker& worker)
{
    if (!json.isObject()) {
        return DecodeError{path, u"expected an object"_s};
    }
    const QJsonObject object = json.toObject();
    if (!object.value("worker_id"_L1).isString()) {
        return DecodeError{path + u".worker_id"_s, u"expected a string"_s};
    }
    worker.workerId = object.value("worker_id"_L1).toString();
    if (object.value("pid"_L1).isDouble()) {
        worker.pid = qint64(object.value("pid"_L1).toDouble());
    }
    worker.port = object.value("port"_L1).toInt();
    worker.state = object.value("state"_L1).toString();
    worker.startedAt = readTime(object.value("started_at"_L1));
    worker.exitedAt = readTime(object.value("exited_at"_L1));
    if (object.value("exit_code"_L1).isDouble()) {
        worker.exitCode = object.value("exit_code"_L1).toInt();
    }
    worker.reason = object.value("reason"_L1).toString();
    worker.restarts = object.value("restarts"_L1).toInt();
    worker.log = object.value("log"_L1).toString();
    worker.truncated = object.value("truncated"_L1).toBool();
    return std::nullopt;
}

} // namespace

Decoded<EndpointLogs> EndpointLogs::decode(const QByteArray& body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return DecodeError{{}, parseError.errorString(), parseError.offset};
    }
    if (!document.isObject()) {
        return DecodeError{{}, u"expected an object"_s};
    }
    const QJsonObject object = document.object();
    EndpointLogs logs;
    if (!object.value("model_endpoint_id"_L1).isString()) {
        return DecodeError{u"model_endpoint_id"_s, u"expected a string"_s};
    }
    logs.endpointId = object.value("model_endpoint_id"_L1).toString();
    logs.status = object.value("status"_L1).toString();
    logs.statusReason = object.value("status_reason"_L1).toString();
    const QJsonValue workers = object.value("workers"_L1);
    if (!workers.isArray() && !workers.isNull() && !workers.isUndefined()) {
        return DecodeError{u"workers"_s, u"expected a list"_s};
    }
    const QJsonArray list = workers.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        Worker worker;
        const QString path = u"workers[%1]"_s.arg(QString::number(i));
        if (std::optional<DecodeError> error = readWorker(list.at(i), path, worker)) {
            return *error;
        }
        logs.workers.append(worker);
    }
    return logs;
}

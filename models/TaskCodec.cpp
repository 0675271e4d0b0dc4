#include "TaskCodec.h"

#include "EndpointCodec.h"
#include "JsonReader.h"
#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

// A JSON value that may be anything (or absent), as a task result.
QJsonValue anyValue(const JsonReader& r, QLatin1StringView key)
{
    const QJsonValue value = r.field(key);
    return value.isUndefined() ? QJsonValue() : value;
}

} // namespace

Decoded<PredictRequest> TaskCodec::decodePredictRequest(const QJsonValue& json, const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    PredictRequest q;
    q.url = r.optionalString("url"_L1);
    q.args = r.field("args"_L1);
    q.cloudpickle = r.optionalString("cloudpickle"_L1);
    q.callbackUrl = r.optionalString("callback_url"_L1);
    q.callbackAuth =
            r.optional<CallbackAuth>("callback_auth"_L1, EndpointCodec::decodeCallbackAuth);
    q.returnPickled = r.optionalBool("return_pickled"_L1).value_or(false);
    q.destinationPath = r.optionalString("destination_path"_L1);
    return r.finish(std::move(q));
}

QJsonObject TaskCodec::encodePredictRequest(const PredictRequest& q)
{
    QJsonObject o;
    JsonWriter::put(o, "url"_L1, q.url);
    if (q.argsText) {
        const QJsonDocument typed = QJsonDocument::fromJson(*q.argsText);
        o.insert("args"_L1,
                 typed.isArray() ? QJsonValue(typed.array()) : QJsonValue(typed.object()));
    } else if (!q.args.isUndefined()) {
        o.insert("args"_L1, q.args);
    }
    JsonWriter::put(o, "cloudpickle"_L1, q.cloudpickle);
    JsonWriter::put(o, "callback_url"_L1, q.callbackUrl);
    if (q.callbackAuth) {
        o.insert("callback_auth"_L1, EndpointCodec::encodeCallbackAuth(*q.callbackAuth));
    }
    JsonWriter::put(o, "return_pickled"_L1, q.returnPickled);
    JsonWriter::put(o, "destination_path"_L1, q.destinationPath);
    return o;
}

QByteArray TaskCodec::encodePredictRequestBody(const PredictRequest& q)
{
    QJsonObject rest = encodePredictRequest(q);
    if (!q.argsText) {
        return QJsonDocument(rest).toJson(QJsonDocument::Compact);
    }
    QJsonParseError error;
    QJsonDocument::fromJson(*q.argsText, &error);
    if (error.error != QJsonParseError::NoError) {
        return {};
    }
    // A QJsonValue would sort the keys, shorten 1.50 and round big integers to a double.
    rest.remove("args"_L1);
    QByteArray body = QJsonDocument(rest).toJson(QJsonDocument::Compact);
    const QByteArray args = "\"args\":" + *q.argsText + (rest.isEmpty() ? "" : ",");
    return body.insert(1, args);
}

Decoded<SyncPredictResponse> TaskCodec::decodeSyncResponse(const QJsonValue& json,
                                                           const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    SyncPredictResponse s;
    s.status = r.requiredEnum<TaskStatus>("status"_L1, false);
    s.result = anyValue(r, "result"_L1);
    s.traceback = r.optionalString("traceback"_L1);
    s.statusCode = r.optionalInt("status_code"_L1);
    return r.finish(std::move(s));
}

Decoded<SyncPredictResponse> TaskCodec::decodeSyncResponse(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeSyncResponse(json, QString()); });
}

QJsonObject TaskCodec::encodeSyncResponse(const SyncPredictResponse& s)
{
    QJsonObject o;
    JsonWriter::put(o, "status"_L1, s.status);
    o.insert("result"_L1, s.result.isUndefined() ? QJsonValue() : s.result);
    JsonWriter::putOrNull(o, "traceback"_L1, s.traceback);
    JsonWriter::putOrNull(o, "status_code"_L1, s.statusCode);
    return o;
}

Decoded<AsyncTask> TaskCodec::decodeAsyncTask(const QJsonValue& json, const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    AsyncTask t;
    t.taskId = r.requiredString("task_id"_L1);
    t.status = r.requiredEnum<TaskStatus>("status"_L1, false);
    t.result = anyValue(r, "result"_L1);
    t.traceback = r.optionalString("traceback"_L1);
    t.statusCode = r.optionalInt("status_code"_L1);
    return r.finish(std::move(t));
}

Decoded<AsyncTask> TaskCodec::decodeAsyncTask(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeAsyncTask(json, QString()); });
}

QJsonObject TaskCodec::encodeAsyncTask(const AsyncTask& t)
{
    QJsonObject o;
    JsonWriter::put(o, "task_id"_L1, t.taskId);
    JsonWriter::put(o, "status"_L1, t.status);
    o.insert("result"_L1, t.result.isUndefined() ? QJsonValue() : t.result);
    JsonWriter::putOrNull(o, "traceback"_L1, t.traceback);
    JsonWriter::putOrNull(o, "status_code"_L1, t.statusCode);
    return o;
}

Decoded<CreateAsyncTaskResponse> TaskCodec::decodeCreateAsyncTaskResponse(const QJsonValue& json,
                                                                          const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    CreateAsyncTaskResponse response{r.requiredString("task_id"_L1)};
    return r.finish(std::move(response));
}

QJsonObject TaskCodec::encodeCreateAsyncTaskResponse(const CreateAsyncTaskResponse& response)
{
    return {{"task_id"_L1, response.taskId}};
}

QJsonObject TaskCodec::wrapModelOutput(const QByteArray& workerBody)
{
    return {{"result"_L1, QString::fromUtf8(workerBody)}};
}

QJsonValue TaskCodec::unwrapModelOutput(const QJsonValue& result)
{
    if (!result.isObject() || !result.toObject().contains("result"_L1)) {
        return result;
    }
    const QJsonValue inner = result.toObject().value("result"_L1);
    if (!inner.isString()) {
        return inner;
    }
    const QByteArray text = inner.toString().toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error == QJsonParseError::NoError) {
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
    // Scalars (numbers, strings, true) are valid JSON text that QJsonDocument does not take.
    const QJsonDocument wrapped = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1) {
        return wrapped.array().at(0);
    }
    return inner;
}

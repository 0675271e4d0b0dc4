#pragma once

#include "AsyncTask.h"
#include "CreateAsyncTaskResponse.h"
#include "Decoded.h"
#include "PredictRequest.h"
#include "SyncPredictResponse.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

/// JSON of the prediction routes (sync, async and streaming tasks), both ways, with the same
/// rules as EndpointCodec.
class TaskCodec final
{
public:
    TaskCodec() = delete;

    // EndpointPredictV1Request
    static Decoded<PredictRequest> decodePredictRequest(const QJsonValue& json,
                                                        const QString& path = {});
    /// `argsText`, when set, becomes `args` parsed (so not as typed: use the body below).
    static QJsonObject encodePredictRequest(const PredictRequest& request);
    /// The request as an HTTP body, with `argsText` spliced in unchanged as `args`; empty when
    /// `argsText` is not a JSON object or array.
    static QByteArray encodePredictRequestBody(const PredictRequest& request);

    // SyncEndpointPredictV1Response
    static Decoded<SyncPredictResponse> decodeSyncResponse(const QJsonValue& json,
                                                           const QString& path = {});
    static Decoded<SyncPredictResponse> decodeSyncResponse(const QByteArray& body);
    static QJsonObject encodeSyncResponse(const SyncPredictResponse& response);

    // GetAsyncTaskV1Response
    static Decoded<AsyncTask> decodeAsyncTask(const QJsonValue& json, const QString& path = {});
    static Decoded<AsyncTask> decodeAsyncTask(const QByteArray& body);
    static QJsonObject encodeAsyncTask(const AsyncTask& task);

    // CreateAsyncTaskV1Response
    static Decoded<CreateAsyncTaskResponse> decodeCreateAsyncTaskResponse(const QJsonValue& json,
                                                                          const QString& path = {});
    static QJsonObject encodeCreateAsyncTaskResponse(const CreateAsyncTaskResponse& response);

    /// Wraps a worker's answer body as servers return it: `{"result": "<body as text>"}`.
    static QJsonObject wrapModelOutput(const QByteArray& workerBody);
    /// The model's own answer inside a task `result`: `result.result` parsed as JSON when it
    /// is JSON text, the string itself when it is not, and `result` unchanged when it has no
    /// such member.
    static QJsonValue unwrapModelOutput(const QJsonValue& result);
};

#pragma once

#include "ApiCall.h"
#include "ApiResult.h"
#include "ApiTransport.h"
#include "AsyncTask.h"
#include "ConnectionSettings.h"
#include "CreateAsyncTaskResponse.h"
#include "CreateBundleRequest.h"
#include "CreateBundleResponse.h"
#include "CreateEndpointRequest.h"
#include "DeleteEndpointResponse.h"
#include "EndpointCreationResponse.h"
#include "EndpointList.h"
#include "EndpointLogs.h"
#include "ModelBundle.h"
#include "ModelBundleV1.h"
#include "ModelEndpoint.h"
#include "PredictRequest.h"
#include "RestartEndpointResponse.h"
#include "SyncPredictResponse.h"
#include "UpdateEndpointRequest.h"

#include <QList>
#include <QObject>
#include <QString>
#include <functional>

/// Talks to one Launch server over its REST API, asynchronously.
///
/// Every method sends one request and returns at once with an ApiCall handle. When the
/// answer is in, `done` is invoked with an ApiResult: the decoded value, or an ApiError
/// saying what went wrong (`ApiError::userMessage()` gives the sentence to show).
///
/// Rules every call follows:
/// - `done` runs on `context`'s thread, later, never inside the call that started it.
/// - If `context` is destroyed first, the call is cancelled and `done` never runs, so a
///   widget can pass itself as context and capture `this` safely.
/// - A cancel is not an error: after `ApiCall::cancel()` or `cancelAll()`, `done` never runs.
///   Destroying the client cancels its calls the same way.
/// - At most `ConnectionSettings::maxInFlight()` requests are on the wire; the rest wait in
///   order. The cap is per client, so the parts of the program that talk to one server
///   should share one client. Each call has a timeout (`timeoutMs`, or `predictTimeoutMs` for sync
///   predictions) reported as ApiError::Kind::Timeout, and a response size limit reported as
///   ApiError::Kind::BadResponse.
/// - The key is sent as HTTP Basic user name. Requests that would send it over plain HTTP
///   to a remote host, unless the settings allow it, fail with
///   ApiError::Kind::InsecureConnection and nothing is sent.
/// - TLS certificate problems fail the call (ApiError::Kind::Tls, the problem in
///   `detail()`); they are never ignored.
///
/// Use the client from the thread it lives on (normally the GUI thread).
///
/// \code
/// client->listEndpoints(this, [this](ApiResult<EndpointList> result) {
///     if (!result) {
///         showError(result.error().userMessage());
///         return;
///     }
///     m_model->setEndpoints(result.value().endpoints);
/// });
/// \endcode
class LaunchClient final : public QObject
{
    Q_OBJECT

public:
    template <typename T>
    using Callback = std::function<void(ApiResult<T>)>;

    /// The `order_by` of list routes. Bundles know only Newest and Oldest; servers refuse
    /// Alphabetical for them (ApiError::Kind::Validation).
    enum class Order
    {
        ServerDefault,
        Newest,
        Oldest,
        Alphabetical,
    };

    explicit LaunchClient(const ConnectionSettings& settings, QObject* parent = nullptr);
    ~LaunchClient() override;

    const ConnectionSettings& settings() const;
    /// Applies to requests not yet on the wire.
    void setSettings(const ConnectionSettings& settings);
    /// Cancels every queued and running call; their callbacks never run.
    void cancelAll();
    bool isBusy() const;
    /// The HTTP layer, for routes this class does not cover.
    ApiTransport* transport() const { return m_transport; }

    // Model endpoints: /v1/model-endpoints
    /// The endpoints that could be read; the others are named in EndpointList::unreadable.
    ApiCall listEndpoints(QObject* context, Callback<EndpointList> done);
    /// `name` filters by exact endpoint name when not empty.
    ApiCall listEndpoints(const QString& name, Order order, QObject* context,
                          Callback<EndpointList> done);
    ApiCall getEndpoint(const QString& endpointId, QObject* context, Callback<ModelEndpoint> done);
    ApiCall createEndpoint(const CreateEndpointRequest& request, QObject* context,
                           Callback<EndpointCreationResponse> done);
    /// Partial update: sends only the fields set in `request`.
    ApiCall updateEndpoint(const QString& endpointId, const UpdateEndpointRequest& request,
                           QObject* context, Callback<EndpointCreationResponse> done);
    ApiCall deleteEndpoint(const QString& endpointId, QObject* context,
                           Callback<DeleteEndpointResponse> done);
    ApiCall restartEndpoint(const QString& endpointId, QObject* context,
                            Callback<RestartEndpointResponse> done);
    /// `GET /v1/model-endpoints/{id}/logs?tail_bytes=`: worker logs, on launch-local only
    /// (other servers answer ApiError::Kind::NotFound). `tailBytes` <= 0 uses the server's
    /// default (64 KiB per worker).
    ApiCall endpointLogs(const QString& endpointId, qint64 tailBytes, QObject* context,
                         Callback<EndpointLogs> done);

    // Model bundles: /v2/model-bundles, and the v1 shape of the newest bundle of a name
    ApiCall listBundles(QObject* context, Callback<QList<ModelBundle>> done);
    /// `modelName` filters by bundle name when not empty.
    ApiCall listBundles(const QString& modelName, Order order, QObject* context,
                        Callback<QList<ModelBundle>> done);
    ApiCall getBundle(const QString& bundleId, QObject* context, Callback<ModelBundle> done);
    ApiCall createBundle(const CreateBundleRequest& request, QObject* context,
                         Callback<CreateBundleResponse> done);
    /// `GET /v2/model-bundles/latest?model_name=`
    ApiCall latestBundle(const QString& modelName, QObject* context, Callback<ModelBundle> done);
    /// `GET /v1/model-bundles/latest?model_name=` (v1 shape)
    ApiCall latestBundleV1(const QString& modelName, QObject* context,
                           Callback<ModelBundleV1> done);

    // Predictions
    /// `POST /v1/sync-tasks`: waits for the model, up to `predictTimeoutMs()`. A failing model
    /// is not an ApiError: the result has status FAILURE and a traceback.
    ApiCall predictSync(const QString& endpointId, const PredictRequest& request, QObject* context,
                        Callback<SyncPredictResponse> done);
    /// `POST /v1/async-tasks`: enqueues and answers with the task id (the future).
    ApiCall createAsyncTask(const QString& endpointId, const PredictRequest& request,
                            QObject* context, Callback<CreateAsyncTaskResponse> done);
    /// `GET /v1/async-tasks/{id}`: the state of a future.
    ApiCall getAsyncTask(const QString& taskId, QObject* context, Callback<AsyncTask> done);

    // Liveness
    /// `GET /healthz`: any 2xx answer is success; the body is not read.
    ApiCall checkHealth(QObject* context, Callback<void> done);
    /// `GET /readyz`: any 2xx answer is success; the body is not read.
    ApiCall checkReady(QObject* context, Callback<void> done);

signals:
    /// True while any call is queued or on the wire (for a busy indicator).
    void busyChanged(bool busy);

private:
    template <typename T, typename Decode>
    ApiCall call(const ApiTransport::Request& request, QObject* context, Callback<T> done,
                 Decode decode);
    ApiCall callWithoutBody(const ApiTransport::Request& request, QObject* context,
                            Callback<void> done);

    ApiTransport* m_transport = nullptr;
};

#include "LaunchClient.h"

#include "BundleCodec.h"
#include "EndpointCodec.h"
#include "TaskCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

QString segment(const QString& id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QString orderName(LaunchClient::Order order)
{
    switch (order) {
    case LaunchClient::Order::Newest:
        return u"newest"_s;
    case LaunchClient::Order::Oldest:
        return u"oldest"_s;
    case LaunchClient::Order::Alphabetical:
        return u"alphabetical"_s;
    case LaunchClient::Order::ServerDefault:
        break;
    }
    return {};
}

QUrlQuery listQuery(const QString& nameKey, const QString& name, LaunchClient::Order order)
{
    QUrlQuery query;
    if (!name.isEmpty()) {
        query.addQueryItem(nameKey, QString::fromLatin1(QUrl::toPercentEncoding(name)));
    }
    if (order != LaunchClient::Order::ServerDefault) {
        query.addQueryItem(u"order_by"_s, orderName(order));
    }
    return query;
}

QUrlQuery singleQuery(const QString& key, const QString& value)
{
    QUrlQuery query;
    query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    return query;
}

ApiTransport::Request get(const QString& route, const QUrlQuery& query = {})
{
    ApiTransport::Request request;
    request.route = route;
    request.query = query;
    return request;
}

ApiTransport::Request withBody(const QByteArray& method, const QString& route,
                               const QByteArray& body, const QUrlQuery& query = {})
{
    ApiTransport::Request request;
    request.method = method;
    request.route = route;
    request.query = query;
    request.body = body;
    request.hasBody = true;
    return request;
}

ApiTransport::Request withBody(const QByteArray& method, const QString& route,
                               const QJsonObject& body, const QUrlQuery& query = {})
{
    return withBody(method, route, QJsonDocument(body).toJson(QJsonDocument::Compact), query);
}

// Arguments that are not JSON are refused before sending, answered as a call would be: later.
template <typename T>
ApiCall refuseArgs(QObject* context, LaunchClient::Callback<T> done)
{
    const ApiError error(ApiError::Kind::BadRequest,
                         LaunchClient::tr("The arguments are not a JSON object or array."));
    QMetaObject::invokeMethod(
            context, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
    return {};
}

ApiTransport::Request bodyless(const QByteArray& method, const QString& route)
{
    ApiTransport::Request request = get(route);
    request.method = method;
    return request;
}

// For the small answers that the codec reads only from a JSON value.
template <typename T>
Decoded<T> viaJson(const QByteArray& body, Decoded<T> (*decode)(const QJsonValue&, const QString&))
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return DecodeError{{}, parseError.errorString(), parseError.offset};
    }
    return decode(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()),
                  QString());
}

// A 2xx answer that is not JSON, or not the expected JSON: a proxy's page, a wrong base URL,
// a server of another version.
ApiError badResponse(const QByteArray& body, const DecodeError& error)
{
    if (error.offset < 0) {
        return ApiError(ApiError::Kind::BadResponse,
                        u"unexpected content: %1"_s.arg(error.toString()));
    }
    if (body.trimmed().startsWith('<')) {
        return ApiError(ApiError::Kind::BadResponse, u"the answer is an HTML page, not JSON"_s);
    }
    // Qt's own words for the fault, without the offset the decode error already carries.
    QJsonParseError parse;
    QJsonDocument::fromJson(body, &parse);
    return ApiError(ApiError::Kind::BadResponse,
                    u"the answer is not valid JSON: %1 at byte %2"_s.arg(
                            parse.errorString(), QString::number(error.offset)));
}

} // namespace

LaunchClient::LaunchClient(const ConnectionSettings& settings, QObject* parent)
    : QObject(parent)
    , m_transport(new ApiTransport(settings, this))
{
    connect(m_transport, &ApiTransport::busyChanged, this, &LaunchClient::busyChanged);
}

LaunchClient::~LaunchClient()
{
    m_transport->cancelAll();
}

const ConnectionSettings& LaunchClient::settings() const
{
    return m_transport->settings();
}

void LaunchClient::setSettings(const ConnectionSettings& settings)
{
    m_transport->setSettings(settings);
}

void LaunchClient::cancelAll()
{
    m_transport->cancelAll();
}

bool LaunchClient::isBusy() const
{
    return m_transport->inFlightCount() + m_transport->queuedCount() > 0;
}

template <typename T, typename Decode>
ApiCall LaunchClient::call(const ApiTransport::Request& request, QObject* context, Callback<T> done,
                           Decode decode)
{
    const QString host = settings().baseUrl().host();
    auto onRaw = [done = std::move(done), decode, host](ApiResult<QByteArray> raw) {
        if (!raw) {
            done(raw.error());
            return;
        }
        Decoded<T> decoded = decode(raw.value());
        if (!decoded) {
            ApiError error = badResponse(raw.value(), decoded.error());
            error.setHost(host);
            done(error);
            return;
        }
        done(decoded.takeValue());
    };
    return m_transport->send(request, context, std::move(onRaw));
}

ApiCall LaunchClient::callWithoutBody(const ApiTransport::Request& request, QObject* context,
                                      Callback<void> done)
{
    return m_transport->send(request, context, [done = std::move(done)](ApiResult<QByteArray> raw) {
        done(raw ? ApiResult<void>() : ApiResult<void>(raw.error()));
    });
}

ApiCall LaunchClient::listEndpoints(QObject* context, Callback<EndpointList> done)
{
    return listEndpoints({}, Order::ServerDefault, context, std::move(done));
}

ApiCall LaunchClient::listEndpoints(const QString& name, Order order, QObject* context,
                                    Callback<EndpointList> done)
{
    return call(get(u"/v1/model-endpoints"_s, listQuery(u"name"_s, name, order)), context,
                std::move(done),
                [](const QByteArray& body) { return EndpointCodec::decodeEndpointList(body); });
}

ApiCall LaunchClient::getEndpoint(const QString& endpointId, QObject* context,
                                  Callback<ModelEndpoint> done)
{
    return call(get(u"/v1/model-endpoints/"_s + segment(endpointId)), context, std::move(done),
                [](const QByteArray& body) { return EndpointCodec::decodeEndpoint(body); });
}

ApiCall LaunchClient::createEndpoint(const CreateEndpointRequest& request, QObject* context,
                                     Callback<EndpointCreationResponse> done)
{
    return call(
            withBody("POST", u"/v1/model-endpoints"_s, EndpointCodec::encodeCreateRequest(request)),
            context, std::move(done), [](const QByteArray& body) {
                return viaJson(body, &EndpointCodec::decodeCreationResponse);
            });
}

ApiCall LaunchClient::updateEndpoint(const QString& endpointId,
                                     const UpdateEndpointRequest& request, QObject* context,
                                     Callback<EndpointCreationResponse> done)
{
    return call(withBody("PUT", u"/v1/model-endpoints/"_s + segment(endpointId),
                         EndpointCodec::encodeUpdateRequest(request)),
                context, std::move(done), [](const QByteArray& body) {
                    return viaJson(body, &EndpointCodec::decodeCreationResponse);
                });
}

ApiCall LaunchClient::deleteEndpoint(const QString& endpointId, QObject* context,
                                     Callback<DeleteEndpointResponse> done)
{
    return call(bodyless("DELETE", u"/v1/model-endpoints/"_s + segment(endpointId)), context,
                std::move(done), [](const QByteArray& body) {
                    return viaJson(body, &EndpointCodec::decodeDeleteResponse);
                });
}

ApiCall LaunchClient::restartEndpoint(const QString& endpointId, QObject* context,
                                      Callback<RestartEndpointResponse> done)
{
    return call(bodyless("POST", u"/v1/model-endpoints/"_s + segment(endpointId) + u"/restart"_s),
                context, std::move(done), [](const QByteArray& body) {
                    return viaJson(body, &EndpointCodec::decodeRestartResponse);
                });
}

ApiCall LaunchClient::endpointLogs(const QString& endpointId, qint64 tailBytes, QObject* context,
                                   Callback<EndpointLogs> done)
{
    QUrlQuery query;
    if (tailBytes > 0) {
        query.addQueryItem(u"tail_bytes"_s, QString::number(tailBytes));
    }
    return call(get(u"/v1/model-endpoints/"_s + segment(endpointId) + u"/logs"_s, query), context,
                std::move(done), [](const QByteArray& body) { return EndpointLogs::decode(body); });
}

ApiCall LaunchClient::listBundles(QObject* context, Callback<QList<ModelBundle>> done)
{
    return listBundles({}, Order::ServerDefault, context, std::move(done));
}

ApiCall LaunchClient::listBundles(const QString& modelName, Order order, QObject* context,
                                  Callback<QList<ModelBundle>> done)
{
    return call(get(u"/v2/model-bundles"_s, listQuery(u"model_name"_s, modelName, order)), context,
                std::move(done),
                [](const QByteArray& body) { return BundleCodec::decodeBundleList(body); });
}

ApiCall LaunchClient::getBundle(const QString& bundleId, QObject* context,
                                Callback<ModelBundle> done)
{
    return call(get(u"/v2/model-bundles/"_s + segment(bundleId)), context, std::move(done),
                [](const QByteArray& body) { return BundleCodec::decodeBundle(body); });
}

ApiCall LaunchClient::createBundle(const CreateBundleRequest& request, QObject* context,
                                   Callback<CreateBundleResponse> done)
{
    return call(withBody("POST", u"/v2/model-bundles"_s, BundleCodec::encodeCreateRequest(request)),
                context, std::move(done), [](const QByteArray& body) {
                    return viaJson(body, &BundleCodec::decodeCreateResponse);
                });
}

ApiCall LaunchClient::latestBundle(const QString& modelName, QObject* context,
                                   Callback<ModelBundle> done)
{
    return call(get(u"/v2/model-bundles/latest"_s, singleQuery(u"model_name"_s, modelName)),
                context, std::move(done),
                [](const QByteArray& body) { return BundleCodec::decodeBundle(body); });
}

ApiCall LaunchClient::latestBundleV1(const QString& modelName, QObject* context,
                                     Callback<ModelBundleV1> done)
{
    return call(get(u"/v1/model-bundles/latest"_s, singleQuery(u"model_name"_s, modelName)),
                context, std::move(done),
                [](const QByteArray& body) { return BundleCodec::decodeBundleV1(body); });
}

ApiCall LaunchClient::predictSync(const QString& endpointId, const PredictRequest& request,
                                  QObject* context, Callback<SyncPredictResponse> done)
{
    const QByteArray sent = TaskCodec::encodePredictRequestBody(request);
    if (sent.isEmpty()) {
        return refuseArgs(context, std::move(done));
    }
    ApiTransport::Request http = withBody("POST", u"/v1/sync-tasks"_s, sent,
                                          singleQuery(u"model_endpoint_id"_s, endpointId));
    http.timeoutMs = settings().predictTimeoutMs();
    return call(http, context, std::move(done),
                [](const QByteArray& body) { return TaskCodec::decodeSyncResponse(body); });
}

ApiCall LaunchClient::createAsyncTask(const QString& endpointId, const PredictRequest& request,
                                      QObject* context, Callback<CreateAsyncTaskResponse> done)
{
    const QByteArray sent = TaskCodec::encodePredictRequestBody(request);
    if (sent.isEmpty()) {
        return refuseArgs(context, std::move(done));
    }
    return call(withBody("POST", u"/v1/async-tasks"_s, sent,
                         singleQuery(u"model_endpoint_id"_s, endpointId)),
                context, std::move(done), [](const QByteArray& body) {
                    return viaJson(body, &TaskCodec::decodeCreateAsyncTaskResponse);
                });
}

ApiCall LaunchClient::getAsyncTask(const QString& taskId, QObject* context,
                                   Callback<AsyncTask> done)
{
    return call(get(u"/v1/async-tasks/"_s + segment(taskId)), context, std::move(done),
                [](const QByteArray& body) { return TaskCodec::decodeAsyncTask(body); });
}

ApiCall LaunchClient::checkHealth(QObject* context, Callback<void> done)
{
    return callWithoutBody(get(u"/healthz"_s), context, std::move(done));
}

ApiCall LaunchClient::checkReady(QObject* context, Callback<void> done)
{
    return callWithoutBody(get(u"/readyz"_s), context, std::move(done));
}

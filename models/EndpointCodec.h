#pragma once

#include "CallbackAuth.h"
#include "CreateEndpointRequest.h"
#include "Decoded.h"
#include "DeleteEndpointResponse.h"
#include "DeploymentState.h"
#include "EndpointCreationResponse.h"
#include "EndpointList.h"
#include "JsonPath.h"
#include "ModelEndpoint.h"
#include "ResourceState.h"
#include "RestartEndpointResponse.h"
#include "UpdateEndpointRequest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

/// JSON of the model endpoint routes, both ways (the console decodes responses and encodes
/// requests; launch-local does the reverse). Decoders take the JSON value and the path of that
/// value in its document (for error messages); they ignore unknown fields and read null and
/// missing alike for optional fields. Response decoders keep enum values they do not know;
/// request decoders refuse them, as a server must. Encoders write only what the schema
/// accepts and leave out optional fields that are not set.
class EndpointCodec final
{
public:
    EndpointCodec() = delete;

    // GetModelEndpointV1Response
    static Decoded<ModelEndpoint> decodeEndpoint(const QJsonValue& json, const QString& path = {});
    static Decoded<ModelEndpoint> decodeEndpoint(const QJsonValue& json, const JsonPath& path);
    /// A whole response body, including malformed JSON.
    static Decoded<ModelEndpoint> decodeEndpoint(const QByteArray& body);
    static QJsonObject encodeEndpoint(const ModelEndpoint& endpoint);

    // ListModelEndpointsV1Response: {"model_endpoints": [...]}. An endpoint that cannot be read
    // is left out and named in EndpointList::unreadable; a body without the list is an error.
    static Decoded<EndpointList> decodeEndpointList(const QJsonValue& json,
                                                    const QString& path = {});
    /// A whole response body, including malformed JSON.
    static Decoded<EndpointList> decodeEndpointList(const QByteArray& body);
    static QJsonObject encodeEndpointList(const QList<ModelEndpoint>& endpoints);

    static Decoded<DeploymentState> decodeDeploymentState(const QJsonValue& json,
                                                          const JsonPath& path);
    static QJsonObject encodeDeploymentState(const DeploymentState& state);
    static Decoded<ResourceState> decodeResourceState(const QJsonValue& json, const JsonPath& path);
    static QJsonObject encodeResourceState(const ResourceState& state);
    static Decoded<CallbackAuth> decodeCallbackAuth(const QJsonValue& json, const JsonPath& path);
    static QJsonObject encodeCallbackAuth(const CallbackAuth& auth);

    // CreateModelEndpointV1Request
    static Decoded<CreateEndpointRequest> decodeCreateRequest(const QJsonValue& json,
                                                              const QString& path = {});
    static QJsonObject encodeCreateRequest(const CreateEndpointRequest& request);

    // UpdateModelEndpointV1Request
    static Decoded<UpdateEndpointRequest> decodeUpdateRequest(const QJsonValue& json,
                                                              const QString& path = {});
    /// Only the fields that are set.
    static QJsonObject encodeUpdateRequest(const UpdateEndpointRequest& request);

    // CreateModelEndpointV1Response and UpdateModelEndpointV1Response
    static Decoded<EndpointCreationResponse> decodeCreationResponse(const QJsonValue& json,
                                                                    const QString& path = {});
    static QJsonObject encodeCreationResponse(const EndpointCreationResponse& response);

    // DeleteModelEndpointV1Response
    static Decoded<DeleteEndpointResponse> decodeDeleteResponse(const QJsonValue& json,
                                                                const QString& path = {});
    static QJsonObject encodeDeleteResponse(const DeleteEndpointResponse& response);

    // RestartModelEndpointV1Response
    static Decoded<RestartEndpointResponse> decodeRestartResponse(const QJsonValue& json,
                                                                  const QString& path = {});
    static QJsonObject encodeRestartResponse(const RestartEndpointResponse& response);
};

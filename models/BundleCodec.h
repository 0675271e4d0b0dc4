#pragma once

#include "BundleFlavor.h"
#include "CreateBundleRequest.h"
#include "CreateBundleResponse.h"
#include "Decoded.h"
#include "JsonPath.h"
#include "ModelBundle.h"
#include "ModelBundleV1.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

/// JSON of the model bundle routes, both ways (v2 shape with `flavor`, and the v1 shape of
/// `/v1/model-bundles/latest`). Same rules as EndpointCodec: unknown fields ignored, null and
/// missing alike for optional fields, required fields named by path when wrong. A flavor is
/// written back exactly as it was read.
class BundleCodec final
{
public:
    BundleCodec() = delete;

    // ModelBundleV2Response
    static Decoded<ModelBundle> decodeBundle(const QJsonValue& json, const QString& path = {});
    static Decoded<ModelBundle> decodeBundle(const QJsonValue& json, const JsonPath& path);
    static Decoded<ModelBundle> decodeBundle(const QByteArray& body);
    static QJsonObject encodeBundle(const ModelBundle& bundle);

    // ListModelBundlesV2Response: {"model_bundles": [...]}
    static Decoded<QList<ModelBundle>> decodeBundleList(const QJsonValue& json,
                                                        const QString& path = {});
    static Decoded<QList<ModelBundle>> decodeBundleList(const QByteArray& body);
    static QJsonObject encodeBundleList(const QList<ModelBundle>& bundles);

    /// A flavor object. When `strict` (requests), an unknown `flavor` is an error and a
    /// runnable image must be complete; otherwise unknown flavors are kept as they are.
    static Decoded<BundleFlavor> decodeFlavor(const QJsonValue& json, const JsonPath& path,
                                              bool strict);
    static Decoded<RunnableImageFlavor> decodeRunnableImage(const QJsonValue& json,
                                                            const JsonPath& path);
    /// The JSON object of a runnable image, with every field it has.
    static QJsonObject encodeRunnableImage(const RunnableImageFlavor& image);

    // CreateModelBundleV2Request
    static Decoded<CreateBundleRequest> decodeCreateRequest(const QJsonValue& json,
                                                            const QString& path = {});
    static QJsonObject encodeCreateRequest(const CreateBundleRequest& request);

    // CreateModelBundleV2Response
    static Decoded<CreateBundleResponse> decodeCreateResponse(const QJsonValue& json,
                                                              const QString& path = {});
    static QJsonObject encodeCreateResponse(const CreateBundleResponse& response);

    // ModelBundleV1Response
    static Decoded<ModelBundleV1> decodeBundleV1(const QJsonValue& json, const QString& path = {});
    static Decoded<ModelBundleV1> decodeBundleV1(const QByteArray& body);
    static QJsonObject encodeBundleV1(const ModelBundleV1& bundle);
};

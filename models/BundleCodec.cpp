#include "BundleCodec.h"

#include "JsonReader.h"
#include "JsonWriter.h"

using namespace Qt::StringLiterals;

namespace {

// The fields runnable_image shares with the streaming and triton variants.
RunnableImageFlavor readImage(JsonReader& r, bool commandRequired)
{
    RunnableImageFlavor image;
    image.repository = r.requiredString("repository"_L1);
    image.tag = r.requiredString("tag"_L1);
    image.command = commandRequired ? r.requiredStringList("command"_L1)
                                    : r.optionalStringList("command"_L1).value_or(QStringList());
    image.predictRoute = r.optionalString("predict_route"_L1).value_or(image.predictRoute);
    image.healthcheckRoute =
            r.optionalString("healthcheck_route"_L1).value_or(image.healthcheckRoute);
    image.env = r.optionalStringMap("env"_L1);
    r.requireConstant("protocol"_L1, "http"_L1);
    image.readinessInitialDelaySeconds = r.optionalInt("readiness_initial_delay_seconds"_L1)
                                                 .value_or(image.readinessInitialDelaySeconds);
    image.extraRoutes = r.optionalStringList("extra_routes"_L1).value_or(QStringList());
    image.routes = r.optionalStringList("routes"_L1).value_or(QStringList());
    const QJsonValue forwarder = r.field("forwarder_type"_L1);
    image.forwarderType =
            forwarder.isUndefined() ? image.forwarderType : r.optionalString("forwarder_type"_L1);
    image.workerCommand = r.optionalStringList("worker_command"_L1);
    image.workerEnv = r.optionalStringMap("worker_env"_L1);
    return image;
}

// What a request must carry beyond `flavor` for the flavors read as raw JSON.
void checkRawFlavor(JsonReader& r, BundleFlavor::Kind kind)
{
    switch (kind) {
    case BundleFlavor::StreamingEnhancedRunnableImage:
        r.requiredStringList("streaming_command"_L1);
        break;
    case BundleFlavor::TritonEnhancedRunnableImage:
        r.requiredString("triton_model_repository"_L1);
        r.requiredQuantity("triton_num_cpu"_L1);
        r.requiredString("triton_commit_tag"_L1);
        break;
    case BundleFlavor::CloudpickleArtifact:
    case BundleFlavor::ZipArtifact: {
        const bool zip = kind == BundleFlavor::ZipArtifact;
        r.requiredStringList("requirements"_L1);
        r.requiredObject("framework"_L1);
        r.requiredString("location"_L1);
        r.requiredString(zip ? "load_predict_fn_module_path"_L1 : "load_predict_fn"_L1);
        r.requiredString(zip ? "load_model_fn_module_path"_L1 : "load_model_fn"_L1);
        break;
    }
    case BundleFlavor::RunnableImage:
    case BundleFlavor::Unknown:
        break;
    }
}

QStringList flavorNames()
{
    QStringList names;
    for (BundleFlavor::Kind kind :
         {BundleFlavor::RunnableImage, BundleFlavor::StreamingEnhancedRunnableImage,
          BundleFlavor::TritonEnhancedRunnableImage, BundleFlavor::CloudpickleArtifact,
          BundleFlavor::ZipArtifact}) {
        names.append(BundleFlavor::kindToString(kind));
    }
    return names;
}

QString dateText(const QString& text, const QDateTime& dateTime)
{
    return text.isEmpty() ? JsonReader::formatDateTime(dateTime) : text;
}

Decoded<ModelBundleV1::EnvironmentParams> decodeEnvParams(const QJsonValue& json,
                                                          const JsonPath& path)
{
    JsonReader r(json, path);
    ModelBundleV1::EnvironmentParams p;
    p.frameworkType = r.requiredString("framework_type"_L1);
    p.pytorchImageTag = r.optionalString("pytorch_image_tag"_L1);
    p.tensorflowVersion = r.optionalString("tensorflow_version"_L1);
    p.ecrRepo = r.optionalString("ecr_repo"_L1);
    p.imageTag = r.optionalString("image_tag"_L1);
    return r.finish(std::move(p));
}

} // namespace

Decoded<ModelBundle> BundleCodec::decodeBundle(const QJsonValue& json, const QString& path)
{
    return decodeBundle(json, JsonPath(path));
}

Decoded<ModelBundle> BundleCodec::decodeBundle(const QJsonValue& json, const JsonPath& path)
{
    JsonReader r(json, path);
    ModelBundle b;
    b.id = r.requiredString("id"_L1);
    b.name = r.requiredString("name"_L1);
    b.metadata = r.requiredObject("metadata"_L1);
    b.createdAt = r.requiredDateTime("created_at"_L1, &b.createdAtText);
    b.modelArtifactIds = r.requiredStringList("model_artifact_ids"_L1);
    b.schemaLocation = r.optionalString("schema_location"_L1);
    b.flavor =
            r.required<BundleFlavor>("flavor"_L1, [](const QJsonValue& value, const JsonPath& at) {
                return decodeFlavor(value, at, false);
            });
    return r.finish(std::move(b));
}

Decoded<ModelBundle> BundleCodec::decodeBundle(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeBundle(json, QString()); });
}

QJsonObject BundleCodec::encodeBundle(const ModelBundle& b)
{
    QJsonObject o;
    JsonWriter::put(o, "id"_L1, b.id);
    JsonWriter::put(o, "name"_L1, b.name);
    JsonWriter::put(o, "metadata"_L1, b.metadata);
    JsonWriter::put(o, "created_at"_L1, dateText(b.createdAtText, b.createdAt));
    JsonWriter::put(o, "model_artifact_ids"_L1, b.modelArtifactIds);
    JsonWriter::putOrNull(o, "schema_location"_L1, b.schemaLocation);
    JsonWriter::put(o, "flavor"_L1, b.flavor.toJson());
    return o;
}

Decoded<QList<ModelBundle>> BundleCodec::decodeBundleList(const QJsonValue& json,
                                                          const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    QList<ModelBundle> bundles = r.requiredList<ModelBundle>(
            "model_bundles"_L1,
            [](const QJsonValue& item, const JsonPath& at) { return decodeBundle(item, at); });
    return r.finish(std::move(bundles));
}

Decoded<QList<ModelBundle>> BundleCodec::decodeBundleList(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeBundleList(json, QString()); });
}

QJsonObject BundleCodec::encodeBundleList(const QList<ModelBundle>& bundles)
{
    QJsonArray array;
    for (const ModelBundle& bundle : bundles) {
        array.append(encodeBundle(bundle));
    }
    return QJsonObject{{"model_bundles"_L1, array}};
}

Decoded<BundleFlavor> BundleCodec::decodeFlavor(const QJsonValue& json, const JsonPath& path,
                                                bool strict)
{
    JsonReader r(json, path);
    const QString name = r.requiredString("flavor"_L1);
    const BundleFlavor::Kind kind = BundleFlavor::kindFromString(name);
    if (r.ok() && kind == BundleFlavor::Unknown && strict) {
        r.fail(JsonPath(path, "flavor"_L1),
               u"\"%1\" is not one of %2"_s.arg(name, flavorNames().join(", "_L1)));
    }
    std::optional<RunnableImageFlavor> image;
    if (kind == BundleFlavor::RunnableImage) {
        image = readImage(r, true);
    } else if (kind == BundleFlavor::StreamingEnhancedRunnableImage ||
               kind == BundleFlavor::TritonEnhancedRunnableImage) {
        if (strict) {
            image = readImage(r, false);
        } else {
            // Read leniently: the image part is a convenience; the object is kept as it is.
            JsonReader imageReader(json, path);
            RunnableImageFlavor fields = readImage(imageReader, false);
            if (imageReader.ok()) {
                image = std::move(fields);
            }
        }
    }
    if (strict) {
        checkRawFlavor(r, kind);
    }
    return r.finish(BundleFlavor::fromJson(r.object(), std::move(image)));
}

Decoded<RunnableImageFlavor> BundleCodec::decodeRunnableImage(const QJsonValue& json,
                                                              const JsonPath& path)
{
    JsonReader r(json, path);
    r.requireConstant("flavor"_L1, "runnable_image"_L1);
    RunnableImageFlavor image = readImage(r, true);
    return r.finish(std::move(image));
}

QJsonObject BundleCodec::encodeRunnableImage(const RunnableImageFlavor& image)
{
    QJsonObject o;
    JsonWriter::put(o, "repository"_L1, image.repository);
    JsonWriter::put(o, "tag"_L1, image.tag);
    JsonWriter::put(o, "command"_L1, image.command);
    JsonWriter::put(o, "predict_route"_L1, image.predictRoute);
    JsonWriter::put(o, "healthcheck_route"_L1, image.healthcheckRoute);
    JsonWriter::put(o, "env"_L1, image.env);
    JsonWriter::put(o, "protocol"_L1, image.protocol);
    JsonWriter::put(o, "readiness_initial_delay_seconds"_L1, image.readinessInitialDelaySeconds);
    JsonWriter::put(o, "extra_routes"_L1, image.extraRoutes);
    JsonWriter::put(o, "routes"_L1, image.routes);
    JsonWriter::putOrNull(o, "forwarder_type"_L1, image.forwarderType);
    JsonWriter::put(o, "worker_command"_L1, image.workerCommand);
    JsonWriter::put(o, "worker_env"_L1, image.workerEnv);
    o.insert("flavor"_L1, "runnable_image"_L1);
    return o;
}

Decoded<CreateBundleRequest> BundleCodec::decodeCreateRequest(const QJsonValue& json,
                                                              const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    CreateBundleRequest q;
    q.name = r.requiredString("name"_L1);
    q.metadata = r.optionalObject("metadata"_L1);
    q.schemaLocation = r.requiredString("schema_location"_L1);
    q.flavor =
            r.required<BundleFlavor>("flavor"_L1, [](const QJsonValue& value, const JsonPath& at) {
                return decodeFlavor(value, at, true);
            });
    return r.finish(std::move(q));
}

QJsonObject BundleCodec::encodeCreateRequest(const CreateBundleRequest& q)
{
    QJsonObject o;
    JsonWriter::put(o, "name"_L1, q.name);
    JsonWriter::put(o, "metadata"_L1, q.metadata);
    JsonWriter::put(o, "schema_location"_L1, q.schemaLocation);
    JsonWriter::put(o, "flavor"_L1, q.flavor.toJson());
    return o;
}

Decoded<CreateBundleResponse> BundleCodec::decodeCreateResponse(const QJsonValue& json,
                                                                const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    CreateBundleResponse response{r.requiredString("model_bundle_id"_L1)};
    return r.finish(std::move(response));
}

QJsonObject BundleCodec::encodeCreateResponse(const CreateBundleResponse& response)
{
    return {{"model_bundle_id"_L1, response.modelBundleId}};
}

Decoded<ModelBundleV1> BundleCodec::decodeBundleV1(const QJsonValue& json, const QString& path)
{
    const JsonPath root(path);
    JsonReader r(json, root);
    ModelBundleV1 b;
    b.id = r.requiredString("id"_L1);
    b.name = r.requiredString("name"_L1);
    b.location = r.requiredString("location"_L1);
    b.requirements = r.requiredStringList("requirements"_L1);
    b.envParams = r.required<ModelBundleV1::EnvironmentParams>("env_params"_L1, decodeEnvParams);
    b.packagingType = r.requiredString("packaging_type"_L1);
    b.metadata = r.requiredObject("metadata"_L1);
    b.appConfig = r.optionalObject("app_config"_L1);
    b.createdAt = r.requiredDateTime("created_at"_L1, &b.createdAtText);
    b.modelArtifactIds = r.requiredStringList("model_artifact_ids"_L1);
    b.schemaLocation = r.optionalString("schema_location"_L1);
    return r.finish(std::move(b));
}

Decoded<ModelBundleV1> BundleCodec::decodeBundleV1(const QByteArray& body)
{
    return JsonReader::decodeBytes(
            body, [](const QJsonValue& json) { return decodeBundleV1(json, QString()); });
}

QJsonObject BundleCodec::encodeBundleV1(const ModelBundleV1& b)
{
    QJsonObject env;
    JsonWriter::put(env, "framework_type"_L1, b.envParams.frameworkType);
    JsonWriter::putOrNull(env, "pytorch_image_tag"_L1, b.envParams.pytorchImageTag);
    JsonWriter::putOrNull(env, "tensorflow_version"_L1, b.envParams.tensorflowVersion);
    JsonWriter::putOrNull(env, "ecr_repo"_L1, b.envParams.ecrRepo);
    JsonWriter::putOrNull(env, "image_tag"_L1, b.envParams.imageTag);
    QJsonObject o;
    JsonWriter::put(o, "id"_L1, b.id);
    JsonWriter::put(o, "name"_L1, b.name);
    JsonWriter::put(o, "location"_L1, b.location);
    JsonWriter::put(o, "requirements"_L1, b.requirements);
    JsonWriter::put(o, "env_params"_L1, env);
    JsonWriter::put(o, "packaging_type"_L1, b.packagingType);
    JsonWriter::put(o, "metadata"_L1, b.metadata);
    JsonWriter::putOrNull(o, "app_config"_L1, b.appConfig);
    JsonWriter::put(o, "created_at"_L1, dateText(b.createdAtText, b.createdAt));
    JsonWriter::put(o, "model_artifact_ids"_L1, b.modelArtifactIds);
    JsonWriter::putOrNull(o, "schema_location"_L1, b.schemaLocation);
    return o;
}

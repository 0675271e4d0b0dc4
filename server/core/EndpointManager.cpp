#include "EndpointManager.h"

#include "RequestCheck.h"
#include "ResourceName.h"
#include "ServerLog.h"
#include "Store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>
#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

const QStringList kEndpointTypes = {u"async"_s, u"sync"_s, u"streaming"_s};
const QStringList kGpuTypes = {u"nvidia-tesla-t4"_s,          u"nvidia-ampere-a10"_s,
                               u"nvidia-ampere-a100"_s,       u"nvidia-ampere-a100e"_s,
                               u"nvidia-hopper-h100"_s,       u"nvidia-hopper-h100-1g20gb"_s,
                               u"nvidia-hopper-h100-3g40gb"_s};
const QStringList kRunnableFlavors = {u"runnable_image"_s, u"streaming_enhanced_runnable_image"_s};
const QStringList kAllFlavors = {u"cloudpickle_artifact"_s, u"zip_artifact"_s, u"runnable_image"_s,
                                 u"streaming_enhanced_runnable_image"_s,
                                 u"triton_enhanced_runnable_image"_s};
constexpr int kMaxNameLength = 63;
/// Internal record field: the settings that last deployed successfully, so that they can serve
/// again after a restart when a later update failed. Never sent to clients.
const QString kServingField = u"_serving"_s;
const QStringList kServingParts = {u"model_bundle_id"_s, u"deployment_state"_s,
                                   u"resource_state"_s};

QJsonObject servingSnapshot(const QJsonObject& record)
{
    QJsonObject snapshot;
    for (const QString& part : kServingParts) {
        snapshot.insert(part, record.value(part));
    }
    return snapshot;
}
constexpr int kMaxBundleNameLength = 255;

/// Why `name` cannot name a `what` ("endpoint", "bundle"), or an empty string: the rule of
/// ResourceName, at most `maxLength` characters (code points, not UTF-16 units).
QString nameProblem(const QString& name, const QString& what, int maxLength)
{
    if (name.isEmpty()) {
        return u"The %1 name must not be empty"_s.arg(what);
    }
    const qsizetype length = name.toUcs4().size();
    if (length > maxLength) {
        return u"The %1 name is %2 characters long; at most %3 are allowed"_s.arg(what)
                .arg(length)
                .arg(maxLength);
    }
    const std::optional<char32_t> refused = ResourceName::firstRefused(name);
    if (!refused) {
        return {};
    }
    const char32_t c = *refused;
    if (ResourceName::isCombiningMark(c)) {
        return u"The %1 name contains the combining mark U+%2 without a letter or digit "
               "before it; use letters, digits, '-', '_' and '.'"_s.arg(what)
                       .arg(uint(c), 4, 16, QChar(u'0'));
    }
    const QString shown = c == u' ' ? u"a space"_s
                          : QChar::isPrint(c)
                                  ? u"'%1'"_s.arg(QString::fromUcs4(&c, 1))
                                  : u"the character U+%1"_s.arg(uint(c), 4, 16, QChar(u'0'));
    return u"The %1 name contains %2; use letters, digits, '-', '_' and '.'"_s.arg(what, shown);
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString newId(const QString& prefix)
{
    const quint64 random = QRandomGenerator::system()->generate64();
    return prefix + QString::number(random, 36).rightJustified(13, u'0');
}

QJsonValue orNull(const QJsonObject& object, const QString& field)
{
    const QJsonValue value = object.value(field);
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QJsonObject v1Bundle(const QJsonObject& bundle)
{
    const QJsonObject flavor = bundle.value(u"flavor"_s).toObject();
    return {{u"id"_s, bundle.value(u"id"_s)},
            {u"name"_s, bundle.value(u"name"_s)},
            {u"location"_s, flavor.value(u"repository"_s).toString()},
            {u"requirements"_s, QJsonArray()},
            {u"env_params"_s, QJsonObject{{u"framework_type"_s, u"custom_base_image"_s},
                                          {u"ecr_repo"_s, flavor.value(u"repository"_s)},
                                          {u"image_tag"_s, flavor.value(u"tag"_s)}}},
            {u"packaging_type"_s, u"lira"_s},
            {u"metadata"_s, bundle.value(u"metadata"_s)},
            {u"app_config"_s, QJsonValue::Null},
            {u"created_at"_s, bundle.value(u"created_at"_s)},
            {u"model_artifact_ids"_s, QJsonArray()},
            {u"schema_location"_s, bundle.value(u"schema_location"_s)}};
}

void checkEndpointFields(RequestCheck& check, const QJsonObject& body, bool create)
{
    check.string(body, u"name"_s, !create);
    check.string(body, u"model_bundle_id"_s, !create);
    check.oneOf(body, u"endpoint_type"_s, kEndpointTypes, !create);
    check.object(body, u"metadata"_s, !create);
    check.stringList(body, u"post_inference_hooks"_s);
    check.quantity(body, u"cpus"_s, !create);
    check.integer(body, u"gpus"_s, 0, false, !create);
    check.quantity(body, u"memory"_s, !create);
    check.oneOf(body, u"gpu_type"_s, kGpuTypes);
    check.quantity(body, u"storage"_s); // required, but null is taken as "no disk asked for"
    check.integer(body, u"nodes_per_worker"_s, 0, true);
    check.boolean(body, u"optimize_costs"_s);
    check.integer(body, u"min_workers"_s, 0, false, !create);
    check.integer(body, u"max_workers"_s, 0, false, !create);
    check.integer(body, u"per_worker"_s, 0, true, !create);
    check.integer(body, u"concurrent_requests_per_worker"_s, 0, true);
    check.integer(body, u"forwarder_max_concurrency"_s, 0, true);
    check.stringMap(body, u"labels"_s, !create);
    check.boolean(body, u"prewarm"_s);
    check.boolean(body, u"high_priority"_s);
    check.object(body, u"billing_tags"_s);
    check.string(body, u"default_callback_url"_s);
    check.boolean(body, u"public_inference"_s);
    check.integer(body, u"queue_message_timeout_seconds"_s, 1, false);
    check.integer(body, u"task_expires_seconds"_s, 1, false);
}

/// Checks a bundle's flavor and fills in the defaults of a runnable image.
ApiAnswer checkFlavor(QJsonObject* flavor)
{
    RequestCheck flavorCheck(QJsonArray{u"body"_s, u"flavor"_s});
    flavorCheck.required(*flavor, u"flavor"_s);
    flavorCheck.oneOf(*flavor, u"flavor"_s, kAllFlavors, false);
    if (!flavorCheck.ok()) {
        return ApiAnswer::invalid(flavorCheck);
    }
    const QString kind = flavor->value(u"flavor"_s).toString();
    if (!kRunnableFlavors.contains(kind)) {
        return ApiAnswer::detail(400,
                                 u"launch-local runs only runnable_image bundles; a %1 "
                                 "bundle needs a Launch server with its own images"_s.arg(kind));
    }
    for (const QString& field : {u"repository"_s, u"tag"_s, u"command"_s, u"protocol"_s}) {
        flavorCheck.required(*flavor, field);
    }
    flavorCheck.string(*flavor, u"repository"_s, false);
    flavorCheck.string(*flavor, u"tag"_s, false);
    flavorCheck.stringList(*flavor, u"command"_s, false);
    flavorCheck.oneOf(*flavor, u"protocol"_s, {u"http"_s}, false);
    flavorCheck.string(*flavor, u"predict_route"_s, false);
    flavorCheck.string(*flavor, u"healthcheck_route"_s, false);
    flavorCheck.stringMap(*flavor, u"env"_s);
    flavorCheck.integer(*flavor, u"readiness_initial_delay_seconds"_s, 0, false, false);
    if (!flavorCheck.ok()) {
        return ApiAnswer::invalid(flavorCheck);
    }
    const QJsonArray command = flavor->value(u"command"_s).toArray();
    if (command.isEmpty() || command.first().toString().trimmed().isEmpty()) {
        return ApiAnswer::detail(400, u"the bundle's command is empty; give the program to run "
                                      "and its arguments"_s);
    }
    for (const QJsonValue& argument : command) {
        // A process's arguments end at the first NUL: the program would get something else.
        if (argument.toString().contains(QChar(0))) {
            return ApiAnswer::detail(400, u"the bundle's command contains a NUL character, which "
                                          "no program can be given"_s);
        }
    }
    // The worker's environment is a list of NAME=value strings: a name with '=' in it would
    // be cut there and the rest given to the value, and an empty one is no variable at all.
    const QJsonObject env = flavor->value(u"env"_s).toObject();
    for (auto it = env.constBegin(); it != env.constEnd(); ++it) {
        const QString name = it.key();
        if (name.isEmpty() || name.contains(u'=') || name.contains(QChar(0)) ||
            it.value().toString().contains(QChar(0))) {
            const QString shown = QString(name).replace(QChar(0), u"\\0"_s);
            return ApiAnswer::detail(
                    400, name.isEmpty() ? u"the bundle's env has a variable with an empty name"_s
                                        : u"the bundle's env variable \"%1\" cannot be passed to a "
                                          "program: a name must not be empty or contain '=', and "
                                          "neither name nor value a NUL character"_s.arg(shown));
        }
    }
    for (const QString& route : {u"predict_route"_s, u"healthcheck_route"_s}) {
        const QJsonValue value = flavor->value(route);
        if (value.isString() && !value.toString().startsWith(u'/')) {
            return ApiAnswer::detail(400, u"%1 must be a path starting with /, such as /predict; "
                                          "got \"%2\""_s.arg(route, value.toString()));
        }
    }
    const QJsonObject defaults{
            {u"predict_route"_s, u"/predict"_s}, {u"healthcheck_route"_s, u"/readyz"_s},
            {u"env"_s, QJsonObject()},           {u"readiness_initial_delay_seconds"_s, 120},
            {u"extra_routes"_s, QJsonArray()},   {u"routes"_s, QJsonArray()},
            {u"forwarder_type"_s, u"default"_s}, {u"worker_command"_s, QJsonValue::Null},
            {u"worker_env"_s, QJsonValue::Null}};
    for (auto it = defaults.constBegin(); it != defaults.constEnd(); ++it) {
        if (flavor->value(it.key()).isUndefined() || flavor->value(it.key()).isNull()) {
            flavor->insert(it.key(), it.value());
        }
    }
    return {};
}

bool given(const QJsonObject& request, const QString& field)
{
    return request.contains(field) && !request.value(field).isNull();
}

/// Applies the given fields of an update; returns whether the worker resources changed.
bool mergeUpdate(QJsonObject* record, const QJsonObject& request)
{
    bool resourcesChanged = false;
    for (const QString& field :
         {u"metadata"_s, u"post_inference_hooks"_s, u"labels"_s, u"default_callback_url"_s,
          u"default_callback_auth"_s, u"public_inference"_s, u"task_expires_seconds"_s,
          u"queue_message_timeout_seconds"_s}) {
        if (given(request, field)) {
            record->insert(field, request.value(field));
        }
    }
    QJsonObject deployment = record->value(u"deployment_state"_s).toObject();
    for (const QString& field :
         {u"min_workers"_s, u"max_workers"_s, u"per_worker"_s, u"concurrent_requests_per_worker"_s,
          u"forwarder_max_concurrency"_s}) {
        if (given(request, field)) {
            deployment.insert(field, request.value(field));
        }
    }
    record->insert(u"deployment_state"_s, deployment);
    QJsonObject resources = record->value(u"resource_state"_s).toObject();
    for (const QString& field :
         {u"cpus"_s, u"gpus"_s, u"memory"_s, u"gpu_type"_s, u"storage"_s, u"optimize_costs"_s}) {
        if (given(request, field) && resources.value(field) != request.value(field)) {
            resources.insert(field, request.value(field));
            resourcesChanged = resourcesChanged || field != u"optimize_costs"_s;
        }
    }
    record->insert(u"resource_state"_s, resources);
    return resourcesChanged;
}

/// The stored form of a new endpoint: the response shape plus its bundle id.
QJsonObject newEndpointRecord(const QString& id, const QJsonObject& request,
                              const QJsonObject& bundle)
{
    const QString name = request.value(u"name"_s).toString();
    const QString bundleId = request.value(u"model_bundle_id"_s).toString();
    const QString created = now();
    const int perWorker = request.value(u"per_worker"_s).toInt();
    return {
            {u"id"_s, id},
            {u"name"_s, name},
            {u"endpoint_type"_s, request.value(u"endpoint_type"_s)},
            {u"destination"_s, QString(u"launch-local:"_s + id)},
            {u"deployment_name"_s, name},
            {u"metadata"_s, request.value(u"metadata"_s)},
            {u"bundle_name"_s, bundle.value(u"name"_s)},
            {u"model_bundle_id"_s, bundleId},
            {u"status"_s, u"UPDATE_PENDING"_s},
            {u"status_reason"_s, QJsonValue::Null},
            {u"post_inference_hooks"_s, orNull(request, u"post_inference_hooks"_s)},
            {u"default_callback_url"_s, orNull(request, u"default_callback_url"_s)},
            {u"default_callback_auth"_s, orNull(request, u"default_callback_auth"_s)},
            {u"labels"_s, request.value(u"labels"_s)},
            {u"aws_role"_s, QJsonValue::Null},
            {u"results_s3_bucket"_s, QJsonValue::Null},
            {u"created_by"_s, u"local"_s},
            {u"created_at"_s, created},
            {u"last_updated_at"_s, created},
            {u"public_inference"_s, request.value(u"public_inference"_s).toBool(false)},
            {u"task_expires_seconds"_s, orNull(request, u"task_expires_seconds"_s)},
            {u"queue_message_timeout_seconds"_s,
             orNull(request, u"queue_message_timeout_seconds"_s)},
            {u"deployment_state"_s,
             QJsonObject{{u"min_workers"_s, request.value(u"min_workers"_s)},
                         {u"max_workers"_s, request.value(u"max_workers"_s)},
                         {u"per_worker"_s, perWorker},
                         {u"concurrent_requests_per_worker"_s,
                          request.value(u"concurrent_requests_per_worker"_s).toInt(perWorker)},
                         {u"forwarder_max_concurrency"_s,
                          orNull(request, u"forwarder_max_concurrency"_s)}}},
            {u"resource_state"_s,
             QJsonObject{{u"cpus"_s, request.value(u"cpus"_s)},
                         {u"gpus"_s, request.value(u"gpus"_s)},
                         {u"memory"_s, request.value(u"memory"_s)},
                         {u"gpu_type"_s, orNull(request, u"gpu_type"_s)},
                         {u"storage"_s, orNull(request, u"storage"_s)},
                         {u"nodes_per_worker"_s, request.value(u"nodes_per_worker"_s).toInt(1)},
                         {u"optimize_costs"_s, orNull(request, u"optimize_costs"_s)}}},
    };
}

} // namespace

EndpointManager::EndpointManager(Store* store, const MachineResources& machine,
                                 const EndpointRuntime::Options& options, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_machine(machine)
    , m_options(options)
    , m_network(new QNetworkAccessManager(this))
{
    // Predictions and health polls travel over this manager by design (HTTP/1.1 keep-alive).
    // Workers are on loopback: no proxy; WorkerProcess::request() turns off HTTP/2, cookies
    // and cache per request.
    m_network->setProxy(QNetworkProxy::NoProxy);
}

EndpointManager::~EndpointManager() = default;

void EndpointManager::load()
{
    m_bundles = m_store->bundles();
    const auto rows = m_store->endpoints();
    for (const Store::EndpointRow& row : rows) {
        Endpoint endpoint;
        endpoint.record = row.record;
        endpoint.runtime = makeRuntime(row.id);
        m_endpoints.insert(row.id, endpoint);
        m_order.append(row.id);
        if (row.record.value(u"status"_s).toString() == u"DELETE_IN_PROGRESS"_s) {
            deleteEndpoint(row.id);
            continue;
        }
        // An update failed before the stop while the previous version served: that version
        // serves again, and the failed update waits for the next update or restart.
        const QJsonObject serving = row.record.value(kServingField).toObject();
        if (row.record.value(u"status"_s).toString() == u"UPDATE_FAILED"_s && !serving.isEmpty() &&
            serving != servingSnapshot(row.record) &&
            findBundle(serving.value(u"model_bundle_id"_s).toString())) {
            QJsonObject previous = row.record;
            for (auto part = serving.constBegin(); part != serving.constEnd(); ++part) {
                previous.insert(part.key(), part.value());
            }
            m_endpoints[row.id].restoring = row.record.value(u"status_reason"_s).toString();
            deployRecord(row.id, previous, true);
            continue;
        }
        deploy(row.id, true);
    }
    // Tasks accepted before a stop or crash run again, in the order they were accepted.
    const auto tasks = m_store->unfinishedTasks();
    for (Store::Task task : tasks) {
        auto it = m_endpoints.find(task.endpointId);
        if (it == m_endpoints.end() || it->deleting) {
            continue;
        }
        if (task.status != u"PENDING"_s) {
            task.status = u"PENDING"_s;
            m_store->updateTask(task);
        }
        it->runtime->submitAsync(task.id, task.args, task.attempts);
    }
    qCInfo(lcServer) << "loaded" << m_bundles.size() << "bundles," << m_endpoints.size()
                     << "endpoints," << tasks.size() << "unfinished tasks";
}

EndpointRuntime* EndpointManager::makeRuntime(const QString& id)
{
    auto* runtime = new EndpointRuntime(id, m_store, m_network, m_options, this);
    connect(runtime, &EndpointRuntime::deployed, this, [this, id] {
        auto it = m_endpoints.find(id);
        if (it == m_endpoints.end() || it->deleting) {
            return;
        }
        if (!it->restoring.isEmpty()) {
            setStatus(id, u"UPDATE_FAILED"_s, std::exchange(it->restoring, QString()));
            return;
        }
        it->record.insert(kServingField, servingSnapshot(it->record));
        save(*it);
        setStatus(id, u"READY"_s, QString());
    });
    connect(runtime, &EndpointRuntime::deployFailed, this,
            [this, id, runtime](const QString& reason) {
                if (auto it = m_endpoints.find(id); it != m_endpoints.end()) {
                    it->restoring.clear();
                }
                setStatus(id, u"UPDATE_FAILED"_s,
                          runtime->servesPreviousVersion() ? previousVersionReason(runtime)
                                                           : reason);
            });
    connect(runtime, &EndpointRuntime::stopped, this, [this, id] { finishDelete(id); });
    // A crash of a running worker does not change the status, but says why workers are
    // unavailable until a worker is ready again.
    connect(runtime, &EndpointRuntime::workerCrashed, this,
            [this, id, runtime](const QString& reason) {
                const QString status = m_endpoints.value(id).record.value(u"status"_s).toString();
                const QString crashed = u"a worker crashed and is being restarted: "_s + reason;
                if (status == u"UPDATE_FAILED"_s && runtime->servesPreviousVersion()) {
                    setStatus(id, status,
                              previousVersionReason(runtime) + u"; meanwhile "_s + crashed);
                } else {
                    setStatus(id, status, crashed);
                }
            });
    const auto recovered = [this, id, runtime] {
        const QString status = m_endpoints.value(id).record.value(u"status"_s).toString();
        if (status == u"READY"_s) {
            setStatus(id, status, QString());
        } else if (status == u"UPDATE_FAILED"_s && runtime->servesPreviousVersion()) {
            setStatus(id, status, previousVersionReason(runtime));
        }
    };
    connect(runtime, &EndpointRuntime::workerReady, this, recovered);
    connect(runtime, &EndpointRuntime::crashSettled, this, recovered);
    return runtime;
}

QString EndpointManager::previousVersionReason(const EndpointRuntime* runtime)
{
    return u"%1; the previous version (bundle %2) is still serving"_s.arg(
            runtime->failedUpdate(), runtime->servingBundleName());
}

void EndpointManager::shutdown(std::function<void()> done)
{
    m_shutdownDone = std::move(done);
    int running = 0;
    for (auto it = m_endpoints.begin(); it != m_endpoints.end(); ++it) {
        it->deleting = true; // nothing is removed from the store: the next start redeploys
        ++running;
        it->runtime->shutdown(u"launch-local is stopping"_s);
    }
    if (running == 0 && m_shutdownDone) {
        QTimer::singleShot(0, this, m_shutdownDone);
    }
}

// ---- bundles ------------------------------------------------------------------------------

ApiAnswer EndpointManager::createBundle(const QByteArray& body)
{
    RequestCheck check;
    QJsonObject request = check.parseObject(body);
    if (!check.ok()) {
        return ApiAnswer::invalid(check);
    }
    check.required(request, u"name"_s);
    check.required(request, u"schema_location"_s);
    check.required(request, u"flavor"_s);
    check.string(request, u"name"_s, false);
    check.string(request, u"schema_location"_s, false);
    check.object(request, u"metadata"_s);
    check.object(request, u"flavor"_s, false);
    if (!check.ok()) {
        return ApiAnswer::invalid(check);
    }
    if (const QString problem =
                nameProblem(request.value(u"name"_s).toString(), u"bundle"_s, kMaxBundleNameLength);
        !problem.isEmpty()) {
        return ApiAnswer::detail(400, problem);
    }
    QJsonObject flavor = request.value(u"flavor"_s).toObject();
    if (const ApiAnswer bad = checkFlavor(&flavor); bad.status != 200) {
        return bad;
    }
    const QString id = newId(u"bun_"_s);
    const QJsonObject record{
            {u"id"_s, id},
            {u"name"_s, request.value(u"name"_s)},
            {u"metadata"_s, request.value(u"metadata"_s).isObject() ? request.value(u"metadata"_s)
                                                                    : QJsonObject()},
            {u"created_at"_s, now()},
            {u"model_artifact_ids"_s, QJsonArray()},
            {u"schema_location"_s, request.value(u"schema_location"_s)},
            {u"flavor"_s, flavor},
    };
    m_bundles.append(record);
    m_store->putBundle(id, record.value(u"name"_s).toString(), record);
    return ApiAnswer::ok({{u"model_bundle_id"_s, id}});
}

ApiAnswer EndpointManager::listBundles(const QString& name, const QString& orderBy, bool v1) const
{
    QJsonArray list;
    for (const QJsonObject& bundle : m_bundles) {
        if (name.isEmpty() || bundle.value(u"name"_s).toString() == name) {
            list.append(v1 ? v1Bundle(bundle) : bundle);
        }
    }
    if (orderBy == u"newest"_s) {
        QJsonArray reversed;
        for (qsizetype i = list.size() - 1; i >= 0; --i) {
            reversed.append(list.at(i));
        }
        list = reversed;
    }
    return ApiAnswer::ok({{u"model_bundles"_s, list}});
}

ApiAnswer EndpointManager::latestBundle(const QString& name, bool v1) const
{
    for (qsizetype i = m_bundles.size() - 1; i >= 0; --i) {
        if (m_bundles.at(i).value(u"name"_s).toString() == name) {
            return ApiAnswer::ok(v1 ? v1Bundle(m_bundles.at(i)) : m_bundles.at(i));
        }
    }
    return ApiAnswer::detail(404, u"Model bundle with name %1 not found"_s.arg(name));
}

const QJsonObject* EndpointManager::findBundle(const QString& id) const
{
    for (const QJsonObject& bundle : m_bundles) {
        if (bundle.value(u"id"_s).toString() == id) {
            return &bundle;
        }
    }
    return nullptr;
}

ApiAnswer EndpointManager::bundle(const QString& id, bool v1) const
{
    const QJsonObject* found = findBundle(id);
    if (!found) {
        return ApiAnswer::detail(404, u"Model bundle %1 not found"_s.arg(id));
    }
    return ApiAnswer::ok(v1 ? v1Bundle(*found) : *found);
}

// ---- endpoints ----------------------------------------------------------------------------

QString EndpointManager::findEndpointByName(const QString& name) const
{
    for (auto it = m_endpoints.cbegin(); it != m_endpoints.cend(); ++it) {
        if (it->record.value(u"name"_s).toString() == name) {
            return it.key();
        }
    }
    return {};
}

ApiAnswer EndpointManager::checkDeployment(const QJsonObject& record) const
{
    const QString name = record.value(u"name"_s).toString();
    if (const QString problem = nameProblem(name, u"endpoint"_s, kMaxNameLength);
        !problem.isEmpty()) {
        return ApiAnswer::detail(400, problem);
    }
    const QJsonObject deployment = record.value(u"deployment_state"_s).toObject();
    const int minWorkers = deployment.value(u"min_workers"_s).toInt();
    const int maxWorkers = deployment.value(u"max_workers"_s).toInt();
    const QString type = record.value(u"endpoint_type"_s).toString();
    if (type != u"async"_s && minWorkers < 1) {
        return ApiAnswer::detail(400, u"%1 endpoints need min_workers of at least 1; only async "
                                      "endpoints can scale to zero"_s.arg(type));
    }
    if (maxWorkers < minWorkers) {
        return ApiAnswer::detail(
                400, u"max_workers (%1) must be at least min_workers (%2)"_s.arg(maxWorkers)
                             .arg(minWorkers));
    }
    if (maxWorkers < 1) {
        return ApiAnswer::detail(400, u"max_workers must be at least 1"_s);
    }
    const QJsonObject resources = record.value(u"resource_state"_s).toObject();
    for (const QString& field : {u"cpus"_s, u"memory"_s, u"storage"_s}) {
        const QJsonValue value = resources.value(field);
        if (!value.isNull() && !value.isUndefined() &&
            !MachineResources::parseQuantity(value).has_value()) {
            return ApiAnswer::detail(
                    400, u"%1: \"%2\" is not a quantity (examples: 1, 0.5, "
                         "\"500m\", \"8Gi\")"_s.arg(field, value.toVariant().toString()));
        }
    }
    return {};
}

ApiAnswer EndpointManager::createEndpoint(const QByteArray& body)
{
    RequestCheck check;
    const QJsonObject request = check.parseObject(body);
    if (!check.ok()) {
        return ApiAnswer::invalid(check);
    }
    for (const QString& field : {u"name"_s, u"model_bundle_id"_s, u"endpoint_type"_s, u"metadata"_s,
                                 u"cpus"_s, u"gpus"_s, u"memory"_s, u"storage"_s, u"min_workers"_s,
                                 u"max_workers"_s, u"per_worker"_s, u"labels"_s}) {
        check.required(request, field);
    }
    checkEndpointFields(check, request, true);
    if (!check.ok()) {
        return ApiAnswer::invalid(check);
    }
    const QString bundleId = request.value(u"model_bundle_id"_s).toString();
    const QJsonObject* bundle = findBundle(bundleId);
    if (!bundle) {
        return ApiAnswer::detail(404, u"Model bundle %1 not found"_s.arg(bundleId));
    }
    const QString id = newId(u"end_"_s);
    const QString name = request.value(u"name"_s).toString();
    const QJsonObject record = newEndpointRecord(id, request, *bundle);
    if (const ApiAnswer bad = checkDeployment(record); bad.status != 200) {
        return bad;
    }
    if (!findEndpointByName(name).isEmpty()) {
        return ApiAnswer::detail(400, u"An endpoint named %1 already exists"_s.arg(name));
    }
    Endpoint endpoint;
    endpoint.record = record;
    endpoint.runtime = makeRuntime(id);
    m_endpoints.insert(id, endpoint);
    m_order.append(id);
    save(endpoint);
    qCInfo(lcServer) << "endpoint" << id << "created";
    QTimer::singleShot(0, this, [this, id] { deploy(id, true); });
    return ApiAnswer::ok(
            {{u"endpoint_creation_task_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}});
}

void EndpointManager::save(const Endpoint& endpoint)
{
    m_store->putEndpoint(endpoint.record.value(u"id"_s).toString(),
                         endpoint.record.value(u"name"_s).toString(), endpoint.record);
}

EndpointRuntime::Settings EndpointManager::settingsFor(const QJsonObject& record) const
{
    EndpointRuntime::Settings settings;
    const QJsonObject deployment = record.value(u"deployment_state"_s).toObject();
    settings.isAsync = record.value(u"endpoint_type"_s).toString() == u"async"_s;
    settings.minWorkers = deployment.value(u"min_workers"_s).toInt();
    settings.maxWorkers = deployment.value(u"max_workers"_s).toInt();
    settings.perWorker = std::max(1, deployment.value(u"per_worker"_s).toInt(1));
    settings.concurrency = std::max(
            1, deployment.value(u"concurrent_requests_per_worker"_s).toInt(settings.perWorker));
    const QJsonObject* bundle = findBundle(record.value(u"model_bundle_id"_s).toString());
    const QJsonObject flavor = bundle ? bundle->value(u"flavor"_s).toObject() : QJsonObject();
    const QJsonArray command = flavor.value(u"command"_s).toArray();
    settings.worker.program = command.isEmpty() ? QString() : command.first().toString();
    for (qsizetype i = 1; i < command.size(); ++i) {
        settings.worker.arguments.append(command.at(i).toString());
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"LAUNCH_LOCAL_API_KEY"_s); // workers never see the server's key
    const QJsonObject env = flavor.value(u"env"_s).toObject();
    for (auto it = env.constBegin(); it != env.constEnd(); ++it) {
        environment.insert(it.key(), it.value().toString());
    }
    settings.worker.environment = environment;
    settings.worker.healthRoute = flavor.value(u"healthcheck_route"_s).toString(u"/readyz"_s);
    settings.worker.readinessSeconds =
            flavor.value(u"readiness_initial_delay_seconds"_s).toInt(120);
    settings.predictRoute = flavor.value(u"predict_route"_s).toString(u"/predict"_s);
    settings.bundleName = bundle ? bundle->value(u"name"_s).toString() : QString();
    return settings;
}

void EndpointManager::deploy(const QString& id, bool replaceWorkers)
{
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end() || it->deleting) {
        return;
    }
    it->restoring.clear(); // an update or restart: whatever it brings replaces what was restored
    const QJsonObject record = it->record;
    deployRecord(id, record, replaceWorkers);
}

void EndpointManager::deployRecord(const QString& id, const QJsonObject& record,
                                   bool replaceWorkers)
{
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end() || it->deleting) {
        return;
    }
    const QJsonObject resources = record.value(u"resource_state"_s).toObject();
    const QString reason = m_machine.whyNotFit(
            resources.value(u"cpus"_s), resources.value(u"memory"_s), resources.value(u"storage"_s),
            resources.value(u"gpus"_s).toInt(), resources.value(u"gpu_type"_s).toString());
    if (!reason.isEmpty()) {
        // No new worker was started: whatever version deployed before keeps serving.
        const QString serving = it->runtime->deployedBundleName();
        setStatus(id, u"UPDATE_FAILED"_s,
                  serving.isEmpty()
                          ? reason
                          : u"%1; the previous version (bundle %2) is still serving"_s.arg(
                                    reason, serving));
        return;
    }
    if (!findBundle(record.value(u"model_bundle_id"_s).toString())) {
        setStatus(id, u"UPDATE_FAILED"_s, u"the endpoint's bundle no longer exists"_s);
        return;
    }
    setStatus(id, u"UPDATE_IN_PROGRESS"_s, QString());
    it->runtime->apply(settingsFor(record), replaceWorkers);
}

void EndpointManager::setStatus(const QString& id, const QString& status, const QString& reason)
{
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end() || it->deleting) {
        return;
    }
    if (it->record.value(u"status"_s).toString() == status &&
        it->record.value(u"status_reason"_s).toString() == reason) {
        return;
    }
    it->record.insert(u"status"_s, status);
    it->record.insert(u"status_reason"_s, reason.isEmpty() ? QJsonValue() : QJsonValue(reason));
    save(*it);
    qCInfo(lcServer) << "endpoint" << id << "status" << status;
}

QJsonObject EndpointManager::endpointJson(const Endpoint& endpoint) const
{
    QJsonObject json = endpoint.record;
    json.remove(u"model_bundle_id"_s);
    json.remove(kServingField);
    QJsonObject deployment = json.value(u"deployment_state"_s).toObject();
    deployment.insert(u"available_workers"_s, endpoint.runtime->availableWorkers());
    deployment.insert(u"unavailable_workers"_s, endpoint.runtime->unavailableWorkers());
    json.insert(u"deployment_state"_s, deployment);
    json.insert(u"num_queued_items"_s, endpoint.runtime->queuedItems());
    return json;
}

ApiAnswer EndpointManager::listEndpoints(const QString& name, const QString& orderBy) const
{
    QList<const Endpoint*> chosen;
    for (const QString& id : m_order) {
        const auto found = m_endpoints.constFind(id);
        if (found == m_endpoints.cend()) {
            continue;
        }
        const Endpoint& endpoint = *found;
        if (name.isEmpty() || endpoint.record.value(u"name"_s).toString() == name) {
            chosen.append(&endpoint);
        }
    }
    const auto field = [](const Endpoint* e, const QString& key) {
        return e->record.value(key).toString();
    };
    // Endpoints created within the same millisecond tie on created_at; they keep the order
    // they were created in, backwards for newest first.
    if (orderBy == u"newest"_s) {
        std::reverse(chosen.begin(), chosen.end());
    }
    std::stable_sort(chosen.begin(), chosen.end(), [&](const Endpoint* a, const Endpoint* b) {
        if (orderBy == u"alphabetical"_s) {
            return field(a, u"name"_s) < field(b, u"name"_s);
        }
        if (orderBy == u"newest"_s) {
            return field(a, u"created_at"_s) > field(b, u"created_at"_s);
        }
        return field(a, u"created_at"_s) < field(b, u"created_at"_s);
    });
    QJsonArray list;
    for (const Endpoint* endpoint : chosen) {
        list.append(endpointJson(*endpoint));
    }
    return ApiAnswer::ok({{u"model_endpoints"_s, list}});
}

ApiAnswer EndpointManager::endpoint(const QString& id) const
{
    const auto it = m_endpoints.constFind(id);
    if (it == m_endpoints.cend()) {
        return ApiAnswer::detail(404, u"Model endpoint %1 not found"_s.arg(id));
    }
    return ApiAnswer::ok(endpointJson(*it));
}

ApiAnswer EndpointManager::updateEndpoint(const QString& id, const QByteArray& body)
{
    RequestCheck check;
    const QJsonObject request = check.parseObject(body);
    if (!check.ok()) {
        return ApiAnswer::invalid(check);
    }
    checkEndpointFields(check, request, false);
    if (!check.ok()) {
        return ApiAnswer::invalid(check);
    }
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end()) {
        return ApiAnswer::detail(404, u"Model endpoint %1 not found"_s.arg(id));
    }
    if (it->deleting) {
        return ApiAnswer::detail(409, u"Model endpoint %1 is being deleted"_s.arg(id));
    }
    QJsonObject record = it->record;
    bool replace = false;
    if (given(request, u"model_bundle_id"_s)) {
        const QString bundleId = request.value(u"model_bundle_id"_s).toString();
        const QJsonObject* bundle = findBundle(bundleId);
        if (!bundle) {
            return ApiAnswer::detail(404, u"Model bundle %1 not found"_s.arg(bundleId));
        }
        replace = bundleId != record.value(u"model_bundle_id"_s).toString();
        record.insert(u"model_bundle_id"_s, bundleId);
        record.insert(u"bundle_name"_s, bundle->value(u"name"_s));
    }
    replace = mergeUpdate(&record, request) || replace;
    if (const ApiAnswer bad = checkDeployment(record); bad.status != 200) {
        return bad;
    }
    record.insert(u"last_updated_at"_s, now());
    record.insert(u"status"_s, u"UPDATE_PENDING"_s);
    record.insert(u"status_reason"_s, QJsonValue::Null);
    it->record = record;
    save(*it);
    qCInfo(lcServer) << "endpoint" << id << "updated; replacing workers:" << replace;
    QTimer::singleShot(0, this, [this, id, replace] { deploy(id, replace); });
    return ApiAnswer::ok(
            {{u"endpoint_creation_task_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}});
}

ApiAnswer EndpointManager::deleteEndpoint(const QString& id)
{
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end()) {
        return ApiAnswer::detail(404, u"Model endpoint %1 not found"_s.arg(id));
    }
    if (it->deleting) {
        return ApiAnswer::detail(409, u"Model endpoint %1 is already being deleted"_s.arg(id));
    }
    it->record.insert(u"status"_s, u"DELETE_IN_PROGRESS"_s);
    it->deleting = true;
    save(*it);
    m_store->failTasksOfEndpoint(id, u"the endpoint was deleted before this task ran"_s,
                                 u"the endpoint was deleted while this task ran"_s);
    qCInfo(lcServer) << "endpoint" << id << "deleting";
    it->runtime->shutdown(u"the endpoint is being deleted"_s);
    return ApiAnswer::ok({{u"deleted"_s, true}});
}

void EndpointManager::finishDelete(const QString& id)
{
    if (m_shutdownDone) {
        // Stopping launch-local, not deleting: the endpoint stays stored.
        auto it = m_endpoints.find(id);
        if (it != m_endpoints.end()) {
            it->runtime->deleteLater();
            m_endpoints.erase(it);
        }
        if (m_endpoints.isEmpty()) {
            const auto done = std::exchange(m_shutdownDone, {});
            done();
        }
        return;
    }
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end()) {
        return;
    }
    m_store->removeEndpoint(id);
    it->runtime->deleteLater();
    m_endpoints.erase(it);
    m_order.removeOne(id);
    qCInfo(lcServer) << "endpoint" << id << "deleted";
}

ApiAnswer EndpointManager::restartEndpoint(const QString& id)
{
    auto it = m_endpoints.find(id);
    if (it == m_endpoints.end()) {
        return ApiAnswer::detail(404, u"Model endpoint %1 not found"_s.arg(id));
    }
    if (it->deleting) {
        return ApiAnswer::detail(409, u"Model endpoint %1 is being deleted"_s.arg(id));
    }
    // A restart changes the deployment as an update does: its time says when.
    it->record.insert(u"last_updated_at"_s, now());
    save(*it);
    setStatus(id, u"UPDATE_PENDING"_s, QString());
    QTimer::singleShot(0, this, [this, id] { deploy(id, true); });
    return ApiAnswer::ok({{u"restarted"_s, true}});
}

ApiAnswer EndpointManager::logs(const QString& id, qsizetype tailBytes) const
{
    const auto it = m_endpoints.constFind(id);
    if (it == m_endpoints.cend()) {
        return ApiAnswer::detail(404, u"Model endpoint %1 not found"_s.arg(id));
    }
    return ApiAnswer::ok({{u"model_endpoint_id"_s, id},
                          {u"status"_s, it->record.value(u"status"_s)},
                          {u"status_reason"_s, it->record.value(u"status_reason"_s)},
                          {u"workers"_s, it->runtime->workersJson(tailBytes)}});
}

EndpointRuntime* EndpointManager::predictionTarget(const QString& id, bool async,
                                                   ApiAnswer* error) const
{
    const auto it = m_endpoints.constFind(id);
    if (it == m_endpoints.cend()) {
        *error = ApiAnswer::detail(404, u"Model endpoint %1 not found"_s.arg(id));
        return nullptr;
    }
    if (it->deleting) {
        *error = ApiAnswer::detail(409, u"Model endpoint %1 is being deleted"_s.arg(id));
        return nullptr;
    }
    const bool isAsync = it->record.value(u"endpoint_type"_s).toString() == u"async"_s;
    if (isAsync != async) {
        *error = ApiAnswer::detail(400, u"Endpoint %1 is %2, so it takes %3 tasks"_s.arg(
                                                it->record.value(u"name"_s).toString(),
                                                it->record.value(u"endpoint_type"_s).toString(),
                                                isAsync ? u"async"_s : u"sync or streaming"_s));
        return nullptr;
    }
    return it->runtime;
}

// Decodes a 10,000-endpoint list response (GET /v1/model-endpoints) several times and prints
// the median, min and max in milliseconds: the JSON parse alone, and the whole decode from bytes
// to ModelEndpoint values (what the console does with each refresh before applying the list
// to its table model).

#include "EndpointCodec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

constexpr int kEndpoints = 10000;
constexpr int kRuns = 7;

// One endpoint shaped like what real servers send, with values varied by index.
QJsonObject endpointJson(int i)
{
    static const char* const statuses[] = {
            "READY", "READY", "READY", "UPDATE_PENDING", "UPDATE_IN_PROGRESS", "UPDATE_FAILED"};
    static const char* const types[] = {"async", "sync", "streaming"};
    static const char* const memories[] = {"8Gi", "512Mi", "16Gi", "1G"};
    const QString id = u"end_%1"_s.arg(i, 16, 36, QLatin1Char('0'));
    const bool gpu = i % 7 == 0;
    return QJsonObject{
            {"id"_L1, id},
            {"name"_L1, u"team-%1-model-%2"_s.arg(i % 40).arg(i)},
            {"endpoint_type"_L1, QLatin1String(types[i % 3])},
            {"destination"_L1, QString(u"launch-endpoint-id-"_s + id)},
            {"deployment_name"_L1, QString(u"launch-endpoint-id-"_s + id)},
            {"metadata"_L1, QJsonObject{{"owner"_L1, u"user_%1"_s.arg(i % 97)}}},
            {"bundle_name"_L1, u"bundle-%1"_s.arg(i % 300)},
            {"status"_L1, QLatin1String(statuses[i % 6])},
            {"post_inference_hooks"_L1, QJsonValue()},
            {"default_callback_url"_L1, QJsonValue()},
            {"default_callback_auth"_L1, QJsonValue()},
            {"labels"_L1, QJsonObject{{"team"_L1, u"team-%1"_s.arg(i % 40)},
                                      {"product"_L1, u"product-%1"_s.arg(i % 13)}}},
            {"aws_role"_L1, "ml-worker"_L1},
            {"results_s3_bucket"_L1, "scale-ml-results"_L1},
            {"created_by"_L1, u"user_%1"_s.arg(i % 97)},
            {"created_at"_L1, "2024-03-05T14:07:09.512345"_L1},
            {"last_updated_at"_L1, "2024-03-06T08:30:00.000001+00:00"_L1},
            {"deployment_state"_L1, QJsonObject{{"min_workers"_L1, i % 2},
                                                {"max_workers"_L1, 1 + i % 5},
                                                {"per_worker"_L1, 10},
                                                {"concurrent_requests_per_worker"_L1, 10},
                                                {"available_workers"_L1, i % 3},
                                                {"unavailable_workers"_L1, 0}}},
            {"resource_state"_L1,
             QJsonObject{{"cpus"_L1, i % 2 ? QJsonValue(u"500m"_s) : QJsonValue(1 + i % 4)},
                         {"gpus"_L1, gpu ? 1 : 0},
                         {"memory"_L1, QLatin1String(memories[i % 4])},
                         {"gpu_type"_L1, gpu ? QJsonValue(u"nvidia-ampere-a10"_s) : QJsonValue()},
                         {"storage"_L1, "16Gi"_L1},
                         {"nodes_per_worker"_L1, 1},
                         {"optimize_costs"_L1, QJsonValue()}}},
            {"num_queued_items"_L1, i % 11},
            {"public_inference"_L1, false},
            {"task_expires_seconds"_L1, QJsonValue()},
            {"queue_message_timeout_seconds"_L1, QJsonValue()},
    };
}

QByteArray listResponse()
{
    QJsonArray endpoints;
    for (int i = 0; i < kEndpoints; ++i) {
        endpoints.append(endpointJson(i));
    }
    return QJsonDocument(QJsonObject{{"model_endpoints"_L1, endpoints}})
            .toJson(QJsonDocument::Compact);
}

// Wall time and processor time of one measured step. On a busy machine the wall time also
// counts time spent waiting for a core; the processor time does not.
struct Timing
{
    QList<double> wall;
    QList<double> cpu;
};

class Stopwatch
{
public:
    Stopwatch()
        : m_cpu(std::clock())
    {
        m_wall.start();
    }
    void stopInto(Timing& timing) const
    {
        timing.wall.append(m_wall.nsecsElapsed() / 1e6);
        timing.cpu.append(double(std::clock() - m_cpu) * 1000.0 / CLOCKS_PER_SEC);
    }

private:
    QElapsedTimer m_wall;
    std::clock_t m_cpu;
};

void print(const char* what, QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("%-40s median %7.1f ms   min %7.1f ms   max %7.1f ms\n", what, ms.at(ms.size() / 2),
                ms.first(), ms.last());
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QByteArray body = listResponse();
    std::printf("decode %d endpoints (%.1f MiB of JSON), %d runs\n", kEndpoints,
                body.size() / 1048576.0, kRuns);

    Timing parse;
    Timing typed;
    Timing total;
    for (int run = 0; run < kRuns; ++run) {
        {
            const Stopwatch watch;
            const QJsonDocument document = QJsonDocument::fromJson(body);
            const QJsonValue root(document.object());
            watch.stopInto(parse);
            const Stopwatch typedWatch;
            const Decoded<EndpointList> endpoints = EndpointCodec::decodeEndpointList(root);
            typedWatch.stopInto(typed);
        }
        const Stopwatch watch;
        const Decoded<EndpointList> endpoints = EndpointCodec::decodeEndpointList(body);
        watch.stopInto(total);
        if (!endpoints.ok() || endpoints.value().endpoints.size() != kEndpoints) {
            std::fprintf(stderr, "decode failed: %s\n", qPrintable(endpoints.errorString()));
            return 1;
        }
    }
    print("QJsonDocument::fromJson, wall", parse.wall);
    print("QJsonDocument::fromJson, processor", parse.cpu);
    print("fields to ModelEndpoint, wall", typed.wall);
    print("fields to ModelEndpoint, processor", typed.cpu);
    print("decodeEndpointList(bytes), wall", total.wall);
    print("decodeEndpointList(bytes), processor", total.cpu);
    return 0;
}

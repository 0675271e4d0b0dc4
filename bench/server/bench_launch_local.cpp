// Measures the launch-local figures of docs/BENCHMARKS.md with a real launch-local process and
// real example-model workers on loopback, and prints each as the median of several runs.

#include "LoadClient.h"
#include "TestServer.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <unistd.h>

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

QByteArray bearer(const TestServer& server)
{
    return "Bearer " + server.key().toUtf8();
}

/// Waits (processing events) until `done` is true or `seconds` passed.
bool waitUntil(const std::function<bool()>& done, double seconds, int pollMs = 5)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > seconds * 1000) {
            return false;
        }
        QEventLoop loop;
        QTimer::singleShot(pollMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void syncOverhead(TestServer& server, const QString& bundle)
{
    QJsonObject body = TestServer::endpointBody(u"bench-sync"_s, bundle, u"sync"_s, 1, 1);
    body.insert(u"concurrent_requests_per_worker"_s, 8);
    body.insert(u"per_worker"_s, 8);
    const QString id = server.createEndpoint(body);
    waitUntil([&] { return server.status(id) == u"READY"_s; }, 20);
    const QJsonArray workers = server.get(u"/v1/model-endpoints/"_s + id + u"/logs"_s)
                                       .json()
                                       .value(u"workers"_s)
                                       .toArray();
    const int port = workers.last().toObject().value(u"port"_s).toInt();
    const QUrl direct(u"http://127.0.0.1:%1/predict"_s.arg(port));
    const QUrl viaServer = server.url().resolved(QUrl(u"/v1/sync-tasks?model_endpoint_id="_s + id));
    const QByteArray args = R"({"numbers":[1,2,3]})";
    const QByteArray envelope = R"({"args":{"numbers":[1,2,3]},"return_pickled":false})";

    // Warm both paths up.
    LoadClient::run(direct, args, {}, 1, 200, 5);
    LoadClient::run(viaServer, envelope, bearer(server), 1, 200, 5);

    std::vector<double> added;
    std::vector<double> ratios;
    for (int run = 0; run < 5; ++run) {
        auto d1 = LoadClient::run(direct, args, {}, 1, 1000, 10);
        auto v1 = LoadClient::run(viaServer, envelope, bearer(server), 1, 1000, 10);
        added.push_back(v1.medianMs() - d1.medianMs());
        std::printf("  run %d, 1 client: direct median %.3f ms, through launch-local %.3f ms\n",
                    run + 1, d1.medianMs(), v1.medianMs());
        auto d8 = LoadClient::run(direct, args, {}, 8, 1 << 30, 2);
        auto v8 = LoadClient::run(viaServer, envelope, bearer(server), 8, 1 << 30, 2);
        ratios.push_back(v8.throughput() / d8.throughput());
        std::printf("  run %d, 8 clients: direct %.0f/s, through launch-local %.0f/s "
                    "(%d failed)\n",
                    run + 1, d8.throughput(), v8.throughput(), v8.failed + d8.failed);
        std::fflush(stdout);
    }
    std::printf("sync added latency, 1 client (median of 5 runs): %.3f ms\n", median(added));
    std::printf("sync throughput through launch-local vs direct, 8 clients (median of 5): "
                "%.0f%%\n",
                median(ratios) * 100);
    server.request("DELETE", u"/v1/model-endpoints/"_s + id);
}

qint64 cpuTicks(qint64 pid);

void asyncAcceptAndDrain(TestServer& server, const QString& bundle, int run)
{
    // Accept: the endpoint's workers never become ready, so the tasks only queue up and the
    // figure is launch-local's own accept path (HTTP, JSON, one durable commit per batch).
    const QString parked = server.createBundle(u"bench-parked"_s,
                                               {{u"EXAMPLE_MODEL_NEVER_READY"_s, u"1"_s}}, {}, 600);
    const QString name = u"bench-async-%1"_s.arg(run);
    QJsonObject body = TestServer::endpointBody(name, parked, u"async"_s, 4, 4);
    body.insert(u"concurrent_requests_per_worker"_s, 4);
    const QString id = server.createEndpoint(body);
    const QUrl url = server.url().resolved(QUrl(u"/v1/async-tasks?model_endpoint_id="_s + id));
    const qint64 pid = server.process().processId();
    const qint64 ticksBefore = cpuTicks(pid);
    auto accepted = LoadClient::run(url, R"({"args":{}})", bearer(server), 32, 10000, 60);
    const double acceptCpu = double(cpuTicks(pid) - ticksBefore) / double(sysconf(_SC_CLK_TCK));
    const QString lastTask =
            QJsonDocument::fromJson(accepted.lastBody).object().value(u"task_id"_s).toString();

    // Drain: switch the endpoint to the runnable bundle; its 4 new workers take the queue.
    QElapsedTimer clock;
    clock.start();
    server.put(u"/v1/model-endpoints/"_s + id, {{u"model_bundle_id"_s, bundle}});
    waitUntil(
            [&] {
                return server.endpoint(id).value(u"num_queued_items"_s).toInt(-1) == 0 &&
                       server.taskStatus(lastTask) == u"SUCCESS"_s;
            },
            120, 20);
    const double drainSeconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("  run %d: accepted %d tasks (%d refused) in %.2f s (launch-local processor "
                "time %.2f s); drained in %.2f s (including worker start): %.0f tasks/s\n",
                run, accepted.completed, accepted.failed, accepted.seconds, acceptCpu, drainSeconds,
                accepted.completed / drainSeconds);
    std::fflush(stdout);
    server.request("DELETE", u"/v1/model-endpoints/"_s + id);
    waitUntil([&] { return server.get(u"/v1/model-endpoints/"_s + id).status == 404; }, 20);
    static std::vector<double> accepts;
    static std::vector<double> drains;
    accepts.push_back(accepted.seconds);
    static std::vector<double> acceptCpus;
    acceptCpus.push_back(acceptCpu);
    drains.push_back(accepted.completed / drainSeconds);
    if (run == 3) {
        std::printf("async accept of 10,000 tasks, 32 clients (median of 3): %.2f s wall, "
                    "%.2f s launch-local processor time\n",
                    median(accepts), median(acceptCpus));
        std::printf("async drain with 4 workers (median of 3): %.0f tasks/s\n", median(drains));
    }
}

void createToReady(TestServer& server, const QString& bundle)
{
    std::vector<double> times;
    for (int run = 0; run < 5; ++run) {
        const QString name = u"bench-ready-%1"_s.arg(run);
        QElapsedTimer clock;
        clock.start();
        const auto created = server.post(u"/v1/model-endpoints"_s,
                                         TestServer::endpointBody(name, bundle, u"sync"_s, 1, 1));
        const QString id = server.endpointIdByName(name);
        waitUntil([&] { return server.status(id) == u"READY"_s; }, 20, 2);
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
        std::printf("  run %d: %.0f ms (create answered %d)\n", run + 1, times.back(),
                    created.status);
        server.request("DELETE", u"/v1/model-endpoints/"_s + id);
    }
    std::printf("create to READY, one worker (median of 5): %.0f ms\n", median(times));
}

qint64 cpuTicks(qint64 pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly)) {
        return 0;
    }
    const QList<QByteArray> fields = file.readAll().split(' ');
    return fields.size() > 15 ? fields[13].toLongLong() + fields[14].toLongLong() : 0;
}

double rssMb(qint64 pid)
{
    QFile file(u"/proc/%1/status"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return 0;
}

void idleFootprint(const QString& bundle)
{
    TestServer server;
    if (!server.start({u"--idle-seconds"_s, u"1"_s})) {
        std::printf("idle footprint: launch-local did not start\n");
        return;
    }
    const QString bundleId =
            server.createBundleWithCommand(u"idle"_s, QJsonArray{TestServer::modelPath()}, {});
    Q_UNUSED(bundle);
    for (int i = 0; i < 100; ++i) {
        server.post(u"/v1/model-endpoints"_s,
                    TestServer::endpointBody(u"idle-%1"_s.arg(i), bundleId, u"async"_s, 0, 1));
    }
    const qint64 pid = server.process().processId();
    waitUntil([] { return false; }, 2, 100);
    std::vector<double> cpu;
    std::vector<double> rss;
    for (int run = 0; run < 3; ++run) {
        const qint64 before = cpuTicks(pid);
        waitUntil([] { return false; }, 3, 500);
        const qint64 after = cpuTicks(pid);
        const double percent = double(after - before) / double(sysconf(_SC_CLK_TCK)) / 3.0 * 100;
        cpu.push_back(percent);
        rss.push_back(rssMb(pid));
        std::printf("  run %d: CPU %.2f%% of one core over 3 s, resident %.1f MB\n", run + 1,
                    percent, rss.back());
    }
    std::printf("100 endpoints scaled to zero (median of 3): CPU %.2f%%, resident %.1f MB\n",
                median(cpu), median(rss));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList only = app.arguments().mid(1);
    const auto wanted = [&only](const char* name) {
        return only.isEmpty() || only.contains(QString::fromLatin1(name));
    };
    std::printf("launch-local benchmark (%d cores)\n", QThread::idealThreadCount());
    TestServer server;
    if (!server.start()) {
        std::printf("launch-local did not start\n");
        return 1;
    }
    const QString bundle = server.createBundle(u"bench"_s);
    if (wanted("ready")) {
        createToReady(server, bundle);
    }
    if (wanted("sync")) {
        syncOverhead(server, bundle);
    }
    if (wanted("async")) {
        for (int run = 1; run <= 3; ++run) {
            asyncAcceptAndDrain(server, bundle, run);
        }
    }
    if (wanted("idle")) {
        idleFootprint(bundle);
    }
    return 0;
}

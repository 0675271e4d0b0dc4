// Measures LaunchClient on loopback: 10,000 future polls (GET /v1/async-tasks/{id}, decoded)
// through the default cap of 6 requests in flight, the longest stall of the client's event
// loop meanwhile, and queueing then cancelling 10,000 calls. Prints medians of several runs.
#include "LaunchClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <future>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int Calls = 10'000;
constexpr int Runs = 5;

const QByteArray taskBody = R"({"task_id": "t", "status": "SUCCESS", "result": {"result": )"
                            R"("{\"y\": 2}"}, "traceback": null, "status_code": 200})";

// A minimal keep-alive HTTP server on its own thread that answers every request at once.
class AnsweringServer final : public QThread
{
public:
    std::promise<quint16> port;

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
            while (QTcpSocket* socket = server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { answer(socket); });
            }
        });
        port.set_value(server.serverPort());
        exec();
    }

private:
    void answer(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        QByteArray out;
        qsizetype end = 0;
        while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
            buffer.remove(0, end + 4);
            out += "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                   QByteArray::number(taskBody.size()) + "\r\n\r\n" + taskBody;
        }
        socket->write(out);
    }

    QHash<QTcpSocket*, QByteArray> m_buffers;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct PollRun
{
    double queueMs = 0;
    double wallMs = 0;
    double longestStallMs = 0;
    int maxInFlight = 0;
};

PollRun pollRun(LaunchClient& client)
{
    QObject context;
    int done = 0;
    int failed = 0;
    QElapsedTimer clock;
    QElapsedTimer tick;
    double longest = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    int maxInFlight = 0;
    QObject::connect(&ticker, &QTimer::timeout, &context, [&] {
        longest = std::max(longest, tick.nsecsElapsed() / 1e6);
        tick.restart();
    });
    clock.start();
    tick.start();
    ticker.start();
    for (int i = 0; i < Calls; ++i) {
        client.getAsyncTask(u"task-%1"_s.arg(i), &context, [&](ApiResult<AsyncTask> result) {
            failed += result.ok() ? 0 : 1;
            maxInFlight = std::max(maxInFlight, client.transport()->inFlightCount());
            if (++done == Calls) {
                QCoreApplication::exit(0);
            }
        });
    }
    const double queueMs = clock.nsecsElapsed() / 1e6;
    tick.restart();
    QCoreApplication::exec();
    if (failed > 0) {
        std::printf("  %d calls failed\n", failed);
    }
    return {queueMs, clock.nsecsElapsed() / 1e6, longest, maxInFlight};
}

double cancelRun(LaunchClient& client)
{
    QObject context;
    for (int i = 0; i < Calls; ++i) {
        client.getAsyncTask(u"task-%1"_s.arg(i), &context, [](ApiResult<AsyncTask>) {});
    }
    QElapsedTimer clock;
    clock.start();
    client.cancelAll();
    return clock.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    AnsweringServer server;
    std::future<quint16> port = server.port.get_future();
    server.start();
    const QUrl url(u"http://127.0.0.1:%1"_s.arg(QString::number(port.get())));
    LaunchClient client(ConnectionSettings(url, u"bench-key"_s));

    std::vector<double> queue;
    std::vector<double> wall;
    std::vector<double> stall;
    std::vector<double> cancel;
    int maxInFlight = 0;
    for (int run = 0; run < Runs; ++run) {
        const PollRun result = pollRun(client);
        queue.push_back(result.queueMs);
        maxInFlight = std::max(maxInFlight, result.maxInFlight);
        wall.push_back(result.wallMs);
        stall.push_back(result.longestStallMs);
        cancel.push_back(cancelRun(client));
    }
    std::printf("LaunchClient on loopback, %d runs, cap %d in flight\n", Runs,
                client.settings().maxInFlight());
    std::printf("%d future polls (GET + decode): median %.1f ms wall, %.0f polls/s\n", Calls,
                median(wall), Calls / median(wall) * 1000);
    std::printf("queueing the %d calls: median %.1f ms\n", Calls, median(queue));
    std::printf("longest client event-loop stall after queueing: median %.2f ms, max %.2f ms\n",
                median(stall), *std::max_element(stall.begin(), stall.end()));
    std::printf("most requests in flight seen by the client: %d\n", maxInFlight);
    std::printf("queue then cancel %d calls: cancelAll median %.1f ms\n", Calls, median(cancel));
    server.quit();
    server.wait();
    return 0;
}

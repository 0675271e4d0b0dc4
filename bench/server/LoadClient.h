#pragma once

#include "WorkerConnection.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QUrl>
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

/// Drives HTTP load for the benchmark: `clients` independent loops, each on its own keep-alive
/// connection, every loop sending its next request as soon as the previous one is answered.
/// The same light client is used for both sides of each comparison.
class LoadClient final
{
public:
    struct Result
    {
        int completed = 0;
        int failed = 0;
        double seconds = 0;
        std::vector<double> latenciesMs;
        QByteArray lastBody;
        double throughput() const { return seconds > 0 ? completed / seconds : 0; }
        double medianMs()
        {
            if (latenciesMs.empty()) {
                return 0;
            }
            std::sort(latenciesMs.begin(), latenciesMs.end());
            return latenciesMs[latenciesMs.size() / 2];
        }
    };

    /// Sends `total` POST requests (or until `maxSeconds`) with `clients` loops in parallel.
    static Result run(const QUrl& url, const QByteArray& body, const QByteArray& authorization,
                      int clients, int total, double maxSeconds)
    {
        Result result;
        QEventLoop loop;
        QElapsedTimer clock;
        int started = 0;
        int running = clients;
        const QByteArray path = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        std::vector<std::unique_ptr<WorkerConnection>> connections;
        std::function<void(WorkerConnection*)> next;
        next = [&](WorkerConnection* connection) {
            if (started >= total || clock.elapsed() > maxSeconds * 1000) {
                if (--running == 0) {
                    loop.quit();
                }
                return;
            }
            ++started;
            const qint64 sentNs = clock.nsecsElapsed();
            connection->post(path, body, 60000, &loop,
                             [&, connection, sentNs](const WorkerConnection::Response& response) {
                                 if (response.status == 200) {
                                     ++result.completed;
                                     result.lastBody = response.body;
                                     result.latenciesMs.push_back(
                                             double(clock.nsecsElapsed() - sentNs) / 1e6);
                                 } else {
                                     ++result.failed;
                                 }
                                 next(connection);
                             });
        };
        for (int i = 0; i < clients; ++i) {
            connections.push_back(std::make_unique<WorkerConnection>(quint16(url.port())));
            if (!authorization.isEmpty()) {
                connections.back()->setExtraHeaders("Authorization: " + authorization + "\r\n");
            }
        }
        clock.start();
        for (auto& connection : connections) {
            next(connection.get());
        }
        loop.exec();
        result.seconds = double(clock.nsecsElapsed()) / 1e9;
        return result;
    }
};

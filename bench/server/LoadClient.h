#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

/// Drives HTTP load for the benchmark: `clients` independent loops (one connection pool
/// each), every loop sending its next request as soon as the previous one is answered.
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

    /// Sends `total` requests (or until `maxSeconds`) with `clients` loops in parallel.
    static Result run(const QUrl& url, const QByteArray& body, const QByteArray& authorization,
                      int clients, int total, double maxSeconds)
    {
        Result result;
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        QEventLoop loop;
        QElapsedTimer clock;
        int started = 0;
        int running = 0;
        std::function<void(QNetworkAccessManager*)> next;
        next = [&](QNetworkAccessManager* manager) {
            if (started >= total || clock.elapsed() > maxSeconds * 1000) {
                if (--running == 0) {
                    loop.quit();
                }
                return;
            }
            ++started;
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/json"));
            if (!authorization.isEmpty()) {
                request.setRawHeader("Authorization", authorization);
            }
            const qint64 sentNs = clock.nsecsElapsed();
            QNetworkReply* reply = manager->post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, manager, [&, reply, manager, sentNs] {
                const int status =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 200) {
                    ++result.completed;
                    result.lastBody = reply->readAll();
                    result.latenciesMs.push_back(double(clock.nsecsElapsed() - sentNs) / 1e6);
                } else {
                    ++result.failed;
                }
                reply->deleteLater();
                next(manager);
            });
        };
        for (int i = 0; i < clients; ++i) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            managers.back()->setProxy(QNetworkProxy::NoProxy);
        }
        clock.start();
        running = clients;
        for (auto& manager : managers) {
            next(manager.get());
        }
        loop.exec();
        result.seconds = double(clock.nsecsElapsed()) / 1e9;
        return result;
    }
};

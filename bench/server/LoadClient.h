#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

/// Drives HTTP load for the benchmark: `clients` independent loops, each with its own
/// QNetworkAccessManager (so its own keep-alive connection, whatever the 6-connections-per-host
/// limit of one manager), every loop sending its next request as soon as the previous one is
/// answered. The same client is used for both sides of each comparison.
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
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setTransferTimeout(60000);
        if (!authorization.isEmpty()) {
            request.setRawHeader("Authorization", authorization);
        }
        std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
        std::function<void(QNetworkAccessManager*)> next;
        next = [&](QNetworkAccessManager* manager) {
            if (started >= total || clock.elapsed() > maxSeconds * 1000) {
                if (--running == 0) {
                    loop.quit();
                }
                return;
            }
            ++started;
            const qint64 sentNs = clock.nsecsElapsed();
            QNetworkReply* reply = manager->post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, manager, reply, sentNs] {
                reply->deleteLater();
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
                    ++result.completed;
                    result.lastBody = reply->readAll();
                    result.latenciesMs.push_back(double(clock.nsecsElapsed() - sentNs) / 1e6);
                } else {
                    ++result.failed;
                }
                next(manager);
            });
        };
        for (int i = 0; i < clients; ++i) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
            managers.back()->setProxy(QNetworkProxy::NoProxy);
        }
        clock.start();
        for (auto& manager : managers) {
            next(manager.get());
        }
        loop.exec();
        result.seconds = double(clock.nsecsElapsed()) / 1e9;
        return result;
    }
};

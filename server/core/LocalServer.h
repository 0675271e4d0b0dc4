#pragma once

#include "ApiAnswer.h"
#include "EndpointRuntime.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>

class EndpointManager;
class Store;

/// launch-local's HTTP side: authenticates each request (Basic with the API key as user name,
/// or Bearer), routes it to the endpoint manager or the prediction path, and writes the
/// answer, later for predictions that wait on a worker or on the disk.
class LocalServer final : public QObject
{
    Q_OBJECT

public:
    struct Config
    {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0;
        QString dataDir;
        QString apiKey;
        EndpointRuntime::Options runtime;
    };

    /// A request (headers and body) larger than this is answered 413 and its connection closed,
    /// before it is read whole and before its API key is checked.
    static constexpr qint64 kMaxRequestBytes = 64 * 1024 * 1024;

    explicit LocalServer(QObject* parent = nullptr);
    ~LocalServer() override;

    /// Opens the database, loads state and listens; returns an error sentence or empty.
    QString start(const Config& config);
    QUrl url() const { return m_url; }
    /// Stops every worker; `done` runs when they are gone.
    void shutdown(std::function<void()> done);

    class Reply;

private:
    void handle(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    bool route(const QHttpServerRequest& request, const std::shared_ptr<Reply>& reply);
    bool routeEndpoints(const QHttpServerRequest& request, const QStringList& parts,
                        const std::shared_ptr<Reply>& reply);
    bool routeBundles(const QHttpServerRequest& request, const QStringList& parts, bool v1,
                      const std::shared_ptr<Reply>& reply);
    bool routeTasks(const QHttpServerRequest& request, const QStringList& parts,
                    const std::shared_ptr<Reply>& reply);
    void sendLogs(const QHttpServerRequest& request, const QString& id,
                  const std::shared_ptr<Reply>& reply);
    bool authorized(const QHttpServerRequest& request) const;
    void syncPredict(const QHttpServerRequest& request, const std::shared_ptr<Reply>& reply,
                     bool streaming);
    void asyncPredict(const QHttpServerRequest& request, const std::shared_ptr<Reply>& reply);
    ApiAnswer asyncTask(const QString& taskId) const;

    Config m_config;
    QUrl m_url;
    QHttpServer m_http;
    Store* m_store = nullptr;
    EndpointManager* m_manager = nullptr;
};

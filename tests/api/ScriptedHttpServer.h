#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <memory>

class QSslCertificate;
class QSslKey;

class QTcpSocket;

/// A small HTTP/1.1 server on loopback for client tests, with exact control over what it
/// answers: any status, headers and body, a delay, no answer at all, a body cut short, a
/// body without Content-Length. It records every request and the most requests it held at
/// once (received, not yet answered).
class ScriptedHttpServer final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path; ///< percent-encoded, without the query
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers; ///< names in lower case
        QByteArray body;

        QJsonObject json() const;
    };

    struct Response
    {
        enum class Mode
        {
            Normal,
            Hang,          ///< never answer
            Truncate,      ///< announce the full length, send half, close
            WithoutLength, ///< no Content-Length: the body ends when the connection closes
        };
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        Mode mode = Mode::Normal;
        int delayMs = 0;

        void setHeader(const QByteArray& name, const QByteArray& value);
        static Response json(int status, const QByteArray& body);
    };
    using Handler = std::function<Response(const Request&)>;

    explicit ScriptedHttpServer(QObject* parent = nullptr);
    ~ScriptedHttpServer() override;

    /// Listens for plain HTTP on a free port of `address`.
    bool listen(const QHostAddress& address = QHostAddress::LocalHost);
    /// Listens for HTTPS on a free port of 127.0.0.1 with this certificate.
    bool listenTls(const QSslCertificate& certificate, const QSslKey& key);
    /// The server's URL; `host` replaces 127.0.0.1 (e.g. "localhost" to match a certificate).
    QUrl url(const QString& pathPrefix = {}, const QString& host = {}) const;
    quint16 port() const { return m_server->serverPort(); }

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Request>& requests() const { return m_requests; }
    int openRequests() const { return m_open; }
    int maxOpenRequests() const { return m_maxOpen; }

signals:
    void requestReceived();

private:
    struct Connection;

    void onNewConnection();
    void readFrom(QTcpSocket* socket);
    bool parseOne(QTcpSocket* socket, Connection& connection);
    void answer(QTcpSocket* socket, const Response& response);
    void finishRequest(QTcpSocket* socket);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    Handler m_handler;
    QHash<QTcpSocket*, Connection*> m_connections;
    QList<Request> m_requests;
    int m_open = 0;
    int m_maxOpen = 0;
};

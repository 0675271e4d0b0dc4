#include "ScriptedHttpServer.h"

#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

struct ScriptedHttpServer::Connection
{
    QByteArray buffer;
    bool answering = false;
};

QJsonObject ScriptedHttpServer::Request::json() const
{
    return QJsonDocument::fromJson(body).object();
}

ScriptedHttpServer::Response ScriptedHttpServer::Response::json(int status, const QByteArray& body)
{
    Response response;
    response.status = status;
    response.setHeader("Content-Type", "application/json");
    response.body = body;
    return response;
}

void ScriptedHttpServer::Response::setHeader(const QByteArray& name, const QByteArray& value)
{
    headers.append(qMakePair(name, value));
}

ScriptedHttpServer::ScriptedHttpServer(QObject* parent)
    : QObject(parent)
{
    m_handler = [](const Request&) { return Response::json(200, "{}"); };
}

ScriptedHttpServer::~ScriptedHttpServer()
{
    // The sockets die with the server; their signals must not reach this half-destroyed object.
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        disconnect(it.key(), nullptr, this, nullptr);
        delete it.value();
    }
    m_connections.clear();
    m_server.reset();
}

bool ScriptedHttpServer::listen(const QHostAddress& address)
{
    m_server = std::make_unique<QTcpServer>();
    connect(m_server.get(), &QTcpServer::newConnection, this, &ScriptedHttpServer::onNewConnection);
    return m_server->listen(address, 0);
}

bool ScriptedHttpServer::listenTls(const QSslCertificate& certificate, const QSslKey& key)
{
    auto server = std::make_unique<QSslServer>();
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(configuration);
    // A client that rejects the certificate aborts the handshake; that is expected here.
    connect(server.get(), &QSslServer::errorOccurred, this, [] {});
    m_server = std::move(server);
    m_tls = true;
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &ScriptedHttpServer::onNewConnection);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedHttpServer::url(const QString& pathPrefix, const QString& host) const
{
    const QString name = host.isEmpty() ? m_server->serverAddress().toString() : host;
    return QUrl(u"%1://%2:%3%4"_s.arg(m_tls ? u"https"_s : u"http"_s, name, QString::number(port()),
                                      pathPrefix));
}

void ScriptedHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        m_connections.insert(socket, new Connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            Connection* connection = m_connections.take(socket);
            if (connection && connection->answering) {
                --m_open;
            }
            delete connection;
            socket->deleteLater();
        });
    }
}

void ScriptedHttpServer::readFrom(QTcpSocket* socket)
{
    Connection* connection = m_connections.value(socket);
    if (!connection) {
        return;
    }
    connection->buffer += socket->readAll();
    while (!connection->answering && parseOne(socket, *connection)) {
    }
}

bool ScriptedHttpServer::parseOne(QTcpSocket* socket, Connection& connection)
{
    const qsizetype headerEnd = connection.buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        return false;
    }
    const QList<QByteArray> lines = connection.buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Request request;
    request.method = requestLine.value(0);
    const QByteArray target = requestLine.value(1);
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    if (question >= 0) {
        request.query.setQuery(QString::fromLatin1(target.mid(question + 1)));
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0) {
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
        }
    }
    const qsizetype length = request.headers.value("content-length").toLongLong();
    if (connection.buffer.size() < headerEnd + 4 + length) {
        return false;
    }
    request.body = connection.buffer.mid(headerEnd + 4, length);
    connection.buffer.remove(0, headerEnd + 4 + length);
    connection.answering = true;
    m_requests.append(request);
    m_maxOpen = std::max(m_maxOpen, ++m_open);
    emit requestReceived();
    const Response response = m_handler(request);
    if (response.delayMs > 0) {
        QTimer::singleShot(response.delayMs, socket,
                           [this, socket, response] { answer(socket, response); });
    } else {
        answer(socket, response);
    }
    return true;
}

void ScriptedHttpServer::answer(QTcpSocket* socket, const Response& response)
{
    using Mode = Response::Mode;
    if (response.mode == Mode::Hang) {
        return;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " Scripted\r\n";
    for (const auto& [name, value] : response.headers) {
        head += name + ": " + value + "\r\n";
    }
    if (response.mode == Mode::WithoutLength) {
        head += "Connection: close\r\n";
    } else {
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    }
    // One write, so that head and body leave in the same segment (no Nagle delay).
    head += "\r\n";
    if (response.mode == Mode::Truncate) {
        head += response.body.left(response.body.size() / 2);
    } else {
        head += response.body;
    }
    socket->write(head);
    finishRequest(socket);
    if (response.mode != Mode::Normal) {
        socket->disconnectFromHost();
    }
}

void ScriptedHttpServer::finishRequest(QTcpSocket* socket)
{
    Connection* connection = m_connections.value(socket);
    if (!connection || !connection->answering) {
        return;
    }
    connection->answering = false;
    --m_open;
    QTimer::singleShot(0, socket, [this, socket] { readFrom(socket); });
}

#include "FakeTaskServer.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

FakeTaskServer::FakeTaskServer(QObject* parent)
    : QTcpServer(parent)
{
    listen(QHostAddress::LocalHost, 0);
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

QUrl FakeTaskServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(serverPort()));
}

void FakeTaskServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    // GET requests only: a request ends with its headers.
    qsizetype end = buffer.indexOf("\r\n\r\n");
    while (end >= 0) {
        const QByteArray head = buffer.left(end);
        buffer.remove(0, end + 4);
        const QList<QByteArray> requestLine = head.left(head.indexOf("\r\n")).split(' ');
        const QByteArray path = requestLine.value(1);
        ++m_requests;
        ++m_open;
        m_maxOpen = qMax(m_maxOpen, m_open);
        const QByteArray taskId = path.mid(path.lastIndexOf('/') + 1);
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(m_delayMs, this, [this, guard, taskId] {
            --m_open;
            if (guard) {
                answer(guard, taskId);
            }
        });
        end = buffer.indexOf("\r\n\r\n");
    }
}

void FakeTaskServer::answer(QTcpSocket* socket, const QByteArray& taskId)
{
    QByteArray status = "200 OK";
    QByteArray body;
    switch (m_mode) {
    case Mode::Pending:
        body = R"({"task_id": ")" + taskId + R"(", "status": "PENDING"})";
        break;
    case Mode::Started:
        body = R"({"task_id": ")" + taskId + R"(", "status": "STARTED"})";
        break;
    case Mode::Success:
        body = R"({"task_id": ")" + taskId +
               R"(", "status": "SUCCESS", "result": {"result": "{\"y\": 1}"}, "status_code": 200})";
        break;
    case Mode::Unavailable:
        status = "503 Service Unavailable";
        body = R"({"detail": "broker unavailable"})";
        break;
    }
    socket->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

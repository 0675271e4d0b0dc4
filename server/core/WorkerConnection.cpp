#include "WorkerConnection.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

WorkerConnection::WorkerConnection(quint16 port, QObject* parent)
    : QObject(parent)
    , m_port(port)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        Callback callback = std::exchange(m_callback, {});
        m_usable = false;
        m_socket.abort();
        Response response;
        response.timedOut = true;
        response.error = u"the worker did not answer in time"_s;
        if (callback) {
            callback(response);
        }
    });
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket.write(std::exchange(m_outgoing, {}));
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, &WorkerConnection::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &WorkerConnection::onClosed);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket.state() != QAbstractSocket::ConnectedState) {
            onClosed();
        }
    });
}

WorkerConnection::~WorkerConnection()
{
    m_socket.disconnect(this);
    if (m_callback && m_context) {
        Response response;
        response.error = u"the connection to the worker was closed"_s;
        QMetaObject::invokeMethod(
                m_context, [callback = m_callback, response] { callback(response); },
                Qt::QueuedConnection);
    }
}

void WorkerConnection::post(const QByteArray& path, const QByteArray& body, int timeoutMs,
                            QObject* context, Callback callback)
{
    m_callback = std::move(callback);
    m_context = context;
    m_buffer.clear();
    m_chunkedBody.clear();
    m_headParsed = false;
    m_chunked = false;
    m_contentLength = -1;
    m_status = 0;
    QByteArray request;
    request.reserve(160 + body.size());
    request += "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) +
               "\r\nContent-Type: application/json\r\nContent-Length: " +
               QByteArray::number(body.size()) + "\r\n" + m_extraHeaders + "\r\n" + body;
    m_timeout.start(timeoutMs);
    if (m_socket.state() == QAbstractSocket::ConnectedState) {
        m_socket.write(request);
        return;
    }
    m_outgoing = request;
    if (m_socket.state() == QAbstractSocket::UnconnectedState) {
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    }
}

bool WorkerConnection::parseHead()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    m_status = statusLine.value(1).toInt();
    m_closeAfter = statusLine.value(0) == "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon < 0) {
            continue;
        }
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed().toLower();
        if (name == "content-length") {
            m_contentLength = value.toLongLong();
        } else if (name == "transfer-encoding" && value.contains("chunked")) {
            m_chunked = true;
        } else if (name == "connection") {
            m_closeAfter = value == "close";
        }
    }
    m_bodyStart = end + 4;
    m_headParsed = true;
    return true;
}

bool WorkerConnection::parseChunked()
{
    qsizetype at = m_bodyStart;
    QByteArray body;
    while (true) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n", at);
        if (lineEnd < 0) {
            return false;
        }
        bool ok = false;
        const qsizetype size =
                m_buffer.mid(at, lineEnd - at).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok) {
            m_closeAfter = true;
            m_chunkedBody = body;
            return true; // malformed: hand over what arrived
        }
        if (size == 0) {
            if (m_buffer.indexOf("\r\n\r\n", lineEnd) < 0 && !m_buffer.endsWith("\r\n")) {
                return false;
            }
            m_chunkedBody = body;
            return true;
        }
        if (m_buffer.size() < lineEnd + 2 + size + 2) {
            return false;
        }
        body += m_buffer.mid(lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
    }
}

void WorkerConnection::onReadyRead()
{
    m_buffer += m_socket.readAll();
    if (!m_callback) {
        m_buffer.clear(); // nothing asked: a stray byte makes the connection unusable
        m_usable = false;
        m_socket.abort();
        return;
    }
    if (!m_headParsed && !parseHead()) {
        return;
    }
    Response response;
    response.status = m_status;
    if (m_chunked) {
        if (!parseChunked()) {
            return;
        }
        response.body = m_chunkedBody;
    } else if (m_contentLength >= 0) {
        if (m_buffer.size() - m_bodyStart < m_contentLength) {
            return;
        }
        response.body = m_buffer.mid(m_bodyStart, m_contentLength);
    } else {
        m_closeAfter = true;
        return; // the body ends when the worker closes the connection
    }
    if (m_closeAfter) {
        m_usable = false;
    }
    const bool close = m_closeAfter;
    complete(response);
    if (close) {
        m_socket.disconnectFromHost();
    }
}

void WorkerConnection::onClosed()
{
    m_usable = false;
    if (!m_callback) {
        return;
    }
    Response response;
    if (m_headParsed && !m_chunked && m_contentLength < 0) {
        response.status = m_status;
        response.body = m_buffer.mid(m_bodyStart);
    } else {
        response.error = m_socket.errorString().isEmpty() ? u"the worker closed the connection"_s
                                                          : m_socket.errorString();
    }
    complete(response);
}

void WorkerConnection::complete(Response response)
{
    m_timeout.stop();
    Callback callback = std::exchange(m_callback, {});
    m_buffer.clear();
    if (callback) {
        callback(response);
    }
}

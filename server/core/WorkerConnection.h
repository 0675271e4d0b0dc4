#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <functional>

/// One keep-alive HTTP/1.1 connection from launch-local to a worker on loopback, answering one
/// request at a time. Lighter than QNetworkAccessManager (no thread hop, no cache, no cookie
/// jar), which matters because every prediction takes this hop.
class WorkerConnection final : public QObject
{
    Q_OBJECT

public:
    struct Response
    {
        int status = 0; ///< 0 when no HTTP answer came (see error)
        QByteArray body;
        QString error;
        bool timedOut = false;
    };
    using Callback = std::function<void(const Response&)>;

    WorkerConnection(quint16 port, QObject* parent = nullptr);
    ~WorkerConnection() override;

    /// Header lines ("Name: value\r\n" each) added to every request, e.g. Authorization.
    void setExtraHeaders(const QByteArray& headers) { m_extraHeaders = headers; }
    bool isBusy() const { return bool(m_callback); }
    bool isUsable() const { return m_usable; }
    /// Sends `POST path`; `callback` runs once, queued to `context`'s thread turn.
    void post(const QByteArray& path, const QByteArray& body, int timeoutMs, QObject* context,
              Callback callback);

private:
    void onReadyRead();
    void onClosed();
    bool parseHead();
    bool parseChunked();
    void complete(Response response);

    quint16 m_port = 0;
    QTcpSocket m_socket;
    QTimer m_timeout;
    QByteArray m_buffer;
    QByteArray m_outgoing;
    QByteArray m_extraHeaders;
    Callback m_callback;
    QPointer<QObject> m_context;
    bool m_usable = true;
    bool m_headParsed = false;
    bool m_chunked = false;
    bool m_closeAfter = false;
    qsizetype m_bodyStart = 0;
    qsizetype m_contentLength = -1;
    int m_status = 0;
    QByteArray m_chunkedBody;
};

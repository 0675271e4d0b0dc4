#pragma once

#include <QHash>
#include <QTcpServer>

class QTcpSocket;

/// A loopback HTTP server answering `GET /v1/async-tasks/{id}` after a delay, that counts
/// requests and how many are open at once. It can answer PENDING, SUCCESS, or 503.
class FakeTaskServer final : public QTcpServer
{
    Q_OBJECT

public:
    enum class Mode
    {
        Pending,
        Started,
        Success,
        Unavailable,
    };

    explicit FakeTaskServer(QObject* parent = nullptr);

    QUrl url() const;
    void setMode(Mode mode) { m_mode = mode; }
    void setDelayMs(int ms) { m_delayMs = ms; }

    int requests() const { return m_requests; }
    int open() const { return m_open; }
    int maxOpen() const { return m_maxOpen; }

private:
    void onReadyRead(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const QByteArray& taskId);

    QHash<QTcpSocket*, QByteArray> m_buffers;
    Mode m_mode = Mode::Pending;
    int m_delayMs = 5;
    int m_requests = 0;
    int m_open = 0;
    int m_maxOpen = 0;
};

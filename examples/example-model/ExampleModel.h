#pragma once

#include <QHttpServer>
#include <QJsonObject>
#include <QObject>

/// A small model server for launch-local: answers GET /readyz and POST /predict on
/// 127.0.0.1:$PORT, computes statistics of `numbers` and echoes `text`, and can be asked to be
/// slow (`sleep_ms`), to fail (`fail`), to hang up (`hang_up`), to turn unhealthy (`unhealthy`),
/// or to crash (`crash`, or after N requests) so that every path of a model server can be shown
/// and tested.
class ExampleModel final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int crashAfterRequests = 0;
        int readyDelayMs = 0;
        bool neverReady = false;
    };

    explicit ExampleModel(const Options& options, QObject* parent = nullptr);

    /// Listens on loopback; returns the port, or 0 with `error` set.
    quint16 listen(quint16 port, QString* error);

    /// The answer for `args`; public so that tests and the benchmark can call it directly.
    /// Arguments that cannot be used (a `numbers` item that is not a number, a sum too large
    /// for a double, a `text` that is not a string) give an empty answer and set `error`.
    static QJsonObject compute(const QJsonObject& args, QString* error);
    /// The `sleep_ms` of `args` (0 when absent); sets `error` unless it is a whole number of
    /// milliseconds, 0 or more.
    static int sleepMs(const QJsonObject& args, QString* error);

private:
    void predict(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    bool isReady() const;

    QHttpServer m_server;
    Options m_options;
    qint64 m_startedMs = 0;
    int m_requests = 0;
    bool m_unhealthy = false;
};

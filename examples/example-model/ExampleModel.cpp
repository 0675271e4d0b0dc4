#include "ExampleModel.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QByteArray jsonBytes(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

ExampleModel::ExampleModel(const Options& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_startedMs(QDateTime::currentMSecsSinceEpoch())
{
    m_server.route(u"/readyz"_s, QHttpServerRequest::Method::Get, [this] {
        if (isReady()) {
            return QHttpServerResponse("text/plain", "OK");
        }
        return QHttpServerResponse("text/plain", "starting",
                                   QHttpServerResponder::StatusCode::ServiceUnavailable);
    });
    m_server.route(u"/healthz"_s, QHttpServerRequest::Method::Get,
                   [] { return QHttpServerResponse("text/plain", "OK"); });
    m_server.route(u"/predict"_s, QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                       predict(request, std::move(responder));
                   });
}

quint16 ExampleModel::listen(quint16 port, QString* error)
{
    const quint16 bound = m_server.listen(QHostAddress::LocalHost, port);
    if (bound == 0 && error) {
        *error = u"cannot listen on 127.0.0.1:%1"_s.arg(port);
    }
    return bound;
}

bool ExampleModel::isReady() const
{
    if (m_options.neverReady || m_unhealthy) {
        return false;
    }
    return QDateTime::currentMSecsSinceEpoch() - m_startedMs >= m_options.readyDelayMs;
}

QJsonObject ExampleModel::compute(const QJsonObject& args)
{
    QJsonObject answer;
    const QJsonArray numbers = args.value(u"numbers"_s).toArray();
    if (!numbers.isEmpty()) {
        double sum = 0;
        double low = numbers.first().toDouble();
        double high = low;
        for (const QJsonValue& value : numbers) {
            const double x = value.toDouble();
            sum += x;
            low = std::min(low, x);
            high = std::max(high, x);
        }
        answer.insert(u"count"_s, numbers.size());
        answer.insert(u"sum"_s, sum);
        answer.insert(u"mean"_s, sum / double(numbers.size()));
        answer.insert(u"min"_s, low);
        answer.insert(u"max"_s, high);
    }
    if (args.contains(u"text"_s)) {
        const QString text = args.value(u"text"_s).toString();
        answer.insert(u"echo"_s, text);
        answer.insert(u"length"_s, text.size());
        answer.insert(u"words"_s, text.split(u' ', Qt::SkipEmptyParts).size());
    }
    return answer;
}

void ExampleModel::predict(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    ++m_requests;
    if (m_options.crashAfterRequests > 0 && m_requests >= m_options.crashAfterRequests) {
        std::fprintf(stderr, "crashing on request %d as asked\n", m_requests);
        std::fflush(stderr);
        std::_Exit(70);
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        responder.write(jsonBytes({{u"detail"_s, u"the body must be a JSON object"_s}}),
                        "application/json", QHttpServerResponder::StatusCode::BadRequest);
        return;
    }
    const QJsonObject args = document.object();
    if (args.value(u"crash"_s).toBool()) {
        std::fprintf(stderr, "crashing while answering as asked by args.crash\n");
        std::fflush(stderr);
        std::_Exit(71);
    }
    if (args.value(u"hang_up"_s).toBool()) {
        // Alive, but the connection closes without an answer: the caller must not send the
        // request again on its own, and request_number tells whether it did.
        std::fprintf(stderr, "closing the connection without answering as asked by args.hang_up\n");
        std::fflush(stderr);
        responder.socket()->abort();
        return;
    }
    if (args.value(u"unhealthy"_s).toBool()) {
        std::fprintf(stderr,
                     "answering /readyz with 503 from now on, as asked by args.unhealthy\n");
        std::fflush(stderr);
        m_unhealthy = true;
    }
    QByteArray body;
    auto status = QHttpServerResponder::StatusCode::Ok;
    if (args.value(u"fail"_s).toBool()) {
        body = "Traceback (example model): the request asked to fail (args.fail is true)";
        status = QHttpServerResponder::StatusCode::InternalServerError;
    } else {
        QJsonObject answer = compute(args);
        answer.insert(u"worker_pid"_s, QCoreApplication::applicationPid());
        answer.insert(u"request_number"_s, m_requests);
        body = jsonBytes(answer);
    }
    const QByteArray type = status == QHttpServerResponder::StatusCode::Ok
                                    ? QByteArray("application/json")
                                    : QByteArray("text/plain");
    const int sleepMs = args.value(u"sleep_ms"_s).toInt();
    if (sleepMs <= 0) {
        responder.write(body, type, status);
        return;
    }
    // The responder is kept until the timer fires; the socket may be gone by then.
    auto kept = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = kept->socket();
    // Precise: a coarse timer may fire up to 5% early, and a model asked to take 12 s must not
    // answer in 11.4.
    QTimer::singleShot(sleepMs, Qt::PreciseTimer, this, [kept, socket, body, type, status] {
        if (socket) {
            kept->write(body, type, status);
        }
    });
}

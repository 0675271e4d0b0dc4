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
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QByteArray jsonBytes(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// A value as it was written in the request, for an error message: `"abc"`, `null`, `-5`.
QString shown(const QJsonValue& value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

void answerBadArguments(QHttpServerResponder& responder, const QString& error)
{
    responder.write(jsonBytes({{u"detail"_s, error}}), "application/json",
                    QHttpServerResponder::StatusCode::BadRequest);
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

QJsonObject ExampleModel::compute(const QJsonObject& args, QString* error)
{
    QJsonObject answer;
    const QJsonValue numbersValue = args.value(u"numbers"_s);
    if (!numbersValue.isUndefined()) {
        if (!numbersValue.isArray()) {
            *error = u"numbers must be a list of numbers; got %1"_s.arg(shown(numbersValue));
            return {};
        }
        const QJsonArray numbers = numbersValue.toArray();
        double sum = 0;
        double low = 0;
        double high = 0;
        for (qsizetype i = 0; i < numbers.size(); ++i) {
            const QJsonValue value = numbers.at(i);
            if (!value.isDouble()) {
                *error = u"numbers[%1] is %2, not a number"_s.arg(i).arg(shown(value));
                return {};
            }
            const double x = value.toDouble();
            sum += x;
            low = i == 0 ? x : std::min(low, x);
            high = i == 0 ? x : std::max(high, x);
        }
        // JSON has no infinity: an overflowing sum would be written as null.
        if (!std::isfinite(sum)) {
            *error = u"the sum of numbers is too large to compute (beyond ±%1)"_s.arg(
                    std::numeric_limits<double>::max());
            return {};
        }
        if (!numbers.isEmpty()) {
            answer.insert(u"count"_s, numbers.size());
            answer.insert(u"sum"_s, sum);
            answer.insert(u"mean"_s, sum / double(numbers.size()));
            answer.insert(u"min"_s, low);
            answer.insert(u"max"_s, high);
        }
    }
    const QJsonValue textValue = args.value(u"text"_s);
    if (!textValue.isUndefined()) {
        if (!textValue.isString()) {
            *error = u"text must be a string; got %1"_s.arg(shown(textValue));
            return {};
        }
        const QString text = textValue.toString();
        // Characters as people count them (code points), not UTF-16 units: an emoji is one.
        qsizetype length = 0;
        qsizetype words = 0;
        bool inWord = false;
        for (const char32_t c : QStringView(text).toUcs4()) {
            ++length;
            const bool space = QChar::isSpace(c);
            if (!space && !inWord) {
                ++words;
            }
            inWord = !space;
        }
        answer.insert(u"echo"_s, text);
        answer.insert(u"length"_s, length);
        answer.insert(u"words"_s, words);
    }
    return answer;
}

int ExampleModel::sleepMs(const QJsonObject& args, QString* error)
{
    const QJsonValue value = args.value(u"sleep_ms"_s);
    if (value.isUndefined()) {
        return 0;
    }
    const double ms = value.toDouble(-1);
    if (!value.isDouble() || std::floor(ms) != ms || ms < 0 ||
        ms > double(std::numeric_limits<int>::max())) {
        *error = u"sleep_ms must be a whole number of milliseconds from 0 to %1; got %2"_s
                         .arg(std::numeric_limits<int>::max())
                         .arg(shown(value));
        return 0;
    }
    return int(ms);
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
    // Arguments that cannot be used are answered at once, before anything they ask for.
    QString error;
    const int sleepMs = ExampleModel::sleepMs(args, &error);
    QJsonObject answer = error.isEmpty() ? compute(args, &error) : QJsonObject();
    if (!error.isEmpty()) {
        answerBadArguments(responder, error);
        return;
    }
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
        answer.insert(u"worker_pid"_s, QCoreApplication::applicationPid());
        answer.insert(u"request_number"_s, m_requests);
        body = jsonBytes(answer);
    }
    const QByteArray type = status == QHttpServerResponder::StatusCode::Ok
                                    ? QByteArray("application/json")
                                    : QByteArray("text/plain");
    if (sleepMs == 0) {
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

#include "ApiError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// Location prefixes FastAPI puts before the field path; a form does not name them.
bool isLocationPrefix(const QString& part)
{
    return part == "body"_L1 || part == "query"_L1 || part == "path"_L1 || part == "header"_L1;
}

QString jsonScalarText(const QJsonValue& value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        return QString::number(value.toDouble());
    }
    if (value.isNull() || value.isUndefined()) {
        return {};
    }
    const QJsonDocument doc =
            value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QList<ApiError::FieldError> parseFieldErrors(const QJsonArray& entries)
{
    QList<ApiError::FieldError> errors;
    for (const QJsonValue& entry : entries) {
        const QJsonObject object = entry.toObject();
        ApiError::FieldError error;
        const QJsonArray location = object.value("loc"_L1).toArray();
        for (const QJsonValue& part : location) {
            error.location.append(jsonScalarText(part));
        }
        error.message = object.value("msg"_L1).toString();
        error.type = object.value("type"_L1).toString();
        errors.append(error);
    }
    return errors;
}

// A proxy's error page: keep its title ("502 Bad Gateway"), never the markup.
QString htmlTitle(const QByteArray& body)
{
    static const QRegularExpression title(u"<title[^>]*>([^<]*)</title>"_s,
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = title.match(QString::fromUtf8(body.left(64 * 1024)));
    return match.hasMatch() ? match.captured(1).simplified() : QString();
}

bool looksLikeHtml(const QByteArray& body, const QByteArray& contentType)
{
    if (contentType.toLower().contains("html")) {
        return true;
    }
    const QByteArray start = body.trimmed().left(15).toLower();
    return start.startsWith("<!doctype") || start.startsWith("<html");
}

ApiError::Kind kindForStatus(int status)
{
    switch (status) {
    case 401:
        return ApiError::Kind::Unauthorized;
    case 403:
        return ApiError::Kind::Forbidden;
    case 404:
        return ApiError::Kind::NotFound;
    case 408:
        return ApiError::Kind::Timeout;
    case 409:
        return ApiError::Kind::Conflict;
    case 422:
        return ApiError::Kind::Validation;
    case 429:
        return ApiError::Kind::RateLimited;
    default:
        break;
    }
    if (status >= 500) {
        return ApiError::Kind::Server;
    }
    if (status >= 400) {
        return ApiError::Kind::BadRequest;
    }
    return ApiError::Kind::BadResponse;
}

void readJsonBody(ApiError& error, const QJsonObject& object)
{
    const QJsonValue detail = object.value("detail"_L1);
    if (detail.isArray()) {
        error.setFieldErrors(parseFieldErrors(detail.toArray()));
    } else if (!detail.isUndefined()) {
        error.setServerMessage(jsonScalarText(detail));
    }
    const QJsonValue message = object.value("error"_L1);
    if (error.serverMessage().isEmpty() && !message.isUndefined()) {
        error.setServerMessage(jsonScalarText(message));
    }
    if (error.serverMessage().isEmpty() && object.value("message"_L1).isString()) {
        error.setServerMessage(object.value("message"_L1).toString());
    }
    const QString requestId = jsonScalarText(object.value("request_id"_L1));
    if (!requestId.isEmpty()) {
        error.setRequestId(requestId);
    }
}

void readOtherBody(ApiError& error, const QByteArray& body, const QByteArray& contentType)
{
    if (body.trimmed().isEmpty()) {
        return;
    }
    if (looksLikeHtml(body, contentType)) {
        const QString title = htmlTitle(body);
        error.setDetail(title.isEmpty()
                                ? u"The answer was an HTML page, not JSON"_s
                                : u"The answer was an HTML page (\"%1\"), not JSON"_s.arg(title));
        return;
    }
    error.setServerMessage(QString::fromUtf8(body.left(300)).simplified());
}

} // namespace

QString ApiError::FieldError::field() const
{
    QString path;
    for (qsizetype i = 0; i < location.size(); ++i) {
        const QString& part = location.at(i);
        if (i == 0 && location.size() > 1 && isLocationPrefix(part)) {
            continue;
        }
        bool isIndex = false;
        part.toInt(&isIndex);
        if (isIndex) {
            path += u'[' + part + u']';
        } else {
            path += (path.isEmpty() ? QString() : u"."_s) + part;
        }
    }
    return (location.size() == 1 && isLocationPrefix(path)) ? QString() : path;
}

ApiError::ApiError(Kind kind, QString detail)
    : m_kind(kind)
    , m_detail(std::move(detail))
{}

ApiError ApiError::fromHttpResponse(int httpStatus, const QByteArray& body,
                                    const QByteArray& contentType)
{
    ApiError error(kindForStatus(httpStatus));
    error.m_httpStatus = httpStatus;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        readJsonBody(error, document.object());
    } else {
        readOtherBody(error, body, contentType);
    }
    if (error.m_serverMessage.isEmpty() && error.m_fieldErrors.size() == 1) {
        error.m_serverMessage = error.m_fieldErrors.constFirst().message;
    }
    return error;
}

ApiError ApiError::fromNetworkError(QNetworkReply::NetworkError code, const QString& text)
{
    ApiError error(Kind::Network, text);
    error.m_networkError = code;
    switch (code) {
    case QNetworkReply::SslHandshakeFailedError:
        error.m_kind = Kind::Tls;
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::ProxyTimeoutError:
        error.m_kind = Kind::Timeout;
        break;
    default:
        break;
    }
    return error;
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Network:
        return u"network"_s;
    case Kind::Tls:
        return u"tls"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::Unauthorized:
        return u"unauthorized"_s;
    case Kind::Forbidden:
        return u"forbidden"_s;
    case Kind::NotFound:
        return u"not-found"_s;
    case Kind::Conflict:
        return u"conflict"_s;
    case Kind::Validation:
        return u"validation"_s;
    case Kind::BadRequest:
        return u"bad-request"_s;
    case Kind::RateLimited:
        return u"rate-limited"_s;
    case Kind::Server:
        return u"server"_s;
    case Kind::BadResponse:
        return u"bad-response"_s;
    case Kind::InsecureConnection:
        return u"insecure-connection"_s;
    case Kind::InvalidSettings:
        return u"invalid-settings"_s;
    }
    return u"unknown"_s;
}

QString ApiError::messageSuffix() const
{
    return m_serverMessage.isEmpty() ? QString() : u": "_s + m_serverMessage;
}

QString ApiError::networkMessage() const
{
    const QString where = m_host.isEmpty() ? u"the server"_s : m_host;
    switch (m_networkError) {
    case QNetworkReply::HostNotFoundError:
        return u"The host name %1 could not be found. Check the server address in the profile "
               "settings and your network connection."_s.arg(where);
    case QNetworkReply::ConnectionRefusedError:
        return u"Nothing answers at %1 (connection refused). Check that the server is running "
               "and the address and port in the profile settings."_s.arg(where);
    case QNetworkReply::RemoteHostClosedError:
        return u"%1 closed the connection before answering. Try again; if it keeps happening, "
               "check the server or proxy."_s.arg(where);
    default:
        break;
    }
    const QString detail = m_detail.isEmpty() ? QString() : u" (%1)"_s.arg(m_detail);
    return u"Could not reach %1%2. Check the server address in the profile settings and your "
           "network connection."_s.arg(where, detail);
}

QString ApiError::serverFailureMessage() const
{
    const QString requestId =
            m_requestId.isEmpty() ? QString() : u" (request id %1)"_s.arg(m_requestId);
    const QString detail =
            m_serverMessage.isEmpty() && !m_detail.isEmpty() ? u": "_s + m_detail : QString();
    if (m_httpStatus == 503 || m_httpStatus == 502 || m_httpStatus == 504) {
        return u"The server is unavailable right now (HTTP %1%2)%3%4. Try again in a moment."_s.arg(
                QString::number(m_httpStatus), messageSuffix(), detail, requestId);
    }
    return u"The server failed to handle the request (HTTP %1%2)%3%4. Try again; if it keeps "
           "failing, tell the server's administrator%5."_s.arg(
                   QString::number(m_httpStatus), messageSuffix(), detail, requestId,
                   m_requestId.isEmpty() ? QString() : u" the request id"_s);
}

QString ApiError::validationMessage() const
{
    QStringList parts;
    for (const FieldError& error : m_fieldErrors) {
        const QString field = error.field();
        parts.append(field.isEmpty() ? error.message : field + u": "_s + error.message);
    }
    if (parts.isEmpty() && !m_serverMessage.isEmpty()) {
        parts.append(m_serverMessage);
    }
    const QString list = parts.isEmpty() ? QString() : u" (%1)"_s.arg(parts.join(u"; "_s));
    return u"The server did not accept the values%1. Correct them and try again."_s.arg(list);
}

QString ApiError::userMessage() const
{
    switch (m_kind) {
    case Kind::Network:
        return networkMessage();
    case Kind::Tls:
        return u"The secure connection to %1 failed: %2. If the server uses its own certificate "
               "authority, add its certificate in the profile settings."_s.arg(
                       m_host.isEmpty() ? u"the server"_s : m_host,
                       m_detail.isEmpty() ? u"TLS handshake failed"_s : m_detail);
    case Kind::Timeout:
        if (m_httpStatus == 408) {
            return u"The server gave up waiting for the model%1. Try again, or use an async "
                   "endpoint for slow predictions."_s.arg(messageSuffix());
        }
        return u"The server did not answer within %1 s. It may be overloaded, or the address in "
               "the profile may point to a program that takes connections but is not a Launch "
               "server; try again later or check the address."_s.arg(
                       QString::number((m_timeoutMs + 999) / 1000));
    case Kind::Unauthorized:
        return u"The server rejected the API key. Check the key in the profile settings."_s;
    case Kind::Forbidden:
        return u"The API key is not allowed to do this%1. Ask the server's administrator for "
               "access."_s.arg(messageSuffix());
    case Kind::NotFound:
        return u"Not found%1. It may have been deleted; refresh and try again."_s.arg(
                messageSuffix());
    case Kind::Conflict:
        return u"The server is busy with another operation on this item%1. Wait a moment and try "
               "again."_s.arg(messageSuffix());
    case Kind::Validation:
        return validationMessage();
    case Kind::BadRequest:
        return u"The server refused the request (HTTP %1)%2."_s.arg(QString::number(m_httpStatus),
                                                                    messageSuffix());
    case Kind::RateLimited:
        return u"The server is receiving too many requests%1. Wait %2 and try again."_s.arg(
                messageSuffix(), m_retryAfterSeconds >= 0
                                         ? u"%1 s"_s.arg(QString::number(m_retryAfterSeconds))
                                         : u"a moment"_s);
    case Kind::Server:
        return serverFailureMessage();
    case Kind::BadResponse:
        if (m_sizeLimitBytes > 0) {
            // The server answered; its answer is only more than the console takes in.
            return u"The server's answer is larger than the console reads (at most %1 MiB), so "
                   "it was dropped. Ask for a smaller answer, or have the model store large "
                   "results elsewhere and return where."_s.arg(
                           QString::number(double(m_sizeLimitBytes) / (1024 * 1024), 'g', 3));
        }
        return u"The server's answer could not be read (%1). Check that the address in the "
               "profile settings points to a Launch server."_s.arg(
                       m_detail.isEmpty() ? u"unexpected answer"_s : m_detail);
    case Kind::InsecureConnection:
        return u"The API key was not sent: %1 is reached over plain HTTP, which would expose "
               "the key. Use an https:// address, or allow plain HTTP in the profile settings "
               "if the network is trusted."_s.arg(m_host);
    case Kind::InvalidSettings:
        return u"The server address is not usable (%1). Correct it in the profile settings."_s.arg(
                m_detail);
    }
    return m_detail;
}

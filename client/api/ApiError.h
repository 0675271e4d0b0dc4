#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QString>
#include <QStringList>

/// Why an API call failed, as a value: what kind of failure, the HTTP status if there was
/// one, the server's own message, the fields at fault for a validation error (422), and the
/// request id the server gave, if any.
///
/// `userMessage()` turns it into one sentence that says what happened and what to do.
/// `fromHttpResponse()` understands the error bodies Launch servers send:
/// `{"detail": "text"}`, `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`,
/// `{"error": "...", "timestamp": ..., "request_id": "..."}`, and non-JSON bodies such as a
/// proxy's HTML page.
///
/// A cancelled call is not an error and never produces an ApiError.
class ApiError final
{
public:
    enum class Kind
    {
        Network,            ///< no answer: refused, unknown host, connection dropped
        Tls,                ///< TLS handshake failed (certificate problem in detail())
        Timeout,            ///< no answer in time (client timer, or HTTP 408 from the server)
        Unauthorized,       ///< HTTP 401: missing or wrong API key
        Forbidden,          ///< HTTP 403: key known but not allowed
        NotFound,           ///< HTTP 404
        Conflict,           ///< HTTP 409: another operation in progress
        Validation,         ///< HTTP 422: see fieldErrors()
        BadRequest,         ///< HTTP 400 and other 4xx not listed above
        RateLimited,        ///< HTTP 429
        Server,             ///< HTTP 5xx
        BadResponse,        ///< an answer that cannot be read (not JSON, wrong shape, too big)
        InsecureConnection, ///< refused before sending: key over plain HTTP to a remote host
        InvalidSettings,    ///< refused before sending: unusable base URL
    };

    /// One entry of a 422 answer. `location` is the server's `loc` path as text
    /// (`["body", "deployment_state", "min_workers"]`), `field()` the same as a form would
    /// name it (`deployment_state.min_workers`, list indexes as `[3]`).
    struct FieldError
    {
        QStringList location;
        QString message;
        QString type;

        QString field() const;
        bool operator==(const FieldError&) const = default;
    };

    ApiError() = default;
    explicit ApiError(Kind kind, QString detail = {});

    /// Reads an error answer: the kind follows `httpStatus`, the message, field errors and
    /// request id come from `body` whatever of the three shapes (or none) it has.
    static ApiError fromHttpResponse(int httpStatus, const QByteArray& body,
                                     const QByteArray& contentType = {});
    static ApiError fromNetworkError(QNetworkReply::NetworkError code, const QString& text);

    Kind kind() const { return m_kind; }
    /// The HTTP status of the answer, 0 when there was no answer.
    int httpStatus() const { return m_httpStatus; }
    /// The server's own words (`detail` or `error`), empty if it gave none.
    QString serverMessage() const { return m_serverMessage; }
    const QList<FieldError>& fieldErrors() const { return m_fieldErrors; }
    QString requestId() const { return m_requestId; }
    /// Technical detail for the curious: Qt's network error text, the certificate problems,
    /// the JSON path that failed to decode.
    QString detail() const { return m_detail; }
    QNetworkReply::NetworkError networkError() const { return m_networkError; }
    /// The host the call went to (for messages such as "could not reach host").
    QString host() const { return m_host; }
    /// For Kind::Timeout raised by the client: how long it waited.
    int timeoutMs() const { return m_timeoutMs; }
    /// For Kind::RateLimited: the server's `Retry-After` in seconds, or -1.
    int retryAfterSeconds() const { return m_retryAfterSeconds; }
    /// For Kind::Unauthorized: the `WWW-Authenticate` challenge, if the server sent one.
    QString authChallenge() const { return m_authChallenge; }
    /// For Kind::BadResponse raised by the client: the size limit the answer went past, in
    /// bytes; 0 for an answer that was unreadable for another reason.
    qint64 sizeLimitBytes() const { return m_sizeLimitBytes; }

    void setHttpStatus(int status) { m_httpStatus = status; }
    void setServerMessage(const QString& message) { m_serverMessage = message; }
    void setFieldErrors(const QList<FieldError>& errors) { m_fieldErrors = errors; }
    void setRequestId(const QString& id) { m_requestId = id; }
    void setDetail(const QString& detail) { m_detail = detail; }
    void setNetworkError(QNetworkReply::NetworkError code) { m_networkError = code; }
    void setHost(const QString& host) { m_host = host; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setRetryAfterSeconds(int seconds) { m_retryAfterSeconds = seconds; }
    void setAuthChallenge(const QString& challenge) { m_authChallenge = challenge; }
    void setSizeLimitBytes(qint64 bytes) { m_sizeLimitBytes = bytes; }

    /// One sentence (sometimes two) a user can act on, e.g. for 401: "The server rejected
    /// the API key. Check the key in the profile settings."
    QString userMessage() const;
    /// A short stable name of the kind for logs ("network", "timeout", ...).
    static QString kindName(Kind kind);

private:
    QString messageSuffix() const;
    QString networkMessage() const;
    QString serverFailureMessage() const;
    QString validationMessage() const;

    Kind m_kind = Kind::Network;
    int m_httpStatus = 0;
    QString m_serverMessage;
    QList<FieldError> m_fieldErrors;
    QString m_requestId;
    QString m_detail;
    QNetworkReply::NetworkError m_networkError = QNetworkReply::NoError;
    QString m_host;
    int m_timeoutMs = 0;
    int m_retryAfterSeconds = -1;
    qint64 m_sizeLimitBytes = 0;
    QString m_authChallenge;
};

#pragma once

#include "ApiError.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <optional>

/// How LaunchClient reaches one Launch server: base URL, API key, TLS trust and limits.
///
/// The base URL may carry a path prefix: with `https://host/v1/launch`, the route
/// `/v1/model-endpoints` is `https://host/v1/launch/v1/model-endpoints`. The API key is sent
/// as HTTP Basic user name with an empty password. Custom CA certificates are trusted in
/// addition to the system's. Sending the key over plain `http://` to a host that is not
/// loopback is refused unless `allowInsecureHttp` is set (see `problem()`).
class ConnectionSettings final
{
public:
    static constexpr int DefaultTimeoutMs = 30'000;
    static constexpr int DefaultPredictTimeoutMs = 300'000;
    static constexpr int DefaultMaxInFlight = 6;
    static constexpr qint64 DefaultMaxResponseBytes = 32LL * 1024 * 1024;

    ConnectionSettings() = default;
    ConnectionSettings(const QUrl& baseUrl, const QString& apiKey);

    QUrl baseUrl() const { return m_baseUrl; }
    void setBaseUrl(const QUrl& url) { m_baseUrl = url; }
    QString apiKey() const { return m_apiKey; }
    void setApiKey(const QString& key) { m_apiKey = key; }

    /// Extra certificate authorities to trust (a self-hosted server's own CA).
    QList<QSslCertificate> caCertificates() const { return m_caCertificates; }
    void setCaCertificates(const QList<QSslCertificate>& certificates);

    /// Allows sending the key over plain HTTP to a remote host (trusted networks only).
    bool allowInsecureHttp() const { return m_allowInsecureHttp; }
    void setAllowInsecureHttp(bool allow) { m_allowInsecureHttp = allow; }

    /// Longest wait for any data of an answer, per request (default 30 s).
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    /// The same for sync predictions, which wait for the model (default 300 s).
    int predictTimeoutMs() const { return m_predictTimeoutMs; }
    void setPredictTimeoutMs(int ms) { m_predictTimeoutMs = ms; }

    /// Requests sent at once to this server; the rest wait in order (default 6).
    int maxInFlight() const { return m_maxInFlight; }
    void setMaxInFlight(int count) { m_maxInFlight = count; }
    /// Larger answers are aborted and reported as a bad response (default 32 MiB).
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }

    /// Why requests with these settings would be refused before sending anything:
    /// ApiError::Kind::InvalidSettings or ApiError::Kind::InsecureConnection. Empty if usable.
    std::optional<ApiError> problem() const;
    /// The full URL of an API route (`/v1/...`), with the base URL's path prefix.
    QUrl urlFor(const QString& route, const QUrlQuery& query = {}) const;
    /// `localhost`, `*.localhost`, 127.0.0.0/8 and ::1.
    static bool isLoopbackHost(const QString& host);

private:
    QUrl m_baseUrl;
    QString m_apiKey;
    QList<QSslCertificate> m_caCertificates;
    bool m_allowInsecureHttp = false;
    int m_timeoutMs = DefaultTimeoutMs;
    int m_predictTimeoutMs = DefaultPredictTimeoutMs;
    int m_maxInFlight = DefaultMaxInFlight;
    qint64 m_maxResponseBytes = DefaultMaxResponseBytes;
};

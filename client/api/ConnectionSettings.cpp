#include "ConnectionSettings.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

ConnectionSettings::ConnectionSettings(const QUrl& baseUrl, const QString& apiKey)
    : m_baseUrl(baseUrl)
    , m_apiKey(apiKey)
{}

void ConnectionSettings::setCaCertificates(const QList<QSslCertificate>& certificates)
{
    m_caCertificates = certificates;
}

std::optional<ApiError> ConnectionSettings::problem() const
{
    const QString scheme = m_baseUrl.scheme().toLower();
    if (!m_baseUrl.isValid() || m_baseUrl.host().isEmpty()) {
        return ApiError(ApiError::Kind::InvalidSettings,
                        u"\"%1\" is not a complete http:// or https:// address"_s.arg(
                                m_baseUrl.toDisplayString()));
    }
    if (scheme != "http"_L1 && scheme != "https"_L1) {
        return ApiError(
                ApiError::Kind::InvalidSettings,
                u"the address must start with http:// or https://, not %1://"_s.arg(scheme));
    }
    if (scheme == "http"_L1 && !m_apiKey.isEmpty() && !m_allowInsecureHttp &&
        !isLoopbackHost(m_baseUrl.host())) {
        ApiError error(ApiError::Kind::InsecureConnection,
                       u"plain HTTP to a host that is not this computer"_s);
        error.setHost(m_baseUrl.host());
        return error;
    }
    return std::nullopt;
}

QUrl ConnectionSettings::urlFor(const QString& route, const QUrlQuery& query) const
{
    QUrl url = m_baseUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    QString prefix = m_baseUrl.path(QUrl::FullyEncoded);
    while (prefix.endsWith(u'/')) {
        prefix.chop(1);
    }
    url.setPath(prefix + route, QUrl::TolerantMode);
    if (!query.isEmpty()) {
        url.setQuery(query);
    }
    return url;
}

bool ConnectionSettings::isLoopbackHost(const QString& host)
{
    const QString name = host.toLower();
    if (name == "localhost"_L1 || name.endsWith(".localhost"_L1)) {
        return true;
    }
    const QHostAddress address(name);
    return !address.isNull() && address.isLoopback();
}

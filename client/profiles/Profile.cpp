#include "Profile.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QSslCertificate>

using namespace Qt::StringLiterals;

int Profile::refreshIntervalMs() const
{
    const int seconds = refreshSeconds > 0 ? refreshSeconds
                                           : (isLocal ? localRefreshSeconds : remoteRefreshSeconds);
    return seconds * 1000;
}

QString Profile::keychainEntry() const
{
    return u"profile/"_s + id;
}

bool Profile::isLoopbackHost(const QString& host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString Profile::keyTransportProblem() const
{
    if (isLocal || allowPlainHttp) {
        return {};
    }
    if (baseUrl.scheme() == u"http"_s && !isLoopbackHost(baseUrl.host())) {
        return u"The API key would travel unencrypted over plain HTTP to %1. Use https, or tick "
               "“Allow sending the key over plain HTTP” (Plain HTTP) in the profile."_s.arg(
                       baseUrl.host());
    }
    return {};
}

QString Profile::validationProblem() const
{
    if (name.trimmed().isEmpty()) {
        return u"The profile needs a name."_s;
    }
    if (name.contains(u'/') || name.contains(u'\\')) {
        return u"A profile name cannot contain slashes."_s;
    }
    if (isLocal) {
        return {};
    }
    if (!baseUrl.isValid() || baseUrl.host().isEmpty()) {
        return u"The base URL must be a full address such as https://launch.example.com."_s;
    }
    if (baseUrl.scheme() != u"http"_s && baseUrl.scheme() != u"https"_s) {
        return u"The base URL must start with http:// or https://."_s;
    }
    return caFileProblem();
}

QString Profile::caFileProblem() const
{
    if (isLocal || caFile.isEmpty()) {
        return {};
    }
    const QFileInfo info(caFile);
    if (!info.exists()) {
        return u"The CA file %1 does not exist."_s.arg(QDir::toNativeSeparators(caFile));
    }
    if (QSslCertificate::fromPath(caFile, QSsl::Pem).isEmpty()) {
        return u"The CA file %1 holds no PEM certificate."_s.arg(QDir::toNativeSeparators(caFile));
    }
    return {};
}

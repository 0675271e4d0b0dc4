#include "Profile.h"

#include <QDir>
#include <QFile>
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

namespace {
// The certificates in `data`: a PEM file may hold several, a DER file holds one.
QList<QSslCertificate> certificatesIn(const QByteArray& data)
{
    const QList<QSslCertificate> pem = QSslCertificate::fromData(data, QSsl::Pem);
    return pem.isEmpty() ? QSslCertificate::fromData(data, QSsl::Der) : pem;
}
} // namespace

QString Profile::caFileProblem() const
{
    if (isLocal || caFile.isEmpty()) {
        return {};
    }
    const QString shown = QDir::toNativeSeparators(caFile);
    const QFileInfo info(caFile);
    if (!info.exists()) {
        return u"The CA file %1 does not exist."_s.arg(shown);
    }
    if (info.isDir()) {
        return u"The CA file %1 is a folder, not a certificate file."_s.arg(shown);
    }
    if (!info.isFile()) {
        // A pipe or a device: reading it could wait for ever.
        return u"The CA file %1 is not a regular file."_s.arg(shown);
    }
    if (info.size() > maxCaFileBytes) {
        return u"The CA file %1 is too large to be a certificate file (%2 MB)."_s.arg(
                shown, QString::number(info.size() / (1024 * 1024)));
    }
    QFile file(caFile);
    if (!file.open(QIODevice::ReadOnly)) {
        return u"The CA file %1 cannot be read: %2."_s.arg(shown, file.errorString());
    }
    if (certificatesIn(file.readAll()).isEmpty()) {
        return u"The CA file %1 holds no certificate (PEM or DER)."_s.arg(shown);
    }
    return {};
}

QList<QSslCertificate> Profile::caCertificates() const
{
    const QFileInfo info(caFile);
    if (isLocal || caFile.isEmpty() || !info.isFile() || info.size() > maxCaFileBytes) {
        return {};
    }
    QFile file(caFile);
    return file.open(QIODevice::ReadOnly) ? certificatesIn(file.readAll())
                                          : QList<QSslCertificate>();
}

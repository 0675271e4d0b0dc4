#include "ServerOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

QString ServerOptions::readKeyFile(const QString& path, QString* error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = u"the API key file %1 does not exist."_s.arg(path);
        return {};
    }
#ifdef Q_OS_UNIX
    // On Windows, QFileInfo reports group and other bits for every file unless NTFS permission
    // lookup is switched on, so the check would refuse every key file there; the file's ACL
    // is the user's to set.
    if (info.isDir()) {
        *error = u"the API key file %1 is a folder; give the file that holds the key."_s.arg(path);
        return {};
    }
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (info.permissions() & others) {
        *error = u"the API key file %1 can be read or written by other users; make it private "
                 "with: chmod 600 %1."_s.arg(path);
        return {};
    }
#endif
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read the API key file %1: %2."_s.arg(path, file.errorString());
        return {};
    }
    const QString key = QString::fromUtf8(file.readLine()).trimmed();
    if (key.isEmpty()) {
        *error = u"the API key file %1 is empty."_s.arg(path);
    }
    return key;
}

ServerOptions::Outcome ServerOptions::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"A Launch-compatible endpoint server for this computer. The API key is read from "
            "--api-key-file or from the LAUNCH_LOCAL_API_KEY environment variable. Once "
            "listening, one line \"LAUNCH_LOCAL_READY url=<base URL>\" is printed to standard "
            "output."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version."_s);
    const QCommandLineOption host(u"host"_s, u"Address to listen on (default 127.0.0.1)."_s,
                                  u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"Port; 0 picks a free one (default 0)."_s, u"port"_s,
                                  u"0"_s);
    const QCommandLineOption allowRemote(u"allow-remote"_s,
                                         u"Allow an address that is not loopback."_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Folder for the database."_s, u"path"_s);
    const QCommandLineOption keyFile(u"api-key-file"_s, u"File holding the API key (mode 600)."_s,
                                     u"path"_s);
    const QCommandLineOption idle(u"idle-seconds"_s,
                                  u"Idle time before a worker above the minimum stops (60)."_s,
                                  u"seconds"_s, u"60"_s);
    const QCommandLineOption syncWait(u"sync-wait-ms"_s,
                                      u"Wait for a free worker slot before 429 (10000)."_s, u"ms"_s,
                                      u"10000"_s);
    const QCommandLineOption syncTimeout(
            u"sync-timeout-ms"_s,
            u"How long a worker may take to answer a sync prediction before 408 (300000)."_s,
            u"ms"_s, u"300000"_s);
    const QCommandLineOption healthCheck(
            u"health-check-ms"_s,
            u"How often a ready worker's health route is checked; 3 failed checks in a row "
            "restart it (5000)."_s,
            u"ms"_s, u"5000"_s);
    parser.addOptions({help, version, host, port, allowRemote, dataDir, keyFile, idle, syncWait,
                       syncTimeout, healthCheck});
    if (!parser.parse(arguments)) {
        m_text = parser.errorText();
        return Outcome::Error;
    }
    if (parser.isSet(help)) {
        m_text = parser.helpText();
        return Outcome::ShowText;
    }
    if (parser.isSet(version)) {
        m_text = u"launch-local "_s + QStringLiteral(LAUNCH_VERSION);
        return Outcome::ShowText;
    }
    // A stray word is most often a mistyped option or a value without its option (`8080`
    // for `--port 8080`): starting anyway would run with settings the user did not mean.
    const QStringList extra = parser.positionalArguments();
    if (!extra.isEmpty()) {
        m_text = u"unexpected argument \"%1\": launch-local takes only options (see --help)."_s.arg(
                extra.constFirst());
        return Outcome::Error;
    }
    if (!m_config.address.setAddress(parser.value(host))) {
        m_text = u"--host: \"%1\" is not an IP address."_s.arg(parser.value(host));
        return Outcome::Error;
    }
    m_remote = !m_config.address.isLoopback();
    if (m_remote && !parser.isSet(allowRemote)) {
        m_text = u"refusing to listen on %1, which is not loopback: other computers could reach "
                 "the API and the key travels unencrypted. Give --allow-remote to do it anyway."_s
                         .arg(parser.value(host));
        return Outcome::Error;
    }
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535) {
        m_text = u"--port: \"%1\" is not a port number (0 to 65535)."_s.arg(parser.value(port));
        return Outcome::Error;
    }
    m_config.port = quint16(portNumber);
    // A whole number of at least minimum, or an error naming the option, the least it takes
    // and what it counts, then what was given: one wording for every such option.
    const auto wholeNumber = [&](const QCommandLineOption& option, int minimum,
                                 const QString& unit) -> std::optional<int> {
        bool valid = false;
        const QString given = parser.value(option);
        const int value = given.toInt(&valid);
        if (valid && value >= minimum) {
            return value;
        }
        const QString name = option.names().constFirst();
        // All digits, yet no int: a number too large rather than no number.
        static const QRegularExpression digits(u"^\\s*\\+?\\d+\\s*$"_s);
        if (!valid && digits.match(given).hasMatch()) {
            m_text = u"--%1 is too large: at most %2 (%3); got %4."_s.arg(
                    name, QString::number(std::numeric_limits<int>::max()), unit, given.trimmed());
            return std::nullopt;
        }
        m_text = valid ? u"--%1 must be at least %2 (%3); got %4."_s.arg(
                                 name, QString::number(minimum), unit, given)
                       : u"--%1 must be a whole number of %2, at least %3; got \"%4\"."_s.arg(
                                 name, unit, QString::number(minimum), given);
        return std::nullopt;
    };
    const auto idleSeconds = wholeNumber(idle, 0, u"seconds"_s);
    if (!idleSeconds) {
        return Outcome::Error;
    }
    m_config.runtime.idleSeconds = std::max(1, *idleSeconds);
    const auto syncWaitMs = wholeNumber(syncWait, 0, u"milliseconds"_s);
    if (!syncWaitMs) {
        return Outcome::Error;
    }
    m_config.runtime.syncWaitMs = *syncWaitMs;
    // 0 is refused rather than passed on: the network layer reads a transfer timeout of 0 as
    // no limit at all, the opposite of what the number says.
    const auto syncTimeoutMs = wholeNumber(syncTimeout, 1, u"milliseconds"_s);
    if (!syncTimeoutMs) {
        return Outcome::Error;
    }
    m_config.runtime.syncTimeoutMs = *syncTimeoutMs;
    const auto healthCheckMs = wholeNumber(healthCheck, 100, u"milliseconds"_s);
    if (!healthCheckMs) {
        return Outcome::Error;
    }
    m_config.runtime.healthCheckMs = *healthCheckMs;
    m_config.dataDir =
            parser.isSet(dataDir)
                    ? parser.value(dataDir)
                    : QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                              u"/launch-local"_s;
    QString error;
    if (parser.isSet(keyFile)) {
        m_config.apiKey = readKeyFile(parser.value(keyFile), &error);
    } else {
        m_config.apiKey = qEnvironmentVariable("LAUNCH_LOCAL_API_KEY").trimmed();
        if (m_config.apiKey.isEmpty()) {
            error = u"no API key: give --api-key-file with a private file, or set "
                    "LAUNCH_LOCAL_API_KEY."_s;
        }
    }
    if (!error.isEmpty()) {
        m_text = error;
        return Outcome::Error;
    }
    return Outcome::Run;
}

#include "LaunchLocalFixture.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QString buildDir()
{
    return qEnvironmentVariable("LAUNCH_BUILD_DIR");
}

/// Waits `ms` by waiting for a timer's signal.
void pause(int ms)
{
    QTimer timer;
    timer.setSingleShot(true);
    QSignalSpy spy(&timer, &QTimer::timeout);
    timer.start(ms);
    spy.wait(ms + 1000);
}

} // namespace

LaunchLocalFixture::LaunchLocalFixture()
    : m_apiKey(QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

LaunchLocalFixture::~LaunchLocalFixture()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10'000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
}

QString LaunchLocalFixture::start()
{
    const QString program = buildDir() % u"/app/local/launch-local"_s;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LAUNCH_LOCAL_API_KEY"_s, m_apiKey);
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // A restart keeps the port: clients hold the URL of the first start.
    const QString port = QString::number(m_url.isValid() ? m_url.port() : 0);
    m_process.start(program, {u"--port"_s, port, u"--data-dir"_s, m_dir.path()});
    if (!m_process.waitForStarted(10'000)) {
        return u"could not start "_s % program;
    }
    const QDeadlineTimer deadline(20'000);
    while (!deadline.hasExpired()) {
        if (!m_process.canReadLine() &&
            !m_process.waitForReadyRead(int(deadline.remainingTime()))) {
            break;
        }
        while (m_process.canReadLine()) {
            const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
            if (!line.startsWith(u"LAUNCH_LOCAL_READY"_s)) {
                continue;
            }
            for (const QString& field : line.split(u' ')) {
                if (field.startsWith(u"url="_s)) {
                    m_url = QUrl(field.mid(4));
                }
            }
            return m_url.isValid() ? QString() : u"no url in the start line"_s;
        }
    }
    return u"launch-local did not print its start line"_s;
}

void LaunchLocalFixture::kill()
{
    m_process.kill();
    m_process.waitForFinished(10'000);
}

ConnectionSettings LaunchLocalFixture::settings() const
{
    return ConnectionSettings(m_url, m_apiKey);
}

QJsonObject LaunchLocalFixture::request(const QByteArray& verb, const QString& path,
                                        const QJsonObject& body, int* status)
{
    QNetworkRequest request(settings().urlFor(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Authorization",
                         "Basic " + QByteArray(m_apiKey.toUtf8() + ':').toBase64());
    const QByteArray data = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson();
    QNetworkReply* reply = m_network.sendCustomRequest(request, verb, data);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished()) {
        finished.wait(30'000);
    }
    if (status) {
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

QString LaunchLocalFixture::createEndpoint(const QString& name, const QString& type, QString* error)
{
    const QString model = buildDir() % u"/examples/example-model/launch-example-model"_s;
    const QJsonObject flavor{{u"flavor"_s, u"runnable_image"_s},
                             {u"repository"_s, u"local/example"_s},
                             {u"tag"_s, u"1"_s},
                             {u"protocol"_s, u"http"_s},
                             {u"command"_s, QJsonArray{model}},
                             {u"readiness_initial_delay_seconds"_s, 30}};
    int status = 0;
    const QJsonObject bundle = request("POST", u"/v2/model-bundles"_s,
                                       QJsonObject{{u"name"_s, QString(name % u"-bundle"_s)},
                                                   {u"schema_location"_s, u""_s},
                                                   {u"flavor"_s, flavor}},
                                       &status);
    if (status / 100 != 2) {
        *error = u"bundle: HTTP %1 %2"_s.arg(status).arg(
                QString::fromUtf8(QJsonDocument(bundle).toJson(QJsonDocument::Compact)));
        return {};
    }
    const QJsonObject endpoint{{u"name"_s, name},
                               {u"model_bundle_id"_s, bundle.value(u"model_bundle_id"_s)},
                               {u"endpoint_type"_s, type.toLower()},
                               {u"metadata"_s, QJsonObject()},
                               {u"cpus"_s, 0.25},
                               {u"gpus"_s, 0},
                               {u"memory"_s, u"128Mi"_s},
                               {u"storage"_s, u"256Mi"_s},
                               {u"min_workers"_s, 1},
                               {u"max_workers"_s, 1},
                               {u"per_worker"_s, 1},
                               {u"labels"_s, QJsonObject()}};
    request("POST", u"/v1/model-endpoints"_s, endpoint, &status);
    if (status / 100 != 2) {
        *error = u"endpoint: HTTP %1"_s.arg(status);
        return {};
    }
    const QDeadlineTimer deadline(30'000);
    while (!deadline.hasExpired()) {
        const QJsonObject list = request("GET", u"/v1/model-endpoints"_s, {}, &status);
        for (const QJsonValue& item : list.value(u"model_endpoints"_s).toArray()) {
            const QJsonObject e = item.toObject();
            if (e.value(u"name"_s).toString() == name &&
                e.value(u"status"_s).toString() == u"READY"_s) {
                return e.value(u"id"_s).toString();
            }
        }
        pause(100);
    }
    *error = u"endpoint not READY in 30 s"_s;
    return {};
}

#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrlQuery>
#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Qt::StringLiterals;

/// Runs a real launch-local process on a free loopback port with a temporary data folder, and
/// talks to it over HTTP. Shared by the launch-local tests; not itself a test.
class TestServer
{
public:
    struct Response
    {
        int status = 0;
        QByteArray body;
        QByteArray authenticate;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    static QString serverPath() { return QStringLiteral(LAUNCH_LOCAL_PATH); }
    static QString modelPath() { return QStringLiteral(EXAMPLE_MODEL_PATH); }

    explicit TestServer(QString key = u"test-key-1234"_s)
        : m_key(std::move(key))
    {
        m_network.setProxy(QNetworkProxy::NoProxy);
    }

    ~TestServer() { stop(); }

    QString dataDir() const { return m_dir.path(); }
    QString key() const { return m_key; }
    QUrl url() const { return m_url; }
    QProcess& process() { return m_process; }

    /// Starts launch-local; returns false when no start line came within 15 s.
    bool start(const QStringList& extra = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"LAUNCH_LOCAL_API_KEY"_s, m_key);
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(serverPath(),
                        QStringList{u"--data-dir"_s, m_dir.path(), u"--port"_s, u"0"_s} + extra);
        QSignalSpy output(&m_process, &QProcess::readyReadStandardOutput);
        QByteArray seen;
        while (!seen.contains('\n')) {
            if (!output.wait(15000)) {
                return false;
            }
            seen += m_process.readAllStandardOutput();
        }
        const QByteArray line = seen.left(seen.indexOf('\n'));
        if (!line.startsWith("LAUNCH_LOCAL_READY url=")) {
            return false;
        }
        m_url = QUrl(QString::fromUtf8(line.mid(int(qstrlen("LAUNCH_LOCAL_READY url=")))));
        return true;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning) {
            return;
        }
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    /// Whether process `pid` has ended. An ended process that its parent has not collected
    /// yet (a zombie: an orphan's new parent may be slow to collect it) counts as ended.
    static bool processGone(qint64 pid)
    {
#ifdef Q_OS_UNIX
        if (::kill(pid_t(pid), 0) != 0) {
            return true;
        }
#ifdef Q_OS_LINUX
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (stat.open(QIODevice::ReadOnly)) {
            const QByteArray line = stat.readAll();
            const qsizetype close = line.lastIndexOf(')');
            return close >= 0 && line.mid(close + 2, 1) == "Z";
        }
#endif
        return false;
#else
        Q_UNUSED(pid);
        return true;
#endif
    }

    void killHard()
    {
#ifdef Q_OS_UNIX
        ::kill(pid_t(m_process.processId()), SIGKILL);
#else
        m_process.kill(); // TerminateProcess: no chance to clean up, like SIGKILL
#endif
        m_process.waitForFinished(5000);
    }

    Response request(const QByteArray& method, const QString& pathAndQuery,
                     const QByteArray& body = {}, const QByteArray& authorization = "default")
    {
        QNetworkRequest request(m_url.resolved(QUrl(pathAndQuery)));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        if (authorization == "default") {
            request.setRawHeader("Authorization",
                                 "Basic " + QByteArray(m_key.toUtf8() + ":").toBase64());
        } else if (!authorization.isEmpty()) {
            request.setRawHeader("Authorization", authorization);
        }
        request.setTransferTimeout(60000);
        QNetworkReply* reply = m_network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(60000);
        Response response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.body = reply->readAll();
        response.authenticate = reply->rawHeader("WWW-Authenticate");
        reply->deleteLater();
        return response;
    }

    /// Sends a request without waiting for its answer.
    QNetworkReply* send(const QByteArray& method, const QString& pathAndQuery,
                        const QJsonObject& body)
    {
        QNetworkRequest request(m_url.resolved(QUrl(pathAndQuery)));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_key.toUtf8());
        return m_network.sendCustomRequest(request, method,
                                           QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    Response get(const QString& path)
    {
        return request("GET", path);
    }
    Response post(const QString& path, const QJsonObject& body)
    {
        return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    Response put(const QString& path, const QJsonObject& body)
    {
        return request("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    /// Creates a runnable-image bundle running the example model; returns its id.
    QString createBundle(const QString& name, const QJsonObject& env = {},
                         const QStringList& arguments = {}, int readinessSeconds = 20)
    {
        QJsonArray command{modelPath()};
        for (const QString& argument : arguments) {
            command.append(argument);
        }
        return createBundleWithCommand(name, command, env, readinessSeconds);
    }

    QString createBundleWithCommand(const QString& name, const QJsonArray& command,
                                    const QJsonObject& env, int readinessSeconds = 20)
    {
        const QJsonObject flavor{{u"flavor"_s, u"runnable_image"_s},
                                 {u"repository"_s, u"local"_s},
                                 {u"tag"_s, u"latest"_s},
                                 {u"command"_s, command},
                                 {u"protocol"_s, u"http"_s},
                                 {u"env"_s, env},
                                 {u"readiness_initial_delay_seconds"_s, readinessSeconds}};
        const Response response =
                post(u"/v2/model-bundles"_s,
                     {{u"name"_s, name}, {u"schema_location"_s, u"none"_s}, {u"flavor"_s, flavor}});
        return response.json().value(u"model_bundle_id"_s).toString();
    }

    static QJsonObject endpointBody(const QString& name, const QString& bundleId,
                                    const QString& type, int minWorkers, int maxWorkers)
    {
        return {{u"name"_s, name},
                {u"model_bundle_id"_s, bundleId},
                {u"endpoint_type"_s, type},
                {u"metadata"_s, QJsonObject()},
                {u"cpus"_s, 1},
                {u"gpus"_s, 0},
                {u"memory"_s, u"256Mi"_s},
                {u"storage"_s, u"100Mi"_s},
                {u"min_workers"_s, minWorkers},
                {u"max_workers"_s, maxWorkers},
                {u"per_worker"_s, 1},
                {u"labels"_s, QJsonObject{{u"team"_s, u"infra"_s}}}};
    }

    /// Creates an endpoint and returns its id (found by name, as the official client does).
    QString createEndpoint(const QJsonObject& body)
    {
        const Response created = post(u"/v1/model-endpoints"_s, body);
        if (created.status != 200) {
            return {};
        }
        return endpointIdByName(body.value(u"name"_s).toString());
    }

    QString endpointIdByName(const QString& name)
    {
        const QJsonArray list = get(u"/v1/model-endpoints?name="_s + name)
                                        .json()
                                        .value(u"model_endpoints"_s)
                                        .toArray();
        return list.isEmpty() ? QString() : list.first().toObject().value(u"id"_s).toString();
    }

    QJsonObject endpoint(const QString& id)
    {
        return get(u"/v1/model-endpoints/"_s + id).json();
    }
    QString status(const QString& id)
    {
        return endpoint(id).value(u"status"_s).toString();
    }
    int availableWorkers(const QString& id)
    {
        return endpoint(id)
                .value(u"deployment_state"_s)
                .toObject()
                .value(u"available_workers"_s)
                .toInt(-1);
    }

    Response syncPredict(const QString& id, const QJsonObject& args)
    {
        return post(u"/v1/sync-tasks?model_endpoint_id="_s + id,
                    {{u"args"_s, args}, {u"return_pickled"_s, false}});
    }

    QString asyncPredict(const QString& id, const QJsonObject& args)
    {
        return post(u"/v1/async-tasks?model_endpoint_id="_s + id, {{u"args"_s, args}})
                .json()
                .value(u"task_id"_s)
                .toString();
    }

    QString taskStatus(const QString& taskId)
    {
        return get(u"/v1/async-tasks/"_s + taskId).json().value(u"status"_s).toString();
    }

    /// The parsed answer of a finished task or sync response (`result.result` as JSON).
    static QJsonObject answer(const QJsonObject& task)
    {
        const QString text = task.value(u"result"_s).toObject().value(u"result"_s).toString();
        return QJsonDocument::fromJson(text.toUtf8()).object();
    }

private:
    QString m_key;
    QTemporaryDir m_dir;
    QProcess m_process;
    QUrl m_url;
    QNetworkAccessManager m_network;
};

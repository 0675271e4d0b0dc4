#pragma once

#include "ConnectionSettings.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

/// A real launch-local for a test: started from the build folder (LAUNCH_BUILD_DIR) on a
/// free loopback port with its own data folder and key, stopped with the fixture. Can create
/// an async endpoint running the example model and wait until it is ready.
class LaunchLocalFixture final
{
public:
    LaunchLocalFixture();
    ~LaunchLocalFixture();
    Q_DISABLE_COPY_MOVE(LaunchLocalFixture)

    /// Starts the server; returns an error message, empty on success. After kill() it starts
    /// again on the same data folder, port and key, so clients made before find it again.
    QString start();
    /// Kills the server with SIGKILL, as a crash would: nothing is shut down cleanly.
    void kill();
    ConnectionSettings settings() const;

    /// Creates a bundle of the example model and an endpoint of `type` ("ASYNC" or "SYNC")
    /// with one worker, and waits until it is READY. Returns its id, or empty on failure
    /// (`error` says why).
    QString createEndpoint(const QString& name, const QString& type, QString* error);

    /// One blocking request, for test setup only. `status` gets the HTTP status.
    QJsonObject request(const QByteArray& verb, const QString& path, const QJsonObject& body,
                        int* status);

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QNetworkAccessManager m_network;
    QUrl m_url;
    QString m_apiKey;
};

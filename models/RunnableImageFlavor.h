#pragma once

#include <QMap>
#include <QStringList>
#include <optional>

/// A bundle that is a container image running a command that serves HTTP
/// (RunnableImageFlavor, `flavor: runnable_image`). Defaults are the API's.
struct RunnableImageFlavor
{
    QString repository;
    QString tag;
    QStringList command;
    QString predictRoute = QStringLiteral("/predict");
    QString healthcheckRoute = QStringLiteral("/readyz");
    std::optional<QMap<QString, QString>> env;
    QString protocol = QStringLiteral("http");
    int readinessInitialDelaySeconds = 120;
    QStringList extraRoutes;
    QStringList routes;
    std::optional<QString> forwarderType = QStringLiteral("default");
    std::optional<QStringList> workerCommand;
    std::optional<QMap<QString, QString>> workerEnv;

    friend bool operator==(const RunnableImageFlavor&, const RunnableImageFlavor&) = default;
};

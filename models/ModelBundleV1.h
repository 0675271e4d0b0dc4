#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

/// A model bundle in the v1 shape (ModelBundleV1Response), as `GET /v1/model-bundles/latest`
/// answers. Packaging and framework types are kept as the strings received.
struct ModelBundleV1
{
    /// ModelBundleEnvironmentParams.
    struct EnvironmentParams
    {
        QString frameworkType; ///< `pytorch`, `tensorflow` or `custom_base_image`
        std::optional<QString> pytorchImageTag;
        std::optional<QString> tensorflowVersion;
        std::optional<QString> ecrRepo;
        std::optional<QString> imageTag;

        friend bool operator==(const EnvironmentParams&, const EnvironmentParams&) = default;
    };

    QString id;
    QString name;
    QString location;
    QStringList requirements;
    EnvironmentParams envParams;
    QString packagingType; ///< `cloudpickle`, `zip` or `lira`
    QJsonObject metadata;
    std::optional<QJsonObject> appConfig;
    QDateTime createdAt;
    QString createdAtText; ///< created_at exactly as received
    QStringList modelArtifactIds;
    std::optional<QString> schemaLocation;

    friend bool operator==(const ModelBundleV1&, const ModelBundleV1&) = default;
};

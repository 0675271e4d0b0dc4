#pragma once

#include "BundleFlavor.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

/// A model bundle in the v2 shape (ModelBundleV2Response): the model's code, described by its
/// flavor.
struct ModelBundle
{
    QString id;
    QString name;
    QJsonObject metadata;
    QDateTime createdAt;
    QString createdAtText; ///< created_at exactly as received
    QStringList modelArtifactIds;
    std::optional<QString> schemaLocation;
    BundleFlavor flavor;

    friend bool operator==(const ModelBundle&, const ModelBundle&) = default;
};

#pragma once

#include "BundleFlavor.h"

#include <QJsonObject>
#include <optional>

/// The body of `POST /v2/model-bundles` (CreateModelBundleV2Request).
struct CreateBundleRequest
{
    QString name;
    std::optional<QJsonObject> metadata;
    QString schemaLocation;
    BundleFlavor flavor;

    friend bool operator==(const CreateBundleRequest&, const CreateBundleRequest&) = default;
};

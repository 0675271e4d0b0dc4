#pragma once

#include <QString>

/// The answer to creating a bundle (CreateModelBundleV2Response): `{model_bundle_id}`.
struct CreateBundleResponse
{
    QString modelBundleId;

    friend bool operator==(const CreateBundleResponse&, const CreateBundleResponse&) = default;
};

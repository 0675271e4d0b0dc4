#pragma once

#include "RunnableImageFlavor.h"

#include <QJsonObject>
#include <optional>

/// The `flavor` of a v2 model bundle: how its code is packaged. Runnable images are read in
/// full; every flavor, including ones this version does not know, is kept as the JSON object
/// received and written back unchanged.
class BundleFlavor final
{
public:
    enum Kind
    {
        Unknown,
        RunnableImage,
        StreamingEnhancedRunnableImage,
        TritonEnhancedRunnableImage,
        CloudpickleArtifact,
        ZipArtifact,
    };

    /// An empty flavor of kind Unknown.
    BundleFlavor() = default;

    /// A runnable-image flavor built from its fields (for create forms).
    static BundleFlavor fromRunnableImage(const RunnableImageFlavor& image);
    /// A flavor kept as a JSON object; `image` is its runnable-image part when it has one.
    static BundleFlavor fromJson(const QJsonObject& json,
                                 std::optional<RunnableImageFlavor> image = std::nullopt);

    /// The kind for a `flavor` string, Unknown when not recognised.
    static Kind kindFromString(const QString& text);
    static QString kindToString(Kind kind);

    Kind kind() const { return m_kind; }
    /// The `flavor` string as received.
    QString kindName() const;
    /// A short name for people ("Runnable image", "Triton runnable image", ...).
    QString displayName() const;

    /// The image fields for runnable_image, and for the streaming and triton variants (which
    /// extend it) when they could be read; nothing for artifact flavors.
    const std::optional<RunnableImageFlavor>& runnableImage() const { return m_image; }

    /// The flavor object exactly as received or built.
    const QJsonObject& toJson() const { return m_json; }

    friend bool operator==(const BundleFlavor& a, const BundleFlavor& b)
    {
        return a.m_json == b.m_json;
    }

private:
    Kind m_kind = Unknown;
    QJsonObject m_json;
    std::optional<RunnableImageFlavor> m_image;
};

#include "BundleFlavor.h"

#include "BundleCodec.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    BundleFlavor::Kind kind;
    QLatin1StringView wire;
    const char* display;
};

constexpr std::array kEntries{
        Entry{BundleFlavor::RunnableImage, "runnable_image"_L1, "Runnable image"},
        Entry{BundleFlavor::StreamingEnhancedRunnableImage, "streaming_enhanced_runnable_image"_L1,
              "Streaming runnable image"},
        Entry{BundleFlavor::TritonEnhancedRunnableImage, "triton_enhanced_runnable_image"_L1,
              "Triton runnable image"},
        Entry{BundleFlavor::CloudpickleArtifact, "cloudpickle_artifact"_L1, "Cloudpickle artifact"},
        Entry{BundleFlavor::ZipArtifact, "zip_artifact"_L1, "Zip artifact"},
};

} // namespace

BundleFlavor BundleFlavor::fromRunnableImage(const RunnableImageFlavor& image)
{
    BundleFlavor flavor;
    flavor.m_kind = RunnableImage;
    flavor.m_json = BundleCodec::encodeRunnableImage(image);
    flavor.m_image = image;
    return flavor;
}

BundleFlavor BundleFlavor::fromJson(const QJsonObject& json,
                                    std::optional<RunnableImageFlavor> image)
{
    BundleFlavor flavor;
    flavor.m_kind = kindFromString(json.value("flavor"_L1).toString());
    flavor.m_json = json;
    flavor.m_image = std::move(image);
    return flavor;
}

BundleFlavor::Kind BundleFlavor::kindFromString(const QString& text)
{
    for (const Entry& entry : kEntries) {
        if (text == entry.wire) {
            return entry.kind;
        }
    }
    return Unknown;
}

QString BundleFlavor::kindToString(Kind kind)
{
    for (const Entry& entry : kEntries) {
        if (kind == entry.kind) {
            return entry.wire;
        }
    }
    return {};
}

QString BundleFlavor::kindName() const
{
    return m_json.value("flavor"_L1).toString();
}

QString BundleFlavor::displayName() const
{
    for (const Entry& entry : kEntries) {
        if (m_kind == entry.kind) {
            return QString::fromLatin1(entry.display);
        }
    }
    const QString name = kindName();
    return name.isEmpty() ? u"Unknown"_s : name;
}

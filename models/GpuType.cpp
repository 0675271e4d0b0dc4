#include "GpuType.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    GpuType::Value value;
    QLatin1StringView wire;
    const char* display;
};

constexpr std::array kEntries{
        Entry{GpuType::NvidiaTeslaT4, "nvidia-tesla-t4"_L1, "NVIDIA T4"},
        Entry{GpuType::NvidiaAmpereA10, "nvidia-ampere-a10"_L1, "NVIDIA A10"},
        Entry{GpuType::NvidiaAmpereA100, "nvidia-ampere-a100"_L1, "NVIDIA A100"},
        Entry{GpuType::NvidiaAmpereA100e, "nvidia-ampere-a100e"_L1, "NVIDIA A100e"},
        Entry{GpuType::NvidiaHopperH100, "nvidia-hopper-h100"_L1, "NVIDIA H100"},
        Entry{GpuType::NvidiaHopperH100_1g20gb, "nvidia-hopper-h100-1g20gb"_L1,
              "NVIDIA H100 1g.20gb"},
        Entry{GpuType::NvidiaHopperH100_3g40gb, "nvidia-hopper-h100-3g40gb"_L1,
              "NVIDIA H100 3g.40gb"},
};

} // namespace

GpuType::GpuType(Value value)
    : m_value(value)
{}

GpuType GpuType::fromString(const QString& text)
{
    for (const Entry& entry : kEntries) {
        if (text == entry.wire) {
            return GpuType(entry.value);
        }
    }
    GpuType unknown;
    unknown.m_text = text;
    return unknown;
}

QList<GpuType> GpuType::knownValues()
{
    QList<GpuType> values;
    for (const Entry& entry : kEntries) {
        values.append(GpuType(entry.value));
    }
    return values;
}

QString GpuType::toString() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return entry.wire;
        }
    }
    return m_text;
}

QString GpuType::displayName() const
{
    for (const Entry& entry : kEntries) {
        if (entry.value == m_value) {
            return QString::fromLatin1(entry.display);
        }
    }
    return m_text.isEmpty() ? u"Unknown"_s : m_text;
}

QString GpuType::modelName() const
{
    QString name = displayName();
    if (isKnown() && name.startsWith(u"NVIDIA "_s)) {
        name.remove(0, 7);
    }
    return name;
}

#pragma once

#include <QList>
#include <QString>

/// A GPU type of the API's GpuType enumeration (`nvidia-tesla-t4`, `nvidia-ampere-a10`, ...).
/// A value a newer server sends that this version does not know is kept as Unknown together
/// with its text, so it is shown and written back unchanged.
class GpuType final
{
public:
    enum Value
    {
        Unknown,
        NvidiaTeslaT4,
        NvidiaAmpereA10,
        NvidiaAmpereA100,
        NvidiaAmpereA100e,
        NvidiaHopperH100,
        NvidiaHopperH100_1g20gb,
        NvidiaHopperH100_3g40gb,
    };

    /// Unknown, with no text.
    GpuType() = default;
    GpuType(Value value);

    /// The value for a wire string; an unrecognised string is kept as Unknown with its text.
    static GpuType fromString(const QString& text);
    /// Every value this version knows, in the order of the API's enumeration.
    static QList<GpuType> knownValues();

    Value value() const { return m_value; }
    bool isKnown() const { return m_value != Unknown; }
    /// The wire string (for Unknown, the text received).
    QString toString() const;
    /// A short name for people ("NVIDIA A100").
    QString displayName() const;
    /// The name without its maker, where room is short ("A100"; an unknown type's text).
    QString modelName() const;

    friend bool operator==(const GpuType& a, const GpuType& b)
    {
        return a.m_value == b.m_value && (a.m_value != Unknown || a.m_text == b.m_text);
    }

private:
    Value m_value = Unknown;
    QString m_text;
};

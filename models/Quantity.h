#pragma once

#include <QJsonValue>
#include <QString>
#include <compare>
#include <optional>

/// An amount of CPU (cores), memory or storage (bytes) as Launch servers exchange it: either a
/// JSON number (`1`, `0.5`) or a Kubernetes quantity string (`"500m"`, `"8Gi"`, `"1e3"`).
/// It compares by value and writes back exactly the form it was given.
class Quantity final
{
public:
    /// What the amount measures; only changes how it is shown to people.
    enum Kind
    {
        Cores,
        Bytes,
    };

    /// An invalid (empty) quantity.
    Quantity() = default;

    /// A JSON number, written back as that number.
    static Quantity fromNumber(double value);

    /// Parses a Kubernetes quantity string (`"2"`, `"500m"`, `"8Gi"`, `"1e3"`, `"2k"`, `"1G"`).
    /// Returns nothing and sets `reason` when the text is not one.
    static std::optional<Quantity> parse(const QString& text, QString* reason = nullptr);

    /// Parses what a person typed in a form: like parse(), but also accepts surrounding and
    /// inner spaces and the `KiB`/`MiB`/`GiB`/`TiB` and `KB`/`MB`/`GB`/`TB` spellings (as
    /// binary/decimal multiples). The result is written back as a Kubernetes string, e.g.
    /// `"4 GiB"` becomes `"4Gi"`; a plain number becomes a JSON number.
    static std::optional<Quantity> parseUserInput(const QString& text, QString* reason = nullptr);

    /// Reads a JSON number or a quantity string; anything else is rejected with a reason.
    static std::optional<Quantity> fromJson(const QJsonValue& json, QString* reason = nullptr);

    bool isValid() const { return m_valid; }

    /// The amount in base units: cores for CPU, bytes for memory and storage.
    double value() const { return m_value; }

    /// True when it was given as a string (then text() is that string).
    bool isString() const { return m_isString; }

    /// The form given: the string itself, or the number formatted without loss.
    QString text() const;

    /// Exactly the form given: a number stays a number, a string the same string.
    QJsonValue toJson() const { return m_isString ? QJsonValue(m_text) : QJsonValue(m_value); }

    /// For people: CPU as a plain number of cores (`"500m"` gives `"0.5"`), bytes with a
    /// binary unit (`"8Gi"` and 8589934592 give `"8 GiB"`, `"1G"` gives `"953.7 MiB"`).
    /// An amount too large to print exactly (16 or more digits in the largest unit) is shown
    /// as it was given (`"99999999999999999999999Ei"`; a JSON number as `"1e+40 B"`).
    QString toDisplayString(Kind kind) const;

    /// Same value and same written form (`"1Gi"` and 1073741824 are equal but not identical).
    bool isIdenticalTo(const Quantity& other) const;

    friend bool operator==(const Quantity& a, const Quantity& b)
    {
        return a.m_valid == b.m_valid && a.m_value == b.m_value;
    }
    friend std::partial_ordering operator<=>(const Quantity& a, const Quantity& b)
    {
        return a.m_value <=> b.m_value;
    }

private:
    // A plain QString rather than a QJsonValue: a string QJsonValue made outside a document
    // allocates a container of its own, which costs a tenth of decoding a long endpoint list.
    QString m_text; ///< the string given; empty for a number
    double m_value = 0.0;
    bool m_valid = false;
    bool m_isString = false;
};

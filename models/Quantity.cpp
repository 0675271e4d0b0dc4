#include "Quantity.h"

#include <QLocale>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

struct Suffix
{
    QLatin1StringView text;
    double factor;
    bool divide; // milli, micro, nano: dividing keeps 500m exactly 0.5
};

constexpr std::array kSuffixes{
        Suffix{"Ki"_L1, 1024.0, false},
        Suffix{"Mi"_L1, 1048576.0, false},
        Suffix{"Gi"_L1, 1073741824.0, false},
        Suffix{"Ti"_L1, 1099511627776.0, false},
        Suffix{"Pi"_L1, 1125899906842624.0, false},
        Suffix{"Ei"_L1, 1152921504606846976.0, false},
        Suffix{"n"_L1, 1e9, true},
        Suffix{"u"_L1, 1e6, true},
        Suffix{"m"_L1, 1e3, true},
        Suffix{"k"_L1, 1e3, false},
        Suffix{"M"_L1, 1e6, false},
        Suffix{"G"_L1, 1e9, false},
        Suffix{"T"_L1, 1e12, false},
        Suffix{"P"_L1, 1e15, false},
        Suffix{"E"_L1, 1e18, false},
};

// Spellings people type in forms, mapped to Kubernetes suffixes.
constexpr std::array<std::pair<QLatin1StringView, QLatin1StringView>, 11> kUserSuffixes{{
        {"KiB"_L1, "Ki"_L1},
        {"MiB"_L1, "Mi"_L1},
        {"GiB"_L1, "Gi"_L1},
        {"TiB"_L1, "Ti"_L1},
        {"PiB"_L1, "Pi"_L1},
        {"KB"_L1, "k"_L1},
        {"kB"_L1, "k"_L1},
        {"MB"_L1, "M"_L1},
        {"GB"_L1, "G"_L1},
        {"TB"_L1, "T"_L1},
        {"B"_L1, ""_L1},
}};

bool setReason(QString* reason, const QString& text)
{
    if (reason) {
        *reason = text;
    }
    return false;
}

// Applies a suffix (unit or decimal exponent) to `number`; false when it is not one.
bool applySuffix(QStringView suffix, double& number)
{
    if (suffix.isEmpty()) {
        return true;
    }
    for (const Suffix& s : kSuffixes) {
        if (suffix == s.text) {
            number = s.divide ? number / s.factor : number * s.factor;
            return true;
        }
    }
    if (suffix.size() < 2 || (suffix.front() != u'e' && suffix.front() != u'E')) {
        return false;
    }
    QStringView exponent = suffix.mid(1);
    if (exponent.front() == u'+' || exponent.front() == u'-') {
        exponent = exponent.mid(1);
    }
    if (exponent.isEmpty() || exponent.size() > 3) {
        return false;
    }
    for (const QChar c : exponent) {
        if (!c.isDigit()) {
            return false;
        }
    }
    number *= std::pow(10.0, suffix.mid(1).toInt());
    return true;
}

QString trimmedNumber(double value, int decimals)
{
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(u'.')) {
        while (text.endsWith(u'0')) {
            text.chop(1);
        }
        if (text.endsWith(u'.')) {
            text.chop(1);
        }
    }
    return text;
}

} // namespace

Quantity Quantity::fromNumber(double value)
{
    Quantity q;
    q.m_value = value;
    q.m_valid = std::isfinite(value) && value >= 0;
    return q;
}

std::optional<Quantity> Quantity::parse(const QString& text, QString* reason)
{
    if (text.isEmpty()) {
        setReason(reason, u"is empty"_s);
        return std::nullopt;
    }
    qsizetype end = 0;
    if (text.front() == u'+' || text.front() == u'-') {
        if (text.front() == u'-') {
            setReason(reason, u"must not be negative"_s);
            return std::nullopt;
        }
        end = 1;
    }
    const qsizetype numberStart = end;
    bool digits = false;
    bool point = false;
    for (; end < text.size(); ++end) {
        const QChar c = text.at(end);
        if (c.isDigit() && c.unicode() < 128) {
            digits = true;
        } else if (c == u'.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!digits) {
        setReason(reason, u"\"%1\" does not start with a number"_s.arg(text));
        return std::nullopt;
    }
    bool ok = false;
    double number =
            QLocale::c().toDouble(QStringView(text).sliced(numberStart, end - numberStart), &ok);
    if (!ok || !applySuffix(QStringView(text).sliced(end), number)) {
        setReason(reason, u"\"%1\" has an unknown unit; use a number with one of m, k, M, G, T, "
                          u"Ki, Mi, Gi, Ti (e.g. \"500m\", \"8Gi\")"_s.arg(text));
        return std::nullopt;
    }
    if (!std::isfinite(number)) {
        setReason(reason, u"\"%1\" is too large"_s.arg(text));
        return std::nullopt;
    }
    Quantity q;
    q.m_text = text;
    q.m_isString = true;
    q.m_value = number;
    q.m_valid = true;
    return q;
}

std::optional<Quantity> Quantity::parseUserInput(const QString& text, QString* reason)
{
    QString compact = text;
    compact.remove(u' ');
    for (const auto& [typed, kubernetes] : kUserSuffixes) {
        if (compact.endsWith(typed) && compact.size() > typed.size()) {
            compact = compact.chopped(typed.size()) + kubernetes;
            break;
        }
    }
    std::optional<Quantity> q = parse(compact, reason);
    if (!q) {
        if (reason && !text.trimmed().startsWith(u'-')) {
            *reason = u"\"%1\" is not an amount; type a number with a unit such as 4Gi, "
                      u"4 GiB or 500m"_s.arg(text.trimmed());
        }
        return std::nullopt;
    }
    bool plain = false;
    const double number = QLocale::c().toDouble(compact, &plain);
    if (plain && !compact.contains(u'e') && !compact.contains(u'E')) {
        return fromNumber(number);
    }
    return q;
}

std::optional<Quantity> Quantity::fromJson(const QJsonValue& json, QString* reason)
{
    if (json.isDouble()) {
        if (json.toDouble() < 0) {
            setReason(reason, u"must not be negative"_s);
            return std::nullopt;
        }
        Quantity q;
        q.m_value = json.toDouble();
        q.m_valid = true;
        return q;
    }
    if (json.isString()) {
        return parse(json.toString(), reason);
    }
    setReason(reason, u"expected a number or a quantity string such as \"8Gi\""_s);
    return std::nullopt;
}

QString Quantity::text() const
{
    if (m_isString) {
        return m_text;
    }
    if (!m_valid) {
        return {};
    }
    if (m_value == std::floor(m_value) && std::abs(m_value) < 9007199254740992.0) {
        return QString::number(qint64(m_value));
    }
    return QString::number(m_value, 'g', QLocale::FloatingPointShortest);
}

QString Quantity::toDisplayString(Kind kind) const
{
    if (!m_valid) {
        return {};
    }
    // A double holds 15 significant decimal digits for sure: printed in full, a larger amount
    // shows digits that are artefacts of the binary form (99999999999999999999999Ei would read
    // 99999999999999991611392 EiB). Such an amount is shown as it was given instead.
    constexpr double exactLimit = 1e15;
    const auto asGiven = [this, kind] {
        return m_isString || kind == Cores ? text() : text() + u" B"_s;
    };
    // Likewise an amount that would round to 0 (0.0000001 cores, "1m" bytes): it is not 0.
    if (kind == Cores) {
        const bool printable =
                std::abs(m_value) < exactLimit && (m_value == 0 || std::abs(m_value) >= 0.0005);
        return printable ? trimmedNumber(m_value, 3) : asGiven();
    }
    static constexpr std::array kUnits{"B"_L1,   "KiB"_L1, "MiB"_L1, "GiB"_L1,
                                       "TiB"_L1, "PiB"_L1, "EiB"_L1};
    double amount = m_value;
    qsizetype unit = 0;
    while (amount >= 1024.0 && unit + 1 < qsizetype(kUnits.size())) {
        amount /= 1024.0;
        ++unit;
    }
    if (amount >= exactLimit || (unit == 0 && amount != std::round(amount))) {
        return asGiven();
    }
    return trimmedNumber(amount, unit == 0 ? 0 : 1) + u' ' + kUnits[unit];
}

bool Quantity::isIdenticalTo(const Quantity& other) const
{
    return *this == other && m_isString == other.m_isString && m_text == other.m_text;
}

#include "JsonReader.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// Integral JSON numbers within [min, max]; JSON has one number type, so 3.0 is an integer.
bool toInteger(const QJsonValue& value, qint64 min, qint64 max, qint64& out)
{
    if (!value.isDouble()) {
        return false;
    }
    const double d = value.toDouble();
    if (d != std::floor(d) || d < double(min) || d > double(max)) {
        return false;
    }
    out = qint64(d);
    return true;
}

QString rangeText(qint64 min, qint64 max)
{
    if (min == std::numeric_limits<int>::min() && max == std::numeric_limits<int>::max()) {
        return u"an integer"_s;
    }
    if (max == std::numeric_limits<int>::max()) {
        return u"an integer of at least %1"_s.arg(min);
    }
    return u"an integer from %1 to %2"_s.arg(min).arg(max);
}

bool isAbsent(const QJsonValue& value)
{
    return value.isNull() || value.isUndefined();
}

} // namespace

Decoded<QJsonValue> JsonReader::parse(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        return DecodeError{
                {},
                u"malformed JSON at offset %1: %2"_s.arg(error.offset).arg(error.errorString()),
                error.offset};
    }
    if (document.isArray()) {
        return QJsonValue(document.array());
    }
    return QJsonValue(document.object());
}

JsonReader::JsonReader(const QJsonValue& value, const JsonPath& path)
    : m_path(path)
{
    if (value.isObject()) {
        m_object = value.toObject();
    } else {
        failType(path, "an object", value);
    }
}

void JsonReader::fail(const JsonPath& at, const QString& message)
{
    if (!m_error) {
        m_error = DecodeError{at.toString(), message};
    }
}

void JsonReader::failType(const JsonPath& at, const char* expected, const QJsonValue& got)
{
    fail(at, u"expected %1, got %2"_s.arg(QLatin1String(expected), typeName(got)));
}

void JsonReader::failEnum(QLatin1StringView key, const QString& text, const QStringList& allowed)
{
    fail(JsonPath(m_path, key),
         u"\"%1\" is not one of %2"_s.arg(text, allowed.join(QLatin1String(", "))));
}

QString JsonReader::typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return value.toDouble() == std::floor(value.toDouble()) ? u"an integer"_s : u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

bool JsonReader::checkPresent(QLatin1StringView key, const QJsonValue& value, const char* expected)
{
    if (value.isUndefined()) {
        fail(JsonPath(m_path, key),
             u"missing required field (expected %1)"_s.arg(QLatin1String(expected)));
        return false;
    }
    if (value.isNull()) {
        failType(JsonPath(m_path, key), expected, value);
        return false;
    }
    return true;
}

QString JsonReader::stringAt(QLatin1StringView key, const QJsonValue& value)
{
    if (!value.isString()) {
        failType(JsonPath(m_path, key), "a string", value);
        return {};
    }
    return value.toString();
}

QString JsonReader::requiredString(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || !checkPresent(key, value, "a string")) {
        return {};
    }
    return stringAt(key, value);
}

std::optional<QString> JsonReader::optionalString(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    QString text = stringAt(key, value);
    return ok() ? std::optional<QString>(std::move(text)) : std::nullopt;
}

int JsonReader::intAt(QLatin1StringView key, const QJsonValue& value, int min, int max)
{
    qint64 out = 0;
    if (!toInteger(value, min, max, out)) {
        const QString got = value.isDouble() ? QString::number(value.toDouble()) : typeName(value);
        fail(JsonPath(m_path, key), u"expected %1, got %2"_s.arg(rangeText(min, max), got));
        return 0;
    }
    return int(out);
}

int JsonReader::requiredInt(QLatin1StringView key, int min, int max)
{
    const QJsonValue value = field(key);
    if (!ok() || !checkPresent(key, value, "an integer")) {
        return 0;
    }
    return intAt(key, value, min, max);
}

std::optional<int> JsonReader::optionalInt(QLatin1StringView key, int min, int max)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    const int out = intAt(key, value, min, max);
    return ok() ? std::optional<int>(out) : std::nullopt;
}

std::optional<qint64> JsonReader::optionalInt64(QLatin1StringView key, qint64 min)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    qint64 out = 0;
    if (!toInteger(value, min, qint64(1) << 53, out)) {
        failType(JsonPath(m_path, key), "a non-negative integer", value);
        return std::nullopt;
    }
    return out;
}

bool JsonReader::requiredBool(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || !checkPresent(key, value, "a boolean")) {
        return false;
    }
    if (!value.isBool()) {
        failType(JsonPath(m_path, key), "a boolean", value);
        return false;
    }
    return value.toBool();
}

std::optional<bool> JsonReader::optionalBool(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    const bool out = requiredBool(key);
    return ok() ? std::optional<bool>(out) : std::nullopt;
}

QJsonObject JsonReader::objectAt(QLatin1StringView key, const QJsonValue& value)
{
    if (!value.isObject()) {
        failType(JsonPath(m_path, key), "an object", value);
        return {};
    }
    return value.toObject();
}

QJsonObject JsonReader::requiredObject(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || !checkPresent(key, value, "an object")) {
        return {};
    }
    return objectAt(key, value);
}

std::optional<QJsonObject> JsonReader::optionalObject(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    QJsonObject out = objectAt(key, value);
    return ok() ? std::optional<QJsonObject>(std::move(out)) : std::nullopt;
}

QStringList JsonReader::stringListAt(QLatin1StringView key, const QJsonValue& value)
{
    const JsonPath at(m_path, key);
    if (!value.isArray()) {
        failType(at, "an array of strings", value);
        return {};
    }
    const QJsonArray array = value.toArray();
    QStringList out;
    out.reserve(array.size());
    qsizetype i = 0;
    for (auto it = array.constBegin(), end = array.constEnd(); it != end; ++it, ++i) {
        const QJsonValue item = *it;
        if (!item.isString()) {
            failType(JsonPath(at, i), "a string", item);
            return {};
        }
        out.append(item.toString());
    }
    return out;
}

QStringList JsonReader::requiredStringList(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || !checkPresent(key, value, "an array of strings")) {
        return {};
    }
    return stringListAt(key, value);
}

std::optional<QStringList> JsonReader::optionalStringList(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    QStringList out = stringListAt(key, value);
    return ok() ? std::optional<QStringList>(std::move(out)) : std::nullopt;
}

std::optional<QMap<QString, QString>> JsonReader::optionalStringMap(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    const JsonPath at(m_path, key);
    if (!value.isObject()) {
        failType(at, "an object of strings", value);
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    QMap<QString, QString> out;
    // QJsonObject iterates in key order, so each entry goes at the end of the map.
    for (auto it = object.constBegin(), end = object.constEnd(); it != end; ++it) {
        const QJsonValue item = it.value();
        if (!item.isString()) {
            const QString name = it.key();
            failType(JsonPath(at, name), "a string", item);
            return std::nullopt;
        }
        out.insert(out.cend(), it.key(), item.toString());
    }
    return out;
}

Quantity JsonReader::quantityAt(QLatin1StringView key, const QJsonValue& value)
{
    QString reason;
    const std::optional<Quantity> q = Quantity::fromJson(value, &reason);
    if (!q) {
        fail(JsonPath(m_path, key), reason);
        return {};
    }
    return *q;
}

Quantity JsonReader::requiredQuantity(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || !checkPresent(key, value, "a number or a quantity string")) {
        return {};
    }
    return quantityAt(key, value);
}

std::optional<Quantity> JsonReader::optionalQuantity(QLatin1StringView key)
{
    const QJsonValue value = field(key);
    if (!ok() || isAbsent(value)) {
        return std::nullopt;
    }
    Quantity q = quantityAt(key, value);
    return ok() ? std::optional<Quantity>(q) : std::nullopt;
}

void JsonReader::requireConstant(QLatin1StringView key, QLatin1StringView expected)
{
    const QString text = requiredString(key);
    if (ok() && text != expected) {
        fail(JsonPath(m_path, key), u"expected \"%1\", got \"%2\""_s.arg(expected, text));
    }
}

namespace {

// Reads `count` ASCII digits at `pos`; -1 when they are not all digits.
int digitsAt(QStringView text, qsizetype pos, qsizetype count)
{
    if (pos + count > text.size()) {
        return -1;
    }
    int out = 0;
    for (qsizetype i = pos; i < pos + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9') {
            return -1;
        }
        out = out * 10 + (c - u'0');
    }
    return out;
}

// The offset in seconds of a `Z`, `+HH:MM`, `+HHMM` or empty zone; false when malformed.
bool zoneOffset(QStringView zone, int& seconds)
{
    seconds = 0;
    if (zone.isEmpty() || zone == u"Z" || zone == u"z") {
        return true;
    }
    const QChar sign = zone.front();
    if ((sign != u'+' && sign != u'-') || (zone.size() != 6 && zone.size() != 5)) {
        return false;
    }
    const int hours = digitsAt(zone, 1, 2);
    const int minutes = digitsAt(zone, zone.size() == 6 ? 4 : 3, 2);
    if (hours < 0 || minutes < 0 || (zone.size() == 6 && zone[3] != u':')) {
        return false;
    }
    seconds = (hours * 3600 + minutes * 60) * (sign == u'-' ? -1 : 1);
    return true;
}

} // namespace

QDateTime JsonReader::parseDateTime(const QString& text)
{
    // Written by hand because QDateTime::fromString is slow for 10,000-row lists and does not
    // take the microseconds servers write.
    const QStringView s(text);
    const int year = digitsAt(s, 0, 4);
    const int month = digitsAt(s, 5, 2);
    const int day = digitsAt(s, 8, 2);
    const int hour = digitsAt(s, 11, 2);
    const int minute = digitsAt(s, 14, 2);
    const int second = digitsAt(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || s[4] != u'-' ||
        s[7] != u'-' || (s[10] != u'T' && s[10] != u't' && s[10] != u' ') || s[13] != u':' ||
        s[16] != u':') {
        return {};
    }
    qsizetype pos = 19;
    int msecs = 0;
    if (pos < s.size() && s[pos] == u'.') {
        qsizetype end = pos + 1;
        while (end < s.size() && s[end].isDigit()) {
            ++end;
        }
        const qsizetype used = std::min<qsizetype>(end - pos - 1, 3);
        msecs = used > 0 ? digitsAt(s, pos + 1, used) : -1;
        for (qsizetype i = used; i < 3; ++i) {
            msecs *= 10;
        }
        pos = end;
    }
    int offset = 0;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, msecs);
    if (msecs < 0 || !date.isValid() || !time.isValid() || !zoneOffset(s.sliced(pos), offset)) {
        return {};
    }
    return QDateTime(date, time, Qt::UTC).addSecs(-offset);
}

QString JsonReader::formatDateTime(const QDateTime& dateTime)
{
    return dateTime.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"+00:00"_s;
}

QDateTime JsonReader::requiredDateTime(QLatin1StringView key, QString* text)
{
    const QString raw = requiredString(key);
    if (!ok()) {
        return {};
    }
    QDateTime parsed = parseDateTime(raw);
    if (!parsed.isValid()) {
        fail(JsonPath(m_path, key),
             u"expected an ISO 8601 date-time, got \"%1\""_s.arg(raw.left(64)));
        return {};
    }
    if (text) {
        *text = raw;
    }
    return parsed;
}

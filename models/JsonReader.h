#pragma once

#include "DecodeError.h"
#include "Decoded.h"
#include "JsonPath.h"
#include "Quantity.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QStringList>
#include <limits>
#include <optional>

/// Reads the fields of one JSON object with their types checked, remembering the first error
/// with its full path. After an error every read returns a default value, so a decoder reads
/// all its fields in a row and checks once at the end with finish().
/// Unknown fields are ignored; `null` and missing are the same for optional fields.
class JsonReader final
{
public:
    /// Parses a document; malformed JSON is an error with the byte offset of the fault.
    static Decoded<QJsonValue> parse(const QByteArray& bytes);

    /// Parses `bytes` and hands the root to `decode(const QJsonValue&) -> Decoded<T>`.
    template <typename Decode>
    static auto decodeBytes(const QByteArray& bytes, Decode decode)
            -> decltype(decode(QJsonValue()))
    {
        const Decoded<QJsonValue> json = parse(bytes);
        if (!json.ok()) {
            return json.error();
        }
        return decode(json.value());
    }

    /// Reads `value` at `path`; an error unless it is an object.
    JsonReader(const QJsonValue& value, const JsonPath& path);

    bool ok() const { return !m_error.has_value(); }
    const JsonPath& path() const { return m_path; }
    /// The object read (empty when the value was not an object).
    const QJsonObject& object() const { return m_object; }
    /// The raw field (Undefined when missing). A binary search: QJsonObject keeps its keys
    /// sorted.
    QJsonValue field(QLatin1StringView key) const { return m_object.value(key); }

    QString requiredString(QLatin1StringView key);
    std::optional<QString> optionalString(QLatin1StringView key);
    int requiredInt(QLatin1StringView key, int min = std::numeric_limits<int>::min(),
                    int max = std::numeric_limits<int>::max());
    std::optional<int> optionalInt(QLatin1StringView key, int min = std::numeric_limits<int>::min(),
                                   int max = std::numeric_limits<int>::max());
    std::optional<qint64> optionalInt64(QLatin1StringView key, qint64 min = 0);
    bool requiredBool(QLatin1StringView key);
    std::optional<bool> optionalBool(QLatin1StringView key);
    QJsonObject requiredObject(QLatin1StringView key);
    std::optional<QJsonObject> optionalObject(QLatin1StringView key);
    QStringList requiredStringList(QLatin1StringView key);
    std::optional<QStringList> optionalStringList(QLatin1StringView key);
    std::optional<QMap<QString, QString>> optionalStringMap(QLatin1StringView key);
    Quantity requiredQuantity(QLatin1StringView key);
    std::optional<Quantity> optionalQuantity(QLatin1StringView key);
    /// An ISO 8601 date-time; without an offset it is taken as UTC. `text` receives the raw
    /// string.
    QDateTime requiredDateTime(QLatin1StringView key, QString* text);
    /// A required constant string such as `"flavor": "runnable_image"`.
    void requireConstant(QLatin1StringView key, QLatin1StringView expected);

    /// An enum-like value type E (with fromString() and isKnown()). When `strict`, values this
    /// version does not know are errors (requests); otherwise they are kept (responses).
    template <typename E>
    E requiredEnum(QLatin1StringView key, bool strict)
    {
        const QString text = requiredString(key);
        return ok() ? checkEnum<E>(key, text, strict) : E();
    }
    template <typename E>
    std::optional<E> optionalEnum(QLatin1StringView key, bool strict)
    {
        const std::optional<QString> text = optionalString(key);
        if (!text || !ok()) {
            return std::nullopt;
        }
        return checkEnum<E>(key, *text, strict);
    }

    /// A nested value read by `decode(const QJsonValue&, const JsonPath&) -> Decoded<T>`.
    template <typename T, typename Decode>
    T required(QLatin1StringView key, Decode decode, const char* expected = "an object")
    {
        const QJsonValue value = field(key);
        if (!ok() || !checkPresent(key, value, expected)) {
            return T();
        }
        return take<T>(decode(value, JsonPath(m_path, key)));
    }
    template <typename T, typename Decode>
    std::optional<T> optional(QLatin1StringView key, Decode decode)
    {
        const QJsonValue value = field(key);
        if (!ok() || value.isNull() || value.isUndefined()) {
            return std::nullopt;
        }
        T out = take<T>(decode(value, JsonPath(m_path, key)));
        return ok() ? std::optional<T>(std::move(out)) : std::nullopt;
    }
    /// A required array of nested values.
    template <typename T, typename Decode>
    QList<T> requiredList(QLatin1StringView key, Decode decode)
    {
        const QJsonValue value = field(key);
        if (!ok() || !checkPresent(key, value, "an array")) {
            return {};
        }
        const JsonPath at(m_path, key);
        if (!value.isArray()) {
            failType(at, "an array", value);
            return {};
        }
        const QJsonArray array = value.toArray();
        QList<T> out;
        out.reserve(array.size());
        qsizetype i = 0;
        for (auto it = array.constBegin(), end = array.constEnd(); it != end && ok(); ++it, ++i) {
            out.append(take<T>(decode(*it, JsonPath(at, i))));
        }
        return out;
    }

    /// A required array whose items are read one by one: an item that cannot be read is left
    /// out and given to `skip` with its error; only a missing or mistyped array is an error.
    template <typename T, typename Decode, typename Skip>
    QList<T> listSkippingBad(QLatin1StringView key, Decode decode, Skip skip)
    {
        const QJsonValue value = field(key);
        if (!ok() || !checkPresent(key, value, "an array")) {
            return {};
        }
        const JsonPath at(m_path, key);
        if (!value.isArray()) {
            failType(at, "an array", value);
            return {};
        }
        const QJsonArray array = value.toArray();
        QList<T> out;
        out.reserve(array.size());
        qsizetype i = 0;
        for (auto it = array.constBegin(), end = array.constEnd(); it != end; ++it, ++i) {
            Decoded<T> item = decode(*it, JsonPath(at, i));
            if (item.ok()) {
                out.append(item.takeValue());
            } else {
                skip(*it, item.error());
            }
        }
        return out;
    }

    /// Records an error (only the first one is kept).
    void fail(const JsonPath& at, const QString& message);
    void failType(const JsonPath& at, const char* expected, const QJsonValue& got);

    /// The value, or the first error recorded.
    template <typename T>
    Decoded<T> finish(T value)
    {
        if (m_error) {
            return *m_error;
        }
        return Decoded<T>(std::move(value));
    }
    const std::optional<DecodeError>& error() const { return m_error; }

    /// An ISO 8601 date-time (`2024-05-01T12:00:00.123456`, with `Z` or `+02:00`, or none,
    /// which means UTC); invalid when it is not one.
    static QDateTime parseDateTime(const QString& text);
    /// A date-time as servers write it: `2024-05-01T12:00:00.123+00:00`.
    static QString formatDateTime(const QDateTime& dateTime);

    /// "a string", "an integer", "null", ... for messages.
    static QString typeName(const QJsonValue& value);

private:
    bool checkPresent(QLatin1StringView key, const QJsonValue& value, const char* expected);
    template <typename T>
    T take(Decoded<T> decoded)
    {
        if (!decoded.ok()) {
            if (!m_error) {
                m_error = decoded.error();
            }
            return T();
        }
        return decoded.takeValue();
    }
    template <typename E>
    E checkEnum(QLatin1StringView key, const QString& text, bool strict)
    {
        E value = E::fromString(text);
        if (strict && !value.isKnown()) {
            failEnum(key, text, enumNames<E>());
        }
        return value;
    }
    template <typename E>
    static QStringList enumNames()
    {
        QStringList names;
        for (const E& e : E::knownValues()) {
            names.append(e.toString());
        }
        return names;
    }
    void failEnum(QLatin1StringView key, const QString& text, const QStringList& allowed);
    QString stringAt(QLatin1StringView key, const QJsonValue& value);
    QJsonObject objectAt(QLatin1StringView key, const QJsonValue& value);
    QStringList stringListAt(QLatin1StringView key, const QJsonValue& value);
    Quantity quantityAt(QLatin1StringView key, const QJsonValue& value);
    int intAt(QLatin1StringView key, const QJsonValue& value, int min, int max);

    QJsonObject m_object;
    const JsonPath& m_path;
    std::optional<DecodeError> m_error;
};

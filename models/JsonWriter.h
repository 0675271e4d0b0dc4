#pragma once

#include "Quantity.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QStringList>
#include <optional>

/// Small helpers for encoders: turn field values into JSON and leave out optional fields that
/// are not set, so that encoded objects carry only what the schema accepts.
class JsonWriter final
{
public:
    JsonWriter() = delete;

    static QJsonValue toJson(const QString& value) { return value; }
    static QJsonValue toJson(int value) { return value; }
    static QJsonValue toJson(qint64 value) { return value; }
    static QJsonValue toJson(bool value) { return value; }
    static QJsonValue toJson(const QJsonObject& value) { return value; }
    static QJsonValue toJson(const QJsonValue& value) { return value; }
    static QJsonValue toJson(const Quantity& value) { return value.toJson(); }
    static QJsonValue toJson(const QStringList& value) { return QJsonArray::fromStringList(value); }
    static QJsonValue toJson(const QMap<QString, QString>& value)
    {
        QJsonObject out;
        for (auto it = value.constBegin(); it != value.constEnd(); ++it) {
            out.insert(it.key(), it.value());
        }
        return out;
    }
    /// Enum-like value types (EndpointType, GpuType, ...) by their wire string.
    template <typename E>
    static auto toJson(const E& value) -> decltype(QJsonValue(value.toString()))
    {
        return value.toString();
    }

    /// Writes `value` under `key`.
    template <typename T>
    static void put(QJsonObject& object, QLatin1StringView key, const T& value)
    {
        object.insert(key, toJson(value));
    }
    /// Writes `value` under `key` only when it is set.
    template <typename T>
    static void put(QJsonObject& object, QLatin1StringView key, const std::optional<T>& value)
    {
        if (value) {
            object.insert(key, toJson(*value));
        }
    }
    /// Writes `value` under `key`, as null when it is not set.
    template <typename T>
    static void putOrNull(QJsonObject& object, QLatin1StringView key, const std::optional<T>& value)
    {
        object.insert(key, value ? toJson(*value) : QJsonValue(QJsonValue::Null));
    }
};

#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

/// Checks request bodies and query values the way the Launch server's validation does, and
/// collects the failures as `{loc, msg, type}` items for a 422 answer.
class RequestCheck final
{
public:
    explicit RequestCheck(const QString& where = QStringLiteral("body"));
    /// Checks a nested object, e.g. `["body", "flavor"]`.
    explicit RequestCheck(const QJsonArray& prefix);

    /// Parses `body` as a JSON object; records json_invalid / model_attributes_type otherwise.
    QJsonObject parseObject(const QByteArray& body);

    void required(const QJsonObject& object, const QString& field);
    void string(const QJsonObject& object, const QString& field, bool nullable = true);
    void object(const QJsonObject& object, const QString& field, bool nullable = true);
    void stringMap(const QJsonObject& object, const QString& field, bool nullable = true);
    void stringList(const QJsonObject& object, const QString& field, bool nullable = true);
    void boolean(const QJsonObject& object, const QString& field, bool nullable = true);
    /// An integer at least `minimum` (or above it when `exclusive`).
    void integer(const QJsonObject& object, const QString& field, int minimum, bool exclusive,
                 bool nullable = true);
    /// A number or a quantity string such as "500m" or "8Gi", more than zero.
    void quantity(const QJsonObject& object, const QString& field, bool nullable = true);
    void oneOf(const QJsonObject& object, const QString& field, const QStringList& allowed,
               bool nullable = true);

    /// One error; ctx carries what the message leaves general (as {"error": why} for a body
    /// that is not JSON).
    void add(const QJsonArray& loc, const QString& message, const QString& type,
             const QJsonObject& ctx = {});
    bool ok() const { return m_errors.isEmpty(); }
    QJsonObject errorBody() const { return {{QStringLiteral("detail"), m_errors}}; }

private:
    QJsonArray loc(const QString& field) const;
    QJsonArray loc(const QString& field, const QJsonValue& item) const;

    QJsonArray m_prefix;
    QJsonArray m_errors;
};

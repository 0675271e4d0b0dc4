#include "RequestCheck.h"

#include "Quantity.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

RequestCheck::RequestCheck(const QString& where)
    : m_prefix{where}
{}

RequestCheck::RequestCheck(const QJsonArray& prefix)
    : m_prefix(prefix)
{}

QJsonArray RequestCheck::loc(const QString& field) const
{
    QJsonArray result = m_prefix;
    result.append(field);
    return result;
}

QJsonArray RequestCheck::loc(const QString& field, const QJsonValue& item) const
{
    QJsonArray result = loc(field);
    result.append(item);
    return result;
}

void RequestCheck::add(const QJsonArray& loc, const QString& message, const QString& type,
                       const QJsonObject& ctx)
{
    QJsonObject error{{u"loc"_s, loc}, {u"msg"_s, message}, {u"type"_s, type}};
    if (!ctx.isEmpty()) {
        error.insert(u"ctx"_s, ctx);
    }
    m_errors.append(error);
}

QJsonObject RequestCheck::parseObject(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt reads only arrays and objects at the top: a lone number, string or null is valid
        // JSON of the wrong kind, not a decode error.
        QJsonParseError scalarError;
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + body + "]", &scalarError);
        if (scalarError.error != QJsonParseError::NoError || wrapped.array().size() != 1) {
            // The message is the hosted servers' own; why ("too deeply nested document",
            // "unterminated string") goes in ctx, as they put it there too.
            add(QJsonArray{m_prefix.first(), error.offset}, u"JSON decode error"_s,
                u"json_invalid"_s, {{u"error"_s, error.errorString()}});
            return {};
        }
    }
    if (!document.isObject()) {
        add(m_prefix, u"Input should be a valid dictionary or object to extract fields from"_s,
            u"model_attributes_type"_s);
        return {};
    }
    return document.object();
}

void RequestCheck::required(const QJsonObject& object, const QString& field)
{
    if (!object.contains(field)) {
        add(loc(field), u"Field required"_s, u"missing"_s);
    }
}

void RequestCheck::string(const QJsonObject& object, const QString& field, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull()) || value.isString()) {
        return;
    }
    add(loc(field), u"Input should be a valid string"_s, u"string_type"_s);
}

void RequestCheck::object(const QJsonObject& object, const QString& field, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull()) || value.isObject()) {
        return;
    }
    add(loc(field), u"Input should be a valid dictionary"_s, u"dict_type"_s);
}

void RequestCheck::stringMap(const QJsonObject& object, const QString& field, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull())) {
        return;
    }
    if (!value.isObject()) {
        add(loc(field), u"Input should be a valid dictionary"_s, u"dict_type"_s);
        return;
    }
    const QJsonObject map = value.toObject();
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.value().isString()) {
            add(loc(field, it.key()), u"Input should be a valid string"_s, u"string_type"_s);
        }
    }
}

void RequestCheck::stringList(const QJsonObject& object, const QString& field, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull())) {
        return;
    }
    if (!value.isArray()) {
        add(loc(field), u"Input should be a valid list"_s, u"list_type"_s);
        return;
    }
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isString()) {
            add(loc(field, int(i)), u"Input should be a valid string"_s, u"string_type"_s);
        }
    }
}

void RequestCheck::boolean(const QJsonObject& object, const QString& field, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull()) || value.isBool()) {
        return;
    }
    add(loc(field), u"Input should be a valid boolean"_s, u"bool_type"_s);
}

void RequestCheck::integer(const QJsonObject& object, const QString& field, int minimum,
                           bool exclusive, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull())) {
        return;
    }
    const double number = value.toDouble();
    if (!value.isDouble() || std::floor(number) != number) {
        add(loc(field), u"Input should be a valid integer"_s, u"int_type"_s);
        return;
    }
    if (std::fabs(number) > double(std::numeric_limits<int>::max())) {
        add(loc(field),
            u"Input should be a valid integer; %1 is out of range (at most %2)"_s
                    .arg(QString::number(number, 'g', QLocale::FloatingPointShortest))
                    .arg(std::numeric_limits<int>::max()),
            u"int_out_of_range"_s);
        return;
    }
    if (exclusive && number <= minimum) {
        add(loc(field), u"Input should be greater than %1"_s.arg(minimum), u"greater_than"_s);
    } else if (!exclusive && number < minimum) {
        add(loc(field), u"Input should be greater than or equal to %1"_s.arg(minimum),
            u"greater_than_equal"_s);
    }
}

void RequestCheck::quantity(const QJsonObject& object, const QString& field, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull())) {
        return;
    }
    if (!value.isString() && !value.isDouble()) {
        add(loc(field), u"Input should be a valid string, integer or number"_s, u"union_type"_s);
        return;
    }
    // Zero asks for nothing, so it is refused like a negative amount. A string that is no
    // quantity at all ("lots") is left to the 400 that names the field and gives examples.
    bool positive = true;
    if (value.isDouble()) {
        positive = value.toDouble() > 0;
    } else if (value.toString().trimmed().startsWith(u'-')) {
        positive = false;
    } else if (const std::optional<Quantity> amount = Quantity::parse(value.toString())) {
        positive = amount->value() > 0;
    }
    if (!positive) {
        add(loc(field), u"Input should be greater than 0"_s, u"greater_than"_s);
    }
}

void RequestCheck::oneOf(const QJsonObject& object, const QString& field,
                         const QStringList& allowed, bool nullable)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || (nullable && value.isNull())) {
        return;
    }
    if (!value.isString() || !allowed.contains(value.toString())) {
        QStringList quoted;
        for (const QString& option : allowed) {
            quoted.append(u"'"_s + option + u"'"_s);
        }
        // As the hosted server words it: 'a', 'b' or 'c'.
        const QString last = quoted.takeLast();
        const QString options = quoted.isEmpty() ? last : quoted.join(u", "_s) + u" or "_s + last;
        add(loc(field), u"Input should be "_s + options, u"enum"_s);
    }
}

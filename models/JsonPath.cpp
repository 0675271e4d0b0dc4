#include "JsonPath.h"

JsonPath::JsonPath(const QString& prefix)
    : m_text(&prefix)
{}

JsonPath::JsonPath(const JsonPath& parent, QLatin1StringView key)
    : m_parent(&parent)
    , m_key(key)
{}

JsonPath::JsonPath(const JsonPath& parent, const QString& key)
    : m_parent(&parent)
    , m_text(&key)
{}

JsonPath::JsonPath(const JsonPath& parent, qsizetype index)
    : m_parent(&parent)
    , m_index(index)
{}

QString JsonPath::toString() const
{
    QString out;
    appendTo(out);
    return out;
}

void JsonPath::appendTo(QString& out) const
{
    if (m_parent) {
        m_parent->appendTo(out);
    }
    if (m_index >= 0) {
        out += QLatin1Char('[') + QString::number(m_index) + QLatin1Char(']');
        return;
    }
    if (m_parent && !out.isEmpty()) {
        out += QLatin1Char('.');
    }
    if (m_text) {
        out += *m_text;
    } else {
        out += m_key;
    }
}

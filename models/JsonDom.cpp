#include "JsonDom.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <charconv>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

// Recursive-descent parser filling JsonDom::m_nodes; each container node is followed by its
// children, and `end` lets readers skip a whole subtree.
class JsonParser final
{
public:
    explicit JsonParser(JsonDom& dom)
        : m_dom(dom)
        , m_begin(dom.m_source.constData())
        , m_p(m_begin)
        , m_end(m_begin + dom.m_source.size())
    {}

    bool run(DecodeError* error)
    {
        m_dom.m_nodes.reserve(size_t(m_end - m_begin) / 12 + 16);
        skipSpace();
        bool ok = value(0);
        if (ok) {
            skipSpace();
            if (m_p != m_end) {
                ok = fail("unexpected text after the document");
            }
        }
        if (!ok && error) {
            const qsizetype offset = m_p - m_begin;
            *error = DecodeError{
                    {},
                    u"malformed JSON at offset %1: %2"_s.arg(offset).arg(QLatin1String(m_reason)),
                    offset};
        }
        return ok;
    }

private:
    static constexpr int kMaxDepth = 512;

    bool fail(const char* reason)
    {
        m_reason = reason;
        return false;
    }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) {
            ++m_p;
        }
    }

    quint32 push(JsonDom::Type type)
    {
        JsonDom::Node node;
        node.type = type;
        m_dom.m_nodes.push_back(node);
        return quint32(m_dom.m_nodes.size() - 1);
    }

    void close(quint32 index) { m_dom.m_nodes[index].end = quint32(m_dom.m_nodes.size()); }

    bool value(int depth)
    {
        if (m_p == m_end) {
            return fail("unexpected end of input");
        }
        switch (*m_p) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"':
            return string();
        case 't':
            return literal("true", JsonDom::Bool, true);
        case 'f':
            return literal("false", JsonDom::Bool, false);
        case 'n':
            return literal("null", JsonDom::Null, false);
        default:
            return number();
        }
    }

    bool literal(const char* text, JsonDom::Type type, bool boolean)
    {
        const size_t length = std::strlen(text);
        if (size_t(m_end - m_p) < length || std::memcmp(m_p, text, length) != 0) {
            return fail("expected a value");
        }
        m_p += length;
        const quint32 index = push(type);
        m_dom.m_nodes[index].boolean = boolean;
        close(index);
        return true;
    }

    bool object(int depth)
    {
        if (depth > kMaxDepth) {
            return fail("too deeply nested");
        }
        const quint32 index = push(JsonDom::Object);
        ++m_p;
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            close(index);
            return true;
        }
        while (true) {
            if (m_p == m_end || *m_p != '"') {
                return fail("expected a string key");
            }
            if (!string()) {
                return false;
            }
            skipSpace();
            if (m_p == m_end || *m_p != ':') {
                return fail("expected ':'");
            }
            ++m_p;
            skipSpace();
            if (!value(depth)) {
                return false;
            }
            skipSpace();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (m_p != m_end && *m_p == '}') {
                ++m_p;
                close(index);
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    bool array(int depth)
    {
        if (depth > kMaxDepth) {
            return fail("too deeply nested");
        }
        const quint32 index = push(JsonDom::Array);
        ++m_p;
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            close(index);
            return true;
        }
        while (true) {
            if (!value(depth)) {
                return false;
            }
            skipSpace();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (m_p != m_end && *m_p == ']') {
                ++m_p;
                close(index);
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    bool string()
    {
        ++m_p; // opening quote
        const char* start = m_p;
        while (m_p != m_end && *m_p != '"' && *m_p != '\\' && quint8(*m_p) >= 0x20) {
            ++m_p;
        }
        if (m_p == m_end) {
            return fail("unterminated string");
        }
        const quint32 index = push(JsonDom::String);
        JsonDom::Node& node = m_dom.m_nodes[index];
        node.end = index + 1;
        if (*m_p == '"') {
            node.offset = quint32(start - m_begin);
            node.length = quint32(m_p - start);
            ++m_p;
            return true;
        }
        if (*m_p != '\\') {
            return fail("control character in a string");
        }
        return escapedString(index, start);
    }

    // The slow path: copies the string with its escapes resolved into m_unescaped.
    bool escapedString(quint32 index, const char* start)
    {
        QByteArray& out = m_dom.m_unescaped;
        const qsizetype outStart = out.size();
        out.append(start, m_p - start);
        while (m_p != m_end && *m_p != '"') {
            const char c = *m_p;
            if (quint8(c) < 0x20) {
                return fail("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                ++m_p;
                continue;
            }
            if (!escape(out)) {
                return false;
            }
        }
        if (m_p == m_end) {
            return fail("unterminated string");
        }
        ++m_p;
        JsonDom::Node& node = m_dom.m_nodes[index];
        node.unescaped = true;
        node.offset = quint32(outStart);
        node.length = quint32(out.size() - outStart);
        return true;
    }

    bool escape(QByteArray& out)
    {
        ++m_p; // backslash
        if (m_p == m_end) {
            return fail("unterminated string");
        }
        const char c = *m_p++;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out.append(c);
            return true;
        case 'b':
            out.append('\b');
            return true;
        case 'f':
            out.append('\f');
            return true;
        case 'n':
            out.append('\n');
            return true;
        case 'r':
            out.append('\r');
            return true;
        case 't':
            out.append('\t');
            return true;
        case 'u':
            return unicodeEscape(out);
        default:
            --m_p;
            return fail("invalid escape in a string");
        }
    }

    bool hex4(char32_t& out)
    {
        if (m_end - m_p < 4) {
            return fail("invalid \\u escape");
        }
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *m_p++;
            out <<= 4;
            if (c >= '0' && c <= '9') {
                out |= char32_t(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                out |= char32_t(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                out |= char32_t(c - 'A' + 10);
            } else {
                return fail("invalid \\u escape");
            }
        }
        return true;
    }

    bool unicodeEscape(QByteArray& out)
    {
        char32_t code = 0;
        if (!hex4(code)) {
            return false;
        }
        if (code >= 0xD800 && code <= 0xDBFF && m_end - m_p >= 6 && m_p[0] == '\\' &&
            m_p[1] == 'u') {
            const char* save = m_p;
            m_p += 2;
            char32_t low = 0;
            if (!hex4(low)) {
                return false;
            }
            if (low >= 0xDC00 && low <= 0xDFFF) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            } else {
                m_p = save;
            }
        }
        if (code >= 0xD800 && code <= 0xDFFF) {
            code = 0xFFFD; // a lone surrogate cannot be represented
        }
        appendUtf8(out, code);
        return true;
    }

    static void appendUtf8(QByteArray& out, char32_t code)
    {
        if (code < 0x80) {
            out.append(char(code));
        } else if (code < 0x800) {
            out.append(char(0xC0 | (code >> 6)));
            out.append(char(0x80 | (code & 0x3F)));
        } else if (code < 0x10000) {
            out.append(char(0xE0 | (code >> 12)));
            out.append(char(0x80 | ((code >> 6) & 0x3F)));
            out.append(char(0x80 | (code & 0x3F)));
        } else {
            out.append(char(0xF0 | (code >> 18)));
            out.append(char(0x80 | ((code >> 12) & 0x3F)));
            out.append(char(0x80 | ((code >> 6) & 0x3F)));
            out.append(char(0x80 | (code & 0x3F)));
        }
    }

    bool number()
    {
        const char* start = m_p;
        if (m_p != m_end && *m_p == '-') {
            ++m_p;
        }
        if (m_p == m_end || !isDigit(*m_p)) {
            m_p = start;
            return fail("expected a value");
        }
        if (*m_p == '0') {
            ++m_p;
        } else {
            skipDigits();
        }
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (m_p == m_end || !isDigit(*m_p)) {
                return fail("invalid number");
            }
            skipDigits();
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-')) {
                ++m_p;
            }
            if (m_p == m_end || !isDigit(*m_p)) {
                return fail("invalid number");
            }
            skipDigits();
        }
        double value = 0.0;
        if (!toDouble(start, m_p, value) || !std::isfinite(value)) {
            m_p = start;
            return fail("number out of range");
        }
        const quint32 index = push(JsonDom::Number);
        m_dom.m_nodes[index].number = value;
        close(index);
        return true;
    }

    static bool toDouble(const char* begin, const char* end, double& value)
    {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
        return std::from_chars(begin, end, value).ec == std::errc();
#else
        // Standard libraries without floating-point from_chars (older libc++ on macOS).
        bool ok = false;
        value = QByteArray::fromRawData(begin, end - begin).toDouble(&ok);
        return ok;
#endif
    }

    static bool isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }
    void skipDigits()
    {
        while (m_p != m_end && isDigit(*m_p)) {
            ++m_p;
        }
    }

    JsonDom& m_dom;
    const char* m_begin;
    const char* m_p;
    const char* m_end;
    const char* m_reason = "";
};

bool JsonDom::parse(const QByteArray& bytes, DecodeError* error)
{
    m_source = bytes;
    m_unescaped.clear();
    m_nodes.clear();
    m_root = 0;
    JsonParser parser(*this);
    if (!parser.run(error)) {
        m_nodes.clear();
        return false;
    }
    return true;
}

JsonDom JsonDom::fromJsonValue(const QJsonValue& value)
{
    // Wrapped in an array because QJsonDocument only writes objects and arrays.
    JsonDom dom;
    dom.parse(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact), nullptr);
    dom.m_root = 1;
    return dom;
}

JsonDom::Value JsonDom::root() const
{
    return m_root < m_nodes.size() ? Value(this, m_root) : Value();
}

bool JsonDom::Value::toBool() const
{
    return isBool() && m_dom->m_nodes[m_index].boolean;
}

double JsonDom::Value::toNumber() const
{
    return isNumber() ? m_dom->m_nodes[m_index].number : 0.0;
}

QString JsonDom::Value::toString() const
{
    if (!isString()) {
        return {};
    }
    const Node& node = m_dom->m_nodes[m_index];
    return QString::fromUtf8(m_dom->stringData(node), node.length);
}

qsizetype JsonDom::Value::size() const
{
    qsizetype count = 0;
    for (Value child = firstChild(); !child.isUndefined(); child = child.nextSibling(*this)) {
        ++count;
    }
    return count;
}

JsonDom::Value JsonDom::Value::member(QLatin1StringView key) const
{
    quint32 cursor = 0;
    return member(key, cursor);
}

JsonDom::Value JsonDom::Value::member(QLatin1StringView key, quint32& cursor) const
{
    if (!isObject()) {
        return {};
    }
    const std::vector<Node>& nodes = m_dom->m_nodes;
    const quint32 first = m_index + 1;
    const quint32 end = nodes[m_index].end;
    const quint32 start = cursor > m_index && cursor < end ? cursor : first;
    for (quint32 i = start; i < end; i = nodes[i + 1].end) {
        if (Value(m_dom, i).equals(key)) {
            cursor = nodes[i + 1].end;
            return Value(m_dom, i + 1);
        }
    }
    for (quint32 i = first; i < start; i = nodes[i + 1].end) {
        if (Value(m_dom, i).equals(key)) {
            cursor = nodes[i + 1].end;
            return Value(m_dom, i + 1);
        }
    }
    return {};
}

JsonDom::Value JsonDom::Value::firstChild() const
{
    if ((!isArray() && !isObject()) || m_dom->m_nodes[m_index].end == m_index + 1) {
        return {};
    }
    return Value(m_dom, m_index + 1);
}

JsonDom::Value JsonDom::Value::nextSibling(const Value& parent) const
{
    if (isUndefined()) {
        return {};
    }
    const std::vector<Node>& nodes = m_dom->m_nodes;
    const quint32 next = parent.isObject() ? nodes[m_index + 1].end : nodes[m_index].end;
    return next < nodes[parent.m_index].end ? Value(m_dom, next) : Value();
}

JsonDom::Value JsonDom::Value::memberValue() const
{
    return isUndefined() ? Value() : Value(m_dom, m_index + 1);
}

QJsonValue JsonDom::Value::toJsonValue() const
{
    switch (type()) {
    case Undefined:
        return QJsonValue(QJsonValue::Undefined);
    case Null:
        return QJsonValue();
    case Bool:
        return toBool();
    case Number: {
        const double number = toNumber();
        if (number == std::floor(number) && std::abs(number) < 9007199254740992.0) {
            return qint64(number);
        }
        return number;
    }
    case String:
        return toString();
    case Array: {
        QJsonArray array;
        for (Value v = firstChild(); !v.isUndefined(); v = v.nextSibling(*this)) {
            array.append(v.toJsonValue());
        }
        return array;
    }
    case Object: {
        QJsonObject object;
        for (Value key = firstChild(); !key.isUndefined(); key = key.nextSibling(*this)) {
            object.insert(key.toString(), key.memberValue().toJsonValue());
        }
        return object;
    }
    }
    return {};
}

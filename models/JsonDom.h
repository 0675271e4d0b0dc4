#pragma once

#include "DecodeError.h"

#include <QByteArray>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QString>
#include <cstring>
#include <vector>

/// A read-only JSON document parsed straight from UTF-8 bytes into one flat array of nodes.
/// The codec reads responses through it rather than through QJsonDocument because looking up
/// fields by name in QJsonObject costs about as much as everything else together: a
/// 10,000-endpoint list decodes several times faster this way. Strings stay as bytes until
/// asked for. Parsing is strict RFC 8259 and reports the byte offset of the first fault.
class JsonDom final
{
public:
    enum Type : quint8
    {
        Undefined,
        Null,
        Bool,
        Number,
        String,
        Array,
        Object,
    };

    /// A cheap handle to one value of a document; Undefined when the value does not exist
    /// (a missing member). Valid as long as its document lives.
    class Value final
    {
    public:
        Value() = default;

        Type type() const { return m_dom ? m_dom->m_nodes[m_index].type : Undefined; }
        bool isUndefined() const { return type() == Undefined; }
        bool isNull() const { return type() == Null; }
        bool isBool() const { return type() == Bool; }
        bool isNumber() const { return type() == Number; }
        bool isString() const { return type() == String; }
        bool isArray() const { return type() == Array; }
        bool isObject() const { return type() == Object; }

        bool toBool() const;
        double toNumber() const;
        QString toString() const;
        /// True when this is a string equal to `text` (no allocation).
        bool equals(QLatin1StringView text) const
        {
            if (!isString()) {
                return false;
            }
            const Node& node = m_dom->m_nodes[m_index];
            return node.length == quint32(text.size()) &&
                   std::memcmp(m_dom->stringData(node), text.data(), node.length) == 0;
        }

        /// The member named `key` of an object; Undefined when missing or not an object.
        Value member(QLatin1StringView key) const;
        /// The same, starting the search where the previous one ended (`cursor`, 0 at first):
        /// servers write fields in a fixed order, so reading them in that order finds each
        /// one at the first try.
        Value member(QLatin1StringView key, quint32& cursor) const;
        /// The number of elements of an array or members of an object.
        qsizetype size() const;
        /// Elements of an array, or members of an object, in document order.
        Value firstChild() const;
        /// The next element of the same array (or the next key of the same object).
        Value nextSibling(const Value& parent) const;
        /// For an object member key: the member's value.
        Value memberValue() const;

        /// The same value as a QJsonValue (Undefined stays Undefined).
        QJsonValue toJsonValue() const;

    private:
        friend class JsonDom;
        Value(const JsonDom* dom, quint32 index)
            : m_dom(dom)
            , m_index(index)
        {}

        const JsonDom* m_dom = nullptr;
        quint32 m_index = 0;
    };

    JsonDom() = default;

    /// Parses `bytes`; on malformed JSON returns false and sets `error` (empty path, the
    /// byte offset of the fault, "malformed JSON at offset N: ...").
    bool parse(const QByteArray& bytes, DecodeError* error);
    /// A document holding `value` (via its JSON text).
    static JsonDom fromJsonValue(const QJsonValue& value);

    Value root() const;

private:
    friend class JsonParser;

    struct Node
    {
        Type type = Undefined;
        bool unescaped = false; ///< string bytes live in m_unescaped, not in m_source
        bool boolean = false;
        quint32 end = 0;    ///< index after this node's subtree
        quint32 offset = 0; ///< string start
        quint32 length = 0; ///< string length in bytes
        double number = 0.0;
    };

    const char* stringData(const Node& node) const
    {
        return (node.unescaped ? m_unescaped.constData() : m_source.constData()) + node.offset;
    }

    QByteArray m_source;
    QByteArray m_unescaped;
    std::vector<Node> m_nodes;
    quint32 m_root = 0;
};

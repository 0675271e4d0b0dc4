#pragma once

#include <QLatin1StringView>
#include <QString>

/// Where a value sits in a JSON document, as a chain of keys and indexes that lives on the
/// stack while a document is decoded. The text (`model_endpoints[3].deployment_state`) is
/// built only when an error needs it, so decoding large lists stays cheap.
class JsonPath final
{
public:
    /// The root, named by `prefix` (may be empty). `prefix` must outlive the path.
    explicit JsonPath(const QString& prefix);
    /// A field of the object at `parent`. `key` must outlive the path.
    JsonPath(const JsonPath& parent, QLatin1StringView key);
    /// A field with a key taken from the document (map entries). `key` must outlive the path.
    JsonPath(const JsonPath& parent, const QString& key);
    /// An element of the array at `parent`.
    JsonPath(const JsonPath& parent, qsizetype index);

    QString toString() const;

private:
    void appendTo(QString& out) const;

    const JsonPath* m_parent = nullptr;
    const QString* m_text = nullptr;
    QLatin1StringView m_key;
    qsizetype m_index = -1;
};

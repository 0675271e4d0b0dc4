#pragma once

#include <QString>

/// Why a JSON document could not be read as a Launch type: the path of the field at fault
/// (for example `model_endpoints[3].deployment_state.min_workers`, empty for the document
/// itself) and what was expected there. For malformed JSON, `offset` is the byte offset of
/// the syntax error, otherwise -1.
struct DecodeError
{
    QString path;
    QString message;
    qsizetype offset = -1;

    /// "path: message", or the message alone when the path is empty.
    QString toString() const;

    friend bool operator==(const DecodeError&, const DecodeError&) = default;
};

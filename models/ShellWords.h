#pragma once

#include <QString>
#include <QStringList>
#include <optional>

/// A command line as people type it in a POSIX shell, and back: words split at blanks, with
/// single quotes (everything literal up to the next '), double quotes (literal except for
/// \" \\ \$ \` and a backslash before a line break) and backslash escapes outside quotes.
/// Nothing is expanded: `$HOME`, `*` and `;` are plain characters of a word.
namespace ShellWords {

/// The words of `text`; nothing, with the reason in `problem`, for an unclosed quote or a
/// backslash at the very end.
std::optional<QStringList> split(QStringView text, QString* problem = nullptr);

/// `word` as it would be typed: unchanged when it holds only characters no shell treats
/// specially, otherwise in single quotes ('' for an empty word, '\'' for a quote inside).
QString quote(const QString& word);

/// The words quoted and joined by spaces, so that split() gives them back.
QString join(const QStringList& words);

} // namespace ShellWords

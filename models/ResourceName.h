#pragma once

#include <QString>
#include <optional>

/// The names of endpoints and bundles: they are shown in tables, typed in filters and passed
/// in paths and query strings, so they hold letters and digits of any script, '-', '_' and
/// '.'. Combining marks (the vowel signs of Devanagari or Thai, a decomposed accent) belong
/// to the letter or digit before them: they may follow one, or another mark that does.
/// launch-local refuses other names; the forms check the same rule as the user types (servers
/// may allow fewer, and what they refuse still comes back from them).
namespace ResourceName {

/// A combining mark: Unicode's non-spacing, spacing combining and enclosing marks.
bool isCombiningMark(char32_t c);

/// The first character the rule refuses, or none. Length is not checked here.
std::optional<char32_t> firstRefused(const QString& name);

/// What is wrong with the name as a short sentence for a form ("Spaces are not allowed in a
/// name."), or an empty string. maxLength counts characters (code points).
QString problem(const QString& name, int maxLength);

} // namespace ResourceName

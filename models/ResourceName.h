#pragma once

#include <QString>

/// The names of endpoints and bundles, as typed in a form: they are shown in tables, typed in
/// filters and passed in paths and query strings, so they hold letters and digits of any
/// script (with the marks those scripts write on them), '-', '_' and '.'. Servers may allow
/// fewer; what they refuse still comes back from them.
namespace ResourceName {

/// What is wrong with the name as a short sentence for a form ("Spaces are not allowed in a
/// name."), or an empty string. maxLength counts characters (code points).
QString problem(const QString& name, int maxLength);

} // namespace ResourceName

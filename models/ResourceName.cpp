#include "ResourceName.h"

#include <QChar>
#include <QList>

using namespace Qt::StringLiterals;

namespace ResourceName {

bool isCombiningMark(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining ||
           category == QChar::Mark_Enclosing;
}

std::optional<char32_t> firstRefused(const QString& name)
{
    bool afterLetterOrDigit = false; // the previous character is a letter, digit or their mark
    for (const uint code : name.toUcs4()) {
        const auto c = char32_t(code);
        if (QChar::isLetterOrNumber(c) || (afterLetterOrDigit && isCombiningMark(c))) {
            afterLetterOrDigit = true;
            continue;
        }
        afterLetterOrDigit = false;
        if (c != u'-' && c != u'_' && c != u'.') {
            return c;
        }
    }
    return std::nullopt;
}

QString problem(const QString& name, int maxLength)
{
    if (name.trimmed().isEmpty()) {
        return u"Required."_s;
    }
    const qsizetype length = name.toUcs4().size();
    if (length > maxLength) {
        return u"%1 characters; at most %2 are allowed."_s.arg(length).arg(maxLength);
    }
    const std::optional<char32_t> refused = firstRefused(name);
    if (!refused) {
        return {};
    }
    const char32_t c = *refused;
    if (QChar::isSpace(c)) {
        return u"Spaces are not allowed in a name."_s;
    }
    const QString shown = QChar::isPrint(c) && !isCombiningMark(c)
                                  ? u"\"%1\""_s.arg(QString::fromUcs4(&c, 1))
                                  : u"U+%1"_s.arg(uint(c), 4, 16, QChar(u'0')).toUpper();
    return u"%1 is not allowed in a name: use letters, digits, '-', '_' and '.'."_s.arg(shown);
}

} // namespace ResourceName

#include "ResourceName.h"

#include <QChar>
#include <QList>

using namespace Qt::StringLiterals;

namespace ResourceName {

namespace {

bool isMark(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining ||
           category == QChar::Mark_Enclosing;
}

} // namespace

QString problem(const QString& name, int maxLength)
{
    if (name.trimmed().isEmpty()) {
        return u"Required."_s;
    }
    const QList<uint> characters = name.toUcs4();
    if (characters.size() > maxLength) {
        return u"%1 characters; at most %2 are allowed."_s.arg(characters.size()).arg(maxLength);
    }
    // A mark belongs to the letter or digit before it (and the marks between).
    bool afterLetter = false;
    for (const uint code : characters) {
        const auto c = char32_t(code);
        if (QChar::isLetterOrNumber(c)) {
            afterLetter = true;
            continue;
        }
        if (c == u'-' || c == u'_' || c == u'.') {
            afterLetter = false;
            continue;
        }
        if (afterLetter && isMark(c)) {
            continue;
        }
        if (QChar::isSpace(c)) {
            return u"Spaces are not allowed in a name."_s;
        }
        const QString shown = QChar::isPrint(c) && !isMark(c)
                                      ? u"\"%1\""_s.arg(QString::fromUcs4(&c, 1))
                                      : u"U+%1"_s.arg(uint(c), 4, 16, QChar(u'0')).toUpper();
        return u"%1 is not allowed in a name: use letters, digits, '-', '_' and '.'."_s.arg(shown);
    }
    return {};
}

} // namespace ResourceName

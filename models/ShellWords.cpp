#include "ShellWords.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

// Characters a shell reads as themselves anywhere in a word.
bool isPlain(QChar c)
{
    return c.isLetterOrNumber() || QStringView(u"_-+=%@:,./").contains(c);
}

bool fail(QString* problem, const QString& text)
{
    if (problem) {
        *problem = text;
    }
    return false;
}

} // namespace

std::optional<QStringList> ShellWords::split(QStringView text, QString* problem)
{
    QStringList words;
    QString word;
    bool inWord = false; // also true for a word that is only quotes: '' is an empty argument
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (isBlank(c)) {
            if (inWord) {
                words.append(word);
                word.clear();
                inWord = false;
            }
        } else if (c == u'\\') {
            if (i + 1 == text.size()) {
                fail(problem, u"A backslash (\\) at the end escapes nothing."_s);
                return std::nullopt;
            }
            const QChar next = text.at(++i);
            if (next != u'\n') { // a line break after a backslash joins the lines
                word += next;
                inWord = true;
            }
        } else if (c == u'\'') {
            const qsizetype close = text.indexOf(u'\'', i + 1);
            if (close < 0) {
                fail(problem, u"A quote (') is not closed."_s);
                return std::nullopt;
            }
            word += text.sliced(i + 1, close - i - 1);
            inWord = true;
            i = close;
        } else if (c == u'"') {
            inWord = true;
            for (++i;; ++i) {
                if (i == text.size()) {
                    fail(problem, u"A quote (\") is not closed."_s);
                    return std::nullopt;
                }
                const QChar d = text.at(i);
                if (d == u'"') {
                    break;
                }
                if (d == u'\\' && i + 1 < text.size() &&
                    QStringView(u"\"\\$`\n").contains(text.at(i + 1))) {
                    if (text.at(++i) != u'\n') {
                        word += text.at(i);
                    }
                } else {
                    word += d;
                }
            }
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) {
        words.append(word);
    }
    return words;
}

QString ShellWords::quote(const QString& word)
{
    if (!word.isEmpty() && std::all_of(word.cbegin(), word.cend(), isPlain)) {
        return word;
    }
    QString quoted = word;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString ShellWords::join(const QStringList& words)
{
    QStringList quoted;
    quoted.reserve(words.size());
    for (const QString& word : words) {
        quoted.append(quote(word));
    }
    return quoted.join(u' ');
}

#include "ShellWords.h"

#include <QTest>

using namespace Qt::StringLiterals;

/// The command of a bundle as typed in a shell, and as shown back.
class tst_ShellWords : public QObject
{
    Q_OBJECT

private slots:
    void splitsAsAShellWould_data();
    void splitsAsAShellWould();
    void refusesUnfinishedText_data();
    void refusesUnfinishedText();
    void quotesOnlyWhatNeedsIt_data();
    void quotesOnlyWhatNeedsIt();
    void joinedWordsSplitBackTheSame_data();
    void joinedWordsSplitBackTheSame();
};

void tst_ShellWords::splitsAsAShellWould_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << u"serve --port 8080"_s
                           << QStringList{u"serve"_s, u"--port"_s, u"8080"_s};
    QTest::newRow("blanks") << u"  a \t b\n"_s << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("nothing") << u"   "_s << QStringList{};
    QTest::newRow("single quotes keep double quotes")
            << u"sh -c 'echo \"hi there\"; exec launch-example-model'"_s
            << QStringList{u"sh"_s, u"-c"_s, u"echo \"hi there\"; exec launch-example-model"_s};
    QTest::newRow("double quotes") << u"serve --greeting \"hello there\""_s
                                   << QStringList{u"serve"_s, u"--greeting"_s, u"hello there"_s};
    QTest::newRow("single quote in double quotes")
            << u"echo \"it's\""_s << QStringList{u"echo"_s, u"it's"_s};
    QTest::newRow("escapes in double quotes") << u"echo \"a\\\"b\\\\c\\$d\\`e\\nf\""_s
                                              << QStringList{u"echo"_s, u"a\"b\\c$d`e\\nf"_s};
    QTest::newRow("backslash in single quotes")
            << u"echo 'a\\b'"_s << QStringList{u"echo"_s, u"a\\b"_s};
    QTest::newRow("backslash outside quotes")
            << u"echo a\\ b \\'c\\\\"_s << QStringList{u"echo"_s, u"a b"_s, u"'c\\"_s};
    QTest::newRow("empty quotes are a word")
            << u"prog '' \"\""_s << QStringList{u"prog"_s, QString(), QString()};
    QTest::newRow("quotes join a word") << u"a'b c'\"d\"e"_s << QStringList{u"ab cde"_s};
    QTest::newRow("no expansion") << u"echo $HOME * ~ ; | &"_s
                                  << QStringList{u"echo"_s, u"$HOME"_s, u"*"_s, u"~"_s,
                                                 u";"_s,    u"|"_s,     u"&"_s};
    QTest::newRow("backslash line break joins")
            << u"serve \\\n--port"_s << QStringList{u"serve"_s, u"--port"_s};
}

void tst_ShellWords::splitsAsAShellWould()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);
    QString problem;
    const std::optional<QStringList> split = ShellWords::split(text, &problem);
    QVERIFY2(split, qPrintable(problem));
    QCOMPARE(*split, words);
}

void tst_ShellWords::refusesUnfinishedText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    QTest::newRow("single") << u"sh -c 'echo hi"_s << u"A quote (') is not closed."_s;
    QTest::newRow("double") << u"serve \"unterminated"_s << u"A quote (\") is not closed."_s;
    QTest::newRow("double ends in escaped quote")
            << u"serve \"a\\\""_s << u"A quote (\") is not closed."_s;
    QTest::newRow("single inside double does not close")
            << u"\"it's"_s << u"A quote (\") is not closed."_s;
    QTest::newRow("backslash at the end")
            << u"serve \\"_s << u"A backslash (\\) at the end escapes nothing."_s;
}

void tst_ShellWords::refusesUnfinishedText()
{
    QFETCH(QString, text);
    QFETCH(QString, problem);
    QString reason;
    QVERIFY(!ShellWords::split(text, &reason));
    QCOMPARE(reason, problem);
}

void tst_ShellWords::quotesOnlyWhatNeedsIt_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QStringList{u"/usr/bin/serve"_s, u"--port=8080"_s, u"a,b:c@d%"_s}
                           << u"/usr/bin/serve --port=8080 a,b:c@d%"_s;
    QTest::newRow("script") << QStringList{u"sh"_s, u"-c"_s, u"echo hi; echo bye >&2; exit 4"_s}
                            << u"sh -c 'echo hi; echo bye >&2; exit 4'"_s;
    QTest::newRow("empty") << QStringList{u"prog"_s, QString()} << u"prog ''"_s;
    QTest::newRow("single quote") << QStringList{u"echo"_s, u"it's"_s} << u"echo 'it'\\''s'"_s;
    QTest::newRow("dollar") << QStringList{u"echo"_s, u"$PORT"_s} << u"echo '$PORT'"_s;
    QTest::newRow("non-ASCII letters") << QStringList{u"grüß"_s} << u"grüß"_s;
}

void tst_ShellWords::quotesOnlyWhatNeedsIt()
{
    QFETCH(QStringList, words);
    QFETCH(QString, text);
    QCOMPARE(ShellWords::join(words), text);
}

void tst_ShellWords::joinedWordsSplitBackTheSame_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::newRow("script") << QStringList{u"sh"_s, u"-c"_s,
                                           u"echo \"hi there\"; exec launch-example-model"_s};
    QTest::newRow("quotes of both kinds")
            << QStringList{u"'"_s, u"\""_s, u"''"_s, u"a'b\"c"_s, u"'\"'\"'"_s};
    QTest::newRow("backslashes") << QStringList{u"\\"_s, u"a\\'b"_s, u"\\\\\""_s, u"C:\\x y"_s};
    QTest::newRow("blanks") << QStringList{u" "_s,           u"a  b"_s,  u"\t"_s,
                                           u"line\nbreak"_s, u" lead"_s, u"trail "_s};
    QTest::newRow("empty words") << QStringList{QString(), u"x"_s, QString()};
    QTest::newRow("shell characters")
            << QStringList{u"$HOME"_s, u"`id`"_s,  u"$(id)"_s, u"*.txt"_s, u"~"_s,     u"#c"_s,
                           u"a;b"_s,   u"a|b&c"_s, u"<in>"_s,  u"!x"_s,    u"{a,b}"_s, u"[ab]"_s};
    QTest::newRow("non-ASCII") << QStringList{u"grüß dich"_s, u"日本"_s, u"é'é"_s};
}

void tst_ShellWords::joinedWordsSplitBackTheSame()
{
    QFETCH(QStringList, words);
    const QString text = ShellWords::join(words);
    QString problem;
    const std::optional<QStringList> split = ShellWords::split(text, &problem);
    QVERIFY2(split, qPrintable(text + u": "_s + problem));
    QCOMPARE(*split, words);
}

QTEST_GUILESS_MAIN(tst_ShellWords)
#include "tst_ShellWords.moc"

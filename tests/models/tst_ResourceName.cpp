#include "ResourceName.h"

#include <QTest>

using namespace Qt::StringLiterals;

/// The rule the forms check endpoint and bundle names against as they are typed.
class TestResourceName : public QObject
{
    Q_OBJECT
private slots:
    void problem_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"sentiment-prod_v2.1"_s << QString();
        QTest::newRow("other script") << u"分类器"_s << QString();
        QTest::newRow("marks of its script") << u"नमस्ते"_s << QString();
        QTest::newRow("decomposed accent") << u"cafe\u0301"_s << QString();
        QTest::newRow("empty") << QString() << u"Required."_s;
        QTest::newRow("blank") << u"  "_s << u"Required."_s;
        QTest::newRow("space") << u"My Endpoint!!"_s << u"Spaces are not allowed in a name."_s;
        QTest::newRow("tab") << u"a\tb"_s << u"Spaces are not allowed in a name."_s;
        QTest::newRow("exclamation")
                << u"MyEndpoint!!"_s
                << u"\"!\" is not allowed in a name: use letters, digits, '-', '_' and '.'."_s;
        QTest::newRow("slash")
                << u"my/../x"_s
                << u"\"/\" is not allowed in a name: use letters, digits, '-', '_' and '.'."_s;
        QTest::newRow("mark first")
                << u"\u0301e"_s
                << u"U+0301 is not allowed in a name: use letters, digits, '-', '_' and '.'."_s;
        QTest::newRow("mark after a dash")
                << u"a-\u0301"_s
                << u"U+0301 is not allowed in a name: use letters, digits, '-', '_' and '.'."_s;
        QTest::newRow("two marks") << u"e\u0301\u0323"_s << QString();
        QTest::newRow("control")
                << u"a\u0007"_s
                << u"U+0007 is not allowed in a name: use letters, digits, '-', '_' and '.'."_s;
        QTest::newRow("63") << QString(63, u'a') << QString();
        QTest::newRow("64") << QString(64, u'a') << u"64 characters; at most 63 are allowed."_s;
        // Counted in characters: 63 letters outside the first plane fit.
        QString wide;
        for (int i = 0; i < 63; ++i) {
            wide += u"𝒜"_s;
        }
        QTest::newRow("63 wide") << wide << QString();
    }

    void problem()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(ResourceName::problem(name, 63), expected);
    }
};

QTEST_APPLESS_MAIN(TestResourceName)
#include "tst_ResourceName.moc"

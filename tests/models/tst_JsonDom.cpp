#include "JsonDom.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_JsonDom : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryKindOfValue();
    void findsMembersInAnyOrder();
    void resolvesEscapes();
    void agreesWithQJsonDocument_data();
    void agreesWithQJsonDocument();
    void refusesMalformedJson_data();
    void refusesMalformedJson();
    void limitsNesting();
    void wrapsAQJsonValue();
};

namespace {

JsonDom parsed(const QByteArray& text)
{
    JsonDom dom;
    DecodeError error;
    if (!dom.parse(text, &error)) {
        qWarning("%s", qPrintable(error.message));
    }
    return dom;
}

} // namespace

void tst_JsonDom::readsEveryKindOfValue()
{
    const JsonDom dom = parsed(R"( {"s": "text", "i": -12, "d": 0.25, "e": 1.5e3, "t": true,
                                    "f": false, "n": null, "a": [1, [2], {}], "o": {"k": "v"}} )");
    const JsonDom::Value root = dom.root();
    QVERIFY(root.isObject());
    QCOMPARE(root.size(), 9);
    QCOMPARE(root.member("s"_L1).toString(), u"text"_s);
    QVERIFY(root.member("s"_L1).equals("text"_L1));
    QVERIFY(!root.member("s"_L1).equals("tex"_L1));
    QCOMPARE(root.member("i"_L1).toNumber(), -12.0);
    QCOMPARE(root.member("d"_L1).toNumber(), 0.25);
    QCOMPARE(root.member("e"_L1).toNumber(), 1500.0);
    QVERIFY(root.member("t"_L1).isBool() && root.member("t"_L1).toBool());
    QVERIFY(root.member("f"_L1).isBool() && !root.member("f"_L1).toBool());
    QVERIFY(root.member("n"_L1).isNull());
    QVERIFY(root.member("missing"_L1).isUndefined());
    QCOMPARE(root.member("a"_L1).size(), 3);
    QCOMPARE(root.member("o"_L1).member("k"_L1).toString(), u"v"_s);
    QVERIFY(root.member("s"_L1).member("k"_L1).isUndefined());
}

void tst_JsonDom::findsMembersInAnyOrder()
{
    const JsonDom dom = parsed(R"({"a": 1, "b": {"x": [1, 2]}, "c": 3, "d": 4})");
    const JsonDom::Value root = dom.root();
    quint32 cursor = 0;
    QCOMPARE(root.member("c"_L1, cursor).toNumber(), 3.0);
    QCOMPARE(root.member("d"_L1, cursor).toNumber(), 4.0);
    QCOMPARE(root.member("a"_L1, cursor).toNumber(), 1.0);
    QCOMPARE(root.member("b"_L1, cursor).member("x"_L1).size(), 2);
    QVERIFY(root.member("zz"_L1, cursor).isUndefined());
    QCOMPARE(root.member("c"_L1, cursor).toNumber(), 3.0);
}

void tst_JsonDom::resolvesEscapes()
{
    const JsonDom dom =
            parsed(R"(["a\"b\\c\/d", "\b\f\n\r\t", "\u00e9\u20ac", "\ud83d\ude00", "\ud800x"])");
    const JsonDom::Value root = dom.root();
    QStringList texts;
    for (JsonDom::Value v = root.firstChild(); !v.isUndefined(); v = v.nextSibling(root)) {
        texts.append(v.toString());
    }
    QCOMPARE(texts, (QStringList{u"a\"b\\c/d"_s, u"\b\f\n\r\t"_s, u"é€"_s, u"😀"_s, u"\uFFFDx"_s}));
    QCOMPARE(parsed("[\"caf\xC3\xA9\"]").root().firstChild().toString(), u"café"_s);
}

void tst_JsonDom::agreesWithQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("object") << QByteArray(R"({"b": [1, 2.5, -0.0, 1e-7], "a": {"x": null}})");
    QTest::newRow("array") << QByteArray(R"([true, false, "s", {"k": ["v"]}, []])");
    QTest::newRow("big integer") << QByteArray(R"({"n": 9007199254740991, "m": 12345678901})");
    QTest::newRow("unicode") << QByteArray(R"({"\u00fc": "\u00df\n"})");
}

void tst_JsonDom::agreesWithQJsonDocument()
{
    QFETCH(QByteArray, text);
    const QJsonDocument document = QJsonDocument::fromJson(text);
    const QJsonValue expected =
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    QCOMPARE(parsed(text).root().toJsonValue(), expected);
}

void tst_JsonDom::refusesMalformedJson_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray()
                           << u"malformed JSON at offset 0: unexpected end of input"_s;
    QTest::newRow("html") << QByteArray("<html>")
                          << u"malformed JSON at offset 0: expected a value"_s;
    QTest::newRow("truncated") << QByteArray(R"({"a": [1, 2)")
                               << u"malformed JSON at offset 11: expected ',' or ']'"_s;
    QTest::newRow("unquoted key") << QByteArray("{a: 1}")
                                  << u"malformed JSON at offset 1: expected a string key"_s;
    QTest::newRow("missing colon")
            << QByteArray(R"({"a" 1})") << u"malformed JSON at offset 5: expected ':'"_s;
    QTest::newRow("trailing comma")
            << QByteArray(R"({"a": 1,})") << u"malformed JSON at offset 8: expected a string key"_s;
    QTest::newRow("unterminated string")
            << QByteArray(R"(["abc)") << u"malformed JSON at offset 5: unterminated string"_s;
    QTest::newRow("raw newline in string")
            << QByteArray("[\"a\nb\"]")
            << u"malformed JSON at offset 3: control character in a string"_s;
    QTest::newRow("bad escape") << QByteArray(R"(["\x"])")
                                << u"malformed JSON at offset 3: invalid escape in a string"_s;
    QTest::newRow("bad unicode escape")
            << QByteArray(R"(["\u12G4"])") << u"malformed JSON at offset 7: invalid \\u escape"_s;
    QTest::newRow("leading zero") << QByteArray("[01]")
                                  << u"malformed JSON at offset 2: expected ',' or ']'"_s;
    QTest::newRow("bare fraction")
            << QByteArray("[1.]") << u"malformed JSON at offset 3: invalid number"_s;
    QTest::newRow("huge number") << QByteArray("[1e999]")
                                 << u"malformed JSON at offset 1: number out of range"_s;
    QTest::newRow("two documents") << QByteArray("{} {}")
                                   << u"malformed JSON at offset 3: unexpected text after the "
                                      u"document"_s;
    QTest::newRow("bad literal") << QByteArray("[nul]")
                                 << u"malformed JSON at offset 1: expected a value"_s;
}

void tst_JsonDom::refusesMalformedJson()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    JsonDom dom;
    DecodeError error;
    QVERIFY(!dom.parse(text, &error));
    QCOMPARE(error.message, message);
    QVERIFY(error.path.isEmpty());
    QVERIFY(dom.root().isUndefined());
}

void tst_JsonDom::limitsNesting()
{
    JsonDom dom;
    DecodeError error;
    QVERIFY(dom.parse(QByteArray(500, '[') + QByteArray(500, ']'), &error));
    QVERIFY(!dom.parse(QByteArray(600, '[') + QByteArray(600, ']'), &error));
    QCOMPARE(error.message, u"malformed JSON at offset 512: too deeply nested"_s);
}

void tst_JsonDom::wrapsAQJsonValue()
{
    const JsonDom object = JsonDom::fromJsonValue(QJsonObject{{"k"_L1, 1}});
    QCOMPARE(object.root().member("k"_L1).toNumber(), 1.0);
    const JsonDom scalar = JsonDom::fromJsonValue(QJsonValue(u"s"_s));
    QCOMPARE(scalar.root().toString(), u"s"_s);
    QVERIFY(JsonDom::fromJsonValue(QJsonValue()).root().isNull());
}

QTEST_GUILESS_MAIN(tst_JsonDom)
#include "tst_JsonDom.moc"

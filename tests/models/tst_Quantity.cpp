#include "Quantity.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;

class tst_Quantity : public QObject
{
    Q_OBJECT

private slots:
    void parsesKubernetesStrings_data();
    void parsesKubernetesStrings();
    void rejectsInvalidStrings_data();
    void rejectsInvalidStrings();
    void readsJsonNumbersAndStrings();
    void rejectsOtherJson();
    void writesBackTheFormGiven();
    void comparesAndSortsByValue();
    void displaysForPeople_data();
    void displaysForPeople();
    void parsesUserInput_data();
    void parsesUserInput();
};

void tst_Quantity::parsesKubernetesStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("value");
    QTest::newRow("integer") << u"1"_s << 1.0;
    QTest::newRow("fraction") << u"0.5"_s << 0.5;
    QTest::newRow("milli") << u"500m"_s << 0.5;
    QTest::newRow("micro") << u"250u"_s << 0.00025;
    QTest::newRow("nano") << u"100n"_s << 1e-7;
    QTest::newRow("kibi") << u"4Ki"_s << 4096.0;
    QTest::newRow("mebi") << u"512Mi"_s << 536870912.0;
    QTest::newRow("gibi") << u"8Gi"_s << 8589934592.0;
    QTest::newRow("gibi fraction") << u"1.5Gi"_s << 1610612736.0;
    QTest::newRow("tebi") << u"1Ti"_s << 1099511627776.0;
    QTest::newRow("kilo") << u"2k"_s << 2000.0;
    QTest::newRow("mega") << u"3M"_s << 3e6;
    QTest::newRow("giga") << u"1G"_s << 1e9;
    QTest::newRow("tera") << u"2T"_s << 2e12;
    QTest::newRow("exa") << u"1E"_s << 1e18;
    QTest::newRow("exponent") << u"1e3"_s << 1000.0;
    QTest::newRow("exponent upper") << u"1E3"_s << 1000.0;
    QTest::newRow("exponent negative") << u"5e-1"_s << 0.5;
    QTest::newRow("exponent plus") << u"2e+2"_s << 200.0;
    QTest::newRow("plus sign") << u"+3"_s << 3.0;
    QTest::newRow("leading point") << u".5"_s << 0.5;
}

void tst_Quantity::parsesKubernetesStrings()
{
    QFETCH(QString, text);
    QFETCH(double, value);
    QString reason;
    const std::optional<Quantity> q = Quantity::parse(text, &reason);
    QVERIFY2(q.has_value(), qPrintable(reason));
    QVERIFY(q->isValid());
    QVERIFY(q->isString());
    QCOMPARE(q->value(), value);
    QCOMPARE(q->text(), text);
    QCOMPARE(q->toJson(), QJsonValue(text));
}

void tst_Quantity::rejectsInvalidStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << QString() << u"is empty"_s;
    QTest::newRow("word") << u"lots"_s << u"\"lots\" does not start with a number"_s;
    QTest::newRow("unit only") << u"Gi"_s << u"\"Gi\" does not start with a number"_s;
    QTest::newRow("negative") << u"-1"_s << u"must not be negative"_s;
    QTest::newRow("unknown unit") << u"5X"_s
                                  << u"\"5X\" has an unknown unit; use a number with "
                                     u"one of m, k, M, G, T, Ki, Mi, Gi, Ti (e.g. "
                                     u"\"500m\", \"8Gi\")"_s;
    QTest::newRow("lower-case gibi") << u"8gi"_s << QString();
    QTest::newRow("dangling exponent") << u"1e"_s << QString();
    QTest::newRow("space before unit") << u"8 Gi"_s << QString();
    QTest::newRow("two points") << u"1.2.3"_s << QString();
    QTest::newRow("byte suffix") << u"8GiB"_s << QString();
    QTest::newRow("huge exponent") << u"1e999"_s << QString();
}

void tst_Quantity::rejectsInvalidStrings()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    QString actual;
    QVERIFY(!Quantity::parse(text, &actual).has_value());
    QVERIFY(!actual.isEmpty());
    if (!reason.isEmpty()) {
        QCOMPARE(actual, reason);
    }
}

void tst_Quantity::readsJsonNumbersAndStrings()
{
    const QJsonObject doc =
            QJsonDocument::fromJson(R"({"a": 1, "b": 0.5, "c": "500m", "d": 1073741824})").object();
    QCOMPARE(Quantity::fromJson(doc.value("a"_L1))->value(), 1.0);
    QCOMPARE(Quantity::fromJson(doc.value("b"_L1))->value(), 0.5);
    QCOMPARE(Quantity::fromJson(doc.value("c"_L1))->value(), 0.5);
    const std::optional<Quantity> d = Quantity::fromJson(doc.value("d"_L1));
    QVERIFY(d && !d->isString());
    QCOMPARE(d->value(), 1073741824.0);
    QCOMPARE(d->text(), u"1073741824"_s);
}

void tst_Quantity::rejectsOtherJson()
{
    QString reason;
    QVERIFY(!Quantity::fromJson(QJsonValue(true), &reason));
    QCOMPARE(reason, u"expected a number or a quantity string such as \"8Gi\""_s);
    QVERIFY(!Quantity::fromJson(QJsonValue(), &reason));
    QVERIFY(!Quantity::fromJson(QJsonValue(-2), &reason));
    QCOMPARE(reason, u"must not be negative"_s);
    QVERIFY(!Quantity::fromJson(QJsonValue(u"fast"_s), &reason));
    QCOMPARE(reason, u"\"fast\" does not start with a number"_s);
    QVERIFY(!Quantity().isValid());
}

void tst_Quantity::writesBackTheFormGiven()
{
    const QByteArray input = R"({"cpus":1,"half":0.5,"memory":"8Gi","milli":"500m","exp":"1e3"})";
    const QJsonObject in = QJsonDocument::fromJson(input).object();
    QJsonObject out;
    for (auto it = in.constBegin(); it != in.constEnd(); ++it) {
        out.insert(it.key(), Quantity::fromJson(it.value())->toJson());
    }
    QCOMPARE(QJsonDocument(out).toJson(QJsonDocument::Compact),
             QJsonDocument(in).toJson(QJsonDocument::Compact));
    QCOMPARE(Quantity::fromNumber(2).toJson(), QJsonValue(2));
}

void tst_Quantity::comparesAndSortsByValue()
{
    const Quantity gibi = *Quantity::parse(u"1Gi"_s);
    const Quantity bytes = Quantity::fromNumber(1073741824);
    const Quantity mebi = *Quantity::parse(u"1024Mi"_s);
    const Quantity giga = *Quantity::parse(u"1G"_s);
    QCOMPARE(gibi, bytes);
    QCOMPARE(gibi, mebi);
    QVERIFY(!gibi.isIdenticalTo(bytes));
    QVERIFY(gibi.isIdenticalTo(*Quantity::parse(u"1Gi"_s)));
    QVERIFY(giga < gibi);
    QVERIFY(gibi > giga);
    QVERIFY(*Quantity::parse(u"500m"_s) < Quantity::fromNumber(1));
    QVERIFY(*Quantity::parse(u"500m"_s) == Quantity::fromNumber(0.5));

    QList<Quantity> list{*Quantity::parse(u"8Gi"_s), *Quantity::parse(u"512Mi"_s),
                         Quantity::fromNumber(1e9), *Quantity::parse(u"1e3"_s)};
    std::sort(list.begin(), list.end());
    QStringList texts;
    for (const Quantity& q : list) {
        texts.append(q.text());
    }
    QCOMPARE(texts, (QStringList{u"1e3"_s, u"512Mi"_s, u"1000000000"_s, u"8Gi"_s}));
}

void tst_Quantity::displaysForPeople_data()
{
    QTest::addColumn<QJsonValue>("json");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("display");
    QTest::newRow("milli cpu") << QJsonValue(u"500m"_s) << int(Quantity::Cores) << u"0.5"_s;
    QTest::newRow("one cpu") << QJsonValue(1) << int(Quantity::Cores) << u"1"_s;
    QTest::newRow("quarter cpu") << QJsonValue(0.25) << int(Quantity::Cores) << u"0.25"_s;
    QTest::newRow("string cpu") << QJsonValue(u"4"_s) << int(Quantity::Cores) << u"4"_s;
    QTest::newRow("gibi") << QJsonValue(u"8Gi"_s) << int(Quantity::Bytes) << u"8 GiB"_s;
    QTest::newRow("bytes number") << QJsonValue(1073741824) << int(Quantity::Bytes) << u"1 GiB"_s;
    QTest::newRow("mebi") << QJsonValue(u"512Mi"_s) << int(Quantity::Bytes) << u"512 MiB"_s;
    QTest::newRow("giga") << QJsonValue(u"1G"_s) << int(Quantity::Bytes) << u"953.7 MiB"_s;
    QTest::newRow("small") << QJsonValue(u"1e3"_s) << int(Quantity::Bytes) << u"1000 B"_s;
    QTest::newRow("gibi fraction")
            << QJsonValue(u"1.5Gi"_s) << int(Quantity::Bytes) << u"1.5 GiB"_s;
    QTest::newRow("tebi") << QJsonValue(u"2Ti"_s) << int(Quantity::Bytes) << u"2 TiB"_s;
    // Too many digits for a double to print exactly: shown as the server gave them, not as
    // 99999999999999991611392 EiB.
    QTest::newRow("huge exbi") << QJsonValue(u"99999999999999999999999Ei"_s) << int(Quantity::Bytes)
                               << u"99999999999999999999999Ei"_s;
    QTest::newRow("huge exponent") << QJsonValue(u"1e40"_s) << int(Quantity::Bytes) << u"1e40"_s;
    QTest::newRow("huge number") << QJsonValue(1e40) << int(Quantity::Bytes) << u"1e+40 B"_s;
    QTest::newRow("huge cpu") << QJsonValue(u"1e30"_s) << int(Quantity::Cores) << u"1e30"_s;
    QTest::newRow("huge cpu number") << QJsonValue(1e30) << int(Quantity::Cores) << u"1e+30"_s;
    // The largest amounts that still print exactly keep the unit.
    QTest::newRow("15 digits of exbi") << QJsonValue(u"999999999999999Ei"_s) << int(Quantity::Bytes)
                                       << u"999999999999999 EiB"_s;
    QTest::newRow("large cpu") << QJsonValue(u"123456789012k"_s) << int(Quantity::Cores)
                               << u"123456789012000"_s;
    // Too small to show in the usual precision: as given rather than a misleading 0.
    QTest::newRow("tiny cpu number") << QJsonValue(1e-7) << int(Quantity::Cores) << u"1e-07"_s;
    QTest::newRow("tiny cpu") << QJsonValue(u"100u"_s) << int(Quantity::Cores) << u"100u"_s;
    QTest::newRow("one milli cpu") << QJsonValue(u"1m"_s) << int(Quantity::Cores) << u"0.001"_s;
    QTest::newRow("no cpu") << QJsonValue(0) << int(Quantity::Cores) << u"0"_s;
    QTest::newRow("milli byte") << QJsonValue(u"1m"_s) << int(Quantity::Bytes) << u"1m"_s;
    QTest::newRow("half byte") << QJsonValue(0.5) << int(Quantity::Bytes) << u"0.5 B"_s;
}

void tst_Quantity::displaysForPeople()
{
    QFETCH(QJsonValue, json);
    QFETCH(int, kind);
    QFETCH(QString, display);
    QCOMPARE(Quantity::fromJson(json)->toDisplayString(Quantity::Kind(kind)), display);
}

void tst_Quantity::parsesUserInput_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QJsonValue>("json");
    QTest::addColumn<double>("value");
    QTest::newRow("kubernetes") << u"4Gi"_s << QJsonValue(u"4Gi"_s) << 4294967296.0;
    QTest::newRow("spaced GiB") << u" 4 GiB "_s << QJsonValue(u"4Gi"_s) << 4294967296.0;
    QTest::newRow("MiB") << u"512MiB"_s << QJsonValue(u"512Mi"_s) << 536870912.0;
    QTest::newRow("GB") << u"1.5 GB"_s << QJsonValue(u"1.5G"_s) << 1.5e9;
    QTest::newRow("milli cpu") << u"250m"_s << QJsonValue(u"250m"_s) << 0.25;
    QTest::newRow("plain number") << u"0.5"_s << QJsonValue(0.5) << 0.5;
    QTest::newRow("plain integer") << u" 2 "_s << QJsonValue(2) << 2.0;
    QTest::newRow("bytes") << u"100 B"_s << QJsonValue(100) << 100.0;
}

void tst_Quantity::parsesUserInput()
{
    QFETCH(QString, typed);
    QFETCH(QJsonValue, json);
    QFETCH(double, value);
    QString reason;
    const std::optional<Quantity> q = Quantity::parseUserInput(typed, &reason);
    QVERIFY2(q.has_value(), qPrintable(reason));
    QCOMPARE(q->toJson(), json);
    QCOMPARE(q->value(), value);

    QVERIFY(!Quantity::parseUserInput(u"four gigs"_s, &reason));
    QCOMPARE(reason, u"\"four gigs\" is not an amount; type a number with a unit such as 4Gi, "
                     u"4 GiB or 500m"_s);
    QVERIFY(!Quantity::parseUserInput(u"-1Gi"_s, &reason));
    QCOMPARE(reason, u"must not be negative"_s);
}

QTEST_GUILESS_MAIN(tst_Quantity)
#include "tst_Quantity.moc"

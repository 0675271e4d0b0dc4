#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/// The example model's answers, asked over HTTP of a real launch-example-model process:
/// what it computes and how it refuses arguments it cannot use.
class TestExampleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void countsCharactersAndWords();
    void computesNumbers();
    void refusesItemsThatAreNotNumbers();
    void refusesASumThatOverflows();
    void refusesBadSleep();
    void refusesWrongTypes();

private:
    struct Answer
    {
        int status = 0;
        QJsonObject json;
    };

    Answer predict(const QByteArray& body);
    void expectRefused(const QByteArray& body, const QString& detail);

    QProcess m_model;
    QUrl m_url;
    QNetworkAccessManager m_network;
};

void TestExampleModel::initTestCase()
{
    m_network.setProxy(QNetworkProxy::NoProxy);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORT"_s, u"0"_s);
    m_model.setProcessEnvironment(environment);
    m_model.setReadChannel(QProcess::StandardError);
    m_model.start(QStringLiteral(EXAMPLE_MODEL_PATH));
    // The model says on standard error which port it took.
    QByteArray seen;
    const QRegularExpression listening(u"listening on 127\\.0\\.0\\.1:(\\d+)\\n"_s);
    QRegularExpressionMatch match;
    while (!(match = listening.match(QString::fromUtf8(seen))).hasMatch()) {
        QVERIFY2(m_model.waitForReadyRead(10000), seen.constData());
        seen += m_model.readAllStandardError();
    }
    m_url = QUrl(u"http://127.0.0.1:"_s + match.captured(1));
}

void TestExampleModel::cleanupTestCase()
{
    m_model.terminate();
    if (!m_model.waitForFinished(5000)) {
        m_model.kill();
        m_model.waitForFinished(5000);
    }
}

TestExampleModel::Answer TestExampleModel::predict(const QByteArray& body)
{
    QNetworkRequest request(m_url.resolved(QUrl(u"/predict"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

void TestExampleModel::expectRefused(const QByteArray& body, const QString& detail)
{
    const Answer answer = predict(body);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json, (QJsonObject{{u"detail"_s, detail}}));
}

void TestExampleModel::countsCharactersAndWords()
{
    // 18 characters: é and ö are one each, and so is the emoji (two UTF-16 units).
    const QString text = u"héllo   wörld  ☃ 😀"_s;
    const Answer answer =
            predict(QJsonDocument(QJsonObject{{u"text"_s, text}}).toJson(QJsonDocument::Compact));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json.value(u"echo"_s).toString(), text);
    QCOMPARE(answer.json.value(u"length"_s).toInt(), 18);
    QCOMPARE(answer.json.value(u"words"_s).toInt(), 4);
    // Any white space separates words: tabs, line breaks, no-break spaces.
    const Answer spaces = predict(R"({"text": "a\tb\nc\u00a0d  "})");
    QCOMPARE(spaces.json.value(u"length"_s).toInt(), 9);
    QCOMPARE(spaces.json.value(u"words"_s).toInt(), 4);
    const Answer empty = predict(R"({"text": ""})");
    QCOMPARE(empty.json.value(u"length"_s).toInt(), 0);
    QCOMPARE(empty.json.value(u"words"_s).toInt(), 0);
}

void TestExampleModel::computesNumbers()
{
    const Answer answer = predict(R"({"numbers": [2, 4, 9, -3.5], "sleep_ms": 0})");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json.value(u"count"_s).toInt(), 4);
    QCOMPARE(answer.json.value(u"sum"_s).toDouble(), 11.5);
    QCOMPARE(answer.json.value(u"mean"_s).toDouble(), 2.875);
    QCOMPARE(answer.json.value(u"min"_s).toDouble(), -3.5);
    QCOMPARE(answer.json.value(u"max"_s).toDouble(), 9.0);
    const Answer large = predict(R"({"numbers": [1e308, -1e308, 5e307]})");
    QCOMPARE(large.status, 200);
    QCOMPARE(large.json.value(u"sum"_s).toDouble(), 5e307);
    const Answer slow = predict(R"({"numbers": [1], "sleep_ms": 20})");
    QCOMPARE(slow.status, 200);
    QCOMPARE(slow.json.value(u"sum"_s).toDouble(), 1.0);
}

void TestExampleModel::refusesItemsThatAreNotNumbers()
{
    expectRefused(R"({"numbers": ["a", null]})", u"numbers[0] is \"a\", not a number"_s);
    expectRefused(R"({"numbers": [1, 2, null]})", u"numbers[2] is null, not a number"_s);
    expectRefused(R"({"numbers": [1, true]})", u"numbers[1] is true, not a number"_s);
    expectRefused(R"({"numbers": [[1]]})", u"numbers[0] is [1], not a number"_s);
}

void TestExampleModel::refusesASumThatOverflows()
{
    // JSON has no infinity: the answer said null for the sum and the mean.
    expectRefused(R"({"numbers": [1e308, 1e308]})",
                  u"the sum of numbers is too large to compute (beyond ±1.79769e+308)"_s);
}

void TestExampleModel::refusesBadSleep()
{
    const QString expected =
            u"sleep_ms must be a whole number of milliseconds from 0 to 2147483647; got %1"_s;
    expectRefused(R"({"sleep_ms": "abc"})", expected.arg(u"\"abc\""_s));
    expectRefused(R"({"sleep_ms": -5})", expected.arg(u"-5"_s));
    expectRefused(R"({"sleep_ms": 1.5})", expected.arg(u"1.5"_s));
    expectRefused(R"({"sleep_ms": 1e12})", expected.arg(u"1000000000000"_s));
    // Refused before anything else is done: the model does not crash as asked.
    expectRefused(R"({"sleep_ms": "abc", "crash": true})", expected.arg(u"\"abc\""_s));
    QCOMPARE(m_model.state(), QProcess::Running);
}

void TestExampleModel::refusesWrongTypes()
{
    expectRefused(R"({"numbers": "1, 2"})", u"numbers must be a list of numbers; got \"1, 2\""_s);
    expectRefused(R"({"text": 5})", u"text must be a string; got 5"_s);
}

QTEST_GUILESS_MAIN(TestExampleModel)
#include "tst_ExampleModel.moc"

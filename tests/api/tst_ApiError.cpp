#include "ApiError.h"

#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

/// ApiError reads the error bodies real Launch servers send and says what to do about them.
class TestApiError final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void kindFollowsStatus_data();
    void kindFollowsStatus();
    void detailText();
    void detailListOfFieldErrors();
    void fieldPathNamesNestedFieldsAndIndexes();
    void middlewareErrorWithRequestId();
    void htmlFromProxyIsNotShown();
    void plainTextBody();
    void emptyBody();
    void sentences_data();
    void sentences();
};

void TestApiError::kindFollowsStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("400") << 400 << ApiError::Kind::BadRequest;
    QTest::newRow("401") << 401 << ApiError::Kind::Unauthorized;
    QTest::newRow("403") << 403 << ApiError::Kind::Forbidden;
    QTest::newRow("404") << 404 << ApiError::Kind::NotFound;
    QTest::newRow("408") << 408 << ApiError::Kind::Timeout;
    QTest::newRow("409") << 409 << ApiError::Kind::Conflict;
    QTest::newRow("413") << 413 << ApiError::Kind::BadRequest;
    QTest::newRow("422") << 422 << ApiError::Kind::Validation;
    QTest::newRow("429") << 429 << ApiError::Kind::RateLimited;
    QTest::newRow("500") << 500 << ApiError::Kind::Server;
    QTest::newRow("503") << 503 << ApiError::Kind::Server;
}

void TestApiError::kindFollowsStatus()
{
    QFETCH(int, status);
    QFETCH(ApiError::Kind, kind);
    const ApiError error = ApiError::fromHttpResponse(status, R"({"detail": "x"})");
    QCOMPARE(error.kind(), kind);
    QCOMPARE(error.httpStatus(), status);
}

void TestApiError::detailText()
{
    const ApiError error = ApiError::fromHttpResponse(
            409,
            R"({"detail": "Existing operation on endpoint end_1 in progress, try again later"})");
    QCOMPARE(error.serverMessage(),
             u"Existing operation on endpoint end_1 in progress, try again later"_s);
    QVERIFY(error.fieldErrors().isEmpty());
    QVERIFY(error.userMessage().contains(u"end_1 in progress"_s));
}

void TestApiError::detailListOfFieldErrors()
{
    const QByteArray body = R"({"detail": [
        {"loc": ["body", "min_workers"], "msg": "ensure this value is greater than or equal to 0",
         "type": "value_error.number.not_ge", "ctx": {"limit_value": 0}},
        {"loc": ["body", "gpu_type"], "msg": "value is not a valid enumeration member",
         "type": "type_error.enum"}]})";
    const ApiError error = ApiError::fromHttpResponse(422, body, "application/json");
    QCOMPARE(error.kind(), ApiError::Kind::Validation);
    QCOMPARE(error.fieldErrors().size(), 2);
    const ApiError::FieldError first = error.fieldErrors().at(0);
    QCOMPARE(first.location, QStringList({u"body"_s, u"min_workers"_s}));
    QCOMPARE(first.field(), u"min_workers"_s);
    QCOMPARE(first.message, u"ensure this value is greater than or equal to 0"_s);
    QCOMPARE(first.type, u"value_error.number.not_ge"_s);
    const QString sentence = error.userMessage();
    QVERIFY2(sentence.contains(u"min_workers: ensure this value"_s), qPrintable(sentence));
    QVERIFY2(sentence.contains(u"gpu_type: value is not a valid"_s), qPrintable(sentence));
}

void TestApiError::fieldPathNamesNestedFieldsAndIndexes()
{
    ApiError::FieldError error;
    error.location = {u"body"_s, u"labels"_s, u"team"_s};
    QCOMPARE(error.field(), u"labels.team"_s);
    error.location = {u"body"_s, u"post_inference_hooks"_s, u"2"_s};
    QCOMPARE(error.field(), u"post_inference_hooks[2]"_s);
    error.location = {u"query"_s, u"model_endpoint_id"_s};
    QCOMPARE(error.field(), u"model_endpoint_id"_s);
    error.location = {u"body"_s};
    QCOMPARE(error.field(), QString());

    const ApiError fromJson = ApiError::fromHttpResponse(
            422, R"({"detail": [{"loc": ["body", "items", 3, "name"], "msg": "m", "type": "t"}]})");
    QCOMPARE(fromJson.fieldErrors().value(0).field(), u"items[3].name"_s);
}

void TestApiError::middlewareErrorWithRequestId()
{
    const ApiError error = ApiError::fromHttpResponse(
            500, R"({"error": "Internal error occurred. Our team has been notified.",
                     "timestamp": "2026-12-03 18:00:00", "request_id": "req-7f3a"})");
    QCOMPARE(error.kind(), ApiError::Kind::Server);
    QCOMPARE(error.serverMessage(), u"Internal error occurred. Our team has been notified."_s);
    QCOMPARE(error.requestId(), u"req-7f3a"_s);
    QVERIFY(error.userMessage().contains(u"req-7f3a"_s));
}

void TestApiError::htmlFromProxyIsNotShown()
{
    const QByteArray page = "<html><head><title>502 Bad Gateway</title></head><body><center>"
                            "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>"
                            "</html>";
    const ApiError error = ApiError::fromHttpResponse(502, page, "text/html");
    QCOMPARE(error.kind(), ApiError::Kind::Server);
    QVERIFY(error.serverMessage().isEmpty());
    QVERIFY(error.detail().contains(u"502 Bad Gateway"_s));
    const QString sentence = error.userMessage();
    QVERIFY2(!sentence.contains(u'<'), qPrintable(sentence));
    QVERIFY2(sentence.contains(u"502"_s), qPrintable(sentence));
}

void TestApiError::plainTextBody()
{
    const ApiError error = ApiError::fromHttpResponse(429, "Too Many Requests\n", "text/plain");
    QCOMPARE(error.kind(), ApiError::Kind::RateLimited);
    QCOMPARE(error.serverMessage(), u"Too Many Requests"_s);
}

void TestApiError::emptyBody()
{
    const ApiError error = ApiError::fromHttpResponse(404, {});
    QCOMPARE(error.kind(), ApiError::Kind::NotFound);
    QVERIFY(error.serverMessage().isEmpty());
    QVERIFY(!error.userMessage().isEmpty());
}

void TestApiError::sentences_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("expected");

    QTest::newRow("401") << ApiError::fromHttpResponse(401, R"({"detail": "Not authenticated"})")
                         << u"The server rejected the API key. Check the key in the profile "
                            "settings."_s;
    QTest::newRow("403") << ApiError::fromHttpResponse(403, R"({"detail": "Forbidden"})")
                         << u"not allowed"_s;
    ApiError refused = ApiError::fromNetworkError(QNetworkReply::ConnectionRefusedError,
                                                  u"Connection refused"_s);
    refused.setHost(u"launch.example.com"_s);
    QTest::newRow("refused") << refused << u"Nothing answers at launch.example.com"_s;
    ApiError unknownHost =
            ApiError::fromNetworkError(QNetworkReply::HostNotFoundError, u"Host not found"_s);
    unknownHost.setHost(u"launhc.example.com"_s);
    QTest::newRow("host") << unknownHost << u"launhc.example.com could not be found"_s;
    ApiError tls = ApiError::fromNetworkError(QNetworkReply::SslHandshakeFailedError, {});
    tls.setDetail(u"The certificate is self-signed, and untrusted"_s);
    QTest::newRow("tls") << tls << u"The certificate is self-signed, and untrusted"_s;
    ApiError timeout(ApiError::Kind::Timeout);
    timeout.setTimeoutMs(30000);
    QTest::newRow("timeout") << timeout << u"within 30 s"_s;
    QTest::newRow("408") << ApiError::fromHttpResponse(408, R"({"detail": "timed out"})")
                         << u"gave up waiting for the model"_s;
    ApiError limited = ApiError::fromHttpResponse(429, R"({"error": "Too Many Requests"})");
    limited.setRetryAfterSeconds(12);
    QTest::newRow("429") << limited << u"Wait 12 s"_s;
    QTest::newRow("503") << ApiError::fromHttpResponse(503, R"({"detail": "broker down"})")
                         << u"unavailable right now (HTTP 503: broker down)"_s;
    QTest::newRow("bad json") << ApiError(ApiError::Kind::BadResponse, u"not valid JSON"_s)
                              << u"could not be read (not valid JSON)"_s;
    ApiError insecure(ApiError::Kind::InsecureConnection);
    insecure.setHost(u"10.1.2.3"_s);
    QTest::newRow("insecure") << insecure << u"10.1.2.3 is reached over plain HTTP"_s;
}

void TestApiError::sentences()
{
    QFETCH(ApiError, error);
    QFETCH(QString, expected);
    const QString sentence = error.userMessage();
    QVERIFY2(sentence.contains(expected), qPrintable(sentence));
    QVERIFY2(sentence.endsWith(u'.'), qPrintable(sentence));
}

void TestApiError::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_ApiError.moc"

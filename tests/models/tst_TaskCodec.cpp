#include "TaskCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_TaskCodec : public QObject
{
    Q_OBJECT

private slots:
    void encodesPredictRequests();
    void decodesPredictRequests();
    void readsASuccessfulSyncTask();
    void readsAFailedSyncTask();
    void readsEveryAsyncStatus_data();
    void readsEveryAsyncStatus();
    void keepsAnUnknownTaskStatus();
    void namesWrongFields();
    void wrapsAndUnwrapsModelOutput();
    void createAsyncTaskResponse();
};

namespace {

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

void tst_TaskCodec::encodesPredictRequests()
{
    PredictRequest q;
    q.args = QJsonObject{{"y"_L1, 1}};
    QCOMPARE(compact(TaskCodec::encodePredictRequest(q)),
             QByteArray(R"({"args":{"y":1},"return_pickled":false})"));
    q.args = QJsonArray{1, u"two"_s};
    q.callbackUrl = u"https://hooks.example.com/done"_s;
    q.callbackAuth = CallbackAuth{CallbackAuth::Basic, u"hook"_s, u"pw"_s, {}, {}};
    QCOMPARE(compact(TaskCodec::encodePredictRequest(q)),
             QByteArray(R"({"args":[1,"two"],"callback_auth":{"kind":"basic","password":"pw",)"
                        R"("username":"hook"},"callback_url":"https://hooks.example.com/done",)"
                        R"("return_pickled":false})"));
    PredictRequest byUrl;
    byUrl.url = u"s3://inputs/1.json"_s;
    byUrl.returnPickled = true;
    QCOMPARE(compact(TaskCodec::encodePredictRequest(byUrl)),
             QByteArray(R"({"return_pickled":true,"url":"s3://inputs/1.json"})"));
    PredictRequest nullArgs;
    nullArgs.args = QJsonValue();
    QCOMPARE(compact(TaskCodec::encodePredictRequest(nullArgs)),
             QByteArray(R"({"args":null,"return_pickled":false})"));
    QCOMPARE(TaskCodec::encodePredictRequestBody(nullArgs),
             QByteArray(R"({"args":null,"return_pickled":false})"));

    // Typed arguments go into the body unchanged; as a QJsonObject they can only be parsed.
    PredictRequest typed;
    typed.argsText = QByteArray(R"({"b": 1.50,  "a": 12345678901234567890})");
    QCOMPARE(TaskCodec::encodePredictRequestBody(typed),
             QByteArray(R"({"args":{"b": 1.50,  "a": 12345678901234567890},)"
                        R"("return_pickled":false})"));
    QCOMPARE(TaskCodec::encodePredictRequest(typed).value("args"_L1).toObject().keys(),
             QStringList({u"a"_s, u"b"_s}));
    typed.argsText = QByteArray("{\"a\": ");
    QCOMPARE(TaskCodec::encodePredictRequestBody(typed), QByteArray());
    typed.argsText = QByteArray("42");
    QCOMPARE(TaskCodec::encodePredictRequestBody(typed), QByteArray());
}

void tst_TaskCodec::decodesPredictRequests()
{
    const Decoded<PredictRequest> decoded = TaskCodec::decodePredictRequest(
            parseObject(R"({"args": {"text": "hi"}, "return_pickled": null, "extra": 1})"));
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().args, QJsonValue(QJsonObject{{"text"_L1, "hi"_L1}}));
    QVERIFY(!decoded.value().returnPickled);
    QCOMPARE(decoded.value().url, std::nullopt);
    QVERIFY(TaskCodec::decodePredictRequest(QJsonObject()).value().args.isUndefined());

    PredictRequest q;
    q.args = 42;
    q.destinationPath = u"out/"_s;
    q.callbackAuth = CallbackAuth{CallbackAuth::Mtls, {}, {}, u"c"_s, u"k"_s};
    QVERIFY(TaskCodec::decodePredictRequest(TaskCodec::encodePredictRequest(q)).value() == q);

    QCOMPARE(TaskCodec::decodePredictRequest(parseObject(R"({"return_pickled": "no"})"))
                     .errorString(),
             u"return_pickled: expected a boolean, got a string"_s);
    QCOMPARE(TaskCodec::decodePredictRequest(parseObject(R"({"callback_auth": {"kind": "basic"}})"))
                     .errorString(),
             u"callback_auth.username: missing required field (expected a string)"_s);
}

void tst_TaskCodec::readsASuccessfulSyncTask()
{
    const QByteArray body =
            R"({"status": "SUCCESS", "result": {"result": "{\"y\": 2}"}, "traceback": null,
                "status_code": 200})";
    const Decoded<SyncPredictResponse> decoded = TaskCodec::decodeSyncResponse(body);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(decoded.value().status, TaskStatus::Success);
    QCOMPARE(decoded.value().statusCode, 200);
    QCOMPARE(decoded.value().traceback, std::nullopt);
    QCOMPARE(TaskCodec::unwrapModelOutput(decoded.value().result),
             QJsonValue(QJsonObject{{"y"_L1, 2}}));
    QCOMPARE(compact(TaskCodec::encodeSyncResponse(decoded.value())), compact(parseObject(body)));
}

void tst_TaskCodec::readsAFailedSyncTask()
{
    const Decoded<SyncPredictResponse> decoded = TaskCodec::decodeSyncResponse(
            QByteArray(R"({"status": "FAILURE", "traceback": "ValueError: bad input",
                          "status_code": 500})"));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value().status, TaskStatus::Failure);
    QCOMPARE(decoded.value().traceback, u"ValueError: bad input"_s);
    QVERIFY(decoded.value().result.isNull());
    QCOMPARE(TaskCodec::encodeSyncResponse(decoded.value()).value("result"_L1), QJsonValue());
}

void tst_TaskCodec::readsEveryAsyncStatus_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("value");
    QTest::newRow("pending") << u"PENDING"_s << int(TaskStatus::Pending);
    QTest::newRow("started") << u"STARTED"_s << int(TaskStatus::Started);
    QTest::newRow("success") << u"SUCCESS"_s << int(TaskStatus::Success);
    QTest::newRow("failure") << u"FAILURE"_s << int(TaskStatus::Failure);
    QTest::newRow("undefined") << u"UNDEFINED"_s << int(TaskStatus::Undefined);
}

void tst_TaskCodec::readsEveryAsyncStatus()
{
    QFETCH(QString, status);
    QFETCH(int, value);
    const QJsonObject json{{"task_id"_L1, "7f1c2b9e-0d6e-4c4f-9a53-1a2b3c4d5e6f"_L1},
                           {"status"_L1, status},
                           {"result"_L1, QJsonValue()},
                           {"traceback"_L1, QJsonValue()},
                           {"status_code"_L1, QJsonValue()}};
    const Decoded<AsyncTask> decoded = TaskCodec::decodeAsyncTask(json);
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorString()));
    QCOMPARE(int(decoded.value().status.value()), value);
    QCOMPARE(decoded.value().taskId, u"7f1c2b9e-0d6e-4c4f-9a53-1a2b3c4d5e6f"_s);
    QCOMPARE(TaskCodec::encodeAsyncTask(decoded.value()), json);
}

void tst_TaskCodec::keepsAnUnknownTaskStatus()
{
    const Decoded<AsyncTask> decoded =
            TaskCodec::decodeAsyncTask(QByteArray(R"({"task_id": "t1", "status": "RETRY"})"));
    QVERIFY(decoded.ok());
    QVERIFY(!decoded.value().status.isKnown());
    QVERIFY(!decoded.value().status.isFinished());
    QCOMPARE(TaskCodec::encodeAsyncTask(decoded.value()).value("status"_L1).toString(), u"RETRY"_s);
}

void tst_TaskCodec::namesWrongFields()
{
    QCOMPARE(TaskCodec::decodeAsyncTask(QByteArray(R"({"status": "PENDING"})")).errorString(),
             u"task_id: missing required field (expected a string)"_s);
    QCOMPARE(TaskCodec::decodeAsyncTask(QByteArray(R"({"task_id": "t", "status": "SUCCESS",
                                                      "status_code": "200"})"))
                     .errorString(),
             u"status_code: expected an integer, got a string"_s);
    QCOMPARE(TaskCodec::decodeSyncResponse(QJsonObject(), u"response"_s).errorString(),
             u"response.status: missing required field (expected a string)"_s);
    QVERIFY(TaskCodec::decodeSyncResponse(QByteArray("{\"status\": ")).error().offset > 0);
}

void tst_TaskCodec::wrapsAndUnwrapsModelOutput()
{
    const QJsonObject wrapped = TaskCodec::wrapModelOutput(R"({"y": [1, 2]})");
    QCOMPARE(compact(wrapped), QByteArray(R"({"result":"{\"y\": [1, 2]}"})"));
    QCOMPARE(TaskCodec::unwrapModelOutput(wrapped),
             QJsonValue(QJsonObject{{"y"_L1, QJsonArray{1, 2}}}));
    QCOMPARE(TaskCodec::unwrapModelOutput(TaskCodec::wrapModelOutput("42")), QJsonValue(42));
    QCOMPARE(TaskCodec::unwrapModelOutput(TaskCodec::wrapModelOutput("\"hi\"")),
             QJsonValue(u"hi"_s));
    QCOMPARE(TaskCodec::unwrapModelOutput(TaskCodec::wrapModelOutput("not json")),
             QJsonValue(u"not json"_s));
    QCOMPARE(TaskCodec::unwrapModelOutput(QJsonValue(5)), QJsonValue(5));
    QCOMPARE(TaskCodec::unwrapModelOutput(QJsonObject{{"result"_L1, 3}}), QJsonValue(3));
}

void tst_TaskCodec::createAsyncTaskResponse()
{
    const Decoded<CreateAsyncTaskResponse> decoded =
            TaskCodec::decodeCreateAsyncTaskResponse(parseObject(R"({"task_id": "t9"})"));
    QCOMPARE(decoded.value().taskId, u"t9"_s);
    QCOMPARE(compact(TaskCodec::encodeCreateAsyncTaskResponse(decoded.value())),
             QByteArray(R"({"task_id":"t9"})"));
}

QTEST_GUILESS_MAIN(tst_TaskCodec)
#include "tst_TaskCodec.moc"

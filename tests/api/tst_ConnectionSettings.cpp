#include "ConnectionSettings.h"

#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

/// ConnectionSettings builds route URLs under a base path and refuses unsafe connections.
class TestConnectionSettings final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void routeUnderPathPrefix_data();
    void routeUnderPathPrefix();
    void queryIsKept();
    void keyOverPlainHttp_data();
    void keyOverPlainHttp();
    void unusableAddresses_data();
    void unusableAddresses();
    void defaults();
};

void TestConnectionSettings::routeUnderPathPrefix_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("hosted prefix") << u"https://api.example.com/v1/launch"_s
                                   << u"https://api.example.com/v1/launch/v1/model-endpoints"_s;
    QTest::newRow("prefix with slash") << u"https://api.example.com/v1/launch/"_s
                                       << u"https://api.example.com/v1/launch/v1/model-endpoints"_s;
    QTest::newRow("root") << u"https://launch.internal"_s
                          << u"https://launch.internal/v1/model-endpoints"_s;
    QTest::newRow("root slash") << u"http://127.0.0.1:8123/"_s
                                << u"http://127.0.0.1:8123/v1/model-endpoints"_s;
    QTest::newRow("user info dropped") << u"https://someone@api.example.com/x"_s
                                       << u"https://api.example.com/x/v1/model-endpoints"_s;
}

void TestConnectionSettings::routeUnderPathPrefix()
{
    QFETCH(QString, base);
    QFETCH(QString, expected);
    const ConnectionSettings settings(QUrl(base), u"key"_s);
    QCOMPARE(settings.urlFor(u"/v1/model-endpoints"_s).toString(), expected);
}

void TestConnectionSettings::queryIsKept()
{
    const ConnectionSettings settings(QUrl(u"https://h/v1/launch"_s), u"key"_s);
    QUrlQuery query;
    query.addQueryItem(u"model_endpoint_id"_s, u"end_1"_s);
    QCOMPARE(settings.urlFor(u"/v1/sync-tasks"_s, query).toString(),
             u"https://h/v1/launch/v1/sync-tasks?model_endpoint_id=end_1"_s);
}

void TestConnectionSettings::keyOverPlainHttp_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("allow");
    QTest::addColumn<bool>("refused");
    QTest::newRow("remote http") << u"http://launch.example.com"_s << u"k"_s << false << true;
    QTest::newRow("private ip") << u"http://10.0.0.5:5000"_s << u"k"_s << false << true;
    QTest::newRow("allowed") << u"http://launch.example.com"_s << u"k"_s << true << false;
    QTest::newRow("no key") << u"http://launch.example.com"_s << QString() << false << false;
    QTest::newRow("https") << u"https://launch.example.com"_s << u"k"_s << false << false;
    QTest::newRow("127.0.0.1") << u"http://127.0.0.1:8000"_s << u"k"_s << false << false;
    QTest::newRow("127.1.2.3") << u"http://127.1.2.3:8000"_s << u"k"_s << false << false;
    QTest::newRow("localhost") << u"http://localhost:8000"_s << u"k"_s << false << false;
    QTest::newRow("::1") << u"http://[::1]:8000"_s << u"k"_s << false << false;
    QTest::newRow("localhost.evil") << u"http://localhost.evil.com"_s << u"k"_s << false << true;
}

void TestConnectionSettings::keyOverPlainHttp()
{
    QFETCH(QString, base);
    QFETCH(QString, key);
    QFETCH(bool, allow);
    QFETCH(bool, refused);
    ConnectionSettings settings(QUrl(base), key);
    settings.setAllowInsecureHttp(allow);
    const std::optional<ApiError> problem = settings.problem();
    QCOMPARE(problem.has_value(), refused);
    if (refused) {
        QCOMPARE(problem->kind(), ApiError::Kind::InsecureConnection);
        QCOMPARE(problem->host(), QUrl(base).host());
    }
}

void TestConnectionSettings::unusableAddresses_data()
{
    QTest::addColumn<QString>("base");
    QTest::newRow("empty") << QString();
    QTest::newRow("no scheme") << u"launch.example.com"_s;
    QTest::newRow("ftp") << u"ftp://launch.example.com"_s;
}

void TestConnectionSettings::unusableAddresses()
{
    QFETCH(QString, base);
    const ConnectionSettings settings(QUrl(base), u"k"_s);
    const std::optional<ApiError> problem = settings.problem();
    QVERIFY(problem.has_value());
    QCOMPARE(problem->kind(), ApiError::Kind::InvalidSettings);
    QVERIFY(problem->userMessage().contains(u"profile settings"_s));
}

void TestConnectionSettings::defaults()
{
    const ConnectionSettings settings;
    QCOMPARE(settings.maxInFlight(), 6);
    QCOMPARE(settings.maxResponseBytes(), 32LL * 1024 * 1024);
    QCOMPARE(settings.timeoutMs(), 30000);
    QVERIFY(!settings.allowInsecureHttp());
}

void TestConnectionSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_ConnectionSettings.moc"

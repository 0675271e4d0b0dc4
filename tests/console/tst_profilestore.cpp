#include "ProfileStore.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// Profiles saved to and read from the settings file, first-start profile, key transport rule.
class TestProfileStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstStartAddsLocalProfileOnce()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"settings.conf"_s));
        QVERIFY(store.ensureLocalProfile());
        QVERIFY(!store.ensureLocalProfile());
        const QList<Profile> profiles = store.profiles();
        QCOMPARE(profiles.size(), 1);
        QCOMPARE(profiles.first().name, u"This computer"_s);
        QVERIFY(profiles.first().isLocal);
        QCOMPARE(profiles.first().refreshIntervalMs(), 2000);
        QCOMPARE(store.currentProfileName(), u"This computer"_s);
    }

    void saveAndReadBack()
    {
        QTemporaryDir dir;
        Profile remote;
        remote.name = u"Prod / EU"_s.replace(u'/', u'-');
        remote.baseUrl = QUrl(u"https://api.example.com/v1/launch"_s);
        remote.caFile = u"/etc/ssl/ca.pem"_s;
        remote.isProtected = true;
        {
            ProfileStore store(dir.filePath(u"settings.conf"_s));
            remote = store.save(remote);
        }
        QVERIFY(!remote.id.isEmpty());
        ProfileStore store(dir.filePath(u"settings.conf"_s));
        const auto read = store.profile(remote.name);
        QVERIFY(read.has_value());
        QCOMPARE(*read, remote);
        QCOMPARE(read->refreshIntervalMs(), 15000);
        store.remove(remote.name);
        QVERIFY(!store.profile(remote.name).has_value());
    }

    void renameKeepsIdAndCurrentProfile()
    {
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"settings.conf"_s));
        Profile remote;
        remote.name = u"Staging"_s;
        remote.baseUrl = QUrl(u"https://staging.example.com"_s);
        remote = store.save(remote);
        store.setCurrentProfileName(remote.name);
        Profile renamed = remote;
        renamed.name = u"Staging EU"_s;
        renamed = store.rename(u"Staging"_s, renamed);
        QCOMPARE(renamed.id, remote.id);
        QCOMPARE(renamed.keychainEntry(), remote.keychainEntry());
        QVERIFY(!store.profile(u"Staging"_s).has_value());
        QCOMPARE(store.profile(u"Staging EU"_s)->baseUrl, remote.baseUrl);
        QCOMPARE(store.currentProfileName(), u"Staging EU"_s);
        QCOMPARE(store.profiles().size(), 1);
    }

    void profileOpenedForOneRunIsNotRemembered()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"settings.conf"_s);
        {
            ProfileStore store(file);
            store.ensureLocalProfile();
            Profile remote;
            remote.name = u"Staging"_s;
            remote.baseUrl = QUrl(u"https://staging.example.com"_s);
            store.save(remote);
            store.setCurrentProfileName(u"This computer"_s);
            // launch-console --profile Staging: the window opens it (and says so to the store).
            store.setSessionProfileName(u"Staging"_s);
            QCOMPARE(store.currentProfileName(), u"Staging"_s);
            store.setCurrentProfileName(u"Staging"_s);
        }
        {
            ProfileStore store(file);
            QCOMPARE(store.currentProfileName(), u"This computer"_s);
            // Switching in the window is the user's choice, remembered for the next start.
            store.setSessionProfileName(u"Staging"_s);
            store.setCurrentProfileName(u"This computer"_s);
            store.setCurrentProfileName(u"Staging"_s);
        }
        ProfileStore store(file);
        QCOMPARE(store.currentProfileName(), u"Staging"_s);
    }

    void keyTransport_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowPlain");
        QTest::addColumn<bool>("refused");
        QTest::newRow("https remote") << u"https://a.example.com"_s << false << false;
        QTest::newRow("http remote") << u"http://a.example.com"_s << false << true;
        QTest::newRow("http remote allowed") << u"http://a.example.com"_s << true << false;
        QTest::newRow("http loopback v4") << u"http://127.0.0.1:8080"_s << false << false;
        QTest::newRow("http localhost") << u"http://localhost:8080"_s << false << false;
        QTest::newRow("http loopback v6") << u"http://[::1]:8080"_s << false << false;
    }

    void keyTransport()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowPlain);
        QFETCH(bool, refused);
        Profile p;
        p.name = u"x"_s;
        p.baseUrl = QUrl(url);
        p.allowPlainHttp = allowPlain;
        QCOMPARE(!p.keyTransportProblem().isEmpty(), refused);
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"

#include "CredentialStore.h"
#include "DiskScan.h"
#include "ProfileStore.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>
#include <optional>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

/// The key round trip through a real Secret Service, and the guarantee that it lands nowhere
/// else on disk.
class TestCredentialStore : public QObject
{
    Q_OBJECT
private:
    using Result = CredentialStore::Result;

    Result waitFor(const std::function<void(CredentialStore::Callback)>& call)
    {
        std::optional<Result> result;
        call([&result](const Result& r) { result = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000); }();
        return result.value_or(Result{Result::Status::Failed, {}, u"timeout"_s, false});
    }

    QString m_service;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (qEnvironmentVariableIsEmpty("LAUNCH_TEST_KEYRING")) {
            QSKIP("Needs a Secret Service: run under dbus-run-session -- "
                  "scripts/with-test-keyring.sh (sets LAUNCH_TEST_KEYRING).");
        }
        m_service = u"launch-console-test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    }

    void failuresReadAsSentences()
    {
        // gnome-keyring, after the prompt to create the first keyring was cancelled.
        const CredentialStore::Result noKeyring = CredentialStore::resultFromError(
                QKeychain::OtherError,
                u"Object does not exist at path \u201c/org/freedesktop/secrets/collection/"
                "login\u201d"_s);
        QCOMPARE(noKeyring.status, CredentialStore::Result::Status::Unavailable);
        QCOMPARE(noKeyring.message, u"The system keychain has no keyring to keep keys in: "
                                    "creating one was cancelled, or it was removed."_s);
        // Anything else is quoted once, as a clause, without a doubled full stop.
        const CredentialStore::Result other =
                CredentialStore::resultFromError(QKeychain::OtherError, u"Disk full."_s);
        QCOMPARE(other.status, CredentialStore::Result::Status::Failed);
        QCOMPARE(other.message, u"The system keychain failed (Disk full)."_s);
        QCOMPARE(CredentialStore::resultFromError(QKeychain::EntryNotFound, {}).status,
                 CredentialStore::Result::Status::NotFound);
    }

    void roundTrip()
    {
        CredentialStore store(m_service);
        const QString entry = u"profile/Round trip"_s;
        const QString key = u"sk-round-trip-"_s + QUuid::createUuid().toString();
        Result written = waitFor([&](auto cb) { store.writeKey(entry, key, this, cb); });
        QVERIFY2(written.ok(), qPrintable(written.message));

        CredentialStore fresh(m_service);
        Result read = waitFor([&](auto cb) { fresh.readKey(entry, this, cb); });
        QVERIFY2(read.ok(), qPrintable(read.message));
        QCOMPARE(read.key, key);
        QVERIFY(!read.sessionOnly);

        Result deleted = waitFor([&](auto cb) { fresh.deleteKey(entry, this, cb); });
        QVERIFY2(deleted.ok(), qPrintable(deleted.message));
        Result gone = waitFor([&](auto cb) { fresh.readKey(entry, this, cb); });
        QCOMPARE(gone.status, Result::Status::NotFound);
    }

    void sessionKeyWinsAndStaysInMemory()
    {
        CredentialStore store(m_service);
        const QString entry = u"profile/Session only"_s;
        store.setSessionKey(entry, u"sk-session"_s);
        Result read = waitFor([&](auto cb) { store.readKey(entry, this, cb); });
        QVERIFY(read.ok());
        QVERIFY(read.sessionOnly);
        QCOMPARE(read.key, u"sk-session"_s);
        CredentialStore other(m_service);
        Result elsewhere = waitFor([&](auto cb) { other.readKey(entry, this, cb); });
        QCOMPARE(elsewhere.status, Result::Status::NotFound);
    }

    void savedProfileLeavesNoKeyOnDisk()
    {
        const QByteArray key = "sk-disk-check-" + QUuid::createUuid().toByteArray();
        Profile profile;
        profile.name = u"Remote"_s;
        profile.baseUrl = QUrl(u"https://launch.example.com/v1/launch"_s);
        {
            ProfileStore profiles;
            profile = profiles.save(profile);
        }
        CredentialStore store(m_service);
        Result written = waitFor([&](auto cb) {
            store.writeKey(profile.keychainEntry(), QString::fromLatin1(key), this, cb);
        });
        QVERIFY2(written.ok(), qPrintable(written.message));

        ProfileStore reread;
        QVERIFY(reread.profile(u"Remote"_s).has_value());
        QCOMPARE(reread.profile(u"Remote"_s)->baseUrl, profile.baseUrl);
        const QStringList folders{
                QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation),
                QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation),
                // The throwaway HOME of the test keyring: the keyring file itself is encrypted.
                QDir::homePath()};
        for (const QString& folder : folders) {
            QCOMPARE(filesContaining(folder, key), QStringList());
        }
        waitFor([&](auto cb) { store.deleteKey(profile.keychainEntry(), this, cb); });
    }
};

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"

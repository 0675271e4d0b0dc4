#include "CredentialStore.h"
#include "DiskScan.h"
#include "MessageBar.h"
#include "ProfileDialog.h"
#include "ProfileStore.h"
#include "Prompt.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <optional>

using namespace Qt::StringLiterals;

/// The profile dialog as a user drives it, against a real Secret Service: a typed key lands in
/// the keychain and in no file, survives renaming the profile, and goes with the profile.
class TestProfileDialog : public QObject
{
    Q_OBJECT
private:
    using Result = CredentialStore::Result;

    Result readKey(const QString& entry)
    {
        CredentialStore fresh(m_service);
        std::optional<Result> result;
        fresh.readKey(entry, this, [&result](const Result& r) { result = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000); }();
        return result.value_or(Result{Result::Status::Failed, {}, u"timeout"_s, false});
    }

    template <typename T>
    static T* child(QWidget* parent, const char* name)
    {
        auto* widget = parent->findChild<T*>(QString::fromLatin1(name));
        if (!widget) {
            qFatal("no widget named %s", name);
        }
        return widget;
    }

    static void typeInto(QWidget* dialog, const char* name, const QString& text)
    {
        auto* edit = child<QLineEdit>(dialog, name);
        edit->clear();
        QTest::keyClicks(edit, text);
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

    void keyFollowsTheProfileThroughRenameAndRemove()
    {
        QTemporaryDir config;
        const QString settingsFile = config.filePath(u"launch-console.conf"_s);
        ProfileStore profiles(settingsFile);
        profiles.ensureLocalProfile();
        CredentialStore credentials(m_service);
        ProfileDialog dialog(&profiles, &credentials);
        dialog.show();
        QSignalSpy changed(&dialog, &ProfileDialog::profilesChanged);

        const QString key = u"sk-dialog-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QTest::mouseClick(child<QPushButton>(&dialog, "addProfileButton"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(&dialog, "profileKeyEdit")->placeholderText(),
                 u"no key stored; type the server's API key"_s);
        typeInto(&dialog, "profileNameEdit", u"Staging"_s);
        typeInto(&dialog, "profileUrlEdit", u"https://launch.example.com"_s);
        typeInto(&dialog, "profileKeyEdit", key);
        QTest::mouseClick(child<QPushButton>(&dialog, "saveProfileButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
        const auto staging = profiles.profile(u"Staging"_s);
        QVERIFY(staging.has_value());
        QCOMPARE(staging->baseUrl, QUrl(u"https://launch.example.com"_s));
        QCOMPARE(readKey(staging->keychainEntry()).key, key);
        auto* keyEdit = child<QLineEdit>(&dialog, "profileKeyEdit");
        QVERIFY(keyEdit->text().isEmpty());
        // The empty field says where the key is.
        QTRY_COMPARE_WITH_TIMEOUT(keyEdit->placeholderText(),
                                  u"stored in the system keychain; leave empty to keep it"_s,
                                  20000);

        const QStringList folders{
                config.path(), QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation),
                // The throwaway HOME of the test keyring: the keyring file itself is encrypted.
                QDir::homePath()};
        for (const QString& folder : folders) {
            QCOMPARE(filesContaining(folder, key.toUtf8()), QStringList());
        }

        // A second profile by the same name in other capitals, with a space typed after it.
        QTest::mouseClick(child<QPushButton>(&dialog, "addProfileButton"), Qt::LeftButton);
        typeInto(&dialog, "profileNameEdit", u"staging "_s);
        typeInto(&dialog, "profileUrlEdit", u"https://other.example.com"_s);
        QTest::mouseClick(child<QPushButton>(&dialog, "saveProfileButton"), Qt::LeftButton);
        const auto* bar = dialog.findChild<MessageBar*>();
        QVERIFY(bar);
        QCOMPARE(bar->text(), u"A profile named Staging exists already."_s);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(profiles.profiles().size(), 2);
        Prompt::setHook([](const Prompt::Question&) { return Prompt::Answer{true, {}}; });
        dialog.selectProfile(u"Staging"_s);
        Prompt::setHook({});
        QCOMPARE(child<QLineEdit>(&dialog, "profileNameEdit")->text(), u"Staging"_s);

        // Renamed with the key field left empty: the key stays with the profile.
        typeInto(&dialog, "profileNameEdit", u"Staging EU"_s);
        QTest::mouseClick(child<QPushButton>(&dialog, "saveProfileButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 20000);
        QVERIFY(!profiles.profile(u"Staging"_s).has_value());
        const auto renamed = profiles.profile(u"Staging EU"_s);
        QVERIFY(renamed.has_value());
        QCOMPARE(readKey(renamed->keychainEntry()).key, key);
        // The same profile in the settings file read afresh, as at the next start.
        QCOMPARE(ProfileStore(settingsFile).profile(u"Staging EU"_s)->id, renamed->id);

        Prompt::setHook([](const Prompt::Question&) { return Prompt::Answer{true, {}}; });
        QTest::mouseClick(child<QPushButton>(&dialog, "removeProfileButton"), Qt::LeftButton);
        Prompt::setHook({});
        QVERIFY(!profiles.profile(u"Staging EU"_s).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(readKey(renamed->keychainEntry()).status,
                                  Result::Status::NotFound, 20000);
    }
};

QTEST_MAIN(TestProfileDialog)
#include "tst_profiledialog.moc"

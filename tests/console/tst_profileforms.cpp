#include "CredentialStore.h"
#include "MessageBar.h"
#include "MonitoringDatabase.h"
#include "ProfileDialog.h"
#include "ProfileMonitor.h"
#include "ProfileStore.h"
#include "Prompt.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>

using namespace Qt::StringLiterals;

/// The profile dialog as a user drives it without any Secret Service (CTest points D-Bus at
/// nothing): what it refuses to save and why, what it does with typed but unsaved edits, the
/// key field's truth about where a key is, and what Remove removes.
class TestProfileForms : public QObject
{
    Q_OBJECT
private:
    template <typename T>
    T* child(const char* name) const
    {
        auto* widget = m_dialog->findChild<T*>(QString::fromLatin1(name));
        if (!widget) {
            qFatal("no widget named %s", name);
        }
        return widget;
    }

    void typeInto(const char* name, const QString& text) const
    {
        auto* edit = child<QLineEdit>(name);
        edit->clear();
        QTest::keyClicks(edit, text);
    }

    void click(const char* name) const
    {
        QTest::mouseClick(child<QAbstractButton>(name), Qt::LeftButton);
    }

    QString barText() const
    {
        auto* bar = m_dialog->findChild<MessageBar*>();
        return bar && bar->isVisible() ? bar->text() : QString();
    }

    QListWidget* list() const { return child<QListWidget>("profileList"); }

    // Adds a profile through the form, as typed.
    void typeNewProfile(const QString& name, const QString& url, const QString& key = {})
    {
        click("addProfileButton");
        typeInto("profileNameEdit", name);
        typeInto("profileUrlEdit", url);
        if (!key.isEmpty()) {
            typeInto("profileKeyEdit", key);
        }
    }

    void answer(bool accepted)
    {
        Prompt::setHook([this, accepted](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{accepted, {}};
        });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<ProfileDialog> m_dialog;
    QList<Prompt::Question> m_questions;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // One store for all tests: a keychain job that ends after its store is gone would
        // crash inside QtKeychain.
        m_credentials = std::make_unique<CredentialStore>(u"launch-console-test-forms"_s);
    }

    void init()
    {
        m_questions.clear();
        answer(true);
        m_profiles = std::make_unique<ProfileStore>(
                m_dir.filePath(u"%1.conf"_s)
                        .arg(QString::fromLatin1(QTest::currentTestFunction())));
        m_profiles->ensureLocalProfile();
        for (const QString& name : {u"Production"_s, u"Staging"_s}) {
            Profile p;
            p.name = name;
            p.baseUrl = QUrl(u"https://%1.example.com"_s.arg(name.toLower()));
            m_profiles->save(p);
        }
        m_dialog = std::make_unique<ProfileDialog>(m_profiles.get(), m_credentials.get());
        m_dialog->show();
        QApplication::setActiveWindow(m_dialog.get());
        QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
    }

    void cleanup()
    {
        m_dialog.reset();
        Prompt::setHook({});
    }

    void missingOrGarbageCaFileIsRefused()
    {
        typeNewProfile(u"Private CA"_s, u"https://launch.internal"_s);
        const QString missing = m_dir.filePath(u"no-such-ca.pem"_s);
        typeInto("profileCaEdit", missing);
        click("saveProfileButton");
        QCOMPARE(barText(), u"The CA file %1 does not exist."_s.arg(missing));
        QVERIFY(!m_profiles->profile(u"Private CA"_s));

        const QString garbage = m_dir.filePath(u"garbage.pem"_s);
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a certificate\n");
        file.close();
        typeInto("profileCaEdit", garbage);
        click("saveProfileButton");
        QCOMPARE(barText(), u"The CA file %1 holds no certificate (PEM or DER)."_s.arg(garbage));
        QVERIFY(!m_profiles->profile(u"Private CA"_s));
    }

    void caFileIsCheckedAsItChanges()
    {
        // The line under the field speaks of the path in it now, whatever Save said before.
        typeNewProfile(u"Private CA"_s, u"https://launch.internal"_s);
        auto* problem = child<QLabel>("error_caFile");
        QCOMPARE(problem->text(), QString());
        const QString folder = m_dir.path();
        typeInto("profileCaEdit", folder);
        QCOMPARE(problem->text(),
                 u"The CA file %1 is a folder, not a certificate file."_s.arg(folder));
        click("saveProfileButton");
        QCOMPARE(barText(), problem->text());
        QVERIFY(!m_profiles->profile(u"Private CA"_s));

        // A path into the folder: the bar's sentence of the folder goes.
        const QString missing = folder + u"/ca.pem"_s;
        child<QLineEdit>("profileCaEdit")->end(false);
        QTest::keyClicks(child<QLineEdit>("profileCaEdit"), u"/ca.pem"_s);
        QCOMPARE(problem->text(), u"The CA file %1 does not exist."_s.arg(missing));
        QCOMPARE(barText(), QString());

        QFile file(missing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a certificate\n");
        file.close();
        typeInto("profileCaEdit", missing);
        QCOMPARE(problem->text(),
                 u"The CA file %1 holds no certificate (PEM or DER)."_s.arg(missing));

        // PEM, and DER, are both certificate files.
        QFile pem(QFINDTESTDATA("../api/data/test-server.crt"));
        QVERIFY(pem.open(QIODevice::ReadOnly));
        const QByteArray pemData = pem.readAll();
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(pemData);
        QVERIFY(!certificates.isEmpty());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(pemData);
        file.close();
        typeInto("profileCaEdit", missing);
        QCOMPARE(problem->text(), QString());
        const QString der = folder + u"/ca.der"_s;
        QFile derFile(der);
        QVERIFY(derFile.open(QIODevice::WriteOnly));
        derFile.write(certificates.first().toDer());
        derFile.close();
        typeInto("profileCaEdit", der);
        QCOMPARE(problem->text(), QString());
        Profile withDer;
        withDer.caFile = der;
        QCOMPARE(withDer.caCertificates(), QList<QSslCertificate>{certificates.first()});

        // A file this user may not read says so, with the reason.
        QVERIFY(file.setPermissions(QFileDevice::Permissions{}));
        const bool readable = file.open(QIODevice::ReadOnly); // root reads everything
        file.close();
        typeInto("profileCaEdit", missing);
        if (!readable) {
            QVERIFY2(problem->text().startsWith(u"The CA file %1 cannot be read: "_s.arg(missing)),
                     qPrintable(problem->text()));
        }
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));

        // Saved with a good file, and shown again for that profile.
        typeInto("profileCaEdit", der);
        click("saveProfileButton");
        QVERIFY(m_profiles->profile(u"Private CA"_s).has_value());
        QCOMPARE(problem->text(), QString());
        m_dialog->selectProfile(u"Production"_s);
        QCOMPARE(problem->text(), QString());
    }

    void tabKeepsTheTypedNewProfile()
    {
        typeNewProfile(u"Edge"_s, u"https://edge.example.com"_s, u"sk-edge"_s);
        // Tab all the way round, through the list and back into the form.
        auto* name = child<QLineEdit>("profileNameEdit");
        bool passedList = false;
        for (int i = 0; i < 20 && !(passedList && QApplication::focusWidget() == name); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            passedList = passedList || QApplication::focusWidget() == list();
        }
        QVERIFY(passedList);
        QCOMPARE(name->text(), u"Edge"_s);
        QCOMPARE(child<QLineEdit>("profileUrlEdit")->text(), u"https://edge.example.com"_s);
        QCOMPARE(child<QLineEdit>("profileKeyEdit")->text(), u"sk-edge"_s);
        QCOMPARE(list()->currentItem()->text(), u"Edge"_s);
        QVERIFY(m_questions.isEmpty());
    }

    void switchingAwayFromUnsavedEditsAsks()
    {
        typeNewProfile(u"Edge"_s, u"https://edge.example.com"_s);
        const QRect staging =
                list()->visualItemRect(list()->findItems(u"Staging"_s, Qt::MatchExactly).first());

        answer(false); // keep the edits
        QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, staging.center());
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().id, u"discardProfileChanges"_s);
        QVERIFY(m_questions.first().text.contains(u"Edge"_s));
        QTRY_COMPARE(list()->currentItem()->text(), u"Edge"_s);
        QCOMPARE(list()->selectedItems().first()->text(), u"Edge"_s);
        QCOMPARE(child<QLineEdit>("profileNameEdit")->text(), u"Edge"_s);

        answer(true); // discard them
        QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, staging.center());
        QCOMPARE(child<QLineEdit>("profileNameEdit")->text(), u"Staging"_s);
        QVERIFY(list()->findItems(u"Edge"_s, Qt::MatchExactly).isEmpty());
        QVERIFY(!m_profiles->profile(u"Edge"_s));
    }

    void caBrowseButtonFollowsTheCaField()
    {
        m_dialog->selectProfile(u"Production"_s);
        child<QLineEdit>("profileCaEdit")->setFocus(Qt::TabFocusReason);
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>("profileCaEdit"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), child<QToolButton>("profileCaBrowseButton"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), child<QCheckBox>("profileProtectedCheck"));
    }

    void declinedSessionKeySavesNothing()
    {
        auto* key = child<QLineEdit>("profileKeyEdit");
        typeNewProfile(u"Edge"_s, u"https://edge.example.com"_s, u"sk-edge"_s);
        QCOMPARE(key->placeholderText(), u"no key stored; type the server's API key"_s);
        answer(false);
        click("saveProfileButton");
        QTRY_COMPARE_WITH_TIMEOUT(m_questions.size(), 1, 20000);
        QCOMPARE(m_questions.first().id, u"sessionKey"_s);
        QVERIFY(!m_profiles->profile(u"Edge"_s));
        QCOMPARE(key->text(), u"sk-edge"_s);
        QCOMPARE(child<QLineEdit>("profileNameEdit")->text(), u"Edge"_s);
        QVERIFY2(barText().endsWith(u"The profile was not saved; the key is still in the form."_s),
                 qPrintable(barText()));
        QVERIFY2(!barText().contains(u"kept for this session"_s), qPrintable(barText()));

        answer(true);
        click("saveProfileButton");
        QTRY_VERIFY_WITH_TIMEOUT(m_profiles->profile(u"Edge"_s).has_value(), 20000);
        const Profile edge = *m_profiles->profile(u"Edge"_s);
        QVERIFY(m_credentials->hasSessionKey(edge.keychainEntry()));
        QVERIFY(key->text().isEmpty());
        QTRY_COMPARE(key->placeholderText(),
                     u"key set for this session only; type one to replace it"_s);
    }

    void removeActsOnTheSelectionAndDeletesTheData()
    {
        const Profile staging = *m_profiles->profile(u"Staging"_s);
        {
            // Futures and history of the profile, as the monitoring views leave them when they
            // let go of it.
            ProfileMonitor monitor(staging.id);
            QCOMPARE(monitor.open(), QString());
        }
        const QString folder =
                QFileInfo(MonitoringDatabase::defaultPath(staging.id, u"futures.sqlite"_s)).path();
        QVERIFY(!QDir(folder).entryList({u"*.sqlite"_s}, QDir::Files).isEmpty());

        auto* remove = child<QPushButton>("removeProfileButton");
        m_dialog->selectProfile(u"Staging"_s);
        QVERIFY(remove->isEnabled());
        // A click on empty space clears the highlight: nothing to remove.
        const QRect lastRow = list()->visualItemRect(list()->item(list()->count() - 1));
        QTest::mouseClick(list()->viewport(), Qt::LeftButton, {},
                          QPoint(lastRow.center().x(), lastRow.bottom() + 20));
        QVERIFY(list()->selectedItems().isEmpty());
        QVERIFY(!remove->isEnabled());
        click("removeProfileButton");
        QVERIFY(m_profiles->profile(u"Staging"_s).has_value());
        QVERIFY(m_questions.isEmpty());

        m_dialog->selectProfile(u"Staging"_s);
        QVERIFY(remove->isEnabled());
        click("removeProfileButton");
        QCOMPARE(m_questions.size(), 1);
        QVERIFY(m_questions.first().text.contains(u"futures"_s));
        QVERIFY(m_questions.first().text.contains(u"history"_s));
        QVERIFY(!m_profiles->profile(u"Staging"_s));
        QVERIFY(m_profiles->profile(u"Production"_s));
        QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));
        // The local profile cannot be removed.
        m_dialog->selectProfile(QString::fromLatin1(ProfileStore::localProfileName));
        QVERIFY(!remove->isEnabled());
    }

    void removeDiscardsTheUnsavedNewProfile()
    {
        auto* remove = child<QPushButton>("removeProfileButton");
        m_dialog->selectProfile(u"Production"_s);
        const int rows = list()->count();
        typeNewProfile(u"Edge"_s, u"https://edge.example.com"_s, u"sk-edge"_s);
        QCOMPARE(list()->count(), rows + 1);
        QCOMPARE(list()->currentItem()->text(), u"Edge"_s);
        QVERIFY(remove->isEnabled());

        click("removeProfileButton");
        // Nothing to ask: nothing of it was saved, so nothing is deleted either.
        QVERIFY(m_questions.isEmpty());
        QCOMPARE(list()->count(), rows);
        QVERIFY(list()->findItems(u"Edge"_s, Qt::MatchExactly).isEmpty());
        QVERIFY(!m_profiles->profile(u"Edge"_s));
        // The row above it, the last saved profile, is shown in the form.
        const QString neighbour = list()->item(rows - 1)->text();
        QCOMPARE(list()->currentItem()->text(), neighbour);
        QCOMPARE(list()->selectedItems().size(), 1);
        QCOMPARE(list()->selectedItems().first()->text(), neighbour);
        QCOMPARE(child<QLineEdit>("profileNameEdit")->text(), neighbour);
        QCOMPARE(child<QLineEdit>("profileKeyEdit")->text(), QString());
        QVERIFY(!m_dialog->hasUnsavedChanges());
        QCOMPARE(remove->isEnabled(), !m_profiles->profile(neighbour)->isLocal);
        QCOMPARE(m_profiles->profiles().size(), rows);
    }

    void plainHttpRefusalNamesTheCheckbox()
    {
        typeNewProfile(u"Lab"_s, u"http://lab.example.com"_s);
        click("saveProfileButton");
        const QString label = child<QCheckBox>("profileAllowPlainCheck")->text();
        QVERIFY(label.startsWith(u"Allow sending the key over plain HTTP"_s));
        QVERIFY2(barText().contains(u"tick “Allow sending the key over plain HTTP” (Plain HTTP)"_s),
                 qPrintable(barText()));
        QVERIFY(!m_profiles->profile(u"Lab"_s));
    }
};

QTEST_MAIN(TestProfileForms)
#include "tst_profileforms.moc"

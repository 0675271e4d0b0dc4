#include "BundleDialog.h"
#include "BundleTableModel.h"
#include "BundlesView.h"
#include "EndpointFixtures.h"
#include "MessageBar.h"
#include "Prompt.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace Qt::StringLiterals;

/// The bundle form: what it asks for before Save is possible, and the command it will send;
/// and the command as the Bundles view shows it.
class TestBundleDialog : public QObject
{
    Q_OBJECT
private:
    static QLineEdit* edit(BundleDialog& d, const char* name)
    {
        auto* widget = d.findChild<QLineEdit*>(QString::fromLatin1(name));
        if (!widget) {
            qFatal("no line edit %s", name);
        }
        return widget;
    }

    static bool saveEnabled(BundleDialog& d)
    {
        return d.findChild<QPushButton*>(u"saveBundleButton"_s)->isEnabled();
    }

    // What the line under a field says.
    static QString fieldError(BundleDialog& d, const QString& key)
    {
        const auto* label = d.findChild<QLabel*>(u"error_"_s + key);
        return label ? label->text() : u"(no error label for %1)"_s.arg(key);
    }

    static void fillRequired(BundleDialog& d)
    {
        edit(d, "bundleNameEdit")->setText(u"echo"_s);
        edit(d, "repositoryEdit")->setText(u"acme/echo"_s);
        edit(d, "tagEdit")->setText(u"1.0"_s);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void commandIsSplitAsAShellWould()
    {
        BundleDialog d(nullptr, {});
        edit(d, "bundleNameEdit")->setText(u"echo"_s);
        edit(d, "repositoryEdit")->setText(u"acme/echo"_s);
        edit(d, "tagEdit")->setText(u"1.0"_s);
        edit(d, "commandEdit")->setText(u"serve --greeting \"hello there\""_s);
        QVERIFY2(d.fieldErrors().isEmpty(), qPrintable(d.fieldErrors().values().join(u' ')));
        QVERIFY(saveEnabled(d));
        QVERIFY(d.request().flavor.runnableImage().has_value());
        QCOMPARE(d.request().flavor.runnableImage()->command,
                 (QStringList{u"serve"_s, u"--greeting"_s, u"hello there"_s}));
    }

    void unclosedQuoteIsRefused()
    {
        BundleDialog d(nullptr, {});
        edit(d, "bundleNameEdit")->setText(u"echo"_s);
        edit(d, "repositoryEdit")->setText(u"acme/echo"_s);
        edit(d, "tagEdit")->setText(u"1.0"_s);
        edit(d, "commandEdit")->setText(u"serve \"unterminated"_s);
        QCOMPARE(d.fieldErrors().value(u"command"_s), u"A quote (\") is not closed."_s);
        QVERIFY(!saveEnabled(d));
        edit(d, "commandEdit")->setText(u"serve \"terminated\""_s);
        QVERIFY(!d.fieldErrors().contains(u"command"_s));
        QVERIFY(saveEnabled(d));
    }

    void commandUnderstandsSingleQuotesAndBackslashes()
    {
        BundleDialog d(nullptr, {});
        fillRequired(d);
        edit(d, "commandEdit")->setText(u"sh -c 'echo \"hi there\"; exec launch-example-model'"_s);
        QVERIFY2(d.fieldErrors().isEmpty(), qPrintable(d.fieldErrors().values().join(u' ')));
        QCOMPARE(
                d.request().flavor.runnableImage()->command,
                (QStringList{u"sh"_s, u"-c"_s, u"echo \"hi there\"; exec launch-example-model"_s}));
        edit(d, "commandEdit")->setText(u"serve --name it\\'s \"a \\\"b\\\"\" ''"_s);
        QCOMPARE(d.request().flavor.runnableImage()->command,
                 (QStringList{u"serve"_s, u"--name"_s, u"it's"_s, u"a \"b\""_s, QString()}));
    }

    void unclosedSingleQuoteIsRefused()
    {
        BundleDialog d(nullptr, {});
        fillRequired(d);
        edit(d, "commandEdit")->setText(u"sh -c 'echo hi"_s);
        QCOMPARE(fieldError(d, u"command"_s), u"A quote (') is not closed."_s);
        QVERIFY(!saveEnabled(d));
        // An apostrophe inside double quotes opens nothing.
        edit(d, "commandEdit")->setText(u"echo \"it's\""_s);
        QCOMPARE(fieldError(d, u"command"_s), QString());
        QVERIFY(saveEnabled(d));
    }

    void saysWhatToFillInBeforeSaveAndChecksTheName()
    {
        BundleDialog d(nullptr, QString());
        const auto* hint = d.findChild<QLabel*>(u"bundleSaveHint"_s);
        QVERIFY(hint);
        QVERIFY(!saveEnabled(d));
        QCOMPARE(hint->text(), u"To save, fill in Name, Repository, Tag and Command."_s);
        edit(d, "bundleNameEdit")->setText(u"my bundle/../x"_s);
        QCOMPARE(fieldError(d, u"name"_s), u"Spaces are not allowed in a name."_s);
        edit(d, "bundleNameEdit")->setText(u"my-bundle/x"_s);
        QCOMPARE(fieldError(d, u"name"_s),
                 u"\"/\" is not allowed in a name: use letters, digits, '-', '_' and '.'."_s);
        edit(d, "bundleNameEdit")->setText(u"my-bundle"_s);
        QCOMPARE(fieldError(d, u"name"_s), QString());
        edit(d, "repositoryEdit")->setText(u"acme/echo"_s);
        edit(d, "tagEdit")->setText(u"1.0"_s);
        QCOMPARE(hint->text(), u"To save, fill in Command."_s);
        edit(d, "commandEdit")->setText(u"echo-server"_s);
        QVERIFY(saveEnabled(d));
        QCOMPARE(hint->text(), QString());
    }

    void closingAsksBeforeDroppingWhatWasTyped()
    {
        QStringList asked;
        bool discard = false;
        Prompt::setHook([&](const Prompt::Question& q) {
            asked.append(q.id);
            return Prompt::Answer{discard, {}};
        });
        const auto restore = qScopeGuard([] { Prompt::setHook({}); });
        {
            // Nothing typed: Cancel closes at once.
            BundleDialog d(nullptr, QString());
            d.show();
            d.reject();
            QVERIFY(asked.isEmpty());
            QVERIFY(!d.isVisible());
        }
        BundleDialog d(nullptr, QString());
        d.show();
        fillRequired(d);
        d.reject();
        QCOMPARE(asked, QStringList{u"discardChanges"_s});
        QVERIFY2(d.isVisible(), "Keep editing keeps the form open");
        QCOMPARE(edit(d, "repositoryEdit")->text(), u"acme/echo"_s);
        discard = true;
        d.reject();
        QVERIFY(!d.isVisible());
    }

    void aRefusalGoesOnceTheFormChanges()
    {
        const QString path = u"/opt/launch/bin/launch-example-model"_s;
        BundleDialog d(nullptr, path);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto* bar = d.findChild<MessageBar*>();
        QVERIFY(bar);
        // As a save the server refused leaves it.
        bar->showMessage(MessageBar::Kind::Error,
                         u"The server refused the request (HTTP 400): the bundle name"_s);
        QVERIFY(bar->isVisible());
        d.applyExamplePreset();
        QVERIFY(!bar->isVisible());
    }

    void examplePresetQuotesItsPath()
    {
        const QString path = u"/home/o'neil/Launch Console/bin/launch-example-model"_s;
        BundleDialog d(nullptr, path);
        d.applyExamplePreset();
        QCOMPARE(edit(d, "commandEdit")->text(),
                 u"'/home/o'\\''neil/Launch Console/bin/launch-example-model'"_s);
        QCOMPARE(d.request().flavor.runnableImage()->command, QStringList{path});
    }

    void bundlesViewShowsTheCommandAsTyped()
    {
        // What the Bundles view shows, typed back into the form, gives the same command.
        const QStringList argv{u"sh"_s, u"-c"_s, u"echo hi; echo bye >&2; exit 4"_s};
        ModelBundle b = EndpointFixtures::bundle(1);
        RunnableImageFlavor image = *b.flavor.runnableImage();
        image.command = argv;
        b.flavor = BundleFlavor::fromRunnableImage(image);
        BundlesView view;
        view.model()->apply({b});
        const QString typed = u"sh -c 'echo hi; echo bye >&2; exit 4'"_s;
        QCOMPARE(view.model()->index(0, BundleTableModel::Image).data().toString(),
                 u"registry.example.com/models/echo:1.1 — "_s + typed);
        view.table()->selectRow(0);
        const QString details = view.findChild<QTextBrowser*>(u"bundleDetails"_s)->toPlainText();
        QVERIFY2(details.contains(typed), qPrintable(details));
        BundleDialog d(nullptr, {});
        fillRequired(d);
        edit(d, "commandEdit")->setText(typed);
        QCOMPARE(d.request().flavor.runnableImage()->command, argv);
    }

    void duplicateEnvironmentKeyIsRefusedWithItsLine()
    {
        BundleDialog d(nullptr, {});
        edit(d, "bundleNameEdit")->setText(u"echo"_s);
        edit(d, "repositoryEdit")->setText(u"acme/echo"_s);
        edit(d, "tagEdit")->setText(u"1.0"_s);
        edit(d, "commandEdit")->setText(u"serve"_s);
        auto* env = d.findChild<QPlainTextEdit*>(u"envEdit"_s);
        env->setPlainText(u"A=1\nB=2\n\n A =2"_s);
        QCOMPARE(d.fieldErrors().value(u"env"_s),
                 u"Line 4: A is already set on line 1; keep one."_s);
        QVERIFY(!saveEnabled(d));
        env->setPlainText(u"A=1\nB=2"_s);
        QVERIFY(!d.fieldErrors().contains(u"env"_s));
        QVERIFY(saveEnabled(d));
        QCOMPARE(d.request().flavor.runnableImage()->env->value(u"A"_s), u"1"_s);
    }

    void placeholdersAreNotCutOff()
    {
        BundleDialog d(nullptr, {});
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        for (const char* name : {"repositoryEdit", "tagEdit", "commandEdit"}) {
            QLineEdit* line = edit(d, name);
            // The text area is the edit less its frame and margins (a few pixels each side).
            const int needed = line->fontMetrics().horizontalAdvance(line->placeholderText());
            QVERIFY2(line->width() - 12 >= needed,
                     qPrintable(u"%1: %2 px for a %3 px hint"_s.arg(QString::fromLatin1(name))
                                        .arg(line->width())
                                        .arg(needed)));
        }
    }
};

QTEST_MAIN(TestBundleDialog)
#include "tst_bundledialog.moc"

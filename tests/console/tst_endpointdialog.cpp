#include "ApiError.h"
#include "EndpointDialog.h"
#include "EndpointFixtures.h"
#include "LaunchClient.h"
#include "MessageBar.h"
#include "Prompt.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

/// The endpoint form: checks as the user types, and the server's errors on the fields.
class TestEndpointDialog : public QObject
{
    Q_OBJECT
private:
    template <typename T>
    static T* field(EndpointDialog& d, const QString& name)
    {
        T* widget = d.findChild<T*>(name);
        if (!widget) {
            qFatal("no widget %s", qPrintable(name));
        }
        return widget;
    }

    static void fillValid(EndpointDialog& d)
    {
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        field<QLineEdit>(d, u"nameEdit"_s)->setText(u"demo-endpoint-async"_s);
    }

    static bool saveEnabled(EndpointDialog& d)
    {
        return field<QPushButton>(d, u"saveButton"_s)->isEnabled();
    }

    // A client for a port where nothing listens: the tests below stop at the questions the
    // dialog asks, before anything is sent.
    static ConnectionSettings nowhere()
    {
        return ConnectionSettings(QUrl(u"http://127.0.0.1:9"_s), u"test-key"_s);
    }

    // A sync endpoint named gui-sync on bundle echo, as the server lists it.
    static ModelEndpoint existingSync()
    {
        ModelEndpoint e = EndpointFixtures::endpoint(3, u"gui-sync"_s);
        e.endpointType = EndpointType::Sync;
        e.bundleName = u"echo"_s;
        e.deploymentState->minWorkers = 1;
        e.deploymentState->maxWorkers = 1;
        return e;
    }

    QList<Prompt::Question> m_questions;
    /// The questions answered yes, by id; the others are cancelled.
    QStringList m_accepted;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{m_accepted.contains(q.id), q.requiredText};
        });
    }

    void cleanupTestCase() { Prompt::setHook({}); }

    void init()
    {
        m_questions.clear();
        m_accepted.clear();
    }

    void validFormCanBeSaved()
    {
        EndpointDialog d(nullptr);
        QVERIFY(!saveEnabled(d)); // no name, no bundle yet
        fillValid(d);
        QVERIFY2(d.fieldErrors().isEmpty(), qPrintable(d.fieldErrors().values().join(u' ')));
        QVERIFY(saveEnabled(d));
        const CreateEndpointRequest r = d.request();
        QCOMPARE(r.name, u"demo-endpoint-async"_s);
        QCOMPARE(r.modelBundleId, u"bun_1"_s);
        QVERIFY(r.storage.has_value());
    }

    void requiredWaitsForTyping()
    {
        EndpointDialog d(nullptr);
        auto* name = field<QLineEdit>(d, u"nameEdit"_s);
        QVERIFY(d.fieldErrors().contains(u"name"_s));
        QVERIFY(d.shownError(u"name"_s).isEmpty());
        QVERIFY(!saveEnabled(d));
        QTest::keyClick(name, Qt::Key_A);
        QTest::keyClick(name, Qt::Key_Backspace);
        QCOMPARE(d.shownError(u"name"_s), u"Required."_s);
    }

    void nameLengthCheckedAsTyped()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        auto* name = field<QLineEdit>(d, u"nameEdit"_s);
        name->setText(QString(63, u'a'));
        QVERIFY(d.shownError(u"name"_s).isEmpty());
        QTest::keyClick(name, Qt::Key_B);
        QVERIFY(d.shownError(u"name"_s).contains(u"63"_s));
        QVERIFY(!saveEnabled(d));
    }

    void workerRules()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        auto* type = field<QComboBox>(d, u"typeCombo"_s);
        auto* min = field<QSpinBox>(d, u"minWorkersSpin"_s);
        auto* max = field<QSpinBox>(d, u"maxWorkersSpin"_s);
        type->setCurrentIndex(type->findData(u"async"_s));
        min->setValue(0);
        QVERIFY(d.shownError(u"min_workers"_s).isEmpty());
        type->setCurrentIndex(type->findData(u"sync"_s));
        QVERIFY(!d.shownError(u"min_workers"_s).isEmpty());
        type->setCurrentIndex(type->findData(u"streaming"_s));
        QVERIFY(!d.shownError(u"min_workers"_s).isEmpty());
        min->setValue(3);
        max->setValue(2);
        QVERIFY(d.shownError(u"min_workers"_s).isEmpty());
        QVERIFY(d.shownError(u"max_workers"_s).contains(u"below"_s));
        max->setValue(3);
        QVERIFY(d.fieldErrors().isEmpty());
    }

    void gpuTypeRequiredOnlyWithGpus()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        auto* gpus = field<QSpinBox>(d, u"gpusSpin"_s);
        auto* gpuType = field<QComboBox>(d, u"gpuTypeCombo"_s);
        QVERIFY(!gpuType->isEnabled());
        gpus->setValue(1);
        QVERIFY(gpuType->isEnabled());
        QVERIFY(!d.shownError(u"gpu_type"_s).isEmpty());
        gpuType->setCurrentIndex(gpuType->findData(u"nvidia-ampere-a10"_s));
        QVERIFY(d.shownError(u"gpu_type"_s).isEmpty());
        QCOMPARE(d.request().gpuType->toString(), u"nvidia-ampere-a10"_s);
        gpus->setValue(0);
        QVERIFY(!gpuType->isEnabled());
        QVERIFY(!d.request().gpuType.has_value());
    }

    void quantitiesAndLabels()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"lots"_s);
        QVERIFY(!d.shownError(u"memory"_s).isEmpty());
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"4 GiB"_s);
        QVERIFY(d.shownError(u"memory"_s).isEmpty());
        QCOMPARE(d.request().memory.value(), 4.0 * 1024 * 1024 * 1024);
        field<QLineEdit>(d, u"cpusEdit"_s)->setText(u"500m"_s);
        QCOMPARE(d.request().cpus.value(), 0.5);
        auto* labels = field<QTableWidget>(d, u"labelsTable"_s);
        QTest::mouseClick(field<QPushButton>(d, u"addLabelButton"_s), Qt::LeftButton);
        labels->item(0, 0)->setText(u"-bad key"_s);
        QVERIFY(!d.shownError(u"labels"_s).isEmpty());
        labels->item(0, 0)->setText(u"team"_s);
        labels->item(0, 1)->setText(u"infra"_s);
        QVERIFY(d.shownError(u"labels"_s).isEmpty());
        QCOMPARE(d.request().labels.value(u"team"_s), u"infra"_s);
        field<QLineEdit>(d, u"callbackUrlEdit"_s)->setText(u"not a url"_s);
        QVERIFY(!d.shownError(u"default_callback_url"_s).isEmpty());
    }

    void addedLabelTakesWhatIsTypedInItsOwnRow()
    {
        EndpointDialog d(nullptr);
        d.startEdit(existingSync()); // labels product=p3 and team=infra
        d.show();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        auto* labels = field<QTableWidget>(d, u"labelsTable"_s);
        QCOMPARE(labels->rowCount(), 2);
        // The user last clicked the team label, then adds one.
        labels->setCurrentCell(1, 0);
        QTest::mouseClick(field<QPushButton>(d, u"addLabelButton"_s), Qt::LeftButton);
        QCOMPARE(labels->rowCount(), 3);
        QCOMPARE(labels->currentRow(), 2);
        QTest::keyClicks(QApplication::focusWidget(), u"tier"_s);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTest::keyClicks(QApplication::focusWidget(), u"gold"_s);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        const Labels expected{
                {u"product"_s, u"p3"_s}, {u"team"_s, u"infra"_s}, {u"tier"_s, u"gold"_s}};
        // Enter closes the editor once the event loop turns.
        QTRY_COMPARE(d.request().labels, expected);
        QVERIFY(d.shownError(u"labels"_s).isEmpty());
    }

    void typingGoesToTheNameWhenTheDialogOpens()
    {
        EndpointDialog d(nullptr);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        d.startCreate();
        d.open();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        auto* name = field<QLineEdit>(d, u"nameEdit"_s);
        QCOMPARE(QApplication::focusWidget(), name);
        QTest::keyClicks(QApplication::focusWidget(), u"typed-name"_s);
        QCOMPARE(name->text(), u"typed-name"_s);
    }

    void editOpensOnTheFirstFieldThatCanChange()
    {
        EndpointDialog d(nullptr);
        d.setBundles(
                {EndpointFixtures::bundle(1, u"echo"_s), EndpointFixtures::bundle(2, u"other"_s)});
        d.startEdit(existingSync());
        d.open();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        // The name cannot change: the bundle is the first field the keyboard can edit.
        auto* bundle = field<QComboBox>(d, u"bundleCombo"_s);
        QCOMPARE(QApplication::focusWidget(), bundle);
    }

    void closingAsksOnlyWhenSomethingWouldBeLost()
    {
        EndpointDialog d(nullptr);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        d.startEdit(existingSync());
        d.open();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        // An empty label row added and left alone loses nothing.
        QTest::mouseClick(field<QPushButton>(d, u"addLabelButton"_s), Qt::LeftButton);
        QVERIFY(!d.hasChanges());
        QTest::keyClick(&d, Qt::Key_Escape);
        QVERIFY(m_questions.isEmpty());
        QVERIFY(!d.isVisible());

        d.startEdit(existingSync());
        d.open();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        field<QSpinBox>(d, u"maxWorkersSpin"_s)->setValue(3);
        d.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().id, u"discardChanges"_s);
        QVERIFY(m_questions.first().text.contains(
                u"Your changes to gui-sync have not been sent"_s));
        // Answered "no": the form stays open with the change.
        QVERIFY(d.isVisible());
        QCOMPARE(field<QSpinBox>(d, u"maxWorkersSpin"_s)->value(), 3);

        m_accepted = {u"discardChanges"_s};
        QTest::keyClick(&d, Qt::Key_Escape);
        QCOMPARE(m_questions.size(), 2);
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));
    }

    void closingANewEndpointFormWithANameTypedAsks()
    {
        EndpointDialog d(nullptr);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        d.startCreate();
        d.open();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        // An invalid quantity is something typed too.
        field<QLineEdit>(d, u"cpusEdit"_s)->setText(u"lots"_s);
        QTest::keyClick(&d, Qt::Key_Escape);
        QCOMPARE(m_questions.size(), 1);
        QVERIFY(m_questions.first().text.contains(u"The new endpoint has not been created"_s));
        QVERIFY(d.isVisible());

        // The box a person sees: its no is not a second "Cancel" beside the form's.
        Prompt::setHook({});
        const auto restoreHook = qScopeGuard([this] { initTestCase(); });
        QStringList buttons;
        QTimer::singleShot(0, this, [&buttons] {
            QMessageBox* box = nullptr;
            QTRY_VERIFY((box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())));
            QCOMPARE(box->objectName(), u"discardChangesBox"_s);
            for (QAbstractButton* button : box->buttons()) {
                buttons.append(button->text());
            }
            box->button(QMessageBox::Cancel)->click();
        });
        QTest::keyClick(&d, Qt::Key_Escape);
        buttons.sort();
        QCOMPARE(buttons, (QStringList{u"Discard"_s, u"Keep editing"_s}));
        QVERIFY(d.isVisible());
        QCOMPARE(field<QLineEdit>(d, u"cpusEdit"_s)->text(), u"lots"_s);
    }

    void aLongBundleNameDoesNotWidenTheForm()
    {
        EndpointDialog d(nullptr);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        const int width = d.unscrolledSize().width();
        const QString longName = QString(u"very-long-bundle-name-"_s).repeated(10);
        d.setBundles(
                {EndpointFixtures::bundle(1, u"echo"_s), EndpointFixtures::bundle(2, longName)});
        QCOMPARE(d.unscrolledSize().width(), width);
        auto* bundle = field<QComboBox>(d, u"bundleCombo"_s);
        const int index = bundle->findData(u"bun_2"_s);
        QVERIFY(index >= 0);
        // Shortened in the list, whole in its tooltip, and the one sent.
        QVERIFY(bundle->itemText(index).contains(u'…'));
        const QString created =
                EndpointFixtures::bundle(2).createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
        QVERIFY(bundle->itemText(index).endsWith(u"(newest: %1)"_s.arg(created)));
        QCOMPARE(bundle->itemData(index, Qt::ToolTipRole).toString(), longName);
        bundle->setCurrentIndex(index);
        QCOMPARE(d.request().modelBundleId, u"bun_2"_s);
    }

    void serverValidationErrorsLandOnFields()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        field<QLineEdit>(d, u"cpusEdit"_s)->setText(u"64"_s);
        const QByteArray body = R"({"detail": [
            {"loc": ["body", "cpus"], "msg": "More than this server has", "type": "value_error"},
            {"loc": ["body", "labels", "team"], "msg": "Reserved label", "type": "value_error"}
        ]})";
        d.applyServerError(ApiError::fromHttpResponse(422, body, "application/json"));
        QCOMPARE(d.shownError(u"cpus"_s), u"More than this server has"_s);
        QCOMPARE(d.shownError(u"labels"_s), u"Reserved label"_s);
        // The user's input is kept, and editing the field clears the server's complaint.
        QCOMPARE(field<QLineEdit>(d, u"cpusEdit"_s)->text(), u"64"_s);
        QCOMPARE(field<QLineEdit>(d, u"nameEdit"_s)->text(), u"demo-endpoint-async"_s);
        field<QLineEdit>(d, u"cpusEdit"_s)->setText(u"2"_s);
        QVERIFY(d.shownError(u"cpus"_s).isEmpty());
        QCOMPARE(d.shownError(u"labels"_s), u"Reserved label"_s);
    }

    void badRequestNamingAFieldLandsOnIt()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        d.applyServerError(ApiError::fromHttpResponse(
                400, R"({"detail": "max_workers must not be below min_workers"})",
                "application/json"));
        QCOMPARE(d.shownError(u"max_workers"_s), u"max_workers must not be below min_workers"_s);
        const auto* bar = d.findChild<MessageBar*>();
        QVERIFY(bar);
        QCOMPARE(bar->text(), u"The server refused the settings; see the fields marked below."_s);
        QVERIFY(bar->isVisibleTo(&d));
        // Once the marked field is changed, the bar points at nothing: it goes.
        field<QSpinBox>(d, u"maxWorkersSpin"_s)->setValue(5);
        QVERIFY(d.shownError(u"max_workers"_s).isEmpty());
        QVERIFY(!bar->isVisibleTo(&d));
        // A name the server would refuse is refused as it is typed.
        field<QLineEdit>(d, u"nameEdit"_s)->setText(u"MyEndpoint!!"_s);
        QCOMPARE(d.shownError(u"name"_s),
                 u"\"!\" is not allowed in a name: use letters, digits, '-', '_' and '.'."_s);
    }

    void editSendsOnlyChangedFields()
    {
        EndpointDialog d(nullptr);
        d.setBundles({EndpointFixtures::bundle(1, u"bundle-1"_s)});
        ModelEndpoint e = EndpointFixtures::endpoint(1);
        d.startEdit(e);
        QCOMPARE(d.mode(), EndpointDialog::Mode::Edit);
        QVERIFY(field<QLineEdit>(d, u"nameEdit"_s)->isReadOnly());
        QVERIFY2(d.fieldErrors().isEmpty(), qPrintable(d.fieldErrors().values().join(u' ')));
        field<QSpinBox>(d, u"maxWorkersSpin"_s)->setValue(4);
        const UpdateEndpointRequest u = UpdateEndpointRequest::fromDifference(e, d.request());
        QVERIFY(u.changedFields().contains(u"max_workers"_s));
        QVERIFY(!u.changedFields().contains(u"cpus"_s));
        QVERIFY(!u.changedFields().contains(u"memory"_s));
        QVERIFY(!u.changedFields().contains(u"labels"_s));
    }

    void updateOnNameClashTakesTheExistingType()
    {
        LaunchClient client(nowhere());
        EndpointDialog d(&client);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        d.setExistingEndpoints({existingSync()});
        d.startCreate();
        auto* type = field<QComboBox>(d, u"typeCombo"_s);
        auto* min = field<QSpinBox>(d, u"minWorkersSpin"_s);
        auto* save = field<QPushButton>(d, u"saveButton"_s);
        field<QLineEdit>(d, u"nameEdit"_s)->setText(u"gui-sync"_s);
        type->setCurrentIndex(type->findData(u"async"_s));
        min->setValue(0);

        // "Cancel": the name is marked as taken.
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().id, u"updateExisting"_s);
        QVERIFY(d.shownError(u"name"_s).contains(u"exists"_s));

        // "Update it": the form now shows the endpoint's own type, says why, and marks what
        // a sync endpoint does not allow; nothing is sent yet.
        m_accepted = {u"updateExisting"_s};
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(m_questions.size(), 2);
        QCOMPARE(d.mode(), EndpointDialog::Mode::Edit);
        QCOMPARE(type->currentText(), u"Sync"_s);
        QVERIFY(!type->isEnabled());
        const QString said = d.findChild<MessageBar*>()->text();
        QVERIFY2(said.contains(u"Sync"_s) && said.contains(u"cannot change"_s), qPrintable(said));
        QVERIFY2(d.shownError(u"name"_s).isEmpty(), qPrintable(d.shownError(u"name"_s)));
        QVERIFY(!d.shownError(u"min_workers"_s).isEmpty());
        QVERIFY(!saveEnabled(d));

        // Fixed and saved again: the change list holds only what differs (the bundle is the
        // one the endpoint has).
        min->setValue(2);
        field<QSpinBox>(d, u"maxWorkersSpin"_s)->setValue(3);
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(m_questions.size(), 3);
        QCOMPARE(m_questions.last().id, u"confirmChanges"_s);
        const QString changes = m_questions.last().text;
        QVERIFY2(changes.contains(u"• Min workers: 1 → 2"_s), qPrintable(changes));
        QVERIFY2(changes.contains(u"• Max workers: 1 → 3"_s), qPrintable(changes));
        QVERIFY2(!changes.contains(u"Bundle"_s), qPrintable(changes));
        QVERIFY2(!changes.contains(u"Type"_s), qPrintable(changes));
    }

    void updateOnNameClashWithTheSameTypeAsksAtOnce()
    {
        LaunchClient client(nowhere());
        EndpointDialog d(&client);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s), EndpointFixtures::bundle(2)});
        d.setExistingEndpoints({existingSync()});
        d.startCreate();
        auto* type = field<QComboBox>(d, u"typeCombo"_s);
        field<QLineEdit>(d, u"nameEdit"_s)->setText(u"gui-sync"_s);
        type->setCurrentIndex(type->findData(u"sync"_s));
        auto* bundle = field<QComboBox>(d, u"bundleCombo"_s);
        bundle->setCurrentIndex(bundle->findData(u"bun_2"_s));
        m_accepted = {u"updateExisting"_s};
        QTest::mouseClick(field<QPushButton>(d, u"saveButton"_s), Qt::LeftButton);
        QCOMPARE(m_questions.size(), 2);
        QCOMPARE(m_questions.last().id, u"confirmChanges"_s);
        // Another bundle is a change, named as the list of bundles names it.
        const QString changes = m_questions.last().text;
        QVERIFY2(changes.contains(u"• Bundle: echo → bundle-2"_s), qPrintable(changes));
        QVERIFY2(!changes.contains(u"newest:"_s), qPrintable(changes));
    }

    void typeWarningNamesTheTypeWithItsArticle_data()
    {
        QTest::addColumn<QString>("existing");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("said");
        QTest::newRow("async") << u"async"_s << u"sync"_s
                               << u"gui-ep is an Async endpoint, and an endpoint's type cannot "
                                  "change: the form now says Async. Check the settings, then "
                                  "save again."_s;
        QTest::newRow("sync") << u"sync"_s << u"async"_s
                              << u"gui-ep is a Sync endpoint, and an endpoint's type cannot "
                                 "change: the form now says Sync. Check the settings, then "
                                 "save again."_s;
        QTest::newRow("streaming") << u"streaming"_s << u"sync"_s
                                   << u"gui-ep is a Streaming endpoint, and an endpoint's type "
                                      "cannot change: the form now says Streaming. Check the "
                                      "settings, then save again."_s;
    }

    void typeWarningNamesTheTypeWithItsArticle()
    {
        QFETCH(QString, existing);
        QFETCH(QString, typed);
        QFETCH(QString, said);
        LaunchClient client(nowhere());
        EndpointDialog d(&client);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        ModelEndpoint e = existingSync();
        e.name = u"gui-ep"_s;
        e.endpointType = EndpointType::fromString(existing);
        d.setExistingEndpoints({e});
        d.startCreate();
        field<QLineEdit>(d, u"nameEdit"_s)->setText(u"gui-ep"_s);
        auto* type = field<QComboBox>(d, u"typeCombo"_s);
        type->setCurrentIndex(type->findData(typed));
        m_accepted = {u"updateExisting"_s};
        QTest::mouseClick(field<QPushButton>(d, u"saveButton"_s), Qt::LeftButton);
        QCOMPARE(d.findChild<MessageBar*>()->text(), said);
    }

    void changeSummaryReadsAsTheForm()
    {
        LaunchClient client(nowhere());
        EndpointDialog d(&client);
        d.setBundles({EndpointFixtures::bundle(1, u"echo"_s)});
        ModelEndpoint e = existingSync();
        e.resourceState->cpus = Quantity::fromNumber(1);
        e.resourceState->memory = *Quantity::parse(u"4Gi"_s);
        e.resourceState->storage = *Quantity::parse(u"10Gi"_s);
        e.labels = {{u"owner"_s, u"ana"_s}, {u"team"_s, u"blue"_s}};
        d.startEdit(e);
        // Changed in an order other than the form's: the summary follows the form.
        field<QCheckBox>(d, u"highPriorityCheck"_s)->setChecked(true);
        field<QSpinBox>(d, u"queueTimeoutSpin"_s)->setValue(30);
        field<QLineEdit>(d, u"storageEdit"_s)->setText(u"20 GiB"_s);
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"256Mi"_s);
        field<QLineEdit>(d, u"cpusEdit"_s)->setText(u"500m"_s);
        field<QSpinBox>(d, u"maxWorkersSpin"_s)->setValue(3);
        auto* labels = field<QTableWidget>(d, u"labelsTable"_s);
        QCOMPARE(labels->item(0, 0)->text(), u"owner"_s);
        labels->item(1, 1)->setText(u"red"_s);
        labels->setCurrentCell(0, 0);
        QTest::mouseClick(field<QPushButton>(d, u"removeLabelButton"_s), Qt::LeftButton);
        QTest::mouseClick(field<QPushButton>(d, u"addLabelButton"_s), Qt::LeftButton);
        labels->item(1, 0)->setText(u"env"_s);
        labels->item(1, 1)->setText(u"dev"_s);
        QVERIFY2(d.fieldErrors().isEmpty(), qPrintable(d.fieldErrors().values().join(u' ')));

        QTest::mouseClick(field<QPushButton>(d, u"saveButton"_s), Qt::LeftButton);
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.last().id, u"confirmChanges"_s);
        QCOMPARE(m_questions.last().text, u"These changes will be sent to gui-sync:\n\n"
                                          "• Max workers: 1 → 3\n"
                                          "• CPUs per worker: 1 → 0.5\n"
                                          "• Memory per worker: 4 GiB → 256 MiB\n"
                                          "• Storage per worker: 10 GiB → 20 GiB\n"
                                          "• Labels: env=dev added\n"
                                          "• Labels: owner=ana removed\n"
                                          "• Labels: team: blue → red\n"
                                          "• High priority: no → yes\n"
                                          "• Queue timeout: server default → 30 s"_s);
    }

    void quantityMessagesNameTheirField()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        field<QLineEdit>(d, u"cpusEdit"_s)->setText(u"abc"_s);
        const QString cpus = d.shownError(u"cpus"_s);
        QVERIFY2(cpus.contains(u"2, 0.5 or 500m"_s), qPrintable(cpus));
        QVERIFY2(!cpus.contains(u"Gi"_s), qPrintable(cpus));
        field<QLineEdit>(d, u"storageEdit"_s)->setText(u"-5Gi"_s);
        QCOMPARE(d.shownError(u"storage"_s), u"Storage must not be negative."_s);
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"lots"_s);
        QVERIFY2(d.shownError(u"memory"_s).contains(u"4Gi"_s),
                 qPrintable(d.shownError(u"memory"_s)));
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"0"_s);
        QCOMPARE(d.shownError(u"memory"_s), u"Memory must be more than zero."_s);
    }

    void editSaysNameAndTypeCannotChange()
    {
        EndpointDialog d(nullptr);
        d.setBundles({EndpointFixtures::bundle(1, u"bundle-1"_s)});
        d.startEdit(EndpointFixtures::endpoint(1));
        auto* name = field<QLineEdit>(d, u"nameEdit"_s);
        QVERIFY(name->isReadOnly());
        // Greyed as a field that takes no typing, unlike an editable one.
        const QLineEdit editable;
        QVERIFY(name->palette().color(QPalette::Base) != editable.palette().color(QPalette::Base));
        auto* note = field<QLabel>(d, u"nameNote"_s);
        QVERIFY(note->isVisibleTo(&d));
        QVERIFY2(note->text().contains(u"cannot change"_s), qPrintable(note->text()));
        QVERIFY(!field<QComboBox>(d, u"typeCombo"_s)->isEnabled());
        QVERIFY(field<QLabel>(d, u"typeNote"_s)->isVisibleTo(&d));
        // A new endpoint's name is typed as usual.
        d.startCreate();
        QVERIFY(!name->isReadOnly());
        QCOMPARE(name->palette().color(QPalette::Base), editable.palette().color(QPalette::Base));
        QVERIFY(!note->isVisibleTo(&d));
    }

    // Where the middle of a widget is, from the top of the dialog.
    static int middle(EndpointDialog& d, const QWidget* w)
    {
        return w->mapTo(&d, QPoint(0, w->height() / 2)).y();
    }

    static const QLabel* labelOf(EndpointDialog& d, const QWidget* field)
    {
        const QList<QLabel*> labels = d.findChildren<QLabel*>();
        for (const QLabel* label : labels) {
            if (label->buddy() &&
                (label->buddy() == field || label->buddy()->isAncestorOf(field))) {
                return label;
            }
        }
        qFatal("no label for %s", qPrintable(field->objectName()));
    }

    void fieldsBesideEachOtherStayInLine()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        const QList<std::pair<QString, QString>> rows = {
                {u"minWorkersSpin"_s, u"cpusEdit"_s},
                {u"maxWorkersSpin"_s, u"memoryEdit"_s},
                {u"perWorkerSpin"_s, u"storageEdit"_s},
                {u"gpusSpin"_s, u"gpuTypeCombo"_s},
        };
        auto check = [&](const char* when) {
            QApplication::processEvents();
            for (const auto& [left, right] : rows) {
                QWidget* l = field<QWidget>(d, left);
                QWidget* r = field<QWidget>(d, right);
                QVERIFY2(std::abs(middle(d, l) - middle(d, r)) <= 1,
                         qPrintable(u"%1: %2 at %3, %4 at %5"_s.arg(QLatin1StringView(when), left)
                                            .arg(middle(d, l))
                                            .arg(right)
                                            .arg(middle(d, r))));
                // And each label stays beside its field.
                for (QWidget* w : {l, r}) {
                    QVERIFY2(std::abs(middle(d, labelOf(d, w)) - middle(d, w)) <= 1,
                             qPrintable(u"%1: label of %2 at %3, field at %4"_s
                                                .arg(QLatin1StringView(when), w->objectName())
                                                .arg(middle(d, labelOf(d, w)))
                                                .arg(middle(d, w))));
                }
            }
        };
        check("no message");
        auto* cpus = field<QLineEdit>(d, u"cpusEdit"_s);
        const int cpusAt = middle(d, cpus);

        // A message of several lines under the left column's first field.
        auto* type = field<QComboBox>(d, u"typeCombo"_s);
        type->setCurrentIndex(type->findData(u"sync"_s));
        field<QSpinBox>(d, u"minWorkersSpin"_s)->setValue(0);
        QVERIFY(!d.shownError(u"min_workers"_s).isEmpty());
        check("message on the left");
        QCOMPARE(middle(d, cpus), cpusAt);

        // One under the right column's second field, none on the left.
        field<QSpinBox>(d, u"minWorkersSpin"_s)->setValue(1);
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"lots"_s);
        QVERIFY(!d.shownError(u"memory"_s).isEmpty());
        check("message on the right");
        QCOMPARE(middle(d, cpus), cpusAt);
    }

    void heightFollowsTheMessages()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QApplication::processEvents();
        const QSize before = d.size();

        // Typing that changes a message's words but not its lines leaves the dialog still.
        auto* name = field<QLineEdit>(d, u"nameEdit"_s);
        name->setText(QString(63, u'a'));
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(name, Qt::Key_B);
            QApplication::processEvents();
            QVERIFY(d.shownError(u"name"_s).contains(u"at most 63"_s));
            QCOMPARE(d.size(), before);
        }
        name->setText(u"demo-endpoint-async"_s);

        // A message of several lines and a warning above the fields: the dialog grows to
        // show them without scrolling...
        auto* type = field<QComboBox>(d, u"typeCombo"_s);
        type->setCurrentIndex(type->findData(u"sync"_s));
        field<QSpinBox>(d, u"minWorkersSpin"_s)->setValue(0);
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"lots"_s);
        QTRY_VERIFY(d.height() > before.height());
        auto* bar = d.findChild<MessageBar*>();
        const int withMessages = d.height();
        bar->showMessage(MessageBar::Kind::Warning, u"Check the settings."_s);
        QTRY_VERIFY(d.height() > withMessages);
        auto* scroll = field<QScrollArea>(d, u"endpointFieldsScroll"_s);
        QTRY_VERIFY(!scroll->verticalScrollBar()->isVisible());

        // ... and shrinks back once they are gone, to the size it had.
        field<QSpinBox>(d, u"minWorkersSpin"_s)->setValue(1);
        field<QLineEdit>(d, u"memoryEdit"_s)->setText(u"1Gi"_s);
        bar->hideMessage();
        QTRY_COMPARE(d.size(), before);
    }

    void fitsA1280x800ScreenWithAdvancedClosed()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        // What the dialog needs to show every field at once (a window title bar takes about
        // 30 pixels more).
        const QSize needed = d.unscrolledSize();
        QVERIFY2(needed.width() <= 1280 && needed.height() <= 800 - 30,
                 qPrintable(u"%1x%2"_s.arg(needed.width()).arg(needed.height())));
        QVERIFY(field<QCheckBox>(d, u"highPriorityCheck"_s)->isVisibleTo(&d));
    }

    void openingAdvancedKeepsTheButtonsOnScreen()
    {
        EndpointDialog d(nullptr);
        fillValid(d);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        const QRect available = d.screen()->availableGeometry();
        // Where a dialog centred on a main window below the screen's top would open.
        d.move(d.x(), available.bottom() - d.height() - 10);
        field<QToolButton>(d, u"advancedToggle"_s)->setChecked(true);
        QTRY_VERIFY2(d.geometry().bottom() <= available.bottom(),
                     qPrintable(u"bottom at %1 of %2"_s.arg(d.geometry().bottom())
                                        .arg(available.bottom())));
        QVERIFY(d.geometry().top() >= available.top());
        QVERIFY(field<QLineEdit>(d, u"nameEdit"_s)->isVisible());
    }
};

QTEST_MAIN(TestEndpointDialog)
#include "tst_endpointdialog.moc"

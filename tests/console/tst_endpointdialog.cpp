#include "ApiError.h"
#include "EndpointDialog.h"
#include "EndpointFixtures.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

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

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

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
};

QTEST_MAIN(TestEndpointDialog)
#include "tst_endpointdialog.moc"

#include "MachineResources.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

/// Whether an endpoint's per-worker resources fit this computer, and why not.
class TestMachineResources : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void quantities();
    void detectsThisComputer();
    void reasons();
};

void TestMachineResources::quantities()
{
    QCOMPARE(MachineResources::parseQuantity(u"500m"_s).value_or(-1), 0.5);
    QCOMPARE(MachineResources::parseQuantity(2).value_or(-1), 2.0);
    QCOMPARE(MachineResources::parseQuantity(u"8Gi"_s).value_or(-1), 8.0 * 1024 * 1024 * 1024);
    QCOMPARE(MachineResources::parseQuantity(u"1G"_s).value_or(-1), 1e9);
    QVERIFY(!MachineResources::parseQuantity(u"lots"_s).has_value());
    QVERIFY(!MachineResources::parseQuantity(-1).has_value());
    QVERIFY(!MachineResources::parseQuantity(QJsonValue(true)).has_value());
}

void TestMachineResources::detectsThisComputer()
{
    const MachineResources machine = MachineResources::detect(QDir::tempPath());
    QVERIFY(machine.cpus >= 1);
    QVERIFY(machine.memoryBytes > 64.0 * 1024 * 1024);
    QVERIFY(machine.diskBytes > 0);
}

void TestMachineResources::reasons()
{
    MachineResources machine;
    machine.cpus = 2;
    machine.memoryBytes = 4.0 * 1024 * 1024 * 1024;
    machine.diskBytes = 10.0 * 1024 * 1024 * 1024;
    QCOMPARE(machine.whyNotFit(1, u"1Gi"_s, u"1Gi"_s, 0, QString()), QString());
    QCOMPARE(machine.whyNotFit(u"2000m"_s, u"4Gi"_s, QJsonValue(), 0, QString()), QString());
    const QString cpus = machine.whyNotFit(3, u"1Gi"_s, u"1Gi"_s, 0, QString());
    QVERIFY2(cpus.contains(u"3 CPUs"_s) && cpus.contains(u"has 2"_s), qPrintable(cpus));
    const QString memory = machine.whyNotFit(1, u"8Gi"_s, u"1Gi"_s, 0, QString());
    QVERIFY2(memory.contains(u"8.0 GiB of memory"_s), qPrintable(memory));
    const QString storage = machine.whyNotFit(1, u"1Gi"_s, u"20Gi"_s, 0, QString());
    QVERIFY2(storage.contains(u"storage"_s), qPrintable(storage));
    const QString gpus = machine.whyNotFit(1, u"1Gi"_s, u"1Gi"_s, 2, u"nvidia-tesla-t4"_s);
    QVERIFY2(gpus.contains(u"asks for 2 GPUs of type nvidia-tesla-t4,"_s), qPrintable(gpus));
    const QString oneGpu = machine.whyNotFit(1, u"1Gi"_s, u"1Gi"_s, 1, QString());
    QVERIFY2(oneGpu.contains(u"asks for 1 GPU (any type),"_s), qPrintable(oneGpu));
    // Absurd sizes are said in a unit that keeps the number short.
    const QString huge = machine.whyNotFit(1, u"999999Ti"_s, u"1Gi"_s, 0, QString());
    QVERIFY2(huge.contains(u"asks for 976.6 PiB of memory and this computer has 4.0 GiB"_s),
             qPrintable(huge));
}

QTEST_GUILESS_MAIN(TestMachineResources)
#include "tst_MachineResources.moc"

#include "EndpointStatus.h"
#include "EndpointType.h"
#include "GpuType.h"
#include "TaskStatus.h"

#include <QTest>

using namespace Qt::StringLiterals;

// EndpointType, EndpointStatus, GpuType and TaskStatus share one shape; each is checked here
// against the API's enumerations.
class tst_EnumValues : public QObject
{
    Q_OBJECT

private slots:
    void knowsTheApiValues();
    void keepsUnknownValues();
    void comparesByValue();
    void namesForPeople();
    void taskStatusKnowsWhenFinished();
};

namespace {

template <typename E>
QStringList wireNames()
{
    QStringList names;
    for (const E& value : E::knownValues()) {
        names.append(value.toString());
    }
    return names;
}

template <typename E>
bool roundTrips()
{
    for (const E& value : E::knownValues()) {
        if (E::fromString(value.toString()) != value || !value.isKnown()) {
            return false;
        }
    }
    return true;
}

} // namespace

void tst_EnumValues::knowsTheApiValues()
{
    QCOMPARE(wireNames<EndpointType>(), (QStringList{u"async"_s, u"sync"_s, u"streaming"_s}));
    QCOMPARE(wireNames<EndpointStatus>(),
             (QStringList{u"READY"_s, u"UPDATE_PENDING"_s, u"UPDATE_IN_PROGRESS"_s,
                          u"UPDATE_FAILED"_s, u"DELETE_IN_PROGRESS"_s}));
    QCOMPARE(wireNames<GpuType>(),
             (QStringList{u"nvidia-tesla-t4"_s, u"nvidia-ampere-a10"_s, u"nvidia-ampere-a100"_s,
                          u"nvidia-ampere-a100e"_s, u"nvidia-hopper-h100"_s,
                          u"nvidia-hopper-h100-1g20gb"_s, u"nvidia-hopper-h100-3g40gb"_s}));
    QCOMPARE(wireNames<TaskStatus>(),
             (QStringList{u"PENDING"_s, u"STARTED"_s, u"SUCCESS"_s, u"FAILURE"_s, u"UNDEFINED"_s}));
    QVERIFY(roundTrips<EndpointType>());
    QVERIFY(roundTrips<EndpointStatus>());
    QVERIFY(roundTrips<GpuType>());
    QVERIFY(roundTrips<TaskStatus>());
    QCOMPARE(EndpointStatus::fromString(u"UPDATE_FAILED"_s).value(), EndpointStatus::UpdateFailed);
    QCOMPARE(GpuType::fromString(u"nvidia-hopper-h100-3g40gb"_s).value(),
             GpuType::NvidiaHopperH100_3g40gb);
}

void tst_EnumValues::keepsUnknownValues()
{
    const EndpointStatus status = EndpointStatus::fromString(u"SCALING_TO_ZERO"_s);
    QCOMPARE(status.value(), EndpointStatus::Unknown);
    QVERIFY(!status.isKnown());
    QCOMPARE(status.toString(), u"SCALING_TO_ZERO"_s);
    QCOMPARE(status.displayName(), u"SCALING_TO_ZERO"_s);
    const GpuType gpu = GpuType::fromString(u"nvidia-blackwell-b200"_s);
    QVERIFY(!gpu.isKnown());
    QCOMPARE(gpu.toString(), u"nvidia-blackwell-b200"_s);
    // Wire values are case-sensitive, as on the servers.
    QVERIFY(!EndpointType::fromString(u"ASYNC"_s).isKnown());
    QCOMPARE(TaskStatus().displayName(), u"Unknown"_s);
}

void tst_EnumValues::comparesByValue()
{
    QVERIFY(EndpointStatus::fromString(u"READY"_s) == EndpointStatus::Ready);
    QVERIFY(EndpointStatus::fromString(u"READY"_s) != EndpointStatus::UpdateFailed);
    QVERIFY(EndpointStatus::fromString(u"A"_s) == EndpointStatus::fromString(u"A"_s));
    QVERIFY(EndpointStatus::fromString(u"A"_s) != EndpointStatus::fromString(u"B"_s));
}

void tst_EnumValues::namesForPeople()
{
    QCOMPARE(EndpointStatus(EndpointStatus::UpdateInProgress).displayName(), u"Updating"_s);
    QCOMPARE(EndpointType(EndpointType::Streaming).displayName(), u"Streaming"_s);
    QCOMPARE(GpuType(GpuType::NvidiaAmpereA100).displayName(), u"NVIDIA A100"_s);
    QCOMPARE(GpuType(GpuType::NvidiaAmpereA100).modelName(), u"A100"_s);
    QCOMPARE(GpuType(GpuType::NvidiaHopperH100_1g20gb).modelName(), u"H100 1g.20gb"_s);
    QCOMPARE(GpuType::fromString(u"nvidia-blackwell-b200"_s).modelName(),
             u"nvidia-blackwell-b200"_s);
}

void tst_EnumValues::taskStatusKnowsWhenFinished()
{
    QVERIFY(TaskStatus(TaskStatus::Success).isFinished());
    QVERIFY(TaskStatus(TaskStatus::Failure).isFinished());
    QVERIFY(!TaskStatus(TaskStatus::Pending).isFinished());
    QVERIFY(!TaskStatus(TaskStatus::Started).isFinished());
    QVERIFY(!TaskStatus(TaskStatus::Undefined).isFinished());
}

QTEST_GUILESS_MAIN(tst_EnumValues)
#include "tst_EnumValues.moc"

#include "CreateEndpointRequest.h"
#include "EndpointCodec.h"
#include "ModelEndpoint.h"
#include "UpdateEndpointRequest.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_UpdateEndpointRequest : public QObject
{
    Q_OBJECT

private slots:
    void noChangeGivesAnEmptyUpdate();
    void sendsOnlyChangedFields();
    void quantitiesCompareByValue();
    void unsetFieldsAreNotSent();
    void fromAnExistingEndpoint();
    void createRequestFromEndpoint();
};

namespace {

CreateEndpointRequest form()
{
    CreateEndpointRequest q;
    q.name = u"demo-endpoint-sync"_s;
    q.modelBundleId = u"bun_1"_s;
    q.endpointType = EndpointType::Sync;
    q.cpus = *Quantity::parse(u"500m"_s);
    q.memory = *Quantity::parse(u"8Gi"_s);
    q.storage = *Quantity::parse(u"16Gi"_s);
    q.minWorkers = 1;
    q.maxWorkers = 2;
    q.perWorker = 4;
    q.labels = {{u"team"_s, u"infra"_s}};
    return q;
}

QByteArray encoded(const UpdateEndpointRequest& u)
{
    return QJsonDocument(EndpointCodec::encodeUpdateRequest(u)).toJson(QJsonDocument::Compact);
}

ModelEndpoint endpoint()
{
    ModelEndpoint e;
    e.id = u"end_1"_s;
    e.name = u"demo-endpoint-sync"_s;
    e.endpointType = EndpointType::Sync;
    e.bundleName = u"demo-bundle"_s;
    e.labels = {{u"team"_s, u"infra"_s}};
    e.deploymentState = DeploymentState{1, 2, 4, 4, std::nullopt, 1, 0};
    e.resourceState = ResourceState{*Quantity::parse(u"500m"_s),
                                    0,
                                    *Quantity::parse(u"8Gi"_s),
                                    std::nullopt,
                                    *Quantity::parse(u"16Gi"_s),
                                    1,
                                    std::nullopt};
    return e;
}

} // namespace

void tst_UpdateEndpointRequest::noChangeGivesAnEmptyUpdate()
{
    const UpdateEndpointRequest u = UpdateEndpointRequest::fromDifference(form(), form());
    QVERIFY(u.isEmpty());
    QCOMPARE(encoded(u), QByteArray("{}"));
}

void tst_UpdateEndpointRequest::sendsOnlyChangedFields()
{
    CreateEndpointRequest after = form();
    after.maxWorkers = 5;
    after.labels.insert(u"product"_s, u"search"_s);
    after.gpuType = GpuType::NvidiaAmpereA10;
    after.gpus = 1;
    after.name = u"renamed"_s; // cannot be updated; ignored
    const UpdateEndpointRequest u = UpdateEndpointRequest::fromDifference(form(), after);
    QCOMPARE(u.changedFields(),
             (QStringList{u"gpus"_s, u"gpu_type"_s, u"max_workers"_s, u"labels"_s}));
    QCOMPARE(encoded(u), QByteArray(R"({"gpu_type":"nvidia-ampere-a10","gpus":1,)"
                                    R"("labels":{"product":"search","team":"infra"},)"
                                    R"("max_workers":5})"));
}

void tst_UpdateEndpointRequest::quantitiesCompareByValue()
{
    CreateEndpointRequest after = form();
    after.memory = *Quantity::parse(u"8192Mi"_s);
    after.cpus = Quantity::fromNumber(0.5);
    QVERIFY(UpdateEndpointRequest::fromDifference(form(), after).isEmpty());
    after.memory = *Quantity::parse(u"9Gi"_s);
    QCOMPARE(encoded(UpdateEndpointRequest::fromDifference(form(), after)),
             QByteArray(R"({"memory":"9Gi"})"));
}

void tst_UpdateEndpointRequest::unsetFieldsAreNotSent()
{
    CreateEndpointRequest before = form();
    before.publicInference = true;
    before.taskExpiresSeconds = 600;
    CreateEndpointRequest after = form();
    after.modelBundleId.clear();
    QVERIFY(UpdateEndpointRequest::fromDifference(before, after).isEmpty());
    after.modelBundleId = u"bun_2"_s;
    after.taskExpiresSeconds = 900;
    QCOMPARE(encoded(UpdateEndpointRequest::fromDifference(before, after)),
             QByteArray(R"({"model_bundle_id":"bun_2","task_expires_seconds":900})"));
}

void tst_UpdateEndpointRequest::fromAnExistingEndpoint()
{
    CreateEndpointRequest after = CreateEndpointRequest::fromEndpoint(endpoint());
    QVERIFY(UpdateEndpointRequest::fromDifference(endpoint(), after).isEmpty());
    after.minWorkers = 0;
    after.perWorker = 8;
    QCOMPARE(encoded(UpdateEndpointRequest::fromDifference(endpoint(), after)),
             QByteArray(R"({"min_workers":0,"per_worker":8})"));
    after.modelBundleId = u"bun_9"_s;
    QCOMPARE(UpdateEndpointRequest::fromDifference(endpoint(), after).modelBundleId, u"bun_9"_s);
}

void tst_UpdateEndpointRequest::createRequestFromEndpoint()
{
    const CreateEndpointRequest q = CreateEndpointRequest::fromEndpoint(endpoint());
    QCOMPARE(q.name, u"demo-endpoint-sync"_s);
    QCOMPARE(q.endpointType, EndpointType::Sync);
    QVERIFY(q.modelBundleId.isEmpty());
    QCOMPARE(q.cpus.text(), u"500m"_s);
    QCOMPARE(q.memory.text(), u"8Gi"_s);
    QCOMPARE(q.storage->text(), u"16Gi"_s);
    QCOMPARE(q.minWorkers, 1);
    QCOMPARE(q.maxWorkers, 2);
    QCOMPARE(q.perWorker, 4);
    QCOMPARE(q.concurrentRequestsPerWorker, 4);
    QCOMPARE(q.labels.value(u"team"_s), u"infra"_s);
}

QTEST_GUILESS_MAIN(tst_UpdateEndpointRequest)
#include "tst_UpdateEndpointRequest.moc"

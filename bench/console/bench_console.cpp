// Prints the console's table-model figures: decode and apply a 10,000-endpoint list, apply it
// again (no signals expected), 100 rows changed, sort by each column, one filter keystroke, and
// memory held per endpoint at 100,000.
#include "EndpointCodec.h"
#include "EndpointFilterProxy.h"
#include "EndpointTableModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
constexpr int runs = 7;

ModelEndpoint makeEndpoint(int n)
{
    ModelEndpoint e;
    e.id = u"end_%1"_s.arg(QString::number(quint64(n) * 2654435761ULL % 100000000000ULL, 36), 20,
                           u'0');
    e.name = u"endpoint-%1-%2"_s.arg(n % 97).arg(n);
    e.endpointType = n % 3 == 0 ? EndpointType::Sync : EndpointType::Async;
    e.destination = u"launch-endpoint-id-"_s + e.id;
    e.bundleName = u"bundle-%1"_s.arg(n % 50);
    e.status = n % 7 == 0 ? EndpointStatus::UpdateInProgress : EndpointStatus::Ready;
    e.labels = {{u"team"_s, n % 2 ? u"infra"_s : u"ml"_s}, {u"product"_s, u"p%1"_s.arg(n % 40)}};
    e.createdBy = u"user-%1"_s.arg(n % 30);
    e.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(qint64(n) * 37);
    e.createdAtText = e.createdAt.toString(Qt::ISODateWithMs);
    e.lastUpdatedAt = e.createdAt.addSecs(n % 1000);
    e.lastUpdatedAtText = e.lastUpdatedAt.toString(Qt::ISODateWithMs);
    DeploymentState d;
    d.minWorkers = n % 2;
    d.maxWorkers = 1 + n % 5;
    d.perWorker = 1 + n % 4;
    d.availableWorkers = n % 2;
    d.unavailableWorkers = 0;
    e.deploymentState = d;
    ResourceState r;
    r.cpus = n % 2 ? Quantity::fromNumber(0.5 * (n % 8 + 1)) : *Quantity::parse(u"500m"_s);
    r.memory = *Quantity::parse(u"%1Mi"_s.arg(256 * (n % 16 + 1)));
    r.storage = *Quantity::parse(u"1Gi"_s);
    r.gpus = n % 11 == 0 ? 1 : 0;
    if (r.gpus > 0) {
        r.gpuType = GpuType::NvidiaAmpereA10;
    }
    e.resourceState = r;
    e.numQueuedItems = n % 13;
    return e;
}

QList<ModelEndpoint> makeList(int count, int salt = 0)
{
    QList<ModelEndpoint> list;
    list.reserve(count);
    for (int i = 0; i < count; ++i) {
        list.append(makeEndpoint(i + salt));
    }
    return list;
}

double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Figure
{
    double wall = 0;
    double cpu = 0;
};

// Median wall and processor time of `runs` calls of body; setup runs untimed before each.
Figure measure(const std::function<void()>& setup, const std::function<void()>& body)
{
    QList<double> walls;
    QList<double> cpus;
    for (int i = 0; i < runs; ++i) {
        setup();
        QElapsedTimer timer;
        const double cpu0 = cpuMs();
        timer.start();
        body();
        walls.append(timer.nsecsElapsed() / 1e6);
        cpus.append(cpuMs() - cpu0);
    }
    std::sort(walls.begin(), walls.end());
    std::sort(cpus.begin(), cpus.end());
    return {walls.at(runs / 2), cpus.at(runs / 2)};
}

long residentKiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLong() * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

void print(const char* what, Figure f)
{
    std::printf("%-44s %9.1f ms wall %9.1f ms cpu\n", what, f.wall, f.cpu);
}

int signalCount(EndpointTableModel& model, const std::function<void()>& body, int* changedRows)
{
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    body();
    if (changedRows) {
        *changedRows = 0;
        for (const QList<QVariant>& args : changed) {
            *changedRows += args.at(1).toModelIndex().row() - args.at(0).toModelIndex().row() + 1;
        }
    }
    return int(changed.size() + inserted.size() + removed.size() + reset.size() + layout.size());
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QByteArray body = QJsonDocument(EndpointCodec::encodeEndpointList(makeList(10'000)))
                                    .toJson(QJsonDocument::Compact);
    std::printf("10,000 endpoints, %.1f MiB of JSON, median of %d runs\n", body.size() / 1048576.0,
                runs);

    std::unique_ptr<EndpointTableModel> model;
    print("decode + apply 10,000 (empty table)",
          measure([&] { model.reset(new EndpointTableModel); },
                  [&] {
                      model->apply(EndpointCodec::decodeEndpointList(body).takeValue().endpoints);
                  }));
    print("decode 10,000 only", measure([] {},
                                        [&] {
                                            const auto decoded =
                                                    EndpointCodec::decodeEndpointList(body);
                                            Q_UNUSED(decoded);
                                        }));
    print("apply 10,000 decoded (empty table)",
          measure([&] { model.reset(new EndpointTableModel); },
                  [&] {
                      static const QList<ModelEndpoint> list =
                              EndpointCodec::decodeEndpointList(body).takeValue().endpoints;
                      model->apply(list);
                  }));
    const QList<ModelEndpoint> list = EndpointCodec::decodeEndpointList(body).takeValue().endpoints;
    print("re-apply the same 10,000", measure([] {}, [&] { model->apply(list); }));
    int rows = 0;
    std::printf("%-44s %9d signals\n", "re-apply the same 10,000",
                signalCount(
                        *model, [&] { model->apply(list); }, nullptr));
    QList<ModelEndpoint> changed = list;
    for (int i = 0; i < 100; ++i) {
        changed[i * 97].numQueuedItems = 1000 + i;
    }
    const int signals100 = signalCount(
            *model, [&] { model->apply(changed); }, &rows);
    std::printf("%-44s %9d signals, %d rows\n", "apply with 100 rows changed", signals100, rows);
    model->apply(list);
    print("apply with 100 rows changed",
          measure([&] { model->apply(list); }, [&] { model->apply(changed); }));

    EndpointFilterProxy proxy;
    proxy.setEndpointModel(model.get());
    double worstSort = 0;
    for (int c = 0; c < EndpointTableModel::ColumnCount; ++c) {
        const auto column = EndpointTableModel::Column(c);
        Qt::SortOrder order = Qt::AscendingOrder;
        const Figure f = measure([&] { proxy.sort(-1); },
                                 [&] {
                                     proxy.sort(c, order);
                                     order = order == Qt::AscendingOrder ? Qt::DescendingOrder
                                                                         : Qt::AscendingOrder;
                                 });
        worstSort = std::max(worstSort, f.cpu);
        const QByteArray label =
                "sort 10,000 by " + EndpointTableModel::columnTitle(column).toUtf8();
        print(label.constData(), f);
    }
    proxy.sort(EndpointTableModel::Name);
    print("filter keystroke (\"endpoint-4\" -> \"endpoint-42\")",
          measure([&] { proxy.setFilterText(u"endpoint-4"_s); },
                  [&] { proxy.setFilterText(u"endpoint-42"_s); }));
    print("filter keystroke, label (\"team=in\" -> \"team=inf\")",
          measure([&] { proxy.setFilterText(u"team=in"_s); },
                  [&] { proxy.setFilterText(u"team=inf"_s); }));
    proxy.setFilterText({});
    proxy.setSourceModel(nullptr);
    model.reset();

    // Memory: resident growth of a table holding 100,000 endpoints, after the decoded list
    // and the JSON are gone (what the console keeps between refreshes).
    const QByteArray big = QJsonDocument(EndpointCodec::encodeEndpointList(makeList(100'000, 7)))
                                   .toJson(QJsonDocument::Compact);
    const long before = residentKiB();
    auto held = std::make_unique<EndpointTableModel>();
    {
        QByteArray json = big;
        held->apply(EndpointCodec::decodeEndpointList(json).takeValue().endpoints);
    }
    const long after = residentKiB();
    std::printf("%-44s %9.2f KiB per endpoint (%ld KiB for 100,000)\n",
                "memory held at 100,000 (RSS growth)", (after - before) / 100000.0, after - before);
    return 0;
}

// Not a benchmark: fills a dashboard with real data and saves a picture of it
// (docs/images/dashboard.png). Starts launch-local from the build folder with three endpoints
// of the example model, sends async predictions of varying length (and a few that fail) for
// about three minutes while the history is sampled every second, then grabs the dashboard.
//
//   LAUNCH_BUILD_DIR=<build> monitoring_dashboard_screenshot dashboard.png [seconds]
#include "DashboardView.h"
#include "FutureTracker.h"
#include "HistoryCharts.h"
#include "HistoryRecorder.h"
#include "LaunchLocalFixture.h"
#include "ProfileMonitor.h"
#include "RequestHistoryStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE.png [seconds]\n", argv[0]);
        return 2;
    }
    const QString file = QString::fromLocal8Bit(argv[1]);
    const int seconds = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 180;
    LaunchLocalFixture server;
    if (const QString error = server.start(); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QString error;
    const QStringList names = {u"image-captioner"_s, u"batch-embedder"_s, u"fraud-scorer"_s};
    QStringList ids;
    for (const QString& name : names) {
        ids.append(
                server.createEndpoint(name, name == names.last() ? u"SYNC"_s : u"ASYNC"_s, &error));
        if (ids.last().isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    QTemporaryDir dir;
    ProfileMonitor monitor(u"This computer"_s, dir.path());
    monitor.open();
    LaunchClient client(server.settings());
    monitor.setClient(&client);
    monitor.recorder()->setMinimumIntervalMs(1000);
    monitor.recorder()->startPolling(&client, 1000);

    DashboardView dashboard;
    dashboard.setMonitor(&monitor);
    QObject::connect(monitor.recorder(), &HistoryRecorder::endpointsRefreshed, &dashboard,
                     [&] { dashboard.setEndpoints(monitor.recorder()->endpoints()); });
    dashboard.charts()->setRange(HistoryCharts::Range::FiveMinutes);
    dashboard.resize(1400, 900);
    dashboard.show();

    // Load in waves: bursts of async predictions, a few failing, and sync calls.
    QElapsedTimer clock;
    clock.start();
    QTimer load;
    load.setInterval(1500);
    QObject::connect(&load, &QTimer::timeout, &load, [&] {
        const double phase = double(clock.elapsed()) / 1000.0 / double(seconds);
        const int burst = phase < 0.2 ? 1 : phase < 0.55 ? 3 : phase < 0.7 ? 1 : 0;
        auto* random = QRandomGenerator::global();
        for (int i = 0; i < burst; ++i) {
            const int target = int(random->bounded(2));
            PredictRequest request;
            request.args = QJsonObject{{u"sleep_ms"_s, 400 + int(random->bounded(1800))},
                                       {u"fail"_s, random->bounded(12) == 0}};
            monitor.tracker()->submit(ids.at(target), names.at(target), request, &load,
                                      [](ApiResult<TrackedFuture>) {});
        }
        PredictRequest sync;
        sync.args =
                QJsonObject{{u"text"_s, u"transaction"_s}, {u"fail"_s, random->bounded(10) == 0}};
        client.predictSync(ids.last(), sync, &load, [&](ApiResult<SyncPredictResponse> r) {
            RequestHistoryStore::Entry entry;
            entry.endpointId = ids.last();
            entry.sent = QDateTime::currentDateTimeUtc();
            entry.status = r ? r.value().status.toString() : u"ERROR"_s;
            monitor.requests()->append(entry);
        });
    });
    load.start();
    QTimer::singleShot(seconds * 1000, &app, [&] {
        load.stop();
        // A last moment for the tiles and charts to take in the final refresh.
        QTimer::singleShot(1500, &app, [&] {
            dashboard.charts()->reload();
            const bool saved = dashboard.grab().save(file, "PNG");
            std::printf("%s %s\n", saved ? "saved" : "could not save", qPrintable(file));
            QApplication::exit(saved ? 0 : 1);
        });
    });
    return QApplication::exec();
}

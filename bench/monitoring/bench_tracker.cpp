// 10,000 tracked futures: the most requests ever in flight (tracker and server side) and the
// longest stall of the GUI thread, measured with a 5 ms timer probe while the futures are
// polled (all pending) and while they all finish. The futures table is shown, as a user
// would have it open. Prints the median of three runs.
#include "FakeTaskServer.h"
#include "FutureStore.h"
#include "FutureTracker.h"
#include "FuturesView.h"
#include "LaunchClient.h"
#include "ProfileMonitor.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int s_futures = 10'000;
constexpr int s_probeMs = 5;

/// Measures the longest gap between ticks of a timer on the GUI thread.
class StallProbe final
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(s_probeMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer,
                         [this] { m_longest = std::max(m_longest, m_clock.restart()); });
    }
    void start()
    {
        m_longest = 0;
        m_clock.start();
        m_timer.start();
    }
    qint64 longestGapMs() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
};

/// Runs the event loop until `done` holds or `timeoutMs` passed.
void runUntil(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
}

struct Figures
{
    int trackerMaxInFlight = 0;
    int serverMaxOpen = 0;
    qint64 stallPendingMs = 0;
    qint64 stallFinishingMs = 0;
    qint64 finishMs = 0;
    int polls = 0;
};

Figures runOnce(FakeTaskServer* server)
{
    QMetaObject::invokeMethod(
            server, [server] { server->setMode(FakeTaskServer::Mode::Pending); },
            Qt::BlockingQueuedConnection);
    QTemporaryDir dir;
    ProfileMonitor monitor(u"bench"_s, dir.path());
    monitor.open();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < s_futures; ++i) {
        TrackedFuture future;
        future.taskId = u"task-%1"_s.arg(i, 5, 10, QChar(u'0'));
        future.endpointId = u"end-%1"_s.arg(i % 10);
        future.endpointName = u"model-%1"_s.arg(i % 10);
        future.submitted = now;
        monitor.futures()->add(future);
    }
    FuturesView view;
    view.setMonitor(&monitor);
    view.resize(1200, 700);
    view.show();

    ConnectionSettings settings(server->url(), u"bench-key"_s);
    settings.setMaxInFlight(100); // the tracker's own cap is what is measured
    LaunchClient client(settings);
    StallProbe probe;
    probe.start();
    monitor.setClient(&client); // starts tracking all 10,000
    // All pending for 5 s: the first round of polls, spread out by the cap.
    runUntil([] { return false; }, 5000);
    Figures figures;
    figures.stallPendingMs = probe.longestGapMs();

    QMetaObject::invokeMethod(
            server, [server] { server->setMode(FakeTaskServer::Mode::Success); },
            Qt::BlockingQueuedConnection);
    probe.start();
    QElapsedTimer finishing;
    finishing.start();
    runUntil([&] { return monitor.futures()->pendingCount() == 0; }, 180'000);
    figures.finishMs = finishing.elapsed();
    figures.stallFinishingMs = probe.longestGapMs();
    figures.trackerMaxInFlight = monitor.tracker()->maxInFlightSeen();
    int maxOpen = 0;
    int requests = 0;
    QMetaObject::invokeMethod(
            server,
            [&] {
                maxOpen = server->maxOpen();
                requests = server->requests();
            },
            Qt::BlockingQueuedConnection);
    figures.serverMaxOpen = maxOpen;
    figures.polls = requests;
    return figures;
}

template <typename T>
T median(std::vector<T> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QThread serverThread;
    serverThread.start();
    // The server answers from its own thread, so its work is not counted as a GUI stall.
    auto* anchor = new QObject;
    anchor->moveToThread(&serverThread);
    FakeTaskServer* server = nullptr;
    QMetaObject::invokeMethod(
            anchor, [&] { server = new FakeTaskServer; }, Qt::BlockingQueuedConnection);
    anchor->deleteLater();

    std::vector<qint64> pendingStalls;
    std::vector<qint64> finishingStalls;
    std::vector<qint64> finishTimes;
    int maxInFlight = 0;
    int maxOpen = 0;
    for (int run = 0; run < 3; ++run) {
        const Figures figures = runOnce(server);
        std::printf("run %d: tracker max in flight %d, server max open %d, longest GUI stall "
                    "%lld ms while pending, %lld ms while finishing; all finished in %lld ms\n",
                    run + 1, figures.trackerMaxInFlight, figures.serverMaxOpen,
                    static_cast<long long>(figures.stallPendingMs),
                    static_cast<long long>(figures.stallFinishingMs),
                    static_cast<long long>(figures.finishMs));
        pendingStalls.push_back(figures.stallPendingMs);
        finishingStalls.push_back(figures.stallFinishingMs);
        finishTimes.push_back(figures.finishMs);
        maxInFlight = std::max(maxInFlight, figures.trackerMaxInFlight);
        maxOpen = std::max(maxOpen, figures.serverMaxOpen);
    }
    std::printf("10,000 tracked futures, cap 6: max requests in flight %d (server saw %d open "
                "at once)\n",
                maxInFlight, maxOpen);
    std::printf("longest GUI-thread gap (5 ms probe), median of 3: %lld ms while polling, "
                "%lld ms while all finish\n",
                static_cast<long long>(median(pendingStalls)),
                static_cast<long long>(median(finishingStalls)));
    std::printf("time for 10,000 futures to finish once the server answers, median of 3: "
                "%lld ms\n",
                static_cast<long long>(median(finishTimes)));
    QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}

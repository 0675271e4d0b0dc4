#include "DashboardView.h"
#include "FutureStore.h"
#include "FutureTracker.h"
#include "HistoryChartView.h"
#include "HistoryCharts.h"
#include "HistoryRecorder.h"
#include "LaunchLocalFixture.h"
#include "MonitoringNotifier.h"
#include "PredictView.h"
#include "ProfileMonitor.h"

#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The dashboard against a real launch-local: an async prediction to a slow example model,
/// sent from the predict view, makes the pending count on the dashboard rise to one and fall
/// back to zero when it finishes. And the desktop notifications of the monitoring: a finished
/// future, an endpoint turning READY or UPDATE_FAILED, and the switch that turns them off.
class TestDashboard final : public QObject
{
    Q_OBJECT

private:
    static double lastValue(const HistoryChartView* chart, const QString& line)
    {
        const QList<QPointF> points = chart->drawnPoints(line);
        return points.isEmpty() ? -1 : points.last().y();
    }

    static ModelEndpoint endpoint(const QString& id, const QString& name, EndpointStatus status,
                                  const std::optional<QString>& reason = std::nullopt)
    {
        ModelEndpoint endpoint;
        endpoint.id = id;
        endpoint.name = name;
        endpoint.status = status;
        endpoint.statusReason = reason;
        return endpoint;
    }

    /// Adds a pending future to `store` and records its success, as the tracker would.
    static void finishFuture(FutureStore* store, const QString& taskId)
    {
        TrackedFuture future;
        future.taskId = taskId;
        future.endpointId = u"end-a"_s;
        future.endpointName = u"fraud-scorer"_s;
        future.submitted = QDateTime::currentDateTimeUtc();
        store->add(future);
        future.status = TaskStatus::Success;
        future.finished = QDateTime::currentDateTimeUtc();
        store->update(future);
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void resumedFuturesAreNotSampledUntilConfirmed()
    {
        // A future the file says is pending, from an earlier run: it may have finished long
        // ago, so until the server has answered for it the history records no pending count.
        ProfileMonitor monitor(u"stale"_s, m_dir.filePath(u"stale"_s));
        QCOMPARE(monitor.open(), QString());
        TrackedFuture future;
        future.taskId = u"task-from-before"_s;
        future.endpointId = u"end-a"_s;
        future.endpointName = u"fraud-scorer"_s;
        future.submitted = QDateTime::currentDateTimeUtc().addSecs(-600);
        monitor.futures()->add(future);
        monitor.tracker()->start(); // no client: nothing can confirm it
        QCOMPARE(monitor.tracker()->unconfirmedCount(), 1);
        HistoryRecorder* recorder = monitor.recorder();
        recorder->setMinimumIntervalMs(0);
        const qint64 t = QDateTime::currentMSecsSinceEpoch();
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready)}, t);
        HistoryStore* history = monitor.history();
        QVERIFY(history->series(u"end-a"_s, HistoryStore::Metric::PendingFutures, t - 1, t + 1)
                        .isEmpty());
        // The server answers for it (it does not know the task): the true count is recorded.
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        LaunchClient client(server.settings());
        monitor.tracker()->setClient(&client);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.tracker()->unconfirmedCount(), 0, 10'000);
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready)},
                         t + 10'000);
        const QList<QPointF> pending = history->series(
                u"end-a"_s, HistoryStore::Metric::PendingFutures, t - 1, t + 10'001);
        QCOMPARE(pending, QList<QPointF>{QPointF(double(t + 10'000), 0.0)});
    }

    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void workersTileCountsWorkersNotCores()
    {
        // Three workers of half a CPU and one of a whole one on a 2-core machine, and a GPU
        // endpoint: the tile counts workers, and names the kind of worker, not "CPU".
        const auto withWorkers = [](const QString& id, double cpus, int workers, int gpus) {
            ModelEndpoint e = endpoint(id, id, EndpointStatus::Ready);
            DeploymentState deployment;
            deployment.availableWorkers = workers;
            deployment.unavailableWorkers = gpus > 0 ? 1 : 0;
            e.deploymentState = deployment;
            ResourceState resources;
            resources.cpus = Quantity::fromNumber(cpus);
            resources.gpus = gpus;
            if (gpus > 0) {
                resources.gpuType = GpuType::fromString(u"nvidia-tesla-t4"_s);
            }
            e.resourceState = resources;
            return e;
        };
        DashboardView dashboard;
        dashboard.setEndpoints({withWorkers(u"half"_s, 0.5, 3, 0), withWorkers(u"one"_s, 1, 1, 0),
                                withWorkers(u"gpu"_s, 4, 1, 1)});
        const QString text = dashboard.tileText(u"workers"_s);
        const QString t4 = GpuType::fromString(u"nvidia-tesla-t4"_s).displayName();
        QCOMPARE(text, u"5 of 6\nwith %1: 1 of 2 · without GPU: 4 of 4"_s.arg(t4));
        QVERIFY(!text.contains(u"CPU"_s));
    }

    void tilesSayNotConnectedUntilTheServerAnswers()
    {
        // Before the first refresh (or with a wrong key, or no server), zeros would say the
        // server has no endpoints and no workers.
        DashboardView dashboard;
        for (const QString& tile : {u"endpoints"_s, u"workers"_s, u"queued"_s}) {
            QCOMPARE(dashboard.tileText(tile), u"—\nnot connected"_s);
        }
        dashboard.setEndpoints({});
        QCOMPARE(dashboard.tileText(u"endpoints"_s), u"0\n"_s);
        QCOMPARE(dashboard.tileText(u"workers"_s), u"0 of 0\n"_s);
        QCOMPARE(dashboard.tileText(u"queued"_s), u"0\nas the server reports them"_s);
        // A refresh fails, or another client takes over: not known again until it answers.
        dashboard.setServerAnswered(false);
        QCOMPARE(dashboard.tileText(u"workers"_s), u"—\nnot connected"_s);
        dashboard.setEndpoints({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready)});
        QCOMPARE(dashboard.tileText(u"endpoints"_s), u"1\n1 ready"_s);
        // Another profile: its server has not answered yet.
        ProfileMonitor monitor(u"other"_s, m_dir.filePath(u"other"_s));
        QCOMPARE(monitor.open(), QString());
        dashboard.setMonitor(&monitor);
        QCOMPARE(dashboard.tileText(u"endpoints"_s), u"—\nnot connected"_s);
        dashboard.setMonitor(nullptr);
    }

    void newEndpointsAreShownOnTheCharts()
    {
        const auto checked = [](const DashboardView& dashboard) {
            QStringList names;
            const auto* list = dashboard.findChild<QListWidget*>(u"dashboardLines"_s);
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->checkState() == Qt::Checked) {
                    names.append(list->item(i)->text());
                }
            }
            return names;
        };
        QList<ModelEndpoint> endpoints;
        for (int i = 1; i <= 5; ++i) {
            endpoints.append(endpoint(u"end-%1"_s.arg(i), u"e%1"_s.arg(i), EndpointStatus::Ready));
        }
        DashboardView dashboard;
        dashboard.setEndpoints(endpoints);
        const QString total = HistoryCharts::totalLineName();
        // Of those there at first, a few lines.
        QCOMPARE(checked(dashboard), (QStringList{total, u"e1"_s, u"e2"_s, u"e3"_s, u"e4"_s}));
        // One created while the console looks is shown...
        endpoints.append(endpoint(u"end-6"_s, u"e6"_s, EndpointStatus::UpdatePending));
        dashboard.setEndpoints(endpoints);
        QCOMPARE(checked(dashboard),
                 (QStringList{total, u"e1"_s, u"e2"_s, u"e3"_s, u"e4"_s, u"e6"_s}));
        // ...unless the person unticks it, and then it stays so.
        auto* list = dashboard.findChild<QListWidget*>(u"dashboardLines"_s);
        list->item(list->count() - 1)->setCheckState(Qt::Unchecked);
        endpoints.append(endpoint(u"end-7"_s, u"e7"_s, EndpointStatus::UpdatePending));
        dashboard.setEndpoints(endpoints);
        QCOMPARE(checked(dashboard),
                 (QStringList{total, u"e1"_s, u"e2"_s, u"e3"_s, u"e4"_s, u"e7"_s}));
        // The list shows each drawn line's colour beside its name, in the charts' order; an
        // unticked name has none.
        int drawn = 0;
        for (int row = 0; row < list->count(); ++row) {
            const QListWidgetItem* item = list->item(row);
            const QImage swatch = item->icon().pixmap(list->iconSize()).toImage();
            QVERIFY(!swatch.isNull());
            const QColor middle = swatch.pixelColor(swatch.width() / 2, swatch.height() / 2);
            if (item->checkState() == Qt::Checked) {
                QCOMPARE(middle.rgb(), HistoryChartView::lineColour(drawn).rgb());
                ++drawn;
            } else {
                QCOMPARE(middle.alpha(), 0);
            }
        }
        QCOMPARE(drawn, 6);
    }

    void failuresTileSpeaksOnlyOfWhatItCounts()
    {
        // An endpoint that failed to update is not a failure this console sent: the
        // Failures tile counts none and says nothing of it; the Endpoints tile names it.
        DashboardView dashboard;
        dashboard.setEndpoints({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready),
                                endpoint(u"end-b"_s, u"image-tagger"_s,
                                         EndpointStatus::UpdateFailed, u"out of memory"_s)});
        QCOMPARE(dashboard.tileText(u"failures"_s),
                 u"0\n0 futures and 0 sync predictions failed, of those this console sent"_s);
        QCOMPARE(dashboard.tileText(u"endpoints"_s), u"2\n1 failed · 1 ready"_s);
    }

    void notificationSwitchIsKeptInTheConsoleSettings()
    {
        const QString file = m_dir.filePath(u"switch.conf"_s);
        {
            QSettings settings(file, QSettings::IniFormat);
            MonitoringNotifier notifier(settings);
            QVERIFY(notifier.isEnabled());
            notifier.setEnabled(false);
        }
        QSettings settings(file, QSettings::IniFormat);
        QCOMPARE(settings.value(u"monitoring/notifications"_s).toBool(), false);
        MonitoringNotifier again(settings);
        QVERIFY(!again.isEnabled());
    }

    void endpointTurningReadyOrFailedIsNotifiedUnlessTurnedOff()
    {
        ProfileMonitor monitor(u"notify"_s, m_dir.filePath(u"notify"_s));
        QCOMPARE(monitor.open(), QString());
        QSettings settings(m_dir.filePath(u"notify.conf"_s), QSettings::IniFormat);
        MonitoringNotifier notifier(settings);
        QVERIFY(notifier.isEnabled());
        notifier.setMonitor(&monitor);
        HistoryRecorder* recorder = monitor.recorder();
        const QString reason =
                u"resources do not fit: each worker asks for 64 CPUs and this computer has 2"_s;

        // The first refresh only learns the statuses: nothing has changed yet.
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::UpdatePending),
                          endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::Ready)});
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::UpdateInProgress),
                          endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::Ready)});
        QCOMPARE(notifier.messageCount(), 0);

        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready),
                          endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::Ready)});
        QCOMPARE(notifier.messageCount(), 1);
        QVERIFY2(notifier.lastMessage().contains(u"fraud-scorer"_s),
                 qPrintable(notifier.lastMessage()));
        QVERIFY2(notifier.lastMessage().contains(u"ready"_s), qPrintable(notifier.lastMessage()));

        recorder->record(
                {endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready),
                 endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::UpdateFailed, reason)});
        QCOMPARE(notifier.messageCount(), 2);
        QVERIFY2(notifier.lastMessage().contains(u"image-tagger"_s),
                 qPrintable(notifier.lastMessage()));
        QVERIFY2(notifier.lastMessage().contains(reason), qPrintable(notifier.lastMessage()));

        // Without a reason from the server the endpoint is still named.
        recorder->record(
                {endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::UpdateFailed),
                 endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::UpdateFailed, reason)});
        QCOMPARE(notifier.messageCount(), 3);
        QVERIFY2(notifier.lastMessage().contains(u"fraud-scorer"_s),
                 qPrintable(notifier.lastMessage()));
        const QString lastShown = notifier.lastMessage();

        // Turned off: the same changes, and a finished prediction, show nothing.
        notifier.setEnabled(false);
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready),
                          endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::Ready)});
        recorder->record(
                {endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::UpdateFailed, reason),
                 endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::Ready)});
        finishFuture(monitor.futures(), u"task-off"_s);
        QCOMPARE(notifier.messageCount(), 3);
        QCOMPARE(notifier.lastMessage(), lastShown);

        // The switch is kept: a notifier made later, as at the next start of the console,
        // stays silent too.
        MonitoringNotifier later(settings);
        QVERIFY(!later.isEnabled());
        later.setMonitor(&monitor);
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready),
                          endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::UpdateFailed)});
        finishFuture(monitor.futures(), u"task-later"_s);
        QCOMPARE(later.messageCount(), 0);
        QVERIFY(later.lastMessage().isEmpty());

        // Turned on again, a change is shown at once.
        later.setEnabled(true);
        recorder->record({endpoint(u"end-a"_s, u"fraud-scorer"_s, EndpointStatus::Ready),
                          endpoint(u"end-b"_s, u"image-tagger"_s, EndpointStatus::Ready)});
        QCOMPARE(later.messageCount(), 1);
        QVERIFY2(later.lastMessage().contains(u"image-tagger"_s), qPrintable(later.lastMessage()));
    }

    void pendingCountRisesAndFalls()
    {
        LaunchLocalFixture server;
        const QString started = server.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString error;
        const QString endpointId = server.createEndpoint(u"slow-echo"_s, u"ASYNC"_s, &error);
        QVERIFY2(!endpointId.isEmpty(), qPrintable(error));

        ProfileMonitor monitor(u"This computer"_s, m_dir.path());
        QCOMPARE(monitor.open(), QString());
        LaunchClient client(server.settings());
        FutureTracker::Options options;
        options.firstDelayMs = 200;
        options.maxDelayMs = 400;
        monitor.tracker()->setOptions(options);
        monitor.setClient(&client);
        monitor.recorder()->setMinimumIntervalMs(0);

        DashboardView dashboard;
        PredictView predict;
        QSettings settings(m_dir.filePath(u"launch-console.conf"_s), QSettings::IniFormat);
        MonitoringNotifier notifier(settings);
        notifier.setEnabled(true);
        dashboard.setMonitor(&monitor);
        predict.setMonitor(&monitor);
        notifier.setMonitor(&monitor);
        connect(monitor.recorder(), &HistoryRecorder::endpointsRefreshed, this, [&] {
            dashboard.setEndpoints(monitor.recorder()->endpoints());
            predict.setEndpoints(monitor.recorder()->endpoints());
        });
        dashboard.charts()->setRange(HistoryCharts::Range::FiveMinutes);
        dashboard.resize(1200, 800);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        monitor.recorder()->startPolling(&client, 150);

        HistoryChartView* pending = dashboard.charts()->pendingChart();
        const QString total = HistoryCharts::totalLineName();
        QTRY_COMPARE_WITH_TIMEOUT(lastValue(pending, total), 0.0, 10'000);
        QVERIFY(dashboard.tileText(u"endpoints"_s).startsWith(u"1\n1 ready"_s));

        QCOMPARE(predict.currentEndpointId(), endpointId);
        predict.argsEditor()->setPlainText(u"{\"sleep_ms\": 2500, \"text\": \"slow\"}"_s);
        QVERIFY2(predict.validationLabel()->text() == PredictView::tr("Ready to send."),
                 qPrintable(predict.validationLabel()->text()));
        QSignalSpy submitted(&predict, &PredictView::futureSubmitted);
        predict.send();
        QVERIFY(submitted.wait(10'000));

        // Rises: the chart's total and the endpoint's own line show the pending future.
        QTRY_COMPARE_WITH_TIMEOUT(lastValue(pending, total), 1.0, 10'000);
        QCOMPARE(lastValue(pending, u"slow-echo"_s), 1.0);
        QTRY_VERIFY(dashboard.tileText(u"pending"_s).startsWith(u"1\n"_s));
        // Falls once the model answered and the tracker saw it.
        QTRY_COMPARE_WITH_TIMEOUT(lastValue(pending, total), 0.0, 20'000);
        QTRY_VERIFY(dashboard.tileText(u"pending"_s).startsWith(u"0\n"_s));
        const FutureStore* futures = monitor.futures();
        QCOMPARE(futures->count(), 1);
        QCOMPARE(futures->at(0).status, TaskStatus(TaskStatus::Success));
        QVERIFY2(notifier.lastMessage().contains(futures->at(0).taskId),
                 qPrintable(notifier.lastMessage()));
        // The series went 0 -> 1 -> 0.
        const QList<QPointF> points = pending->drawnPoints(total);
        const auto peak = std::find_if(points.cbegin(), points.cend(),
                                       [](const QPointF& p) { return p.y() == 1.0; });
        QVERIFY(peak != points.cend());
        QVERIFY(peak != points.cbegin());
        QCOMPARE(points.first().y(), 0.0);
        // Hovering over the peak reads it back.
        QVERIFY(pending->textAt(peak->x()).contains(total % u": 1"_s));
        monitor.recorder()->stopPolling();
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"

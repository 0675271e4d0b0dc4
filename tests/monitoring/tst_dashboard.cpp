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
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The dashboard against a real launch-local: an async prediction to a slow example model,
/// sent from the predict view, makes the pending count on the dashboard rise to one and fall
/// back to zero when it finishes.
class TestDashboard final : public QObject
{
    Q_OBJECT

private:
    static double lastValue(const HistoryChartView* chart, const QString& line)
    {
        const QList<QPointF> points = chart->drawnPoints(line);
        return points.isEmpty() ? -1 : points.last().y();
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
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

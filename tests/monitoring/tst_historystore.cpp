#include "HistoryStore.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// History kept in a real SQLite file: what charts get back, ageing into coarser buckets,
/// retention, and surviving a reopen.
class TestHistoryStore final : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 s_hour = 60 * 60 * 1000;
    static constexpr qint64 s_now = 1'800'000'000'000; // a fixed time, a whole hour

    static HistorySample sample(const QString& id, qint64 t, double pending, double queued)
    {
        HistorySample s;
        s.endpointId = id;
        s.endpointName = u"name-"_s + id;
        s.timeMs = t;
        s.status = u"READY"_s;
        s.availableWorkers = 2;
        s.unavailableWorkers = 0;
        s.queuedItems = queued;
        s.pendingFutures = pending;
        return s;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void seriesPerEndpointAndTotal()
    {
        HistoryStore store(m_dir.filePath(u"series.sqlite"_s));
        QCOMPARE(store.open(), QString());
        for (int i = 0; i < 6; ++i) {
            const qint64 t = s_now - 60'000 + i * 10'000;
            QVERIFY(store.append({sample(u"a"_s, t, i, 1), sample(u"b"_s, t, 10, 2)}));
        }
        const QList<QPointF> a =
                store.series(u"a"_s, HistoryStore::Metric::PendingFutures, s_now - s_hour, s_now);
        QCOMPARE(a.size(), 6);
        QCOMPARE(a.first(), QPointF(double(s_now - 60'000), 0.0));
        QCOMPARE(a.last().y(), 5.0);
        const QList<QPointF> total =
                store.series({}, HistoryStore::Metric::PendingFutures, s_now - s_hour, s_now);
        QCOMPARE(total.size(), 6);
        QCOMPARE(total.at(3).y(), 13.0);
        const QList<QPointF> queued =
                store.series({}, HistoryStore::Metric::QueuedItems, s_now - s_hour, s_now);
        QCOMPARE(queued.at(0).y(), 3.0);
        // A range that ends before the samples gets nothing.
        QVERIFY(store.series(u"a"_s, HistoryStore::Metric::PendingFutures, 0, s_now - s_hour)
                        .isEmpty());
        const QList<HistoryStore::Endpoint> endpoints = store.endpoints(0, s_now);
        QCOMPARE(endpoints.size(), 2);
        QCOMPARE(endpoints.at(1).name, u"name-b"_s);
    }

    void unknownValuesAreLeftOut()
    {
        HistoryStore store(m_dir.filePath(u"nulls.sqlite"_s));
        QCOMPARE(store.open(), QString());
        HistorySample s = sample(u"a"_s, s_now, 1, 0);
        s.queuedItems = qQNaN();
        QVERIFY(store.append({s}));
        QVERIFY(store.series(u"a"_s, HistoryStore::Metric::QueuedItems, 0, s_now).isEmpty());
        QCOMPARE(store.series(u"a"_s, HistoryStore::Metric::PendingFutures, 0, s_now).size(), 1);
    }

    void compactionAgesRawIntoMinutesThenTenMinutes()
    {
        HistoryStore store(m_dir.filePath(u"compact.sqlite"_s));
        QCOMPARE(store.open(), QString());
        // Two days of samples every 10 s, pending counting 0..5 within each minute.
        const qint64 start = s_now - 48 * s_hour;
        QList<HistorySample> batch;
        for (qint64 t = start; t < s_now; t += 10'000) {
            batch.append(sample(u"a"_s, t, double((t / 10'000) % 6), 4));
        }
        QVERIFY(store.append(batch));
        QCOMPARE(store.rowCount(0), int(48 * 360));
        store.compact(s_now);
        QCOMPARE(store.rowCount(0), 360);     // the last hour stays raw
        QCOMPARE(store.rowCount(1), 23 * 60); // one-minute buckets up to a day
        QCOMPARE(store.rowCount(2), 24 * 6);  // ten-minute buckets beyond
        // A minute bucket averages 0..5 and remembers the peak.
        const qint64 twoHoursAgo = s_now - 2 * s_hour;
        const QList<QPointF> avg = store.series(u"a"_s, HistoryStore::Metric::PendingFutures,
                                                twoHoursAgo, twoHoursAgo + 59'999);
        QCOMPARE(avg.size(), 1);
        QCOMPARE(avg.first().y(), 2.5);
        const QList<QPointF> peak =
                store.series(u"a"_s, HistoryStore::Metric::PendingFutures, twoHoursAgo,
                             twoHoursAgo + 59'999, HistoryStore::Aggregate::Maximum);
        QCOMPARE(peak.first().y(), 5.0);
        // The whole range reads across the tiers, in time order, with the finest data kept.
        const QList<QPointF> all =
                store.series(u"a"_s, HistoryStore::Metric::QueuedItems, start, s_now);
        QCOMPARE(all.size(), 360 + 23 * 60 + 24 * 6);
        for (qsizetype i = 1; i < all.size(); ++i) {
            QVERIFY(all[i].x() > all[i - 1].x());
            QCOMPARE(all[i].y(), 4.0);
        }
        // Compacting again changes nothing.
        store.compact(s_now);
        QCOMPARE(store.rowCount(1), 23 * 60);
    }

    void retentionDropsOldSamples()
    {
        HistoryStore store(m_dir.filePath(u"retention.sqlite"_s));
        QCOMPARE(store.open(), QString());
        HistoryStore::Policy policy;
        policy.retentionMs = 3 * 24 * s_hour;
        store.setPolicy(policy);
        QVERIFY(store.append({sample(u"a"_s, s_now - 5 * 24 * s_hour, 1, 1)}));
        QVERIFY(store.append({sample(u"a"_s, s_now - 2 * 24 * s_hour, 2, 1)}));
        QVERIFY(store.append({sample(u"a"_s, s_now - 1000, 3, 1)}));
        store.compact(s_now);
        const QList<QPointF> kept =
                store.series(u"a"_s, HistoryStore::Metric::PendingFutures, 0, s_now);
        QCOMPARE(kept.size(), 2);
        QCOMPARE(kept.first().y(), 2.0);
    }

    void survivesReopen()
    {
        const QString path = m_dir.filePath(u"reopen.sqlite"_s);
        {
            HistoryStore store(path);
            QCOMPARE(store.open(), QString());
            QVERIFY(store.append({sample(u"a"_s, s_now, 7, 1)}));
        }
        HistoryStore store(path);
        QCOMPARE(store.open(), QString());
        const QList<QPointF> points =
                store.series(u"a"_s, HistoryStore::Metric::PendingFutures, 0, s_now);
        QCOMPARE(points.size(), 1);
        QCOMPARE(points.first().y(), 7.0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"

#include "EndpointFilterProxy.h"
#include "EndpointFixtures.h"
#include "EndpointTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace EndpointFixtures;

/// The endpoint table: incremental apply by id, display text versus raw sort values, filters.
class TestEndpointTableModel : public QObject
{
    Q_OBJECT
private:
    struct Spies
    {
        explicit Spies(EndpointTableModel* m)
            : changed(m, &QAbstractItemModel::dataChanged)
            , inserted(m, &QAbstractItemModel::rowsInserted)
            , removed(m, &QAbstractItemModel::rowsRemoved)
            , reset(m, &QAbstractItemModel::modelReset)
            , layout(m, &QAbstractItemModel::layoutChanged)
        {}
        int total() const
        {
            return int(changed.size() + inserted.size() + removed.size() + reset.size() +
                       layout.size());
        }
        QSignalSpy changed, inserted, removed, reset, layout;
    };

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void passesModelTester()
    {
        EndpointTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        EndpointFilterProxy proxy;
        proxy.setEndpointModel(&model);
        proxy.sort(EndpointTableModel::Memory);
        QAbstractItemModelTester proxyTester(
                &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.apply(endpoints(50));
        QList<ModelEndpoint> next = endpoints(60).mid(5);
        next[10].status = EndpointStatus::UpdateFailed;
        model.apply(next);
        proxy.setFilterText(u"team=infra"_s);
        model.apply(endpoints(20));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void reapplyingSameListEmitsNothing()
    {
        EndpointTableModel model;
        model.apply(endpoints(200));
        Spies spies(&model);
        model.apply(endpoints(200));
        QCOMPARE(spies.total(), 0);
    }

    void changedRowsOnlyGetDataChanged()
    {
        EndpointTableModel model;
        model.apply(endpoints(100));
        QList<ModelEndpoint> next = endpoints(100);
        next[10].status = EndpointStatus::UpdateFailed;
        next[11].numQueuedItems = 99;
        next[50].labels.insert(u"stage"_s, u"prod"_s);
        Spies spies(&model);
        model.apply(next);
        QCOMPARE(spies.inserted.size(), 0);
        QCOMPARE(spies.removed.size(), 0);
        QCOMPARE(spies.changed.size(), 2); // rows 10-11 as one range, row 50
        QCOMPARE(spies.changed.at(0).at(0).toModelIndex().row(), 10);
        QCOMPARE(spies.changed.at(0).at(1).toModelIndex().row(), 11);
        QCOMPARE(spies.changed.at(1).at(0).toModelIndex().row(), 50);
        QCOMPARE(spies.changed.at(1).at(1).toModelIndex().column(),
                 int(EndpointTableModel::ColumnCount) - 1);
        QCOMPARE(model.data(model.index(10, EndpointTableModel::Status)).toString(),
                 EndpointStatus(EndpointStatus::UpdateFailed).displayName());
    }

    void newAndGoneRowsAreInsertedAndRemoved()
    {
        EndpointTableModel model;
        model.apply(endpoints(10));
        QList<ModelEndpoint> next = endpoints(10);
        next.removeAt(3);
        next.removeAt(3); // ids 3 and 4 gone
        next.append(endpoint(42));
        Spies spies(&model);
        model.apply(next);
        QCOMPARE(spies.removed.size(), 1);
        QCOMPARE(spies.removed.at(0).at(1).toInt(), 3);
        QCOMPARE(spies.removed.at(0).at(2).toInt(), 4);
        QCOMPARE(spies.inserted.size(), 1);
        QCOMPARE(spies.changed.size(), 0);
        QCOMPARE(model.rowCount(), 9);
        QCOMPARE(model.rowOf(u"end_000042"_s), 8);
        QCOMPARE(model.rowOf(u"end_000005"_s), 3);
        QCOMPARE(model.rowOf(u"end_000003"_s), -1);
    }

    void displayTextAndRawSortValues()
    {
        EndpointTableModel model;
        ModelEndpoint big = endpoint(1, u"big"_s);
        big.resourceState->memory = *Quantity::parse(u"2Gi"_s);
        ModelEndpoint small = endpoint(2, u"small"_s);
        small.resourceState->memory = *Quantity::parse(u"900Mi"_s);
        model.apply({big, small});
        const QModelIndex bigMemory = model.index(0, EndpointTableModel::Memory);
        QCOMPARE(bigMemory.data().toString(), u"2 GiB"_s);
        QCOMPARE(bigMemory.data(EndpointTableModel::SortRole).toDouble(), 2147483648.0);
        EndpointFilterProxy proxy;
        proxy.setEndpointModel(&model);
        proxy.sort(EndpointTableModel::Memory, Qt::AscendingOrder);
        // By text "2 GiB" < "900 MiB"; by value 900 MiB comes first.
        QCOMPARE(proxy.index(0, EndpointTableModel::Name).data().toString(), u"small"_s);
        QCOMPARE(model.index(0, EndpointTableModel::Workers).data().toString(), u"1 of 1–2"_s);
    }

    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");
        QTest::newRow("all") << QString() << 20;
        QTest::newRow("name word") << u"endpoint-1"_s << 11; // 1, 10..19
        QTest::newRow("bundle") << u"bundle-3"_s << 3;       // 3, 10, 17
        QTest::newRow("label value word") << u"infra"_s << 10;
        QTest::newRow("label filter") << u"team=ml"_s << 10;
        QTest::newRow("two label filters") << u"team=ml product=p0"_s << 5;
        QTest::newRow("label key only") << u"product="_s << 20;
        QTest::newRow("unknown label") << u"stage=prod"_s << 0;
        QTest::newRow("case insensitive") << u"ENDPOINT-19"_s << 1;
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        EndpointTableModel model;
        model.apply(endpoints(20));
        EndpointFilterProxy proxy;
        proxy.setEndpointModel(&model);
        proxy.setFilterText(text);
        QCOMPARE(proxy.rowCount(), expected);
    }

    void headersSayWhatTheShortTitlesMean()
    {
        EndpointTableModel model;
        const QString perWorker =
                model.headerData(EndpointTableModel::PerWorker, Qt::Horizontal, Qt::ToolTipRole)
                        .toString();
        QVERIFY2(perWorker.contains(u"per_worker"_s) && perWorker.contains(u"at a time"_s),
                 qPrintable(perWorker));
        QVERIFY(model.headerData(EndpointTableModel::Cpus, Qt::Horizontal, Qt::ToolTipRole)
                        .toString()
                        .contains(u"each worker"_s));
    }

    void quotedLabelValueMayHoldSpaces()
    {
        QList<ModelEndpoint> list = endpoints(3);
        list[0].labels.insert(u"group"_s, u"ml ops"_s);
        list[1].labels.insert(u"group"_s, u"ml"_s);
        list[2].labels.insert(u"owner"_s, u"o'neil"_s);
        EndpointTableModel model;
        model.apply(list);
        EndpointFilterProxy proxy;
        proxy.setEndpointModel(&model);
        proxy.setFilterText(u"group=\"ml ops\""_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, EndpointTableModel::Name).data().toString(), list.at(0).name);
        proxy.setFilterText(u"group='ml ops'"_s);
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText(u"group=ml"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, EndpointTableModel::Name).data().toString(), list.at(1).name);
        // A quote left open is a plain character.
        proxy.setFilterText(u"owner=o'neil"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, EndpointTableModel::Name).data().toString(), list.at(2).name);
    }

    void statusAndTypeFilters()
    {
        EndpointTableModel model;
        model.apply(endpoints(20));
        EndpointFilterProxy proxy;
        proxy.setEndpointModel(&model);
        proxy.setStatusFilter(EndpointStatus::UpdateInProgress);
        QCOMPARE(proxy.rowCount(), 4); // 0, 5, 10, 15
        proxy.setTypeFilter(EndpointType::Sync);
        QCOMPARE(proxy.rowCount(), 2); // 0, 15
        proxy.setStatusFilter(std::nullopt);
        proxy.setTypeFilter(std::nullopt);
        QCOMPARE(proxy.rowCount(), 20);
    }
};

QTEST_GUILESS_MAIN(TestEndpointTableModel)
#include "tst_endpointtablemodel.moc"

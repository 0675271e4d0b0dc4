#include "EndpointFixtures.h"
#include "EndpointTableModel.h"
#include "EndpointsView.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

/// The endpoint table: its columns fit what they show as the endpoints change, and the empty
/// table says why it is empty.
class TestEndpointsView : public QObject
{
    Q_OBJECT
private:
    static ModelEndpoint withWorkers(int available, int min, int max)
    {
        ModelEndpoint e = EndpointFixtures::endpoint(1, u"gui-sync"_s);
        e.deploymentState->availableWorkers = available;
        e.deploymentState->minWorkers = min;
        e.deploymentState->maxWorkers = max;
        return e;
    }

    // Whether the column is wide enough for its cell's text, as the view measures it.
    static bool fits(const QTableView* table, int column)
    {
        const QAbstractItemView* view = table; // sizeHintForColumn is public here
        return table->columnWidth(column) >= view->sizeHintForColumn(column);
    }

    // The width the labels column shows in, from its start to the view's right edge.
    static int labelsRoom(const QTableView* table)
    {
        const int start =
                table->horizontalHeader()->sectionViewportPosition(EndpointTableModel::Labels);
        return table->viewport()->width() - start;
    }

    // What the table says while it shows no rows; empty while it shows some.
    static QString emptyText(const EndpointsView& view)
    {
        const auto* hint = view.findChild<QLabel*>(u"endpointEmptyHint"_s);
        return hint && hint->isVisible() ? hint->text() : QString();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void filterThatMatchesNothingSaysHowToClearIt()
    {
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(emptyText(view), u"No endpoints yet. Press Ctrl+N to create one."_s);
        view.applyEndpoints({EndpointFixtures::endpoint(1, u"alpha"_s),
                             EndpointFixtures::endpoint(2, u"beta"_s)});
        QCOMPARE(emptyText(view), QString());
        view.filterEdit()->setText(u"no-such-endpoint"_s);
        QCOMPARE(view.table()->model()->rowCount(), 0);
        QCOMPARE(emptyText(view), u"No endpoints match the filter. To show all 2 endpoints, "
                                  "clear the filter box."_s);
        // The hint names each filter in use.
        auto* status = view.findChild<QComboBox*>(u"statusFilter"_s);
        status->setCurrentIndex(status->findData(int(EndpointStatus::UpdateFailed)));
        QCOMPARE(emptyText(view), u"No endpoints match the filter. To show all 2 endpoints, "
                                  "clear the filter box and choose Any status."_s);
        view.filterEdit()->clear();
        view.applyEndpoints({EndpointFixtures::endpoint(1, u"alpha"_s),
                             EndpointFixtures::endpoint(2, u"beta"_s),
                             EndpointFixtures::endpoint(3, u"gamma"_s)});
        QCOMPARE(emptyText(view), u"No endpoints match the filter. To show all 3 endpoints, "
                                  "choose Any status."_s);
        status->setCurrentIndex(0);
        view.filterEdit()->setText(u"alpha"_s);
        QCOMPARE(view.table()->model()->rowCount(), 1);
        QCOMPARE(emptyText(view), QString());
        // The server's own emptiness still says what it says.
        view.filterEdit()->setText(u"zzz"_s);
        view.applyEndpoints({});
        view.setEmptyText(u"Connecting to this computer's server…"_s);
        QCOMPARE(emptyText(view), u"Connecting to this computer's server…"_s);
    }

    void workersColumnGrowsWhenARowChanges()
    {
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.applyEndpoints({withWorkers(3, 3, 3)});
        const int column = EndpointTableModel::Workers;
        const QModelIndex cell = view.table()->model()->index(0, column);
        QCOMPARE(cell.data().toString(), u"3 of 3"_s);
        QVERIFY(fits(view.table(), column));
        // Scaled up elsewhere: the same row now reads "3 of 3–999".
        view.applyEndpoints({withWorkers(3, 3, 999)});
        QCOMPARE(cell.data().toString(), u"3 of 3–999"_s);
        QVERIFY2(fits(view.table(), column),
                 qPrintable(u"%1 px wide for \"%2\""_s.arg(view.table()->columnWidth(column))
                                    .arg(cell.data().toString())));
    }

    void statusColumnGrowsWhenAnEndpointStartsUpdating()
    {
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ModelEndpoint e = EndpointFixtures::endpoint(1, u"gui-sync"_s);
        e.status = EndpointStatus::Ready;
        view.applyEndpoints({e});
        const int column = EndpointTableModel::Status;
        const int readyWidth = view.table()->columnWidth(column);
        QVERIFY(fits(view.table(), column));
        // Edited elsewhere: the longer status still shows whole.
        e.status = EndpointStatus::UpdateInProgress;
        view.applyEndpoints({e});
        const QModelIndex cell = view.table()->model()->index(0, column);
        QCOMPARE(cell.data().toString(),
                 EndpointStatus(EndpointStatus::UpdateInProgress).displayName());
        QVERIFY2(fits(view.table(), column),
                 qPrintable(u"%1 px wide for \"%2\""_s.arg(view.table()->columnWidth(column))
                                    .arg(cell.data().toString())));
        QVERIFY(view.table()->columnWidth(column) > readyWidth);
    }

    void aDeletedEndpointLeavesNothingSelected()
    {
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QList<ModelEndpoint> three = EndpointFixtures::endpoints(3);
        view.applyEndpoints(three);
        QVERIFY(view.selectEndpoint(three.at(1).id));
        QCOMPARE(view.selectedEndpoint()->id, three.at(1).id);
        // Gone at the next refresh: no other endpoint takes its place under the selection.
        view.applyEndpoints({three.at(0), three.at(2)});
        QVERIFY2(!view.selectedEndpoint().has_value(),
                 qPrintable(view.selectedEndpoint() ? view.selectedEndpoint()->name : QString()));
        // Another endpoint going while one is selected leaves that selection alone.
        QVERIFY(view.selectEndpoint(three.at(0).id));
        view.applyEndpoints({three.at(0)});
        QCOMPARE(view.selectedEndpoint()->id, three.at(0).id);
    }

    void longNamesLeaveRoomForTheLabels()
    {
        // The window a 1280-pixel screen gives, with the details pane at its first width.
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ModelEndpoint e =
                EndpointFixtures::endpoint(1, u"sentiment-classifier-production-eu-west"_s);
        e.labels = {{u"team"_s, u"nlp"_s}, {u"env"_s, u"prod"_s}};
        view.applyEndpoints({e});
        const QTableView* table = view.table();
        QVERIFY2(labelsRoom(table) >= 100,
                 qPrintable(u"%1 px left for the labels"_s.arg(labelsRoom(table))));
        // The name gave way but still shows a good part of itself, and is whole in its tooltip.
        QVERIFY(!fits(table, EndpointTableModel::Name));
        QVERIFY(table->columnWidth(EndpointTableModel::Name) >= 120);
        const QModelIndex name = table->model()->index(0, EndpointTableModel::Name);
        QCOMPARE(name.data(Qt::ToolTipRole).toString(), e.name);
        // The labels fill what is left, and nothing hides behind a scroll bar.
        QTRY_COMPARE(table->horizontalScrollBar()->maximum(), 0);
    }

    void longBundleAndGpuNamesLeaveRoomForTheLabels()
    {
        // What the README's screenshot shows: an A100 endpoint of a long-named bundle among
        // short ones, in the window a 1280-pixel screen gives.
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ModelEndpoint e = EndpointFixtures::endpoint(1, u"llm-a100"_s);
        e.bundleName = u"sentiment-classifier-multilingual"_s;
        e.resourceState->gpus = 1;
        e.resourceState->gpuType = GpuType::NvidiaAmpereA100;
        e.labels = {{u"team"_s, u"research"_s}, {u"stage"_s, u"dev"_s}};
        view.applyEndpoints({e, EndpointFixtures::endpoint(2, u"sentiment-prod"_s)});
        const QTableView* table = view.table();
        QVERIFY2(labelsRoom(table) >= 100,
                 qPrintable(u"%1 px left for the labels"_s.arg(labelsRoom(table))));
        // The name stays whole; the bundle gave way, whole in its tooltip. The GPU column names
        // the model, its tooltip the maker too.
        QVERIFY(fits(table, EndpointTableModel::Name));
        QVERIFY(table->columnWidth(EndpointTableModel::Bundle) >= 90);
        const QModelIndex bundle = table->model()->index(0, EndpointTableModel::Bundle);
        QCOMPARE(bundle.data(Qt::ToolTipRole).toString(), e.bundleName);
        const QModelIndex gpus = table->model()->index(0, EndpointTableModel::Gpus);
        QCOMPARE(gpus.data().toString(), u"1 × A100"_s);
        QCOMPARE(gpus.data(Qt::ToolTipRole).toString(), u"1 × NVIDIA A100"_s);
        QTRY_COMPARE(table->horizontalScrollBar()->maximum(), 0);
    }

    void aHugeAmountDoesNotPushTheOtherColumnsAway()
    {
        EndpointsView view;
        view.resize(1280, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ModelEndpoint huge = EndpointFixtures::endpoint(1, u"huge-memory"_s);
        huge.resourceState->memory = *Quantity::parse(u"99999999999999999999999Ei"_s);
        huge.labels = {{u"team"_s, u"nlp"_s}};
        const ModelEndpoint usual = EndpointFixtures::endpoint(2, u"usual"_s);
        view.applyEndpoints({huge, usual});
        const QTableView* table = view.table();
        const QAbstractItemModel* model = table->model();
        const auto rowOf = [model](const QString& name) {
            for (int row = 0; row < model->rowCount(); ++row) {
                if (model->index(row, EndpointTableModel::Name).data() == name) {
                    return row;
                }
            }
            return -1;
        };
        // The usual amount shows whole; the huge one is elided, and whole in its tooltip.
        const QModelIndex usualMemory = model->index(rowOf(u"usual"_s), EndpointTableModel::Memory);
        const int memoryWidth = table->columnWidth(EndpointTableModel::Memory);
        QVERIFY2(table->fontMetrics().horizontalAdvance(usualMemory.data().toString()) <
                         memoryWidth,
                 qPrintable(usualMemory.data().toString()));
        const QModelIndex hugeMemory =
                model->index(rowOf(u"huge-memory"_s), EndpointTableModel::Memory);
        QVERIFY(table->fontMetrics().horizontalAdvance(hugeMemory.data().toString()) > memoryWidth);
        QCOMPARE(hugeMemory.data(Qt::ToolTipRole).toString(), u"99999999999999999999999Ei"_s);
        // The labels stay in sight, with no scroll bar.
        const int labelsStart =
                table->horizontalHeader()->sectionViewportPosition(EndpointTableModel::Labels);
        QVERIFY(labelsStart + 100 <= table->viewport()->width());
        QTRY_COMPARE(table->horizontalScrollBar()->maximum(), 0);
    }
};

QTEST_MAIN(TestEndpointsView)
#include "tst_endpointsview.moc"

#include "EndpointFixtures.h"
#include "EndpointTableModel.h"
#include "EndpointsView.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

/// The endpoint table: its columns fit what they show as the endpoints change.
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

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

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
        const QHeaderView* header = table->horizontalHeader();
        const int labelsStart = header->sectionViewportPosition(EndpointTableModel::Labels);
        QVERIFY2(labelsStart + 100 <= table->viewport()->width(),
                 qPrintable(u"labels start at %1 of %2 px"_s.arg(labelsStart)
                                    .arg(table->viewport()->width())));
        // The name gave way but still shows a good part of itself, and is whole in its tooltip.
        QVERIFY(!fits(table, EndpointTableModel::Name));
        QVERIFY(table->columnWidth(EndpointTableModel::Name) >= 140);
        const QModelIndex name = table->model()->index(0, EndpointTableModel::Name);
        QCOMPARE(name.data(Qt::ToolTipRole).toString(), e.name);
        // The labels fill what is left, and nothing hides behind a scroll bar.
        QTRY_COMPARE(table->horizontalScrollBar()->maximum(), 0);
    }
};

QTEST_MAIN(TestEndpointsView)
#include "tst_endpointsview.moc"

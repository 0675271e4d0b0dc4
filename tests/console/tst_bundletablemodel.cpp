#include "BundleTableModel.h"
#include "EndpointFixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace EndpointFixtures;

/// The bundle table: columns, incremental apply, the newest bundle of each name.
class TestBundleTableModel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void passesModelTesterAndShowsColumns()
    {
        BundleTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.apply({bundle(1), bundle(2), bundle(3)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, BundleTableModel::Name).data().toString(), u"bundle-1"_s);
        QCOMPARE(model.index(0, BundleTableModel::Flavor).data().toString(),
                 BundleFlavor::fromRunnableImage({}).displayName());
        QCOMPARE(model.index(0, BundleTableModel::Image).data().toString(),
                 u"registry.example.com/models/echo:1.1 — launch-example-model"_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.apply({bundle(1), bundle(3)});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(changed.size(), 0);
        model.apply({bundle(1), bundle(3)});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowOf(u"bun_3"_s), 1);
    }

    void commandIsShownQuotedAsTyped()
    {
        ModelBundle b = bundle(1);
        RunnableImageFlavor image = *b.flavor.runnableImage();
        image.command = {u"sh"_s, u"-c"_s, u"echo hi; echo bye >&2; exit 4"_s, QString(),
                         u"it's"_s};
        b.flavor = BundleFlavor::fromRunnableImage(image);
        BundleTableModel model;
        model.apply({b});
        QCOMPARE(model.index(0, BundleTableModel::Image).data().toString(),
                 u"registry.example.com/models/echo:1.1 — sh -c 'echo hi; echo bye >&2; exit 4' '' "
                 "'it'\\''s'"_s);
    }

    void newestPerName()
    {
        const QList<ModelBundle> newest = BundleTableModel::newestPerName(
                {bundle(1, u"echo"_s), bundle(5, u"echo"_s), bundle(3, u"echo"_s), bundle(2)});
        QCOMPARE(newest.size(), 2);
        for (const ModelBundle& b : newest) {
            if (b.name == u"echo"_s) {
                QCOMPARE(b.id, u"bun_5"_s);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBundleTableModel)
#include "tst_bundletablemodel.moc"

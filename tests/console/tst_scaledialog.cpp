#include "EndpointFixtures.h"
#include "ScaleDialog.h"

#include <QLabel>
#include <QLayout>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

/// Quick scale: names the endpoint it scales, and its message is shown in full.
class TestScaleDialog : public QObject
{
    Q_OBJECT
private:
    static ModelEndpoint syncEndpoint()
    {
        ModelEndpoint e = EndpointFixtures::endpoint(3, u"gui-sync"_s);
        e.endpointType = EndpointType::Sync;
        return e;
    }

    // Whether all of the label's text fits inside it and the label inside the dialog.
    static bool shownInFull(const QLabel* label, const QWidget* dialog)
    {
        const QRect room = label->contentsRect();
        const QRect needed = label->fontMetrics().boundingRect(
                room, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, label->text());
        const QRect inDialog(label->mapTo(dialog, QPoint(0, 0)), label->size());
        return needed.height() <= room.height() && needed.width() <= room.width() &&
               dialog->rect().contains(inDialog);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void saysWhichEndpoint()
    {
        ScaleDialog d(syncEndpoint());
        QVERIFY(d.windowTitle().contains(u"gui-sync"_s));
        auto* heading = d.findChild<QLabel*>(u"scaleHeading"_s);
        QVERIFY(heading);
        QVERIFY(heading->isVisibleTo(&d));
        QVERIFY2(heading->text().contains(u"gui-sync"_s), qPrintable(heading->text()));
    }

    void messageIsNotClipped()
    {
        ScaleDialog d(syncEndpoint());
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.findChild<QSpinBox*>(u"scaleMinSpin"_s)->setValue(5);
        d.findChild<QSpinBox*>(u"scaleMaxSpin"_s)->setValue(2);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        auto* error = d.findChild<QLabel*>(u"scaleError"_s);
        QCOMPARE(error->text(), u"Max workers cannot be below min workers."_s);
        QVERIFY(error->isVisible());
        QVERIFY2(shownInFull(error, &d),
                 qPrintable(u"label %1x%2 in dialog %3x%4"_s.arg(error->width())
                                    .arg(error->height())
                                    .arg(d.width())
                                    .arg(d.height())));
        d.findChild<QSpinBox*>(u"scaleMinSpin"_s)->setValue(0);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCOMPARE(error->text(), u"Sync endpoints need at least one worker."_s);
        QVERIFY(shownInFull(error, &d));
    }
};

QTEST_MAIN(TestScaleDialog)
#include "tst_scaledialog.moc"

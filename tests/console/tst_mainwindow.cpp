#include "BundleDialog.h"
#include "BundleTableModel.h"
#include "BundlesView.h"
#include "CredentialStore.h"
#include "EndpointDialog.h"
#include "EndpointTableModel.h"
#include "EndpointsView.h"
#include "LaunchClient.h"
#include "LocalServerController.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ProfileStore.h"
#include "Prompt.h"
#include "ScaleDialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;

/// Drives the real main window against a real launch-local (started by the window itself for
/// the profile "This computer") running the example model: create a bundle, create an
/// endpoint, wait for READY, edit, scale and delete it.
class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    static constexpr int readyTimeoutMs = 60'000;
    static constexpr auto endpointName = "gui-echo";

    /// Deletes through the API, as another client would, and waits until the server no longer
    /// knows the endpoint.
    bool deleteAndWaitUntilGone(const QString& id)
    {
        QEventLoop loop;
        m_window->client()->deleteEndpoint(id, this, [&loop](auto) { loop.quit(); });
        loop.exec();
        QDeadlineTimer deadline(30'000);
        while (!deadline.hasExpired()) {
            bool gone = false;
            m_window->client()->getEndpoint(id, this, [&](ApiResult<ModelEndpoint> r) {
                gone = !r && r.error().kind() == ApiError::Kind::NotFound;
                loop.quit();
            });
            loop.exec();
            if (gone) {
                return true;
            }
            QTest::qWait(100);
        }
        return false;
    }

    std::optional<ModelEndpoint> findEndpoint() const
    {
        for (const ModelEndpoint& e : m_window->endpoints()) {
            if (e.name == QLatin1String(endpointName)) {
                return e;
            }
        }
        return std::nullopt;
    }

    // What the endpoint table says while it has no rows.
    QString emptyTableText() const
    {
        const auto* hint = m_window->endpointsView()->findChild<QLabel*>(u"endpointEmptyHint"_s);
        return hint && hint->isVisible() ? hint->text() : QString();
    }

    template <typename Dialog>
    Dialog* openDialog()
    {
        Dialog* dialog = nullptr;
        [&] { QTRY_VERIFY((dialog = m_window->findChild<Dialog*>()) != nullptr); }();
        return dialog;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<MainWindow> m_window;
    QList<Prompt::Question> m_questions;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        if (LocalServerController::findServerProgram().isEmpty() ||
            LocalServerController::findExampleModel().isEmpty()) {
            QFAIL("launch-local or launch-example-model is not built");
        }
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{true, q.requiredText};
        });
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(u"console.conf"_s));
        m_credentials = std::make_unique<CredentialStore>(
                u"launch-console-test-"_s + QString::number(QCoreApplication::applicationPid()));
        m_window = std::make_unique<MainWindow>(m_profiles.get(), m_credentials.get());
        // The window starts the server once the key is read; before that, keep its data here.
        m_window->localServer()->setDataDir(m_dir.filePath(u"local-server"_s));
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client() != nullptr, 30000);
        QCOMPARE(m_window->currentProfile()->name, u"This computer"_s);
    }

    void cleanupTestCase()
    {
        Prompt::setHook({});
        m_window.reset();
    }

    void emptyServerAsksForABundleFirst()
    {
        // A new endpoint cannot be saved without a bundle: the empty table says so.
        QTRY_VERIFY2_WITH_TIMEOUT(emptyTableText().startsWith(u"No bundles yet"_s),
                                  qPrintable(emptyTableText()), 20000);
        QVERIFY(emptyTableText().contains(u"Bundles"_s));
        QVERIFY(emptyTableText().contains(u"Ctrl+N"_s));
    }

    void createBundleFromExamplePreset()
    {
        m_window->newBundle();
        QPointer<BundleDialog> dialog = openDialog<BundleDialog>();
        QVERIFY(dialog);
        auto* preset = dialog->findChild<QPushButton*>(u"examplePresetButton"_s);
        QVERIFY2(preset, "the local profile offers the example model");
        QTest::mouseClick(preset, Qt::LeftButton);
        dialog->findChild<QSpinBox*>(u"readinessSpin"_s)->setValue(20);
        auto* save = dialog->findChild<QPushButton*>(u"saveBundleButton"_s);
        QVERIFY(save->isEnabled());
        auto* tabs = m_window->findChild<QTabWidget*>(u"viewTabs"_s);
        const QPoint tabsAt = tabs->mapTo(m_window.get(), QPoint(0, 0));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->bundlesView()->model()->rowCount(), 1, 10000);
        QCOMPARE(m_window->bundlesView()->model()->bundleAt(0).name, u"example-model"_s);
        QTRY_COMPARE(emptyTableText(), u"No endpoints yet. Press Ctrl+N to create one."_s);
        // The confirmation shows where it moves nothing: the tabs stay where the pointer was.
        QCOMPARE(m_window->statusBar()->currentMessage(), u"Bundle example-model created."_s);
        QVERIFY2(m_window->messageBar()->isHidden(), qPrintable(m_window->messageBar()->text()));
        QCOMPARE(tabs->mapTo(m_window.get(), QPoint(0, 0)), tabsAt);
    }

    void createEndpointAndWaitForReady()
    {
        m_window->newEndpoint();
        QPointer<EndpointDialog> dialog = openDialog<EndpointDialog>();
        QVERIFY(dialog);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(u"nameEdit"_s),
                         QString::fromLatin1(endpointName));
        auto* type = dialog->findChild<QComboBox*>(u"typeCombo"_s);
        type->setCurrentIndex(type->findData(u"sync"_s));
        dialog->findChild<QLineEdit*>(u"cpusEdit"_s)->setText(u"250m"_s);
        dialog->findChild<QLineEdit*>(u"memoryEdit"_s)->setText(u"128Mi"_s);
        dialog->findChild<QSpinBox*>(u"minWorkersSpin"_s)->setValue(1);
        dialog->findChild<QSpinBox*>(u"maxWorkersSpin"_s)->setValue(1);
        QCOMPARE(dialog->request().modelBundleId, m_window->bundlesView()->model()->bundleAt(0).id);
        auto* save = dialog->findChild<QPushButton*>(u"saveButton"_s);
        QVERIFY2(save->isEnabled(), qPrintable(dialog->fieldErrors().values().join(u' ')));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(
                !dialog || !dialog->isVisible(),
                qPrintable(dialog ? dialog->findChild<MessageBar*>()->text() : QString()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(findEndpoint().has_value(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(findEndpoint()->status.value(), EndpointStatus::Ready,
                                  readyTimeoutMs);
        // The new endpoint is selected, and its row says READY with one worker.
        QTRY_VERIFY(m_window->selectedEndpoint().has_value());
        QCOMPARE(m_window->selectedEndpoint()->name, QString::fromLatin1(endpointName));
        EndpointTableModel* model = m_window->endpointsView()->model();
        const int row = model->rowOf(findEndpoint()->id);
        QTRY_COMPARE(model->index(row, EndpointTableModel::Workers).data().toString(), u"1 of 1"_s);
        // The confirmation that it was created gives way to one that it is ready.
        QTRY_COMPARE(m_window->statusBar()->currentMessage(), u"Endpoint gui-echo is ready."_s);
    }

    void editShowsChangesAndSendsThem()
    {
        QVERIFY(m_window->selectedEndpoint().has_value());
        m_questions.clear();
        m_window->editSelectedEndpoint();
        QPointer<EndpointDialog> dialog = openDialog<EndpointDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->mode(), EndpointDialog::Mode::Edit);
        dialog->findChild<QSpinBox*>(u"perWorkerSpin"_s)->setValue(4);
        QTest::mouseClick(dialog->findChild<QPushButton*>(u"addLabelButton"_s), Qt::LeftButton);
        auto* labels = dialog->findChild<QTableWidget*>(u"labelsTable"_s);
        labels->item(labels->rowCount() - 1, 0)->setText(u"team"_s);
        labels->item(labels->rowCount() - 1, 1)->setText(u"infra"_s);
        QTest::mouseClick(dialog->findChild<QPushButton*>(u"saveButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 10000);
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().id, u"confirmChanges"_s);
        // Named as the form names them, with old and new values.
        const QString summary = m_questions.first().text;
        QVERIFY2(summary.contains(u"• Per worker: 1 → 4"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"• Labels: "_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"infra"_s), qPrintable(summary));
        QVERIFY2(!summary.contains(u"CPUs"_s), "unchanged fields are not sent");
        QTRY_COMPARE_WITH_TIMEOUT(findEndpoint()->deploymentState->perWorker, 4, 10000);
        QCOMPARE(findEndpoint()->labels.value(u"team"_s), u"infra"_s);
    }

    void quickScale()
    {
        QVERIFY(m_window->selectedEndpoint().has_value());
        m_window->scaleSelectedEndpoint();
        QPointer<ScaleDialog> dialog = openDialog<ScaleDialog>();
        QVERIFY(dialog);
        auto* min = dialog->findChild<QSpinBox*>(u"scaleMinSpin"_s);
        auto* max = dialog->findChild<QSpinBox*>(u"scaleMaxSpin"_s);
        min->setValue(0);
        QVERIFY2(!dialog->problem().isEmpty(), "a sync endpoint keeps one worker");
        min->setValue(2);
        max->setValue(1);
        QVERIFY(!dialog->problem().isEmpty());
        max->setValue(2);
        QVERIFY(dialog->problem().isEmpty());
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(findEndpoint()->deploymentState->minWorkers, 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(findEndpoint()->deploymentState->availableWorkers.value_or(0), 2,
                                  readyTimeoutMs);
        // Followed like a save: the status bar says when the scaled endpoint is ready.
        QTRY_COMPARE_WITH_TIMEOUT(m_window->statusBar()->currentMessage(),
                                  u"Endpoint %1 is scaled and ready."_s.arg(findEndpoint()->name),
                                  readyTimeoutMs);
    }

    void restartSaysTheOldWorkersFinishFirst()
    {
        const auto endpoint = m_window->selectedEndpoint();
        QVERIFY(endpoint.has_value());
        m_questions.clear();
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{false, {}}; // cancelled: the workers stay as they are
        });
        m_window->restartSelectedEndpoint();
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{true, q.requiredText};
        });
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().id, u"restartEndpoint"_s);
        QCOMPARE(m_questions.first().text,
                 u"Replace every worker of %1 with a new one? The old workers keep serving until "
                 "the new ones are ready, and finish what they are answering before they stop."_s
                         .arg(endpoint->name));
    }

    void serverThatStaysDownListsNothing()
    {
#ifdef Q_OS_UNIX
        EndpointTableModel* model = m_window->endpointsView()->model();
        QVERIFY(model->rowCount() > 0);
        const auto selected = m_window->selectedEndpoint();
        QVERIFY(selected.has_value());
        LocalServerController* server = m_window->localServer();
        // Killed once more than it is restarted by itself within a minute.
        for (int crash = 0; crash <= LocalServerController::maxAutomaticRestarts; ++crash) {
            QTRY_COMPARE_WITH_TIMEOUT(server->state(), LocalServerController::State::Running,
                                      20000);
            const qint64 pid = server->processId();
            QVERIFY(pid > 0);
            QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
            QTRY_VERIFY_WITH_TIMEOUT(
                    server->gaveUpRestarting() ||
                            (server->state() == LocalServerController::State::Running &&
                             server->processId() != pid),
                    20000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(server->gaveUpRestarting(), 10000);
        // No refresh will correct the rows: they go, rather than say Ready for a server that
        // is not there.
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 5000);
        server->restart();
        // Once it runs again, the bar about it goes and the status bar says what became of
        // the tasks.
        QTRY_COMPARE_WITH_TIMEOUT(server->state(), LocalServerController::State::Running, 30000);
        QVERIFY2(!m_window->messageBar()->isVisible(), qPrintable(m_window->messageBar()->text()));
        QCOMPARE(m_window->statusBar()->currentMessage(),
                 u"launch-local is running again; async tasks it had accepted run again from the "
                 "start."_s);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(selected->id) >= 0, 30000);
        QVERIFY(m_window->endpointsView()->selectEndpoint(selected->id));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->selectedEndpoint()->status.value(),
                                  EndpointStatus::Ready, readyTimeoutMs);
#else
        QSKIP("Kills launch-local with a Unix signal.");
#endif
    }

    void deleteAsksFirst()
    {
        QVERIFY(m_window->selectedEndpoint().has_value());
        m_questions.clear();
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{false, {}};
        });
        // Del on another view does not reach the endpoint selected in the hidden table.
        auto* deleteAction = m_window->findChild<QAction*>(u"actionDelete"_s);
        QVERIFY(deleteAction && deleteAction->isEnabled());
        QVERIFY(m_window->selectView(u"bundles"_s));
        QVERIFY(!deleteAction->isEnabled());
        QVERIFY(!m_window->findChild<QAction*>(u"actionEdit"_s)->isEnabled());
        deleteAction->trigger(); // as Del would

        QVERIFY(m_questions.isEmpty());
        QVERIFY(m_window->selectView(u"endpoints"_s));
        QVERIFY(deleteAction->isEnabled());

        m_window->deleteSelectedEndpoint();
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().id, u"deleteEndpoint"_s);
        m_window->refresh();
        QTRY_VERIFY(findEndpoint().has_value());
        QCOMPARE(findEndpoint()->status.value(), EndpointStatus::Ready);

        // On a protected profile the name must be typed: a wrong name deletes nothing.
        Profile local = *m_window->currentProfile();
        local.isProtected = true;
        m_profiles->save(local);
        QVERIFY(m_window->switchProfile(local.name));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->client() != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(findEndpoint().has_value(), 10000);
        QVERIFY(m_window->endpointsView()->selectEndpoint(findEndpoint()->id));
        m_questions.clear();
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{true, u"gui-ech"_s};
        });
        m_window->deleteSelectedEndpoint();
        QCOMPARE(m_questions.size(), 1);
        QCOMPARE(m_questions.first().requiredText, QString::fromLatin1(endpointName));
        m_window->refresh();
        QTRY_VERIFY(findEndpoint().has_value());
        QCOMPARE(findEndpoint()->status.value(), EndpointStatus::Ready);

        // While the question is open, someone else deletes the endpoint: answering Delete
        // then says it is gone, not that something failed.
        const QString id = findEndpoint()->id;
        bool goneMeanwhile = false;
        Prompt::setHook([this, id, &goneMeanwhile](const Prompt::Question& q) {
            m_questions.append(q);
            goneMeanwhile = deleteAndWaitUntilGone(id);
            return Prompt::Answer{true, q.requiredText};
        });
        m_window->deleteSelectedEndpoint();
        QVERIFY(goneMeanwhile);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->messageBar()->text(),
                                  u"Endpoint %1 was already deleted on the server."_s.arg(
                                          QLatin1StringView(endpointName)),
                                  10000);
        QCOMPARE(m_window->messageBar()->kind(), MessageBar::Kind::Information);
        QTRY_VERIFY_WITH_TIMEOUT(!findEndpoint().has_value(), 30000);
    }

    void quitQuestionKeepsItsCountCurrent()
    {
        // The local server runs; tasks finish while the question is open.
        QCOMPARE(m_window->localServer()->state(), LocalServerController::State::Running);
        int pending = 2;
        m_window->setPendingTasksProbe([&pending] { return pending; });
        Prompt::setHook({}); // the real box, as a person sees it
        QStringList seen;
        QTimer::singleShot(0, this, [&] {
            QPointer<QMessageBox> box;
            const auto closeBox = qScopeGuard([&box] {
                if (box) {
                    box->button(QMessageBox::Cancel)->click();
                }
            });
            QTRY_VERIFY((box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())));
            QCOMPARE(box->objectName(), u"quitWithTasksBox"_s);
            seen.append(box->text());
            pending = 1;
            QTRY_VERIFY(box->text().startsWith(u"1 async task is still pending"_s));
            seen.append(box->text());
            pending = 0;
            QTRY_VERIFY(box->text().startsWith(u"The async tasks have finished."_s));
            seen.append(box->text());
        });
        QVERIFY(!m_window->close()); // Cancel: the window stays
        m_window->setPendingTasksProbe({});
        Prompt::setHook([this](const Prompt::Question& q) {
            m_questions.append(q);
            return Prompt::Answer{true, q.requiredText};
        });
        QCOMPARE(seen,
                 (QStringList{
                         u"2 async tasks are still pending on this computer. Quitting stops "
                         "its server; the tasks are kept and resume the next time the "
                         "console starts."_s,
                         u"1 async task is still pending on this computer. Quitting stops "
                         "its server; the tasks are kept and resume the next time the "
                         "console starts."_s,
                         u"The async tasks have finished. Quitting stops the local server."_s}));
        QVERIFY(m_window->isVisible());
        QCOMPARE(m_window->localServer()->state(), LocalServerController::State::Running);
    }

    void endpointThatCannotStartSaysWhy()
    {
        // More CPUs per worker than any test machine has: launch-local refuses to start it.
        m_window->newEndpoint();
        QPointer<EndpointDialog> dialog = openDialog<EndpointDialog>();
        QVERIFY(dialog);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(u"nameEdit"_s), u"gui-too-big"_s);
        dialog->findChild<QLineEdit*>(u"cpusEdit"_s)->setText(u"4096"_s);
        QTest::mouseClick(dialog->findChild<QPushButton*>(u"saveButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 10000);
        const QString expected = u"Endpoint gui-too-big could not start: resources do not fit: "
                                 "each worker asks for 4096 CPUs and this computer has "_s;
        QTRY_VERIFY2_WITH_TIMEOUT(m_window->messageBar()->text().startsWith(expected),
                                  qPrintable(m_window->messageBar()->text()), 20000);
        QCOMPARE(m_window->messageBar()->kind(), MessageBar::Kind::Error);
        QVERIFY(m_window->messageBar()->text().endsWith(u'.'));
        // The confirmation that it was created no longer stands beside the error.
        QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
        const auto tooBig = m_window->selectedEndpoint();
        QVERIFY(tooBig.has_value());
        QCOMPARE(tooBig->name, u"gui-too-big"_s);
        // Restarted, it fails again at once, and says so again.
        m_window->messageBar()->hideMessage();
        m_questions.clear();
        m_window->restartSelectedEndpoint();
        // The question says the failed settings are tried again, not undone.
        QCOMPARE(m_questions.size(), 1);
        QVERIFY2(m_questions.first().text.contains(u"that change included"_s),
                 qPrintable(m_questions.first().text));
        QTRY_VERIFY2_WITH_TIMEOUT(
                m_window->messageBar()->text().startsWith(
                        u"The workers of gui-too-big could not be restarted: resources do not "
                        "fit: "_s),
                qPrintable(m_window->messageBar()->text()), 20000);
        // Fixed: the error goes once the endpoint is ready, and the status bar says so.
        m_window->editSelectedEndpoint();
        dialog = openDialog<EndpointDialog>();
        QVERIFY(dialog);
        dialog->findChild<QLineEdit*>(u"cpusEdit"_s)->setText(u"0.5"_s);
        QTest::mouseClick(dialog->findChild<QPushButton*>(u"saveButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->statusBar()->currentMessage(),
                                  u"Endpoint gui-too-big is ready with the changes."_s,
                                  readyTimeoutMs);
        QVERIFY2(!m_window->messageBar()->isVisible(), qPrintable(m_window->messageBar()->text()));
        QVERIFY(deleteAndWaitUntilGone(tooBig->id));
    }

    // Run last: it leaves the window on another profile.
    void notALaunchServerSaysSo()
    {
        // A web server that answers every request with 404, like `python3 -m http.server`.
        QTcpServer web;
        QVERIFY(web.listen(QHostAddress::LocalHost, 0));
        connect(&web, &QTcpServer::newConnection, &web, [&web] {
            while (QTcpSocket* socket = web.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 404 File not found\r\nContent-Type: text/html\r\n"
                                  "Content-Length: 9\r\nConnection: close\r\n\r\nnot found");
                    socket->disconnectFromHost();
                });
            }
        });
        Profile profile;
        profile.name = u"plain web server"_s;
        profile.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(web.serverPort()));
        profile.allowPlainHttp = true;
        profile = m_profiles->save(profile);
        m_credentials->setSessionKey(profile.keychainEntry(), u"any-key"_s);
        QVERIFY(m_window->switchProfile(profile.name));
        const QString expected = u"The server at 127.0.0.1:%1 has no Launch API at this address "
                                 "(404)."_s.arg(web.serverPort());
        QTRY_VERIFY2_WITH_TIMEOUT(m_window->messageBar()->text().startsWith(expected),
                                  qPrintable(m_window->messageBar()->text()), 20000);
    }

    // Run last too: another profile.
    void unreadableEndpointDoesNotHideTheOthers()
    {
        // A server whose list holds one endpoint the console can read and one without its type.
        const QByteArray good = R"({"id": "end_good", "name": "readable", "endpoint_type": "sync",
            "destination": "d", "bundle_name": "b", "status": "READY", "created_by": "me",
            "created_at": "2026-12-01T10:00:00Z", "last_updated_at": "2026-12-01T10:00:00Z"})";
        const QByteArray bad = R"({"id": "end_bad", "name": "broken", "destination": "d",
            "bundle_name": "b", "status": "READY", "created_by": "me",
            "created_at": "2026-12-01T10:00:00Z", "last_updated_at": "2026-12-01T10:00:00Z"})";
        const QByteArray body = "{\"model_endpoints\": [" + bad + ", " + good + "]}";
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &QTcpServer::newConnection, &server, [&server, body] {
            while (QTcpSocket* socket = server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, body] {
                    const bool list = socket->readAll().startsWith("GET /v1/model-endpoints ");
                    const QByteArray answer = list ? body : QByteArray("{\"model_bundles\": []}");
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(answer.size()) +
                                  "\r\nConnection: close\r\n\r\n" + answer);
                    socket->disconnectFromHost();
                });
            }
        });
        Profile profile;
        profile.name = u"one broken endpoint"_s;
        profile.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort()));
        profile.allowPlainHttp = true;
        profile = m_profiles->save(profile);
        m_credentials->setSessionKey(profile.keychainEntry(), u"any-key"_s);
        QVERIFY(m_window->switchProfile(profile.name));
        EndpointTableModel* model = m_window->endpointsView()->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 20000);
        QCOMPARE(model->index(0, EndpointTableModel::Name).data().toString(), u"readable"_s);
        QTRY_COMPARE(m_window->messageBar()->text(),
                     u"The server listed an endpoint that the console cannot read, so it is not "
                     "shown: broken (model_endpoints[0].endpoint_type: missing required field "
                     "(expected a string))."_s);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

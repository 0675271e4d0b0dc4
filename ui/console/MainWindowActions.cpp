// The endpoint, bundle and profile actions of MainWindow.
#include "BundleDialog.h"
#include "EndpointDialog.h"
#include "EndpointsView.h"
#include "LaunchClient.h"
#include "LocalServerController.h"
#include "MainWindow.h"
#include "ProfileDialog.h"
#include "ProfileStore.h"
#include "Prompt.h"
#include "ScaleDialog.h"
#include "UiLogging.h"

using namespace Qt::StringLiterals;

void MainWindow::newEndpoint()
{
    if (!m_client) {
        return;
    }
    auto* dialog = new EndpointDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setBundles(bundles());
    dialog->setExistingEndpoints(endpoints());
    dialog->startCreate();
    connect(dialog, &EndpointDialog::saved, this, [this, dialog](const QString& name) {
        m_selectAfterRefresh = name;
        if (dialog->mode() == EndpointDialog::Mode::Edit) {
            // The name was taken and the user chose to update that endpoint instead.
            const QList<ModelEndpoint> listed = endpoints();
            const auto existing =
                    std::find_if(listed.cbegin(), listed.cend(),
                                 [&](const ModelEndpoint& e) { return e.name == name; });
            followSave(name, u"Changes to %1 sent."_s.arg(name),
                       existing != listed.cend() ? std::optional(*existing) : std::nullopt);
        } else {
            followSave(name, u"Endpoint %1 created; waiting for its workers to start."_s.arg(name),
                       std::nullopt);
        }
        refresh();
    });
    dialog->open();
}

void MainWindow::editSelectedEndpoint()
{
    const auto endpoint = selectedEndpoint();
    if (!m_client || !endpoint) {
        return;
    }
    auto* dialog = new EndpointDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setBundles(bundles());
    dialog->setExistingEndpoints(endpoints());
    dialog->startEdit(*endpoint);
    connect(dialog, &EndpointDialog::saved, this, [this, before = *endpoint](const QString& name) {
        followSave(name, u"Changes to %1 sent."_s.arg(name), before);
        refresh();
    });
    dialog->open();
}

void MainWindow::scaleSelectedEndpoint()
{
    const auto endpoint = selectedEndpoint();
    if (!m_client || !endpoint) {
        return;
    }
    auto* dialog = new ScaleDialog(*endpoint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, before = *endpoint] {
        UpdateEndpointRequest request;
        request.minWorkers = dialog->minWorkers();
        request.maxWorkers = dialog->maxWorkers();
        const QString name = before.name;
        m_client->updateEndpoint(
                before.id, request, this,
                [this, name, before](ApiResult<EndpointCreationResponse> r) {
                    if (!r) {
                        showBar(MessageBar::Kind::Error,
                                u"Could not scale %1: %2"_s.arg(name, r.error().userMessage()));
                        return;
                    }
                    followSave(name, u"Scaling %1."_s.arg(name), before, Change::Scale);
                    refresh();
                });
    });
    dialog->open();
}

void MainWindow::restartSelectedEndpoint()
{
    const auto endpoint = selectedEndpoint();
    if (!m_client || !endpoint) {
        return;
    }
    // This computer's server keeps the old workers serving until the new ones are ready and
    // lets them finish what they are answering (docs/LAUNCH_LOCAL.md); what a hosted server
    // does with them is its own affair, so only the replacement is promised there.
    QString text = u"Replace every worker of %1 with a new one?"_s.arg(endpoint->name);
    if (m_profile.isLocal) {
        text += u" The old workers keep serving until the new ones are ready, and finish what "
                "they are answering before they stop."_s;
    }
    if (endpoint->status == EndpointStatus::UpdateFailed) {
        // Not a way back: the settings as they are now, the failed change among them.
        text += u" Its last change could not be applied; the new workers are started with "
                "its settings as they are now, that change included (Edit to change them)."_s;
    }
    if (!Prompt::confirm(this, {u"restartEndpoint"_s, u"Restart endpoint"_s, text, {}},
                         u"Restart"_s)) {
        return;
    }
    const QString name = endpoint->name;
    m_client->restartEndpoint(
            endpoint->id, this,
            [this, name, before = *endpoint](ApiResult<RestartEndpointResponse> r) {
                if (!r) {
                    showBar(MessageBar::Kind::Error,
                            u"Could not restart %1: %2"_s.arg(name, r.error().userMessage()));
                    return;
                }
                followSave(name, u"Restarting the workers of %1."_s.arg(name), before,
                           Change::Restart);
                refresh();
            });
}

void MainWindow::deleteSelectedEndpoint()
{
    const auto endpoint = selectedEndpoint();
    if (!m_client || !endpoint) {
        return;
    }
    const Prompt::Question question{
            u"deleteEndpoint"_s, u"Delete endpoint"_s,
            u"Delete the endpoint %1? Its workers stop and pending requests are lost."_s.arg(
                    endpoint->name),
            m_profile.isProtected ? endpoint->name : QString()};
    const bool confirmed = m_profile.isProtected
                                   ? Prompt::confirmByTyping(this, question, u"Delete"_s)
                                   : Prompt::confirm(this, question, u"Delete"_s);
    if (!confirmed) {
        return;
    }
    const QString name = endpoint->name;
    qCInfo(lcUi) << "deleting endpoint" << endpoint->id;
    m_client->deleteEndpoint(endpoint->id, this, [this, name](ApiResult<DeleteEndpointResponse> r) {
        if (!r && r.error().kind() == ApiError::Kind::NotFound) {
            // Deleted elsewhere while the question was open: what was asked for is done.
            showBar(MessageBar::Kind::Information,
                    u"Endpoint %1 was already deleted on the server."_s.arg(name));
            refresh();
            return;
        }
        if (!r) {
            showBar(MessageBar::Kind::Error,
                    u"Could not delete %1: %2"_s.arg(name, r.error().userMessage()));
            return;
        }
        showBar(MessageBar::Kind::Positive, u"Endpoint %1 is being deleted."_s.arg(name));
        refresh();
    });
}

void MainWindow::newBundle()
{
    if (!m_client) {
        return;
    }
    const QString example =
            m_profile.isLocal ? LocalServerController::findExampleModel() : QString();
    auto* dialog = new BundleDialog(m_client, example, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BundleDialog::saved, this, [this](const QString& name) {
        showBar(MessageBar::Kind::Positive, u"Bundle %1 created."_s.arg(name));
        refreshBundles();
    });
    dialog->open();
}

void MainWindow::editProfiles()
{
    auto* dialog = new ProfileDialog(m_profiles, m_credentials, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectProfile(m_profile.name);
    connect(dialog, &ProfileDialog::profilesChanged, this, [this](const QString& name) {
        reloadProfileCombo();
        // Found by id, so that renaming the open profile keeps it open.
        const QList<Profile> all = m_profiles->profiles();
        const auto current = std::find_if(
                all.begin(), all.end(), [this](const Profile& p) { return p.id == m_profile.id; });
        if (current == all.end()) {
            switchProfile(QString::fromLatin1(ProfileStore::localProfileName));
        } else if (name == current->name || !(*current == m_profile)) {
            switchProfile(current->name);
        }
    });
    dialog->open();
}

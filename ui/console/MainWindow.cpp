#include "MainWindow.h"

#include "BundleTableModel.h"
#include "BundlesView.h"
#include "CredentialStore.h"
#include "EndpointDetailsPane.h"
#include "EndpointRefresher.h"
#include "EndpointTableModel.h"
#include "EndpointsView.h"
#include "LaunchClient.h"
#include "LocalServerController.h"
#include "MessageBar.h"
#include "ProfileStore.h"
#include "Prompt.h"
#include "UiLogging.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QRandomGenerator>
#include <QScreen>
#include <QSslCertificate>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
QString randomKey()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return u"local-"_s + QString::fromLatin1(bytes.toHex());
}

// What the empty endpoint table says when the server could not be asked.
QString notConnectedText()
{
    return u"Not connected: the bar above says why."_s;
}

// host:port as a person types it in a profile, so two profiles on one host can be told apart.
QString hostAndPort(const QUrl& url)
{
    const int port = url.port(url.scheme() == u"https"_s ? 443 : 80);
    return url.host() + u':' + QString::number(port);
}
} // namespace

MainWindow::MainWindow(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent)
    : QMainWindow(parent)
    , m_profiles(profiles)
    , m_credentials(credentials)
    , m_localServer(new LocalServerController(this))
    , m_refresher(new EndpointRefresher(this))
    , m_tabs(new QTabWidget(this))
    , m_endpointsView(new EndpointsView(this))
    , m_bundlesView(new BundlesView(this))
    , m_messageBar(new MessageBar(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Launch Console"_s);
    // Below this the views' controls overlap and the dashboard tiles clip.
    setMinimumSize(900, 560);
    m_tabs->setObjectName(u"viewTabs"_s);
    m_tabs->setDocumentMode(true);
    addView(u"endpoints"_s, u"Endpoints"_s, m_endpointsView);
    addView(u"bundles"_s, u"Bundles"_s, m_bundlesView);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    buildMenus();
    buildToolBar();
    buildStatusBar();

    connect(m_refresher, &EndpointRefresher::refreshed, this, &MainWindow::onRefreshed);
    connect(m_refresher, &EndpointRefresher::failed, this, &MainWindow::onRefreshFailed);
    connect(m_localServer, &LocalServerController::stateChanged, this,
            &MainWindow::onLocalServerState);
    connect(m_endpointsView, &EndpointsView::selectionChanged, this, [this] {
        updateActions();
        refreshWorkerLogs();
        emit selectedEndpointChanged();
    });
    connect(m_endpointsView, &EndpointsView::editRequested, this,
            &MainWindow::editSelectedEndpoint);
    connect(m_endpointsView, &EndpointsView::contextMenuRequested, this, [this](const QPoint& pos) {
        // With no endpoint under the pointer (so none selected) the only thing to do
        // is make one.
        if (m_endpointsView->selectedEndpoint()) {
            menu(Menu::Endpoint)->exec(pos);
            return;
        }
        QMenu newOnly;
        newOnly.addAction(m_actions.value(u"actionNewEndpoint"_s));
        newOnly.exec(pos);
    });
    connect(m_messageBar, &MessageBar::actionTriggered, this, [this] {
        if (m_barAction) {
            m_barAction();
        }
    });
    connect(m_bundlesView, &BundlesView::newBundleRequested, this, &MainWindow::newBundle);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_bundlesView) {
            refreshBundles();
        }
        updateActions();
    });

    m_profiles->ensureLocalProfile();
    reloadProfileCombo();
    const QList<Profile> all = m_profiles->profiles();
    const auto current = m_profiles->profile(m_profiles->currentProfileName());
    if (current) {
        switchProfile(current->name);
    } else if (!all.isEmpty()) {
        switchProfile(all.first().name);
    }
    restoreWindowGeometry();
    updateActions();
}

MainWindow::~MainWindow()
{
    m_refresher->stop();
}

void MainWindow::addView(const QString& id, const QString& title, QWidget* view)
{
    view->setProperty("launchViewId", id);
    m_tabs->addTab(view, title);
    if (QMenu* viewMenu = m_menus.value(Menu::View)) {
        QAction* show = viewMenu->addAction(title, this, [this, id] { selectView(id); });
        show->setObjectName(u"showView_"_s + id);
    }
}

bool MainWindow::selectView(const QString& id)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->property("launchViewId").toString() == id) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

QStringList MainWindow::viewIds() const
{
    QStringList ids;
    for (int i = 0; i < m_tabs->count(); ++i) {
        ids.append(m_tabs->widget(i)->property("launchViewId").toString());
    }
    return ids;
}

QString MainWindow::currentViewId() const
{
    QWidget* current = m_tabs->currentWidget();
    return current ? current->property("launchViewId").toString() : QString();
}

QSettings& MainWindow::settings() const
{
    return m_profiles->settings();
}

std::optional<Profile> MainWindow::currentProfile() const
{
    if (m_profile.name.isEmpty()) {
        return std::nullopt;
    }
    return m_profile;
}

std::optional<ModelEndpoint> MainWindow::selectedEndpoint() const
{
    return m_endpointsView->selectedEndpoint();
}

QList<ModelEndpoint> MainWindow::endpoints() const
{
    return m_endpointsView->model()->endpoints();
}

QList<ModelBundle> MainWindow::bundles() const
{
    return m_bundlesView->model()->bundles();
}

QMenu* MainWindow::menu(Menu which) const
{
    return m_menus.value(which);
}

void MainWindow::buildMenus()
{
    auto addAction = [this](Menu where, const QString& name, const QString& text,
                            const QKeySequence& shortcut, auto slot) {
        QAction* action = m_menus.value(where)->addAction(text, this, slot);
        action->setObjectName(name);
        if (!shortcut.isEmpty()) {
            action->setShortcut(shortcut);
        }
        m_actions.insert(name, action);
        return action;
    };
    m_menus.insert(Menu::File, menuBar()->addMenu(u"&File"_s));
    m_menus.insert(Menu::Endpoint, menuBar()->addMenu(u"&Endpoint"_s));
    m_menus.insert(Menu::View, menuBar()->addMenu(u"&View"_s));
    m_menus.insert(Menu::Tools, menuBar()->addMenu(u"&Tools"_s));
    m_menus.insert(Menu::Help, menuBar()->addMenu(u"&Help"_s));

    addAction(Menu::File, u"actionNewEndpoint"_s, u"&New endpoint…"_s, QKeySequence::New,
              &MainWindow::newEndpoint);
    addAction(Menu::File, u"actionNewBundle"_s, u"New &bundle…"_s, QKeySequence(),
              &MainWindow::newBundle);
    m_menus.value(Menu::File)->addSeparator();
    addAction(Menu::File, u"actionProfiles"_s, u"&Profiles…"_s, QKeySequence(),
              &MainWindow::editProfiles);
    m_menus.value(Menu::File)->addSeparator();
    addAction(Menu::File, u"actionQuit"_s, u"&Quit"_s, QKeySequence::Quit, &QWidget::close);

    // The same action as File's and the toolbar's.
    m_menus.value(Menu::Endpoint)->addAction(m_actions.value(u"actionNewEndpoint"_s));
    m_menus.value(Menu::Endpoint)->addSeparator();
    addAction(Menu::Endpoint, u"actionEdit"_s, u"&Edit…"_s, QKeySequence(Qt::Key_Return),
              &MainWindow::editSelectedEndpoint)
            ->setShortcutContext(Qt::WidgetShortcut);
    addAction(Menu::Endpoint, u"actionScale"_s, u"&Scale…"_s, QKeySequence(u"Ctrl+K"_s),
              &MainWindow::scaleSelectedEndpoint);
    addAction(Menu::Endpoint, u"actionRestart"_s, u"&Restart"_s, QKeySequence(),
              &MainWindow::restartSelectedEndpoint);
    m_menus.value(Menu::Endpoint)->addSeparator();
    addAction(Menu::Endpoint, u"actionDelete"_s, u"&Delete…"_s, QKeySequence::Delete,
              &MainWindow::deleteSelectedEndpoint);

    addAction(Menu::View, u"actionRefresh"_s, u"&Refresh"_s, QKeySequence::Refresh,
              &MainWindow::refresh);
    addAction(Menu::View, u"actionFilter"_s, u"&Filter endpoints"_s, QKeySequence::Find, [this] {
        selectView(u"endpoints"_s);
        m_endpointsView->focusFilter();
    });
    m_menus.value(Menu::View)->addSeparator();
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QString id = m_tabs->widget(i)->property("launchViewId").toString();
        m_menus.value(Menu::View)
                ->addAction(m_tabs->tabText(i), this, [this, id] { selectView(id); })
                ->setObjectName(u"showView_"_s + id);
    }
    addAction(Menu::Help, u"actionAbout"_s, u"&About Launch Console"_s, QKeySequence(), [this] {
        Prompt::inform(this, {u"about"_s,
                              u"About Launch Console"_s,
                              u"Launch Console %1\nManage model endpoints on Launch servers "
                              "and on this computer."_s.arg(QApplication::applicationVersion()),
                              {}});
    });
}

QIcon MainWindow::toolBarIcon(QStyle::StandardPixmap standard) const
{
    // The style greys a disabled icon by its colours, which leaves a dark outline icon (the
    // detailed view one) looking enabled: a faded copy shows it off like the others.
    const QIcon standardIcon = style()->standardIcon(standard);
    QIcon icon;
    const int extent = style()->pixelMetric(QStyle::PM_ToolBarIconSize, nullptr, this);
    for (const int size : {16, extent, 2 * extent}) {
        const QPixmap normal = standardIcon.pixmap(size, size);
        QPixmap faded(normal.size());
        faded.setDevicePixelRatio(normal.devicePixelRatio());
        faded.fill(Qt::transparent);
        QPainter painter(&faded);
        painter.setOpacity(0.35);
        painter.drawPixmap(0, 0, normal);
        painter.end();
        icon.addPixmap(normal, QIcon::Normal);
        icon.addPixmap(faded, QIcon::Disabled);
    }
    return icon;
}

void MainWindow::buildToolBar()
{
    QToolBar* bar = addToolBar(u"Main"_s);
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto* label = new QLabel(u"Server: "_s, bar);
    m_profileCombo = new QComboBox(bar);
    m_profileCombo->setObjectName(u"profileCombo"_s);
    // One width whatever the profiles are called, so that the buttons after it stay where
    // the pointer left them; longer names are elided, and their tooltip has them in full.
    m_profileCombo->setMinimumContentsLength(profileComboChars);
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bar->addWidget(label);
    bar->addWidget(m_profileCombo);
    bar->addSeparator();
    auto add = [&](const QString& name, QStyle::StandardPixmap icon) {
        QAction* action = m_actions.value(name);
        action->setIcon(toolBarIcon(icon));
        bar->addAction(action);
    };
    add(u"actionNewEndpoint"_s, QStyle::SP_FileDialogNewFolder);
    add(u"actionEdit"_s, QStyle::SP_FileDialogDetailedView);
    add(u"actionScale"_s, QStyle::SP_ArrowUp);
    add(u"actionRestart"_s, QStyle::SP_DialogResetButton);
    add(u"actionDelete"_s, QStyle::SP_TrashIcon);
    bar->addSeparator();
    add(u"actionRefresh"_s, QStyle::SP_BrowserReload);
    connect(m_profileCombo, &QComboBox::activated, this, [this](int index) {
        const QString name = m_profileCombo->itemData(index).toString();
        if (name == u"\x01edit"_s) {
            reloadProfileCombo();
            editProfiles();
        } else if (name != m_profile.name) {
            switchProfile(name);
        }
    });
}

void MainWindow::buildStatusBar()
{
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(u"serverStateLabel"_s);
    m_refreshLabel = new QLabel(this);
    m_refreshLabel->setObjectName(u"lastRefreshLabel"_s);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_refreshLabel);
}

void MainWindow::reloadProfileCombo()
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    // As wide as the text the combo box makes room for (see its minimum contents length).
    const QFontMetrics metrics = m_profileCombo->fontMetrics();
    const int textWidth = metrics.horizontalAdvance(u'x') * profileComboChars;
    for (const Profile& p : m_profiles->profiles()) {
        const QString where = p.isLocal ? QString() : u"  ("_s + hostAndPort(p.baseUrl) + u')';
        const QString text = p.name + where;
        // The name is shortened first: host and port tell apart profiles named alike, unless
        // they would leave the name less than a third of the room.
        QString shown = text;
        if (metrics.horizontalAdvance(text) > textWidth) {
            const int whereWidth = metrics.horizontalAdvance(where);
            shown = whereWidth <= textWidth * 2 / 3
                            ? metrics.elidedText(p.name, Qt::ElideRight, textWidth - whereWidth) +
                                      where
                            : metrics.elidedText(text, Qt::ElideRight, textWidth);
        }
        m_profileCombo->addItem(shown, p.name);
        m_profileCombo->setItemData(m_profileCombo->count() - 1, text, Qt::ToolTipRole);
    }
    m_profileCombo->insertSeparator(m_profileCombo->count());
    m_profileCombo->addItem(u"Manage profiles…"_s, u"\x01edit"_s);
    m_profileCombo->setCurrentIndex(std::max(0, m_profileCombo->findData(m_profile.name)));
    m_profileCombo->setToolTip(m_profileCombo->currentData(Qt::ToolTipRole).toString());
}

void MainWindow::updateActions()
{
    const bool connected = m_client != nullptr;
    // Creating needs a server that answers: not one that refused the key, failed TLS or is not
    // a Launch server (the bar says which), nor a profile without a key.
    const bool answering = connected && m_serverAnswered;
    // Edit, scale, restart and delete act on the endpoint selected in the table: only while the
    // table is shown, so that Del in the futures or Enter in the bundles does not reach a
    // hidden endpoint.
    const bool selected = connected && m_tabs->currentWidget() == m_endpointsView &&
                          selectedEndpoint().has_value();
    m_actions.value(u"actionNewEndpoint"_s)->setEnabled(answering);
    m_actions.value(u"actionNewBundle"_s)->setEnabled(answering);
    for (const QString& name :
         {u"actionEdit"_s, u"actionScale"_s, u"actionRestart"_s, u"actionDelete"_s}) {
        m_actions.value(name)->setEnabled(selected);
    }
}

void MainWindow::updateLastRefreshLabel()
{
    const QDateTime last = m_refresher->lastSuccess();
    m_refreshLabel->setText(last.isValid() ? u"Last refresh %1"_s.arg(last.toString(u"HH:mm:ss"_s))
                                           : u"Not refreshed yet"_s);
}

bool MainWindow::switchProfile(const QString& name)
{
    const auto profile = m_profiles->profile(name);
    if (!profile) {
        return false;
    }
    if (!m_profile.name.isEmpty()) {
        saveWindowState();
        m_filters.insert(m_profile.id, m_endpointsView->filter());
    }
    connectProfile(*profile);
    return true;
}

void MainWindow::connectProfile(const Profile& profile)
{
    disconnectClient();
    m_profile = profile;
    ++m_connectGeneration;
    m_followedSave.reset();
    updateLastRefreshLabel();
    m_profiles->setCurrentProfileName(profile.name);
    reloadProfileCombo();
    restoreViewState();
    // Each profile keeps its own filter for the session: one typed for another server would
    // quietly hide endpoints here.
    m_endpointsView->setFilter(m_filters.value(profile.id));
    m_serverAnswered = false;
    m_endpointsView->model()->clear();
    showNotListed(u"Connecting to %1…"_s.arg(profile.isLocal ? u"this computer's server"_s
                                                             : hostAndPort(profile.baseUrl)));
    m_bundlesView->model()->apply({});
    m_bundlesListed = false;
    m_bundlesView->setProblem({});
    m_messageBar->hideMessage();
    m_barAction = {};
    setWindowTitle(u"%1 — Launch Console"_s.arg(profile.name));
    emit profileChanged(profile);
    if (profile.isLocal) {
        connectLocalProfile(profile);
        return;
    }
    m_serverLabel->setText(profile.baseUrl.toString());
    QString problem = profile.validationProblem();
    if (problem.isEmpty()) {
        problem = profile.keyTransportProblem();
    }
    if (!problem.isEmpty()) {
        showBar(MessageBar::Kind::Error, problem, u"Edit profile…"_s, [this] { editProfiles(); });
        showNotListed(notConnectedText());
        markFirstRefreshDone();
        return;
    }
    readProfileKey(profile, [this, profile](const CredentialStore::Result& r) {
        if (r.ok()) {
            connectWithKey(profile, profile.baseUrl, r.key);
            return;
        }
        showKeyProblem(profile, r.message, r.status != CredentialStore::Result::Status::NotFound);
    });
}

void MainWindow::readProfileKey(const Profile& profile, CredentialStore::Callback done)
{
    const int generation = m_connectGeneration;
    auto answered = std::make_shared<bool>(false);
    m_credentials->readKey(profile.keychainEntry(), this,
                           [this, generation, answered, done](const CredentialStore::Result& r) {
                               *answered = true;
                               if (generation != m_connectGeneration) {
                                   return;
                               }
                               if (m_barShowsKeychainWait) {
                                   m_barShowsKeychainWait = false;
                                   m_messageBar->hideMessage();
                               }
                               done(r);
                           });
    // A locked keychain shows an unlock prompt that may be hidden behind this window: say what
    // the console waits for instead of "Connecting…" alone.
    QTimer::singleShot(keychainWaitNoticeMs, this, [this, generation, answered, profile] {
        if (!*answered && generation == m_connectGeneration) {
            showKeychainWait(profile);
        }
    });
}

void MainWindow::showKeychainWait(const Profile& profile)
{
    const QString text =
            u"Waiting for the system keychain to hand over the API key of %1; it may be asking "
            "to be unlocked, in a window that can be hidden behind this one. Gives up after "
            "%2 s."_s.arg(profile.name, QString::number(m_credentials->readTimeoutMs() / 1000));
    if (profile.isLocal) {
        showBar(MessageBar::Kind::Warning, text, u"Use a key for this session"_s, [this, profile] {
            m_credentials->setSessionKey(profile.keychainEntry(), randomKey());
            switchProfile(profile.name);
        });
    } else {
        showBar(MessageBar::Kind::Warning, text, u"Enter key for this session…"_s,
                [this, profile] { askSessionKey(profile); });
    }
    m_barShowsKeychainWait = true;
    showNotListed(u"Waiting for the system keychain…"_s);
}

void MainWindow::connectLocalProfile(const Profile& profile)
{
    onLocalServerState();
    if (m_localServer->state() == LocalServerController::State::Running ||
        m_localServer->state() == LocalServerController::State::Starting) {
        return;
    }
    const QString entry = profile.keychainEntry();
    readProfileKey(profile, [this, entry](const CredentialStore::Result& r) {
        if (r.ok()) {
            m_localServer->setApiKey(r.key);
            m_localServer->start();
            return;
        }
        const QString key = randomKey();
        m_localServer->setApiKey(key);
        // The key is this session's until the keychain has it; the server does not wait for
        // the write, which may sit behind a prompt (to create the first keyring) for minutes.
        m_credentials->setSessionKey(entry, key);
        if (r.status == CredentialStore::Result::Status::NotFound) {
            m_credentials->writeKey(entry, key, this, [this](const auto& written) {
                if (!written.ok() && m_profile.isLocal) {
                    showBar(MessageBar::Kind::Warning,
                            written.message + u" The local server uses a new key each "
                                              "time until the keychain works."_s);
                }
            });
            m_localServer->start();
            return;
        }
        // No keychain: the local key lives in memory for this session; nothing is written.
        // The local profile works without a keychain, so this is a note, shown once.
        if (!m_keychainNoticeShown) {
            m_keychainNoticeShown = true;
            showBar(MessageBar::Kind::Information, r.message);
        }
        m_localServer->start();
    });
}

void MainWindow::onLocalServerState()
{
    if (!m_profile.isLocal) {
        return;
    }
    using State = LocalServerController::State;
    const State state = m_localServer->state();
    QString text = u"This computer: launch-local %1"_s.arg(LocalServerController::stateText(state));
    if (state == State::Running) {
        text += u" at "_s + m_localServer->url().toString();
    }
    m_serverLabel->setText(text);
    if (state == State::Running && m_barShowsLocalProblem) {
        m_barShowsLocalProblem = false;
        m_messageBar->hideMessage();
        // The bar that said it had stopped is gone: what happened stays said a while.
        showBar(MessageBar::Kind::Positive,
                u"launch-local is running again; async tasks it had accepted run again from "
                "the start."_s);
    }
    if (state == State::Running && !m_client) {
        m_credentials->readKey(m_profile.keychainEntry(), this, [this](const auto& r) {
            if (r.ok() && m_profile.isLocal && !m_client) {
                connectWithKey(m_profile, m_localServer->url(), r.key);
            }
        });
    } else if (state == State::Crashed) {
        disconnectClient();
        // Not found at all, restarting, or given up after too many crashes: each says so.
        QString problem = m_localServer->lastError();
        if (m_localServer->restartScheduled()) {
            problem += u" Starting it again…"_s;
        } else if (m_localServer->gaveUpRestarting()) {
            problem += u" It stopped %1 times within a minute, so it is not started again by "
                       "itself."_s.arg(LocalServerController::maxAutomaticRestarts + 1);
        }
        showBar(MessageBar::Kind::Error, problem, u"Restart now"_s,
                [this] { m_localServer->restart(); });
        m_barShowsLocalProblem = true;
        if (m_localServer->gaveUpRestarting()) {
            // No refresh is coming to correct the rows: what they say is no longer known.
            m_endpointsView->applyEndpoints({});
        }
        showNotListed(notConnectedText());
        markFirstRefreshDone();
    } else if (state == State::Refused) {
        disconnectClient();
        QString refusal = u"The server of this computer could not start: %1"_s.arg(
                m_localServer->lastError());
        if (m_localServer->dataFolderBusy()) {
            refusal += u" Use that window, or close it and press Try again."_s;
        }
        showBar(MessageBar::Kind::Error, refusal, u"Try again"_s,
                [this] { m_localServer->restart(); });
        m_barShowsLocalProblem = true;
        showNotListed(notConnectedText());
        markFirstRefreshDone();
    }
}

void MainWindow::connectWithKey(const Profile& profile, const QUrl& url, const QString& key)
{
    ConnectionSettings settings(url, key);
    settings.setAllowInsecureHttp(profile.allowPlainHttp);
    if (!profile.caFile.isEmpty()) {
        // Checked by caFileProblem() just before the key was read.
        settings.setCaCertificates(profile.caCertificates());
    }
    disconnectClient();
    m_client = new LaunchClient(settings, this);
    m_refresher->setClient(m_client);
    m_refresher->setInterval(profile.refreshIntervalMs());
    m_refresher->start();
    refreshBundles();
    updateActions();
    qCInfo(lcUi) << "connected profile" << profile.name << "to" << url.toString();
    emit clientChanged(m_client);
}

void MainWindow::disconnectClient()
{
    m_refresher->setClient(nullptr);
    if (m_client) {
        LaunchClient* old = m_client;
        m_client = nullptr;
        emit clientChanged(nullptr);
        old->cancelAll();
        old->deleteLater();
    }
    m_serverAnswered = false;
    updateActions();
}

void MainWindow::showKeyProblem(const Profile& profile, const QString& message, bool offerSession)
{
    if (offerSession) {
        showBar(MessageBar::Kind::Warning, message, u"Enter key for this session…"_s,
                [this, profile] { askSessionKey(profile); });
    } else {
        showBar(MessageBar::Kind::Warning, message, u"Edit profile…"_s, [this] { editProfiles(); });
    }
    showNotListed(notConnectedText());
    markFirstRefreshDone();
}

void MainWindow::askSessionKey(const Profile& profile)
{
    bool ok = false;
    const QString key = QInputDialog::getText(
            this, u"API key for this session"_s,
            u"API key for %1 (kept in memory until the console quits):"_s.arg(profile.name),
            QLineEdit::Password, {}, &ok);
    if (ok && !key.isEmpty()) {
        m_credentials->setSessionKey(profile.keychainEntry(), key);
        switchProfile(profile.name);
    }
}

void MainWindow::refresh()
{
    m_refresher->refreshNow();
    refreshBundles();
    refreshWorkerLogs();
}

void MainWindow::onRefreshed(const QList<ModelEndpoint>& endpoints, const QStringList& unreadable)
{
    const QString warning = unreadableText(unreadable);
    if (m_barShowsRefreshError && warning != m_unreadableWarning) {
        m_barShowsRefreshError = false;
        m_unreadableWarning.clear();
        m_messageBar->hideMessage();
    }
    if (!warning.isEmpty() && warning != m_unreadableWarning) {
        showBar(MessageBar::Kind::Warning, warning);
        m_barShowsRefreshError = true; // hidden by the next refresh that reads everything
        m_unreadableWarning = warning;
    }
    m_endpointsView->applyEndpoints(endpoints);
    m_endpointsListed = true;
    m_serverAnswered = true;
    updateEmptyText();
    if (m_profile.isLocal) {
        m_localQueuedItems = 0;
        for (const ModelEndpoint& e : endpoints) {
            m_localQueuedItems += e.numQueuedItems.value_or(0);
        }
    }
    if (!m_selectAfterRefresh.isEmpty()) {
        for (const ModelEndpoint& e : endpoints) {
            if (e.name == m_selectAfterRefresh && m_endpointsView->selectEndpoint(e.id)) {
                m_selectAfterRefresh.clear();
                break;
            }
        }
    }
    if (!m_barShowsFailureOf.isEmpty()) {
        const auto it = std::find_if(endpoints.cbegin(), endpoints.cend(), [this](const auto& e) {
            return e.name == m_barShowsFailureOf;
        });
        if (it == endpoints.cend() || it->status == EndpointStatus::Ready) {
            hideFailureBar();
        }
    }
    reportFollowedSave(endpoints);
    updateLastRefreshLabel();
    updateActions();
    refreshWorkerLogs();
    emit endpointsRefreshed(endpoints);
    markFirstRefreshDone();
}

void MainWindow::followSave(const QString& name, const QString& savedText,
                            const std::optional<ModelEndpoint>& before, Change change)
{
    if (m_barShowsFailureOf == name) {
        hideFailureBar(); // tried again: what comes of it replaces the old failure
    }
    FollowedSave followed;
    followed.name = name;
    followed.savedText = savedText;
    if (before) {
        followed.statusBefore = before->status;
        followed.updatedBefore = before->lastUpdatedAt;
    }
    followed.change = change;
    followed.deadline = QDeadlineTimer(followSaveMs);
    m_followedSave = followed;
    showBar(MessageBar::Kind::Positive, savedText);
}

void MainWindow::hideFailureBar()
{
    m_barShowsFailureOf.clear();
    m_messageBar->hideMessage();
}

void MainWindow::reportFollowedSave(const QList<ModelEndpoint>& endpoints)
{
    if (m_followedSave && m_followedSave->deadline.hasExpired()) {
        m_followedSave.reset();
    }
    if (!m_followedSave) {
        return;
    }
    FollowedSave& followed = *m_followedSave;
    const auto it = std::find_if(endpoints.cbegin(), endpoints.cend(),
                                 [&](const auto& e) { return e.name == followed.name; });
    if (it == endpoints.cend()) {
        return; // not listed yet, or deleted meanwhile: the next refresh tells
    }
    const EndpointStatus status = it->status;
    if (followed.statusBefore &&
        (!(status == *followed.statusBefore) ||
         (followed.updatedBefore.isValid() && it->lastUpdatedAt > followed.updatedBefore))) {
        followed.seenUnderWay = true;
    }
    // A change is known to have taken effect only once a refresh has shown it under way; a
    // new endpoint has no status before.
    const bool settled = !followed.statusBefore || followed.seenUnderWay;
    if (!settled) {
        return;
    }
    // What became of it, by what was sent: {ready, failed}.
    struct Outcome
    {
        QString ready;
        QString failed;
    };
    Outcome outcome{u"Endpoint %1 is ready with the changes."_s,
                    u"The changes to %1 could not be applied"_s};
    if (!followed.statusBefore) {
        outcome = {u"Endpoint %1 is ready."_s, u"Endpoint %1 could not start"_s};
    } else if (followed.change == Change::Restart) {
        outcome = {u"Endpoint %1 is ready with new workers."_s,
                   u"The workers of %1 could not be restarted"_s};
    } else if (followed.change == Change::Scale) {
        outcome = {u"Endpoint %1 is scaled and ready."_s, u"Endpoint %1 could not be scaled"_s};
    }
    if (status == EndpointStatus::Ready) {
        // Only in place of the confirmation, or where it was: another message may stand.
        const QString shown = statusBar()->currentMessage();
        if (shown.isEmpty() || shown == followed.savedText) {
            showBar(MessageBar::Kind::Positive, outcome.ready.arg(followed.name));
        }
        m_followedSave.reset();
    } else if (status == EndpointStatus::UpdateFailed) {
        const QString reason = it->statusReason.value_or(QString()).trimmed();
        QString text = outcome.failed.arg(followed.name);
        text += reason.isEmpty() ? u"; its worker logs may say why."_s : u": %1"_s.arg(reason);
        if (!text.endsWith(u'.')) {
            text += u'.';
        }
        statusBar()->clearMessage();
        showBar(MessageBar::Kind::Error, text);
        m_barShowsFailureOf = followed.name;
        m_followedSave.reset();
    }
}

QString MainWindow::unreadableText(const QStringList& unreadable)
{
    if (unreadable.isEmpty()) {
        return {};
    }
    const QString first = unreadable.first();
    if (unreadable.size() == 1) {
        return u"The server listed an endpoint that the console cannot read, so it is not "
               "shown: %1."_s.arg(first);
    }
    return u"The server listed %1 endpoints that the console cannot read, so they are not "
           "shown; the first: %2."_s.arg(unreadable.size())
                   .arg(first);
}

void MainWindow::onRefreshFailed(const ApiError& error, int retryInMs)
{
    qCWarning(lcUi) << "refresh failed:" << ApiError::kindName(error.kind()) << error.httpStatus();
    QString text = refreshErrorText(error) + u" Retrying in %1 s."_s.arg(retryInMs / 1000);
    const QDateTime last = m_refresher->lastSuccess();
    if (last.isValid()) {
        text += u" Showing what was known at %1."_s.arg(last.toString(u"HH:mm:ss"_s));
    }
    showBar(MessageBar::Kind::Error, text, u"Retry now"_s, [this] { refresh(); });
    m_barShowsRefreshError = true;
    m_serverAnswered = false;
    updateActions();
    if (!last.isValid()) {
        showNotListed(notConnectedText());
    }
    emit refreshFailed();
    markFirstRefreshDone();
}

QString MainWindow::refreshErrorText(const ApiError& error) const
{
    const QUrl url = m_client ? m_client->settings().baseUrl() : m_profile.baseUrl;
    const QString where = hostAndPort(url);
    if (error.kind() == ApiError::Kind::NotFound) {
        // The endpoint list always exists on a Launch server: a 404 means another program.
        return u"The server at %1 has no Launch API at this address (404). Check the profile's "
               "base URL, including any path prefix."_s.arg(where);
    }
    if (error.kind() == ApiError::Kind::Network &&
        error.networkError() == QNetworkReply::ConnectionRefusedError) {
        return u"Nothing answers at %1 (connection refused). Check that the server is running "
               "and the address and port in the profile settings."_s.arg(where);
    }
    return error.userMessage();
}

void MainWindow::showBar(MessageBar::Kind kind, const QString& text, const QString& actionText,
                         std::function<void()> action)
{
    if (kind == MessageBar::Kind::Positive && !action) {
        // A confirmation needs no answer: in the status bar it moves nothing, where the bar
        // would push the views down and back up again under the pointer when it times out.
        statusBar()->showMessage(text, MessageBar::positiveTimeoutMs);
        return;
    }
    m_barShowsRefreshError = false;
    m_barShowsLocalProblem = false;
    m_unreadableWarning.clear();
    m_barShowsKeychainWait = false;
    m_barShowsFailureOf.clear();
    m_barAction = std::move(action);
    m_messageBar->showMessage(kind, text, m_barAction ? actionText : QString());
}

void MainWindow::refreshBundles()
{
    if (!m_client) {
        return;
    }
    m_client->listBundles(this, [this](ApiResult<QList<ModelBundle>> result) {
        if (result) {
            m_bundlesView->model()->apply(result.value());
            m_bundlesView->setProblem({});
            m_bundlesListed = true;
            updateEmptyText();
        } else {
            m_bundlesView->setProblem(result.error().userMessage());
        }
    });
}

void MainWindow::showNotListed(const QString& why)
{
    m_endpointsListed = false;
    m_endpointsView->setEmptyText(why);
}

void MainWindow::updateEmptyText()
{
    if (!m_endpointsListed) {
        return; // the table says why no endpoints are known
    }
    // A new endpoint needs a bundle: on a server without any, that comes first.
    if (m_bundlesListed && bundles().isEmpty()) {
        m_endpointsView->setEmptyText(u"No bundles yet: create one in Bundles (File › New "
                                      "bundle…) first, then press Ctrl+N to create an "
                                      "endpoint."_s);
    } else {
        m_endpointsView->setEmptyText(u"No endpoints yet. Press Ctrl+N to create one."_s);
    }
}

void MainWindow::refreshWorkerLogs()
{
    const auto endpoint = selectedEndpoint();
    if (!m_client || !endpoint || m_logsCall.isActive()) {
        return;
    }
    const QString id = endpoint->id;
    constexpr qint64 tailBytes = 32 * 1024;
    m_logsCall = m_client->endpointLogs(id, tailBytes, this, [this, id](ApiResult<EndpointLogs> r) {
        const auto current = selectedEndpoint();
        if (!current || current->id != id) {
            return;
        }
        EndpointDetailsPane* pane = m_endpointsView->detailsPane();
        if (!r) {
            pane->setWorkerLogs(r.error().kind() == ApiError::Kind::NotFound
                                        ? u"This server does not offer worker logs."_s
                                        : u"Worker logs unavailable: "_s + r.error().userMessage());
            return;
        }
        pane->setWorkerLogs(EndpointDetailsPane::workerLogsText(r.value()));
    });
}

void MainWindow::markFirstRefreshDone()
{
    if (!m_firstRefreshDone) {
        m_firstRefreshDone = true;
        emit firstRefreshFinished();
    }
}

void MainWindow::saveWindowState() const
{
    QSettings& settings = m_profiles->settings();
    // The window's place and size belong to the window, the table layout to the profile.
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    const QString group = ProfileStore::uiStateGroup(m_profile.id);
    m_endpointsView->saveState(settings, group);
    m_bundlesView->saveState(settings, group);
    settings.sync();
}

void MainWindow::restoreWindowGeometry()
{
    QSettings& settings = m_profiles->settings();
    // Before the window had one place, each profile kept its own: that of the profile opened
    // at start stands in.
    const QString oldGroup = ProfileStore::uiStateGroup(m_profile.id);
    const QByteArray geometry =
            settings.value(u"window/geometry"_s, settings.value(oldGroup + u"/geometry"_s))
                    .toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        // A laptop's screen, or all of a smaller one, with room for the title bar the window
        // system adds (its height is known only once the window is shown): the status bar
        // must not start below the screen's edge.
        constexpr int titleBarAllowance = 48;
        QSize size(1280, 800);
        if (const QScreen* shown = screen()) {
            size = size.boundedTo(shown->availableGeometry().size() - QSize(0, titleBarAllowance));
        }
        resize(size);
    }
    restoreState(settings.value(u"window/state"_s, settings.value(oldGroup + u"/windowState"_s))
                         .toByteArray());
}

void MainWindow::restoreViewState()
{
    QSettings& settings = m_profiles->settings();
    const QString group = ProfileStore::uiStateGroup(m_profile.id);
    m_endpointsView->restoreState(settings, group);
    m_bundlesView->restoreState(settings, group);
}

bool MainWindow::confirmQuit()
{
    if (m_localServer->state() != LocalServerController::State::Running) {
        return true;
    }
    const auto pending = [this] {
        return m_pendingTasksProbe ? qint64(m_pendingTasksProbe()) : m_localQueuedItems;
    };
    if (pending() <= 0) {
        return true;
    }
    // Tasks go on finishing while the question waits: the count it gives is the current one.
    const auto text = [pending]() -> QString {
        const qint64 n = pending();
        if (n <= 0) {
            return u"The async tasks have finished. Quitting stops the local server."_s;
        }
        return (n == 1 ? u"1 async task is still pending on this computer."_s
                       : u"%1 async tasks are still pending on this computer."_s.arg(n)) +
               u" Quitting stops its server; the tasks are kept and resume the next time the "
               "console starts."_s;
    };
    return Prompt::confirm(
            this, {u"quitWithTasks"_s, u"Stop the local server?"_s, text(), {}, text}, u"Quit"_s);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmQuit()) {
        event->ignore();
        return;
    }
    saveWindowState();
    m_refresher->stop();
    disconnectClient();
    m_localServer->stop();
    event->accept();
}

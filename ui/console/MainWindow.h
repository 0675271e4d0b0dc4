#pragma once

#include "ApiCall.h"
#include "CredentialStore.h"
#include "EndpointsView.h"
#include "LaunchClient.h"
#include "MessageBar.h"
#include "ModelBundle.h"
#include "ModelEndpoint.h"
#include "Profile.h"

#include <QDeadlineTimer>
#include <QMainWindow>
#include <QPointer>
#include <QStyle>
#include <functional>
#include <optional>

class ApiError;
class BundlesView;
class EndpointRefresher;
class LocalServerController;
class ProfileStore;
class QSettings;
class QComboBox;
class QLabel;
class QTabWidget;

/// The console's main window: a profile picker, the endpoint and bundle views as tabs, an
/// inline message bar for server problems, and the status bar with the last refresh time and
/// short confirmations ("Bundle … created."), which there move nothing.
///
/// Other parts of the console plug in here (see docs/CONSOLE.md):
/// - addView() adds a tab (predictions, futures, dashboard, ...); selectView() shows one by id
///   (what `--view NAME` uses).
/// - client() is the LaunchClient of the current profile; clientChanged() tells when it is
///   replaced (profile switch, local server restart). It may be null while connecting.
/// - selectedEndpoint() and selectedEndpointChanged() follow the endpoint table's selection;
///   endpointsRefreshed() delivers every successful refresh, refreshFailed() tells of a failed
///   one.
/// - menu() gives the menus to add actions to.
/// - setPendingTasksProbe() lets a part say how many async tasks are still pending, so
///   quitting asks before stopping the local server.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    /// How long a keychain read may take before the window says it is waiting for it.
    static constexpr int keychainWaitNoticeMs = 1000;
    /// The profile picker's width, in characters; longer profile names are elided.
    static constexpr int profileComboChars = 32;

    enum class Menu
    {
        File,
        Endpoint,
        View,
        Tools,
        Help
    };

    /// The stores are not owned and must outlive the window.
    MainWindow(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The hook for other views.
    void addView(const QString& id, const QString& title, QWidget* view);
    bool selectView(const QString& id);
    QStringList viewIds() const;
    QString currentViewId() const;
    LaunchClient* client() const { return m_client; }
    /// The console's settings (launch-console.conf), for views that keep their own options.
    QSettings& settings() const;
    std::optional<Profile> currentProfile() const;
    std::optional<ModelEndpoint> selectedEndpoint() const;
    QList<ModelEndpoint> endpoints() const;
    QMenu* menu(Menu which) const;
    void setPendingTasksProbe(std::function<int()> probe)
    {
        m_pendingTasksProbe = std::move(probe);
    }

    /// Switches to the profile with this name; false if there is none.
    bool switchProfile(const QString& name);
    /// Refreshes endpoints (and bundles) now.
    void refresh();

    EndpointsView* endpointsView() const { return m_endpointsView; }
    BundlesView* bundlesView() const { return m_bundlesView; }
    MessageBar* messageBar() const { return m_messageBar; }
    LocalServerController* localServer() const { return m_localServer; }

    // Actions, also reachable from menus and shortcuts.
    void newEndpoint();
    void editSelectedEndpoint();
    void scaleSelectedEndpoint();
    void restartSelectedEndpoint();
    void deleteSelectedEndpoint();
    void newBundle();
    void editProfiles();

signals:
    void clientChanged(LaunchClient* client);
    void profileChanged(const Profile& profile);
    void selectedEndpointChanged();
    void endpointsRefreshed(const QList<ModelEndpoint>& endpoints);
    /// A refresh failed: the server does not answer now (the bar says why).
    void refreshFailed();
    /// The first refresh after start finished, successfully or not (used by --screenshot).
    void firstRefreshFinished();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    void reloadProfileCombo();
    void connectProfile(const Profile& profile);
    void connectLocalProfile(const Profile& profile);
    void connectWithKey(const Profile& profile, const QUrl& url, const QString& key);
    /// Reads the profile's key for the current connect; after keychainWaitNoticeMs without an
    /// answer the bar says that the keychain is awaited, with a session key as a way out.
    void readProfileKey(const Profile& profile, CredentialStore::Callback done);
    void showKeychainWait(const Profile& profile);
    void disconnectClient();
    void onRefreshed(const QList<ModelEndpoint>& endpoints, const QStringList& unreadable);
    /// What is followed after it is sent: a create or an update from the form, or a restart.
    enum class Change
    {
        Save,
        Scale,
        Restart
    };
    /// Starts following an endpoint just created or changed, to tell once it is ready or
    /// has failed. before is the endpoint as listed when the change was sent (none for a new
    /// one).
    void followSave(const QString& name, const QString& savedText,
                    const std::optional<ModelEndpoint>& before, Change change = Change::Save);
    /// Tells how the followed save turned out, once a refresh shows it.
    void reportFollowedSave(const QList<ModelEndpoint>& endpoints);
    void hideFailureBar();
    /// A sentence about endpoints left out of the list, or an empty string for none.
    static QString unreadableText(const QStringList& unreadable);
    void onRefreshFailed(const ApiError& error, int retryInMs);
    void onLocalServerState();
    void refreshBundles();
    /// The empty endpoint table says why no endpoints are known (connecting, no server).
    void showNotListed(const QString& why);
    /// The empty endpoint table says what to create first: a bundle, or an endpoint.
    void updateEmptyText();
    void refreshWorkerLogs();
    void updateActions();
    void updateLastRefreshLabel();
    QString refreshErrorText(const ApiError& error) const;
    /// A style's standard icon with a disabled look that is plainly off.
    QIcon toolBarIcon(QStyle::StandardPixmap standard) const;
    void showBar(MessageBar::Kind kind, const QString& text, const QString& actionText = {},
                 std::function<void()> action = {});
    void showKeyProblem(const Profile& profile, const QString& message, bool offerSession);
    void askSessionKey(const Profile& profile);
    void saveWindowState() const;
    /// Window place and size and toolbars: once, at start.
    void restoreWindowGeometry();
    /// The profile's table layouts and splitters: on every switch.
    void restoreViewState();
    bool confirmQuit();
    void markFirstRefreshDone();
    QList<ModelBundle> bundles() const;

    ProfileStore* m_profiles = nullptr;
    CredentialStore* m_credentials = nullptr;
    LocalServerController* m_localServer = nullptr;
    QPointer<LaunchClient> m_client;
    EndpointRefresher* m_refresher = nullptr;
    Profile m_profile;
    QTabWidget* m_tabs = nullptr;
    EndpointsView* m_endpointsView = nullptr;
    BundlesView* m_bundlesView = nullptr;
    MessageBar* m_messageBar = nullptr;
    QComboBox* m_profileCombo = nullptr;
    QLabel* m_serverLabel = nullptr;
    QLabel* m_refreshLabel = nullptr;
    QHash<Menu, QMenu*> m_menus;
    QHash<QString, QAction*> m_actions;
    std::function<int()> m_pendingTasksProbe;
    qint64 m_localQueuedItems = 0;
    std::function<void()> m_barAction;
    bool m_barShowsRefreshError = false;
    /// The warning about endpoints the server listed but the console could not read, while
    /// the bar shows it.
    QString m_unreadableWarning;
    /// The bar tells of a crashed or refused launch-local: cleared once it runs again.
    bool m_barShowsLocalProblem = false;
    bool m_barShowsKeychainWait = false;
    /// The endpoint whose failure to start or to take changes the bar shows; the bar goes
    /// once it is ready, deleted, or saved again.
    QString m_barShowsFailureOf;
    /// The last refresh of the current profile succeeded: creating endpoints and bundles can
    /// work.
    bool m_serverAnswered = false;
    /// The endpoint filter of each profile (by id) used this session.
    QHash<QString, EndpointsView::Filter> m_filters;
    ApiCall m_logsCall;
    QString m_selectAfterRefresh;
    /// The endpoint whose create or update the console waits to report on.
    struct FollowedSave
    {
        QString name;
        /// The confirmation shown when it was sent; replaced once it is ready.
        QString savedText;
        std::optional<EndpointStatus> statusBefore;
        QDateTime updatedBefore;
        Change change = Change::Save;
        /// A refresh has shown the change under way: a status other than the one before, or a
        /// later update time (a restart that failed again at once keeps its status).
        bool seenUnderWay = false;
        /// Past it, a change of status is no longer taken for this save's outcome.
        QDeadlineTimer deadline;
    };
    static constexpr int followSaveMs = 15 * 60 * 1000;
    std::optional<FollowedSave> m_followedSave;
    bool m_firstRefreshDone = false;
    /// The server has listed its endpoints / bundles since the profile was chosen.
    bool m_endpointsListed = false;
    bool m_bundlesListed = false;
    bool m_quitting = false;
    bool m_keychainNoticeShown = false;
    int m_connectGeneration = 0;
};

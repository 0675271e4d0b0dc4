// launch-console: parses the command line (without a display for --help and --version),
// builds the main window and, with --screenshot, saves it after the first refresh.
#include "BundlesView.h"
#include "CredentialStore.h"
#include "EndpointsView.h"
#include "MainWindow.h"
#include "ProfileStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <memory>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

#if defined(LAUNCH_HAVE_MONITORING_VIEWS) && __has_include("MonitoringViews.h")
#include "MonitoringViews.h"
#define LAUNCH_INSTALL_MONITORING_VIEWS 1
#endif

using namespace Qt::StringLiterals;

namespace {
constexpr int screenshotTimeoutMs = 60'000;
// Time for the worker logs of the selected endpoint to arrive before the picture is taken.
constexpr int screenshotSettleMs = 800;
constexpr int screenshotSettleLimitMs = 15'000;

void setUpParser(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
            u"Manage model endpoints on Launch servers and on this computer."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(
            {u"profile"_s, u"Open the profile <name> (default: the last one used)."_s, u"name"_s});
    QStringList views{u"endpoints"_s, u"bundles"_s};
#ifdef LAUNCH_INSTALL_MONITORING_VIEWS
    views += MonitoringViews::viewIds();
#endif
    parser.addOption(
            {u"view"_s, u"Show the view <id> first: %1."_s.arg(views.join(u", "_s)), u"id"_s});
    parser.addOption({u"screenshot"_s,
                      u"Save a PNG of the main window to <file> after the first refresh, "
                      "then exit."_s,
                      u"file"_s});
}

bool wantsTextOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" ||
            arg == "--version" || arg == "-v") {
            return true;
        }
    }
    return false;
}

void setApplicationInfo()
{
    QCoreApplication::setApplicationName(u"launch-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LAUNCH_VERSION));
}

// Whether no window can open: on X11 and Wayland systems, no display is named and no other
// platform is asked for. The command line is then still checked, and the user told why
// nothing opens, rather than Qt aborting in its platform plugin.
bool hasNoDisplay(int argc, char** argv)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-platform" || arg == "--platform" || arg.startsWith("-platform=") ||
            arg == "-display" || arg == "--display") {
            return false;
        }
    }
    return qEnvironmentVariableIsEmpty("DISPLAY") &&
           qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
           qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}

// Checks the command line as the console would, without a display; returns the exit code.
int checkArgumentsWithoutDisplay(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    setApplicationInfo();
    QCommandLineParser parser;
    setUpParser(parser);
    parser.process(app); // prints --help and --version, or the error for an unknown option
    if (const QStringList extra = parser.positionalArguments(); !extra.isEmpty()) {
        std::fprintf(stderr, "launch-console: unexpected argument \"%s\"; see --help.\n",
                     qPrintable(extra.first()));
        return 1;
    }
    if (wantsTextOnly(argc, argv)) {
        return 0;
    }
    std::fprintf(stderr, "launch-console: there is no display to open the console on "
                         "(neither DISPLAY nor WAYLAND_DISPLAY is set). Run it in a desktop "
                         "session; --help and --version work without one.\n");
    return 1;
}

bool isSettling(const QList<ModelEndpoint>& endpoints)
{
    return std::any_of(endpoints.cbegin(), endpoints.cend(), [](const ModelEndpoint& e) {
        return e.status.value() == EndpointStatus::UpdatePending ||
               e.status.value() == EndpointStatus::UpdateInProgress;
    });
}

// Saves the window once the first refresh is in. Endpoints that are still starting are given
// up to screenshotSettleLimitMs to settle, so the picture shows what a person sees a moment
// after opening the console rather than the first instant of a restart.
void takeScreenshot(MainWindow& window, const QString& file)
{
    auto saved = std::make_shared<bool>(false);
    auto save = [&window, file, saved] {
        if (*saved) {
            return;
        }
        *saved = true;
        // As for endpoints, the first bundle is shown in the details pane (the list may
        // have come in after the endpoints).
        QTableView* bundles = window.bundlesView()->table();
        if (bundles->model()->rowCount() > 0 && !bundles->selectionModel()->hasSelection()) {
            bundles->selectRow(0);
        }
        const bool ok = window.grab().save(file, "PNG");
        if (!ok) {
            std::fprintf(stderr, "launch-console: could not write %s\n", qPrintable(file));
        }
        QCoreApplication::exit(ok ? 0 : 1);
    };
    auto finish = [&window, save] {
        QTableView* table = window.endpointsView()->table();
        if (table->model()->rowCount() > 0 && !window.selectedEndpoint()) {
            table->selectRow(0);
        }
        QTimer::singleShot(screenshotSettleMs, &window, save);
    };
    auto firstAt = std::make_shared<QElapsedTimer>();
    QObject::connect(&window, &MainWindow::firstRefreshFinished, &window,
                     [&window, finish, firstAt] {
                         firstAt->start();
                         if (!isSettling(window.endpoints())) {
                             finish();
                         }
                     });
    QObject::connect(&window, &MainWindow::endpointsRefreshed, &window,
                     [finish, firstAt](const QList<ModelEndpoint>& endpoints) {
                         if (firstAt->isValid() && (!isSettling(endpoints) ||
                                                    firstAt->elapsed() > screenshotSettleLimitMs)) {
                             finish();
                         }
                     });
    QTimer::singleShot(screenshotTimeoutMs, &window, save);
}

#ifdef Q_OS_UNIX
int signalPipe[2] = {-1, -1};

extern "C" void onTerminationSignal(int signalNumber)
{
    const char byte = static_cast<char>(signalNumber);
    // Nothing else is async-signal-safe here; the event loop reads the byte and quits.
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// SIGTERM (logout), SIGINT (Ctrl+C in a terminal) and SIGHUP (terminal closed) end the console
// the way File > Quit does, so launch-local and its workers are stopped instead of left running.
void quitOnTerminationSignals(QCoreApplication& app)
{
    if (::pipe(signalPipe) != 0) {
        return;
    }
    for (const int fd : signalPipe) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
    }
    auto* notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        while (::read(signalPipe[0], &byte, 1) > 0) {
        }
        // Ends every event loop, a form's or a question's too, without closing windows: no
        // window may hold up a logout with "Discard changes?" or the pending-tasks question.
        // launch-local is stopped as the window goes.
        QCoreApplication::exit(0);
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signalNumber : {SIGTERM, SIGINT, SIGHUP}) {
        ::sigaction(signalNumber, &action, nullptr);
    }
}
#endif
} // namespace

int main(int argc, char** argv)
{
    setApplicationInfo();
    if (wantsTextOnly(argc, argv) || hasNoDisplay(argc, argv)) {
        return checkArgumentsWithoutDisplay(argc, argv);
    }
    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setApplicationDisplayName(u"Launch Console"_s);
    QApplication::setDesktopFileName(u"io.github.launch_console.LaunchConsole"_s);
    QCommandLineParser parser;
    setUpParser(parser);
    parser.process(app);
    if (const QStringList extra = parser.positionalArguments(); !extra.isEmpty()) {
        // Nothing is opened by name: a word left over is a mistyped option.
        std::fprintf(stderr, "launch-console: unexpected argument \"%s\"; see --help.\n",
                     qPrintable(extra.first()));
        return 1;
    }

    ProfileStore profiles;
    CredentialStore credentials;
    profiles.ensureLocalProfile();
    if (parser.isSet(u"profile"_s)) {
        const QString name = parser.value(u"profile"_s);
        if (!profiles.profile(name)) {
            std::fprintf(stderr, "launch-console: no profile named \"%s\"\n", qPrintable(name));
            return 2;
        }
        profiles.setSessionProfileName(name);
    }
    MainWindow window(&profiles, &credentials);
#ifdef LAUNCH_INSTALL_MONITORING_VIEWS
    installMonitoringViews(window);
#endif
    // Ids are lower case; `--view Dashboard` means the same view.
    const auto viewId = [&window](const QString& typed) {
        const QStringList ids = window.viewIds();
        const auto found = std::find_if(ids.cbegin(), ids.cend(), [&typed](const QString& id) {
            return id.compare(typed, Qt::CaseInsensitive) == 0;
        });
        return found == ids.cend() ? typed : *found;
    };
    if (parser.isSet(u"view"_s) && !window.selectView(viewId(parser.value(u"view"_s)))) {
        std::fprintf(stderr, "launch-console: no view \"%s\"; views: %s\n",
                     qPrintable(parser.value(u"view"_s)),
                     qPrintable(window.viewIds().join(u", "_s)));
        return 2;
    }
    if (parser.isSet(u"screenshot"_s)) {
        takeScreenshot(window, parser.value(u"screenshot"_s));
    }
#ifdef Q_OS_UNIX
    quitOnTerminationSignals(app);
#endif
    window.show();
    return app.exec();
}

// launch-console: parses the command line (without a display for --help and --version),
// builds the main window and, with --screenshot, saves it after the first refresh.
#include "CredentialStore.h"
#include "EndpointsView.h"
#include "MainWindow.h"
#include "ProfileStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>
#include <cstdio>

#if defined(LAUNCH_HAVE_MONITORING_VIEWS) && __has_include("MonitoringViews.h")
#include "MonitoringViews.h"
#define LAUNCH_INSTALL_MONITORING_VIEWS 1
#endif

using namespace Qt::StringLiterals;

namespace {
constexpr int screenshotTimeoutMs = 60'000;
// Time for the worker logs of the selected endpoint to arrive before the picture is taken.
constexpr int screenshotSettleMs = 800;

void setUpParser(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
            u"Manage model endpoints on Launch servers and on this computer."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(
            {u"profile"_s, u"Open the profile <name> (default: the last one used)."_s, u"name"_s});
    parser.addOption({u"view"_s,
                      u"Show the view <id> first: endpoints, bundles, or a view added by "
                      "another part."_s,
                      u"id"_s});
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

void takeScreenshot(MainWindow& window, const QString& file)
{
    auto save = [&window, file] {
        const bool ok = window.grab().save(file, "PNG");
        if (!ok) {
            std::fprintf(stderr, "launch-console: could not write %s\n", qPrintable(file));
        }
        QCoreApplication::exit(ok ? 0 : 1);
    };
    QObject::connect(&window, &MainWindow::firstRefreshFinished, &window, [&window, save] {
        // Show the details of the first endpoint, as a person looking at the window would.
        QTableView* table = window.endpointsView()->table();
        if (table->model()->rowCount() > 0 && !window.selectedEndpoint()) {
            table->selectRow(0);
        }
        QTimer::singleShot(screenshotSettleMs, &window, save);
    });
    QTimer::singleShot(screenshotTimeoutMs, &window, save);
}
} // namespace

int main(int argc, char** argv)
{
    setApplicationInfo();
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationInfo();
        QCommandLineParser parser;
        setUpParser(parser);
        parser.process(app);
        return 0;
    }
    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setApplicationDisplayName(u"Launch Console"_s);
    QApplication::setDesktopFileName(u"io.github.launch_console.LaunchConsole"_s);
    QCommandLineParser parser;
    setUpParser(parser);
    parser.process(app);

    ProfileStore profiles;
    CredentialStore credentials;
    profiles.ensureLocalProfile();
    if (parser.isSet(u"profile"_s)) {
        const QString name = parser.value(u"profile"_s);
        if (!profiles.profile(name)) {
            std::fprintf(stderr, "launch-console: no profile named \"%s\"\n", qPrintable(name));
            return 2;
        }
        profiles.setCurrentProfileName(name);
    }
    MainWindow window(&profiles, &credentials);
#ifdef LAUNCH_INSTALL_MONITORING_VIEWS
    installMonitoringViews(window);
#endif
    if (parser.isSet(u"view"_s) && !window.selectView(parser.value(u"view"_s))) {
        std::fprintf(stderr, "launch-console: no view \"%s\"; views: %s\n",
                     qPrintable(parser.value(u"view"_s)),
                     qPrintable(window.viewIds().join(u", "_s)));
        return 2;
    }
    if (parser.isSet(u"screenshot"_s)) {
        takeScreenshot(window, parser.value(u"screenshot"_s));
    }
    window.show();
    return app.exec();
}

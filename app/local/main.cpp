#include "LocalServer.h"
#include "ServerLog.h"
#include "ServerOptions.h"

#include <QCoreApplication>
#include <QDir>
#include <QLockFile>
#include <QSocketNotifier>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

#ifdef Q_OS_UNIX
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

/// SIGINT and SIGTERM stop the workers before exiting.
void stopOnSignals(QCoreApplication& app, LocalServer& server)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        return;
    }
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&server, notifier] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        notifier->setEnabled(false);
        qCInfo(lcServer) << "stopping: waiting for workers to exit";
        server.shutdown([] { QCoreApplication::quit(); });
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}
#else
// Missing on Windows: a graceful stop on Ctrl+C. launch-local then ends without stopping its
// workers first, which may outlive it; tasks in flight run again at the next start.
void stopOnSignals(QCoreApplication&, LocalServer&)
{}
#endif

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"launch-local"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LAUNCH_VERSION));

    ServerOptions options;
    switch (options.parse(QCoreApplication::arguments())) {
    case ServerOptions::Outcome::ShowText:
        std::fprintf(stdout, "%s\n", qPrintable(options.text()));
        return 0;
    case ServerOptions::Outcome::Error:
        std::fprintf(stderr, "launch-local: %s\n", qPrintable(options.text()));
        return 1;
    case ServerOptions::Outcome::Run:
        break;
    }
    if (options.isRemote()) {
        std::fprintf(stderr,
                     "launch-local: WARNING: listening on %s, which other computers can "
                     "reach; the API key travels over plain HTTP.\n",
                     qPrintable(options.config().address.toString()));
    }

    // One launch-local per data folder: a second one would open the same database, start
    // duplicate workers and run unfinished tasks twice. A lock left by a dead process is stale.
    if (!QDir().mkpath(options.config().dataDir)) {
        std::fprintf(stderr, "launch-local: cannot create the data folder %s\n",
                     qPrintable(QDir::toNativeSeparators(options.config().dataDir)));
        return 2;
    }
    QLockFile lock(QDir(options.config().dataDir).filePath(u"launch-local.lock"_s));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString host;
        QString appName;
        if (lock.error() == QLockFile::LockFailedError && lock.getLockInfo(&pid, &host, &appName)) {
            std::fprintf(stderr,
                         "launch-local: the data folder %s is already used by another "
                         "launch-local (process id %lld); stop it first or give another "
                         "--data-dir.\n",
                         qPrintable(QDir::toNativeSeparators(options.config().dataDir)),
                         static_cast<long long>(pid));
        } else {
            std::fprintf(stderr, "launch-local: cannot lock the data folder %s\n",
                         qPrintable(QDir::toNativeSeparators(options.config().dataDir)));
        }
        return 2;
    }

    LocalServer server;
    const QString error = server.start(options.config());
    if (!error.isEmpty()) {
        std::fprintf(stderr, "launch-local: %s\n", qPrintable(error));
        return 2;
    }

    stopOnSignals(app, server);

    std::fprintf(stdout, "LAUNCH_LOCAL_READY url=%s\n",
                 qPrintable(server.url().toString(QUrl::StripTrailingSlash)));
    std::fflush(stdout);
    return app.exec();
}

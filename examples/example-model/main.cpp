#include "ExampleModel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>
#include <cstdio>
#include <cstdlib>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

int envInt(const char* name)
{
    return qEnvironmentVariableIntValue(name);
}

#ifdef Q_OS_UNIX
int g_signalPipe[2] = {-1, -1};

void onSigterm(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

/// A model that takes `delayMs` to shut down after SIGTERM, as one that saves its state
/// would: the time between a stop and the exit can then be seen and tested.
void delayExitOnSigterm(QCoreApplication& app, int delayMs)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        return;
    }
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier, delayMs] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        notifier->setEnabled(false);
        std::fprintf(stderr, "example model: SIGTERM; exiting in %d ms as asked\n", delayMs);
        std::fflush(stderr);
        QTimer::singleShot(delayMs, Qt::PreciseTimer, &QCoreApplication::quit);
    });
    std::signal(SIGTERM, onSigterm);
}
#endif

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"launch-example-model"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LAUNCH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Example model server for launch-local. Listens on 127.0.0.1:$PORT, answers "
            "GET /readyz and POST /predict. Arguments: numbers (list), text, sleep_ms, fail, "
            "crash, hang_up, unhealthy."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption crashOnStart(
            u"crash-on-start"_s,
            u"Exit with code 3 at once (or EXAMPLE_MODEL_CRASH_ON_START=1)."_s);
    const QCommandLineOption crashAfter(
            u"crash-on-request"_s,
            u"Exit while answering request N (or EXAMPLE_MODEL_CRASH_ON_REQUEST=N)."_s, u"N"_s);
    const QCommandLineOption readyDelay(
            u"ready-delay-ms"_s,
            u"Answer /readyz with 503 for this long (or EXAMPLE_MODEL_READY_DELAY_MS)."_s, u"MS"_s);
    const QCommandLineOption neverReady(
            u"never-ready"_s, u"Never answer /readyz with 200 (or EXAMPLE_MODEL_NEVER_READY=1)."_s);
    const QCommandLineOption sigtermDelay(
            u"sigterm-delay-ms"_s,
            u"On SIGTERM, exit only after this long (or EXAMPLE_MODEL_SIGTERM_DELAY_MS; Unix)."_s,
            u"MS"_s);
    parser.addOptions({crashOnStart, crashAfter, readyDelay, neverReady, sigtermDelay});
    parser.process(app);

    if (parser.isSet(crashOnStart) || envInt("EXAMPLE_MODEL_CRASH_ON_START") != 0) {
        std::fprintf(stderr, "example model: crashing on start as asked\n");
        return 3;
    }
    ExampleModel::Options options;
    options.crashAfterRequests = parser.isSet(crashAfter)
                                         ? parser.value(crashAfter).toInt()
                                         : envInt("EXAMPLE_MODEL_CRASH_ON_REQUEST");
    options.readyDelayMs = parser.isSet(readyDelay) ? parser.value(readyDelay).toInt()
                                                    : envInt("EXAMPLE_MODEL_READY_DELAY_MS");
    options.neverReady = parser.isSet(neverReady) || envInt("EXAMPLE_MODEL_NEVER_READY") != 0;
    const int sigtermDelayMs = parser.isSet(sigtermDelay)
                                       ? parser.value(sigtermDelay).toInt()
                                       : envInt("EXAMPLE_MODEL_SIGTERM_DELAY_MS");

    bool ok = false;
    const int port = qEnvironmentVariable("PORT", u"5005"_s).toInt(&ok);
    if (!ok || port < 0 || port > 65535) {
        std::fprintf(stderr, "example model: PORT must be a port number\n");
        return 2;
    }
    ExampleModel model(options);
    QString error;
    const quint16 bound = model.listen(quint16(port), &error);
    if (bound == 0) {
        std::fprintf(stderr, "example model: %s\n", qPrintable(error));
        return 2;
    }
#ifdef Q_OS_UNIX
    if (sigtermDelayMs > 0) {
        delayExitOnSigterm(app, sigtermDelayMs);
    }
#else
    Q_UNUSED(sigtermDelayMs); // no SIGTERM to delay: a stop ends the process at once
#endif
    std::fprintf(stderr, "example model listening on 127.0.0.1:%u\n", unsigned(bound));
    return app.exec();
}

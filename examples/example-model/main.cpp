#include "ExampleModel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

int envInt(const char* name)
{
    return qEnvironmentVariableIntValue(name);
}

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
            "crash."_s);
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
    parser.addOptions({crashOnStart, crashAfter, readyDelay, neverReady});
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
    std::fprintf(stderr, "example model listening on 127.0.0.1:%u\n", unsigned(bound));
    return app.exec();
}

// Start-up to the first painted main window: the program runs itself as a child several
// times; each child builds the application and the main window for a fresh profile (which
// starts launch-local), and prints when the window first paints. The parent measures from
// starting the process to reading that line, so loading and linking count too.
#include "CredentialStore.h"
#include "MainWindow.h"
#include "ProfileStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
constexpr int runs = 7;

class PaintWatcher final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            std::printf("painted\n");
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_done = false;
};

int child(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"launch-console"_s);
    ProfileStore profiles;
    CredentialStore credentials;
    MainWindow window(&profiles, &credentials);
    PaintWatcher watcher;
    window.installEventFilter(&watcher);
    window.show();
    return app.exec();
}
} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--child") == 0) {
        return child(argc, argv);
    }
    QCoreApplication app(argc, argv);
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        if (!env.contains(u"DISPLAY"_s) && !env.contains(u"QT_QPA_PLATFORM"_s)) {
            env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        }
        QProcess process;
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QElapsedTimer timer;
        timer.start();
        process.start(QCoreApplication::applicationFilePath(), {u"--child"_s});
        while (!process.canReadLine() && process.waitForReadyRead(10000)) {
        }
        times.append(timer.nsecsElapsed() / 1e6);
        process.waitForFinished(10000);
    }
    std::sort(times.begin(), times.end());
    std::printf("start to first painted window: median %.1f ms (min %.1f, max %.1f, %d runs, "
                "platform %s)\n",
                times.at(runs / 2), times.first(), times.last(), runs,
                qEnvironmentVariableIsSet("DISPLAY") ? "xcb" : "offscreen");
    return 0;
}

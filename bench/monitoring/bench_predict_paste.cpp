// Large prediction arguments in the Predict view: time from putting a JSON object with one
// long unbroken string (as base64 data is) into the editor until the view has laid it out,
// validated it and taken a new width, for 0.3 and 2 million characters; median of 5 runs.
// (Past a million characters the view checks the text once typing pauses for 300 ms: the
// wait is left out, the check itself is measured.)
// Then the time to empty it again (select all, delete) with 2 and 20 million characters.
#include "PredictView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double pasteMs(PredictView& view, qsizetype length)
{
    const QString text = u"{\"image\": \""_s + QString(length, u'A') + u"\"}"_s;
    view.argsEditor()->clear();
    view.resize(1100, 700);
    QApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    view.argsEditor()->setPlainText(text);
    QApplication::processEvents();
    if (auto* check = view.findChild<QTimer*>(u"argsCheckTimer"_s); check && check->isActive()) {
        check->stop();
        QMetaObject::invokeMethod(check, "timeout", Qt::DirectConnection);
    }
    view.resize(1000, 700);
    QApplication::processEvents();
    return double(clock.nsecsElapsed()) / 1e6;
}

// Ctrl+A and Backspace in the editor holding `length` characters of words, as a person
// empties it after pasting a large request.
double clearMs(PredictView& view, qsizetype length)
{
    QString text = u"{\"text\": \""_s;
    while (text.size() < length) {
        text += u"word "_s;
    }
    text += u"\"}"_s;
    view.argsEditor()->setPlainText(text);
    QApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    view.argsEditor()->selectAll();
    view.argsEditor()->textCursor().removeSelectedText();
    QApplication::processEvents();
    return double(clock.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    PredictView view;
    view.show();
    for (const qsizetype length : {qsizetype(300'000), qsizetype(2'000'000)}) {
        std::vector<double> runs;
        for (int i = 0; i < 5; ++i) {
            runs.push_back(pasteMs(view, length));
        }
        std::sort(runs.begin(), runs.end());
        std::printf("paste %lld characters into the arguments editor: %.0f ms (median of 5)\n",
                    static_cast<long long>(length), runs[runs.size() / 2]);
    }
    for (const qsizetype length : {qsizetype(2'000'000), qsizetype(20'000'000)}) {
        std::printf("select all and delete %lld characters of words: %.0f ms\n",
                    static_cast<long long>(length), clearMs(view, length));
    }
    return 0;
}

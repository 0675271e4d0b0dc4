// Large prediction arguments in the Predict view: time from putting a JSON object with one
// long unbroken string (as base64 data is) into the editor until the view has laid it out,
// validated it and taken a new width, for 0.3 and 2 million characters; median of 5 runs.
#include "PredictView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
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
    view.resize(1000, 700);
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
    return 0;
}

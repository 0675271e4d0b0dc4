#include "Prompt.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
Prompt::Hook& hook()
{
    static Prompt::Hook instance;
    return instance;
}
} // namespace

void Prompt::setHook(Hook h)
{
    hook() = std::move(h);
}

bool Prompt::confirm(QWidget* parent, const Question& question, const QString& acceptText)
{
    if (hook()) {
        return hook()(question).accepted;
    }
    QMessageBox box(QMessageBox::Question, question.title,
                    question.currentText ? question.currentText() : question.text,
                    QMessageBox::Cancel, parent);
    box.setObjectName(question.id + u"Box"_s);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    if (!question.rejectText.isEmpty()) {
        box.button(QMessageBox::Cancel)->setText(question.rejectText);
    }
    QTimer live;
    if (question.currentText) {
        live.setInterval(liveTextIntervalMs);
        QObject::connect(&live, &QTimer::timeout, &box, [&box, &question] {
            if (const QString text = question.currentText(); text != box.text()) {
                box.setText(text);
            }
        });
        live.start();
    }
    box.exec();
    return box.clickedButton() == accept;
}

bool Prompt::confirmByTyping(QWidget* parent, const Question& question, const QString& acceptText)
{
    if (hook()) {
        const Answer answer = hook()(question);
        return answer.accepted && answer.typedText == question.requiredText;
    }
    QDialog dialog(parent);
    dialog.setObjectName(question.id + u"Dialog"_s);
    dialog.setWindowTitle(question.title);
    auto* text = new QLabel(question.text + u"\n\nType %1 to confirm."_s.arg(question.requiredText),
                            &dialog);
    text->setWordWrap(true);
    auto* edit = new QLineEdit(&dialog);
    edit->setObjectName(u"typedConfirmation"_s);
    edit->setPlaceholderText(question.requiredText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton* accept = buttons->addButton(acceptText, QDialogButtonBox::AcceptRole);
    accept->setEnabled(false);
    QObject::connect(edit, &QLineEdit::textChanged, accept, [accept, question](const QString& t) {
        accept->setEnabled(t == question.requiredText);
    });
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    return dialog.exec() == QDialog::Accepted && edit->text() == question.requiredText;
}

void Prompt::inform(QWidget* parent, const Question& question)
{
    if (hook()) {
        hook()(question);
        return;
    }
    QMessageBox::information(parent, question.title, question.text);
}

bool Prompt::confirmDiscard(QWidget* parent, const QString& what)
{
    return confirm(parent,
                   {.id = u"discardChanges"_s,
                    .title = u"Discard changes?"_s,
                    .text = u"%1 Close the form and lose what you typed?"_s.arg(what),
                    .requiredText = {},
                    .currentText = {},
                    .rejectText = u"Keep editing"_s},
                   u"Discard"_s);
}

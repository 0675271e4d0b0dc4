#pragma once

#include <QString>
#include <functional>

class QWidget;

/// The questions the console asks with a modal box (delete? stop the local server? update
/// the existing endpoint?). Tests and automation answer them through setHook() instead of a
/// box, so no test depends on timing.
class Prompt final
{
public:
    struct Question
    {
        /// Stable name of the question: "deleteEndpoint", "updateExisting", "quitWithTasks", ...
        QString id;
        QString title;
        QString text;
        /// The text the user must type to confirm (protected profiles), or empty.
        QString requiredText;
        /// For a question about something that changes while it is asked (tasks that finish):
        /// gives the text as it is now. The box shows it when it opens and keeps it current.
        std::function<QString()> currentText = {};
        /// The text of the button that says no, where "Cancel" would be unclear (a question
        /// about cancelling), or empty for "Cancel".
        QString rejectText = {};
    };
    struct Answer
    {
        bool accepted = false;
        QString typedText;
    };
    using Hook = std::function<Answer(const Question&)>;

    static constexpr int liveTextIntervalMs = 250;

    /// While a hook is set, questions go to it and no box is shown. Pass {} to remove it.
    static void setHook(Hook hook);

    /// Yes/no question; acceptText names the confirming button ("Delete", "Update"). With
    /// question.currentText, its text is read again every liveTextIntervalMs while open.
    static bool confirm(QWidget* parent, const Question& question, const QString& acceptText);
    /// Confirmation that needs question.requiredText typed exactly.
    static bool confirmByTyping(QWidget* parent, const Question& question,
                                const QString& acceptText);
    /// An information box with an OK button.
    static void inform(QWidget* parent, const Question& question);
    /// "Discard changes?" of a form about to close: what (a sentence: "The new bundle has not
    /// been created.") comes before the question; Discard or Keep editing. True to discard.
    static bool confirmDiscard(QWidget* parent, const QString& what);
};

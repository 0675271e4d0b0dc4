#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

/// An inline bar above the content for recoverable problems (server unreachable, key missing)
/// and short confirmations: an icon, one sentence, an optional action button and a close
/// button. Never modal.
class MessageBar final : public QFrame
{
    Q_OBJECT
public:
    enum class Kind
    {
        Information,
        Positive,
        Warning,
        Error
    };

    explicit MessageBar(QWidget* parent = nullptr);

    /// Shows the message; actionText adds a button that emits actionTriggered().
    void showMessage(Kind kind, const QString& text, const QString& actionText = {});
    void hideMessage();
    QString text() const;
    Kind kind() const { return m_kind; }

signals:
    void actionTriggered();

private:
    void applyColours();

    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QPushButton* m_action = nullptr;
    Kind m_kind = Kind::Information;
};

#pragma once

#include <QFrame>
#include <QTimer>

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

    /// How long a Positive message stays before it hides itself.
    static constexpr int positiveTimeoutMs = 10'000;

signals:
    void actionTriggered();

private:
    void applyColours();

    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QTimer m_positiveTimeout;
    QPushButton* m_action = nullptr;
    Kind m_kind = Kind::Information;
};

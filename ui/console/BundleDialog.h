#pragma once

#include "ApiCall.h"
#include "CreateBundleRequest.h"
#include "LaunchClient.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QSet>

class ApiError;
class MessageBar;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

/// Creates a runnable-image bundle: repository, tag, command, environment, routes and
/// readiness delay. On the local profile it offers the example model as a preset.
class BundleDialog final : public QDialog
{
    Q_OBJECT
public:
    /// examplePath: the example model program to offer as a preset, or empty for none.
    BundleDialog(LaunchClient* client, const QString& examplePath, QWidget* parent = nullptr);

    void applyExamplePreset();
    CreateBundleRequest request() const;
    QHash<QString, QString> fieldErrors() const;
    void save();
    /// Cancel, Escape or closing the window: asks before it drops what was typed.
    void reject() override;

signals:
    void saved(const QString& name);

private:
    QWidget* fieldRow(QWidget* field, const QString& key);
    /// Everything the form holds, to tell whether anything was typed since it opened.
    QStringList formState() const;
    void validate();
    /// The command's words, split as a shell would; none, with the reason in `problem`, for
    /// an unclosed quote.
    QStringList command(QString* problem = nullptr) const;
    std::optional<QMap<QString, QString>> environment(QString* problem = nullptr) const;

    QPointer<LaunchClient> m_client;
    QString m_examplePath;
    ApiCall m_call;
    MessageBar* m_messageBar = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_repository = nullptr;
    QLineEdit* m_tag = nullptr;
    QLineEdit* m_command = nullptr;
    QPlainTextEdit* m_env = nullptr;
    QLineEdit* m_predictRoute = nullptr;
    QLineEdit* m_healthRoute = nullptr;
    QSpinBox* m_readiness = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    /// Beside the buttons: which fields still need filling in while Save is off for them.
    QLabel* m_saveHint = nullptr;
    QHash<QString, QLabel*> m_errorLabels;
    QHash<QString, QString> m_serverErrors;
    QSet<QString> m_edited;
    QStringList m_openedState;
};

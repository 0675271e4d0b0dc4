#include "BundleDialog.h"

#include "FieldRow.h"
#include "LaunchClient.h"
#include "MessageBar.h"
#include "Prompt.h"
#include "ResourceName.h"
#include "ShellWords.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

/// As long as launch-local allows; a hosted server that allows fewer says so.
constexpr int maxNameLength = 255;

} // namespace

BundleDialog::BundleDialog(LaunchClient* client, const QString& examplePath, QWidget* parent)
    : QDialog(parent)
    , m_client(client)
    , m_examplePath(examplePath)
    , m_messageBar(new MessageBar(this))
    , m_name(new QLineEdit(this))
    , m_repository(new QLineEdit(this))
    , m_tag(new QLineEdit(this))
    , m_command(new QLineEdit(this))
    , m_env(new QPlainTextEdit(this))
    , m_predictRoute(new QLineEdit(u"/predict"_s, this))
    , m_healthRoute(new QLineEdit(u"/readyz"_s, this))
    , m_readiness(new QSpinBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"bundleDialog"_s);
    setWindowTitle(u"New runnable-image bundle"_s);
    m_name->setObjectName(u"bundleNameEdit"_s);
    m_repository->setObjectName(u"repositoryEdit"_s);
    m_repository->setPlaceholderText(u"e.g. registry.example.com/echo"_s);
    m_tag->setObjectName(u"tagEdit"_s);
    m_tag->setPlaceholderText(u"e.g. 1.0"_s);
    m_command->setObjectName(u"commandEdit"_s);
    m_command->setPlaceholderText(u"program and its arguments"_s);
    m_command->setToolTip(u"Split into words as a shell would: put quotes ('…' or \"…\") "
                          "around an argument that holds spaces; nothing is expanded"_s);
    m_env->setObjectName(u"envEdit"_s);
    m_env->setPlaceholderText(u"KEY=value, one per line"_s);
    m_env->setMaximumHeight(80);
    // Wide enough that no hint is cut off.
    for (QLineEdit* edit : {m_repository, m_tag, m_command}) {
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + 24);
    }
    m_predictRoute->setObjectName(u"predictRouteEdit"_s);
    m_healthRoute->setObjectName(u"healthRouteEdit"_s);
    m_readiness->setObjectName(u"readinessSpin"_s);
    m_readiness->setRange(0, 3600);
    m_readiness->setValue(120);
    m_readiness->setSuffix(u" s"_s);
    auto* form = new QFormLayout;
    // Labels sit at the top of their field, level with the first line of a tall text box.
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->addRow(u"&Name"_s, fieldRow(m_name, u"name"_s));
    form->addRow(u"&Repository"_s, fieldRow(m_repository, u"repository"_s));
    form->addRow(u"&Tag"_s, fieldRow(m_tag, u"tag"_s));
    form->addRow(u"&Command"_s, fieldRow(m_command, u"command"_s));
    form->addRow(u"&Environment"_s, fieldRow(m_env, u"env"_s));
    form->addRow(u"Predict route"_s, fieldRow(m_predictRoute, u"predict_route"_s));
    form->addRow(u"Health check route"_s, fieldRow(m_healthRoute, u"healthcheck_route"_s));
    form->addRow(u"Readiness delay"_s, fieldRow(m_readiness, u"readiness_initial_delay_seconds"_s));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    if (!m_examplePath.isEmpty()) {
        auto* preset = new QPushButton(u"Use the example model"_s, this);
        preset->setObjectName(u"examplePresetButton"_s);
        preset->setAutoDefault(false); // Enter saves, wherever the focus is

        preset->setToolTip(u"Fills the form with the example model that ships with the console"_s);
        connect(preset, &QPushButton::clicked, this, &BundleDialog::applyExamplePreset);
        layout->addWidget(preset, 0, Qt::AlignLeft);
    }
    layout->addLayout(form);
    m_saveHint = new QLabel(this);
    m_saveHint->setObjectName(u"bundleSaveHint"_s);
    m_saveHint->setEnabled(false); // a hint, in the palette's quieter text colour
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_saveHint, 1);
    buttonRow->addWidget(m_buttons);
    layout->addLayout(buttonRow);
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(u"saveBundleButton"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &BundleDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (const auto& [edit, key] :
         {std::pair{m_name, u"name"_s}, std::pair{m_repository, u"repository"_s},
          std::pair{m_tag, u"tag"_s}, std::pair{m_command, u"command"_s},
          std::pair{m_predictRoute, u"predict_route"_s},
          std::pair{m_healthRoute, u"healthcheck_route"_s}}) {
        connect(edit, &QLineEdit::textChanged, this, [this, key] {
            m_edited.insert(key);
            // What the server refused is no longer what the form holds.
            m_serverErrors.clear();
            m_messageBar->hideMessage();
            validate();
        });
    }
    connect(m_env, &QPlainTextEdit::textChanged, this, &BundleDialog::validate);
    validate();
    m_openedState = formState();
}

QStringList BundleDialog::formState() const
{
    return {m_name->text(),        m_repository->text(), m_tag->text(),
            m_command->text(),     m_env->toPlainText(), m_predictRoute->text(),
            m_healthRoute->text(), m_readiness->text()};
}

void BundleDialog::reject()
{
    // While a save is out the form's content is already on its way: nothing to ask.
    if (formState() != m_openedState && !m_call.isActive()) {
        if (!Prompt::confirmDiscard(this, u"The new bundle has not been created."_s)) {
            return;
        }
    }
    QDialog::reject();
}

QWidget* BundleDialog::fieldRow(QWidget* field, const QString& key)
{
    const FieldRow row = FieldRow::create(field, key, this);
    m_errorLabels.insert(key, row.error);
    return row.container;
}

void BundleDialog::applyExamplePreset()
{
    m_name->setText(u"example-model"_s);
    m_repository->setText(u"launch-console/example-model"_s);
    m_tag->setText(u"local"_s);
    m_command->setText(ShellWords::quote(m_examplePath));
    m_env->setPlainText(QString());
    m_predictRoute->setText(u"/predict"_s);
    m_healthRoute->setText(u"/readyz"_s);
    m_readiness->setValue(30);
}

QStringList BundleDialog::command(QString* problem) const
{
    return ShellWords::split(m_command->text(), problem).value_or(QStringList());
}

std::optional<QMap<QString, QString>> BundleDialog::environment(QString* problem) const
{
    QMap<QString, QString> env;
    QHash<QString, int> lineOfKey;
    const QStringList lines = m_env->toPlainText().split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString& line = lines.at(i);
        if (line.trimmed().isEmpty()) {
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0 || line.left(eq).trimmed().isEmpty()) {
            if (problem) {
                *problem = u"Line %1: \"%2\" is not KEY=value."_s.arg(i + 1).arg(line.trimmed());
            }
            return std::nullopt;
        }
        const QString key = line.left(eq).trimmed();
        if (const auto first = lineOfKey.constFind(key); first != lineOfKey.cend()) {
            // The process would get only one of them: say which, rather than drop one.
            if (problem) {
                *problem = u"Line %1: %2 is already set on line %3; keep one."_s.arg(i + 1)
                                   .arg(key)
                                   .arg(*first);
            }
            return std::nullopt;
        }
        lineOfKey.insert(key, i + 1);
        env.insert(key, line.mid(eq + 1));
    }
    return env;
}

QHash<QString, QString> BundleDialog::fieldErrors() const
{
    QHash<QString, QString> errors;
    if (const QString problem = ResourceName::problem(m_name->text().trimmed(), maxNameLength);
        !problem.isEmpty()) {
        errors.insert(u"name"_s, problem);
    }
    if (m_repository->text().trimmed().isEmpty()) {
        errors.insert(u"repository"_s, u"Required (the image repository)."_s);
    }
    if (m_tag->text().trimmed().isEmpty()) {
        errors.insert(u"tag"_s, u"Required (the image tag)."_s);
    }
    QString commandProblem;
    if (command(&commandProblem).isEmpty()) {
        errors.insert(u"command"_s, commandProblem.isEmpty()
                                            ? u"Required: the program that serves HTTP on $PORT."_s
                                            : commandProblem);
    }
    QString envProblem;
    if (!environment(&envProblem)) {
        errors.insert(u"env"_s, envProblem);
    }
    for (const auto& [key, edit] : {std::pair{u"predict_route"_s, m_predictRoute},
                                    std::pair{u"healthcheck_route"_s, m_healthRoute}}) {
        if (!edit->text().startsWith(u'/')) {
            errors.insert(key, u"A route starts with /."_s);
        }
    }
    return errors;
}

void BundleDialog::validate()
{
    const QHash<QString, QString> errors = fieldErrors();
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        QString text = errors.value(it.key());
        if (text.isEmpty()) {
            text = m_serverErrors.value(it.key());
        }
        // "Required" waits until the person has typed in that field: an empty new form is
        // not an error yet (Save stays disabled until it is filled in).
        if (text.startsWith(u"Required"_s) && !m_edited.contains(it.key())) {
            text.clear();
        }
        it.value()->setText(text);
    }
    // Save is off until the required fields are filled in; say which, in the form's order.
    QStringList missing;
    for (const auto& [key, title] :
         {std::pair{u"name"_s, u"Name"_s}, std::pair{u"repository"_s, u"Repository"_s},
          std::pair{u"tag"_s, u"Tag"_s}, std::pair{u"command"_s, u"Command"_s}}) {
        if (errors.value(key).startsWith(u"Required"_s)) {
            missing.append(title);
        }
    }
    QString hint;
    if (missing.size() == 1) {
        hint = u"To save, fill in %1."_s.arg(missing.first());
    } else if (missing.size() > 1) {
        const QString last = missing.takeLast();
        hint = u"To save, fill in %1 and %2."_s.arg(missing.join(u", "_s), last);
    }
    m_saveHint->setText(hint);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(errors.isEmpty());
}

CreateBundleRequest BundleDialog::request() const
{
    RunnableImageFlavor image;
    image.repository = m_repository->text().trimmed();
    image.tag = m_tag->text().trimmed();
    image.command = command();
    const auto env = environment();
    if (env && !env->isEmpty()) {
        image.env = *env;
    }
    image.predictRoute = m_predictRoute->text();
    image.healthcheckRoute = m_healthRoute->text();
    image.readinessInitialDelaySeconds = m_readiness->value();
    CreateBundleRequest r;
    r.name = m_name->text().trimmed();
    r.schemaLocation = QString();
    r.flavor = BundleFlavor::fromRunnableImage(image);
    return r;
}

void BundleDialog::save()
{
    if (!fieldErrors().isEmpty() || !m_client || m_call.isActive()) {
        return;
    }
    const CreateBundleRequest r = request();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    m_call = m_client->createBundle(r, this, [this, r](ApiResult<CreateBundleResponse> res) {
        validate();
        if (!res) {
            m_serverErrors.clear();
            for (const ApiError::FieldError& f : res.error().fieldErrors()) {
                const QString key = f.location.isEmpty() ? QString() : f.location.constLast();
                if (m_errorLabels.contains(key)) {
                    m_serverErrors.insert(key, f.message);
                }
            }
            m_messageBar->showMessage(MessageBar::Kind::Error, res.error().userMessage());
            validate();
            return;
        }
        emit saved(r.name);
        accept();
    });
}

#include "ProfileDialog.h"

#include "CredentialStore.h"
#include "FieldRow.h"
#include "MessageBar.h"
#include "ProfileStore.h"
#include "Prompt.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
// What the key field says when nothing is typed: where the profile's key is, if anywhere.
QString keyPlaceholder(const Profile& profile, const CredentialStore::Result& r)
{
    using Status = CredentialStore::Result::Status;
    if (profile.isLocal) {
        if (r.ok()) {
            return r.sessionOnly ? u"generated for this session only (no keychain)"_s
                                 : u"generated and kept in the system keychain"_s;
        }
        return u"generated when the console starts this computer's server"_s;
    }
    if (r.ok()) {
        return r.sessionOnly ? u"key set for this session only; type one to replace it"_s
                             : u"stored in the system keychain; leave empty to keep it"_s;
    }
    if (r.status == Status::NotFound) {
        return u"no key stored; type the server's API key"_s;
    }
    return u"no key stored (keychain unavailable); a typed key can be used for this session"_s;
}
} // namespace

ProfileDialog::ProfileDialog(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_credentials(credentials)
    , m_messageBar(new MessageBar(this))
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_protected(new QCheckBox(u"Ask for the typed name before deleting an endpoint"_s, this))
    , m_allowPlain(new QCheckBox(u"Allow sending the key over plain HTTP (trusted networks only)"_s,
                                 this))
    , m_refresh(new QSpinBox(this))
{
    setObjectName(u"profileDialog"_s);
    setWindowTitle(u"Profiles"_s);
    m_list->setObjectName(u"profileList"_s);
    m_name->setObjectName(u"profileNameEdit"_s);
    m_url->setObjectName(u"profileUrlEdit"_s);
    m_url->setPlaceholderText(u"https://launch.example.com"_s);
    m_key->setObjectName(u"profileKeyEdit"_s);
    m_key->setEchoMode(QLineEdit::Password);
    m_caFile->setObjectName(u"profileCaEdit"_s);
    m_caFile->setPlaceholderText(u"optional PEM or DER file of a private certificate authority"_s);
    m_protected->setObjectName(u"profileProtectedCheck"_s);
    m_allowPlain->setObjectName(u"profileAllowPlainCheck"_s);
    m_refresh->setObjectName(u"profileRefreshSpin"_s);
    m_refresh->setRange(0, 3600);
    m_refresh->setSpecialValueText(u"default (15 s remote, 2 s local)"_s);
    m_refresh->setSuffix(u" s"_s);
    auto* browse = new QToolButton(this);
    browse->setObjectName(u"profileCaBrowseButton"_s);
    browse->setText(u"…"_s);
    browse->setToolTip(u"Choose the CA file"_s);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file =
                QFileDialog::getOpenFileName(this, u"Certificate authority"_s, {},
                                             u"Certificates (*.pem *.crt *.cer *.der);;All (*)"_s);
        if (!file.isEmpty()) {
            m_caFile->setText(file);
        }
    });
    buildForm(browse);
    // Said as the path changes, not only on Save, so that the line under the field always
    // speaks of the path now in it.
    connect(m_caFile, &QLineEdit::textChanged, this, &ProfileDialog::updateCaProblem);
    connect(m_list, &QListWidget::currentItemChanged, this, &ProfileDialog::onCurrentItemChanged);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &ProfileDialog::updateRemoveButton);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& name) {
        if (m_newItem) {
            m_newItem->setText(name.trimmed().isEmpty() ? u"(new profile)"_s : name.trimmed());
        }
    });
    reloadList(m_profiles->currentProfileName());
    resize(720, 380);
}

void ProfileDialog::buildForm(QWidget* browse)
{
    auto* caField = new QWidget(this);
    auto* caRow = new QHBoxLayout(caField);
    caRow->setContentsMargins(0, 0, 0, 0);
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    const FieldRow caFieldRow = FieldRow::create(caField, u"caFile"_s, this);
    m_caProblem = caFieldRow.error;
    auto* form = new QFormLayout;
    form->addRow(u"&Name"_s, m_name);
    form->addRow(u"Base &URL"_s, m_url);
    form->addRow(u"API &key"_s, m_key);
    form->addRow(u"CA file"_s, caFieldRow.container);
    form->addRow(u"Protected"_s, m_protected);
    form->addRow(u"Plain HTTP"_s, m_allowPlain);
    form->addRow(u"Refresh every"_s, m_refresh);
    auto* add = new QPushButton(u"Add"_s, this);
    add->setObjectName(u"addProfileButton"_s);
    m_remove = new QPushButton(u"Remove"_s, this);
    m_remove->setObjectName(u"removeProfileButton"_s);
    m_remove->setEnabled(false);
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    left->addLayout(listButtons);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    QPushButton* save = buttons->button(QDialogButtonBox::Save);
    save->setObjectName(u"saveProfileButton"_s);
    auto* right = new QVBoxLayout;
    right->addLayout(form);
    right->addStretch();
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addLayout(columns);
    layout->addWidget(buttons);
    // In reading order: the list and its buttons, then the form top to bottom (the CA file's
    // "…" right after its field), then Save and Close.
    const QList<QWidget*> order{m_list,
                                add,
                                m_remove,
                                m_name,
                                m_url,
                                m_key,
                                m_caFile,
                                browse,
                                m_protected,
                                m_allowPlain,
                                m_refresh,
                                save,
                                buttons->button(QDialogButtonBox::Close)};
    for (qsizetype i = 1; i < order.size(); ++i) {
        setTabOrder(order[i - 1], order[i]);
    }
    connect(add, &QPushButton::clicked, this, &ProfileDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &ProfileDialog::removeSelected);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::saveCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProfileDialog::reject);
}

void ProfileDialog::reloadList(const QString& select)
{
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        m_newItem = nullptr;
        for (const Profile& p : m_profiles->profiles()) {
            m_list->addItem(p.name);
        }
        const auto items = m_list->findItems(select, Qt::MatchExactly);
        if (!items.isEmpty()) {
            m_list->setCurrentItem(items.first());
        } else if (m_list->count() > 0) {
            m_list->setCurrentRow(0);
        }
    }
    if (QListWidgetItem* item = m_list->currentItem()) {
        if (const auto p = m_profiles->profile(item->text())) {
            showProfile(*p);
        }
    }
    updateRemoveButton();
}

void ProfileDialog::selectProfile(const QString& name)
{
    const auto items = m_list->findItems(name, Qt::MatchExactly);
    if (!items.isEmpty()) {
        m_list->setCurrentItem(items.first());
    } else if (m_list->count() > 0) {
        m_list->setCurrentRow(0);
    }
}

bool ProfileDialog::hasUnsavedChanges() const
{
    return !m_key->text().isEmpty() || !(formProfile() == m_shownForm);
}

bool ProfileDialog::confirmDiscard()
{
    if (!hasUnsavedChanges()) {
        return true;
    }
    const QString name = m_originalName.isEmpty() ? m_name->text().trimmed() : m_originalName;
    const QString text = m_originalName.isEmpty()
                                 ? u"The new profile %1 is not saved yet. Discard it?"_s.arg(name)
                                 : u"The changes to the profile %1 are not saved. Discard "
                                   "them?"_s.arg(name);
    return Prompt::confirm(this, {u"discardProfileChanges"_s, u"Unsaved profile"_s, text, {}},
                           u"Discard"_s);
}

void ProfileDialog::onCurrentItemChanged(QListWidgetItem* current, QListWidgetItem* previous)
{
    if (!current || current == previous) {
        return;
    }
    if (!confirmDiscard()) {
        // Kept: the list goes back to the profile the form shows, once the click or key that
        // moved it has also updated the selection.
        const int row = previous ? m_list->row(previous) : -1;
        QMetaObject::invokeMethod(
                this,
                [this, row] {
                    const QSignalBlocker blocker(m_list);
                    m_list->setCurrentRow(row, QItemSelectionModel::ClearAndSelect);
                    updateRemoveButton();
                },
                Qt::QueuedConnection);
        return;
    }
    if (previous && previous == m_newItem) {
        dropNewItem();
    }
    if (const auto p = m_profiles->profile(current->text())) {
        showProfile(*p);
    }
    updateRemoveButton();
}

void ProfileDialog::dropNewItem()
{
    if (!m_newItem) {
        return;
    }
    const QSignalBlocker blocker(m_list);
    delete m_newItem;
    m_newItem = nullptr;
}

void ProfileDialog::showProfile(const Profile& p)
{
    m_messageBar->hideMessage();
    m_originalName = p.name;
    m_isLocal = p.isLocal;
    m_name->setText(p.name);
    m_url->setText(p.isLocal ? u"started by the console (launch-local)"_s : p.baseUrl.toString());
    m_key->clear();
    m_caFile->setText(p.caFile);
    m_protected->setChecked(p.isProtected);
    m_allowPlain->setChecked(p.allowPlainHttp);
    m_refresh->setValue(p.refreshSeconds);
    for (QWidget* w :
         {static_cast<QWidget*>(m_name), static_cast<QWidget*>(m_url), static_cast<QWidget*>(m_key),
          static_cast<QWidget*>(m_caFile), static_cast<QWidget*>(m_allowPlain)}) {
        w->setEnabled(!p.isLocal);
    }
    showKeyState(p);
    m_shownForm = formProfile();
    updateCaProblem();
}

void ProfileDialog::updateCaProblem()
{
    Profile p;
    p.isLocal = m_isLocal;
    p.caFile = m_caFile->text().trimmed();
    const QString problem = p.caFileProblem();
    m_caProblem->setText(problem);
    // What Save said of the path before is stale once the path changed: the line under the
    // field tells what holds now.
    if (!m_caProblemOnBar.isEmpty() && problem != m_caProblemOnBar) {
        if (m_messageBar->text() == m_caProblemOnBar) {
            m_messageBar->hideMessage();
        }
        m_caProblemOnBar.clear();
    }
}

void ProfileDialog::showKeyState(const Profile& p)
{
    const int generation = ++m_showGeneration;
    if (p.id.isEmpty()) {
        m_key->setPlaceholderText(
                keyPlaceholder(p, {CredentialStore::Result::Status::NotFound, {}, {}, false}));
        return;
    }
    m_key->setPlaceholderText(u"checking the system keychain…"_s);
    m_credentials->readKey(p.keychainEntry(), this,
                           [this, generation, p](const CredentialStore::Result& r) {
                               if (generation == m_showGeneration) {
                                   m_key->setPlaceholderText(keyPlaceholder(p, r));
                               }
                           });
}

void ProfileDialog::updateRemoveButton()
{
    // Acts on what the list shows selected: nothing selected (a click on empty space) or the
    // local profile cannot be removed; the unsaved new profile can, which discards it.
    const QList<QListWidgetItem*> selected = m_list->selectedItems();
    const QListWidgetItem* item = selected.isEmpty() ? nullptr : selected.first();
    const auto p = item && item != m_newItem ? m_profiles->profile(item->text()) : std::nullopt;
    m_remove->setEnabled((item && item == m_newItem) || (p && !p->isLocal));
}

void ProfileDialog::addProfile()
{
    if (!confirmDiscard()) {
        return;
    }
    dropNewItem();
    Profile p;
    p.name = u"New server"_s;
    for (int i = 2; m_profiles->profile(p.name); ++i) {
        p.name = u"New server %1"_s.arg(i);
    }
    p.baseUrl = QUrl(u"https://"_s);
    // The unsaved profile has a row of its own, so that focus or a click in the list never
    // lands on another profile unnoticed.
    {
        const QSignalBlocker blocker(m_list);
        m_newItem = new QListWidgetItem(p.name, m_list);
        QFont italic = m_newItem->font();
        italic.setItalic(true);
        m_newItem->setFont(italic);
        m_newItem->setToolTip(u"Not saved yet"_s);
        m_list->setCurrentItem(m_newItem);
    }
    showProfile(p);
    m_originalName.clear();
    m_shownForm = formProfile();
    updateRemoveButton();
    m_name->setFocus();
    m_name->selectAll();
}

Profile ProfileDialog::formProfile() const
{
    Profile p = m_profiles->profile(m_originalName).value_or(Profile{});
    p.name = m_name->text().trimmed();
    if (!m_isLocal) {
        p.baseUrl = QUrl::fromUserInput(m_url->text().trimmed());
    }
    p.caFile = m_caFile->text().trimmed();
    p.isProtected = m_protected->isChecked();
    p.allowPlainHttp = m_allowPlain->isChecked();
    p.refreshSeconds = m_refresh->value();
    p.isLocal = m_isLocal;
    return p;
}

void ProfileDialog::saveCurrent()
{
    if (m_saving) {
        return;
    }
    Profile p = formProfile();
    QString problem = p.validationProblem();
    if (problem.isEmpty()) {
        // Names differing only in capitals would be told apart here but not by everyone:
        // the settings of Windows and macOS ignore case.
        for (const Profile& other : m_profiles->profiles()) {
            if (other.name != m_originalName &&
                other.name.compare(p.name, Qt::CaseInsensitive) == 0) {
                problem = u"A profile named %1 exists already."_s.arg(other.name);
                break;
            }
        }
    }
    if (problem.isEmpty()) {
        problem = p.keyTransportProblem();
    }
    if (!problem.isEmpty()) {
        m_messageBar->showMessage(MessageBar::Kind::Error, problem);
        m_caProblemOnBar = problem == p.caFileProblem() ? problem : QString();
        return;
    }
    const QString key = m_key->text();
    if (key.isEmpty()) {
        persist(std::move(p), MessageBar::Kind::Positive, u"Saved %1."_s);
        return;
    }
    // The key's keychain entry is named by the id: a new profile gets it before it is saved.
    if (p.id.isEmpty()) {
        p.id = ProfileStore::newId();
    }
    storeKeyAndSave(p, key);
}

void ProfileDialog::storeKeyAndSave(const Profile& p, const QString& key)
{
    m_saving = true;
    m_credentials->writeKey(
            p.keychainEntry(), key, this, [this, p, key](const CredentialStore::Result& r) {
                m_saving = false;
                if (r.ok()) {
                    persist(p, MessageBar::Kind::Positive,
                            u"Saved %1; its key is in the system keychain."_s);
                    return;
                }
                const bool sessionOnly =
                        Prompt::confirm(this,
                                        {u"sessionKey"_s,
                                         u"Keychain unavailable"_s,
                                         r.message + u"\n\nUse the key for this session only?"_s,
                                         {}},
                                        u"Use for this session"_s);
                if (!sessionOnly) {
                    // Cancelled: nothing saved, and the form keeps what was typed.
                    m_messageBar->showMessage(MessageBar::Kind::Error,
                                              r.message + u" The profile was not saved; the key "
                                                          "is still in the form."_s);
                    return;
                }
                m_credentials->setSessionKey(p.keychainEntry(), key);
                persist(p, MessageBar::Kind::Warning,
                        u"Saved %1; its key is kept in memory until the console quits and was "
                        "not written anywhere."_s);
            });
}

void ProfileDialog::persist(Profile p, MessageBar::Kind kind, const QString& text)
{
    if (!m_originalName.isEmpty() && m_originalName != p.name) {
        p = m_profiles->rename(m_originalName, std::move(p));
    } else {
        p = m_profiles->save(std::move(p));
    }
    m_key->clear();
    m_originalName = p.name;
    reloadList(p.name);
    m_messageBar->showMessage(kind, text.arg(p.name));
    emit profilesChanged(p.name);
}

void ProfileDialog::removeSelected()
{
    const QList<QListWidgetItem*> selected = m_list->selectedItems();
    if (selected.isEmpty()) {
        return;
    }
    if (selected.first() == m_newItem) {
        discardNewProfile();
        return;
    }
    const auto p = m_profiles->profile(selected.first()->text());
    if (!p || p->isLocal) {
        return;
    }
    if (!Prompt::confirm(this,
                         {u"removeProfile"_s,
                          u"Remove profile"_s,
                          u"Remove the profile %1? Its key is deleted from the keychain, and the "
                          "async tasks (futures), request history and dashboard history this "
                          "console keeps for it are deleted too. Endpoints on the server are "
                          "not touched."_s.arg(p->name),
                          {}},
                         u"Remove"_s)) {
        return;
    }
    m_profiles->remove(p->name);
    m_credentials->deleteKey(p->keychainEntry(), this, [](const CredentialStore::Result&) {});
    // Whoever had the profile open (the main window) lets go of its files on this signal.
    emit profilesChanged(p->name);
    ProfileStore::removeDataFolder(p->id);
    m_shownForm = {};
    m_key->clear();
    reloadList(QString::fromLatin1(ProfileStore::localProfileName));
}

void ProfileDialog::discardNewProfile()
{
    // Nothing of it was saved: no keychain entry, no settings, no data folder to remove. Its
    // neighbour is shown, the row that takes its place or else the one above.
    const int row = m_list->row(m_newItem);
    dropNewItem();
    if (m_list->count() == 0) {
        return;
    }
    {
        const QSignalBlocker blocker(m_list);
        m_list->setCurrentRow(std::min(row, m_list->count() - 1),
                              QItemSelectionModel::ClearAndSelect);
    }
    if (const auto p = m_profiles->profile(m_list->currentItem()->text())) {
        showProfile(*p);
    }
    updateRemoveButton();
}

void ProfileDialog::reject()
{
    if (confirmDiscard()) {
        QDialog::reject();
    }
}

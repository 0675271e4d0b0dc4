#include "ProfileDialog.h"

#include "CredentialStore.h"
#include "MessageBar.h"
#include "ProfileStore.h"
#include "Prompt.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

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
    m_key->setPlaceholderText(u"stored in the system keychain; leave empty to keep it"_s);
    m_caFile->setObjectName(u"profileCaEdit"_s);
    m_caFile->setPlaceholderText(u"optional PEM file of a private certificate authority"_s);
    m_protected->setObjectName(u"profileProtectedCheck"_s);
    m_allowPlain->setObjectName(u"profileAllowPlainCheck"_s);
    m_refresh->setObjectName(u"profileRefreshSpin"_s);
    m_refresh->setRange(0, 3600);
    m_refresh->setSpecialValueText(u"default (15 s remote, 2 s local)"_s);
    m_refresh->setSuffix(u" s"_s);
    auto* browse = new QToolButton(this);
    browse->setText(u"…"_s);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, u"Certificate authority"_s, {},
                                                          u"Certificates (*.pem *.crt);;All (*)"_s);
        if (!file.isEmpty()) {
            m_caFile->setText(file);
        }
    });
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(u"&Name"_s, m_name);
    form->addRow(u"Base &URL"_s, m_url);
    form->addRow(u"API &key"_s, m_key);
    form->addRow(u"CA file"_s, caRow);
    form->addRow(u"Protected"_s, m_protected);
    form->addRow(u"Plain HTTP"_s, m_allowPlain);
    form->addRow(u"Refresh every"_s, m_refresh);
    auto* add = new QPushButton(u"Add"_s, this);
    add->setObjectName(u"addProfileButton"_s);
    m_remove = new QPushButton(u"Remove"_s, this);
    m_remove->setObjectName(u"removeProfileButton"_s);
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    left->addLayout(listButtons);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(u"saveProfileButton"_s);
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
    connect(add, &QPushButton::clicked, this, &ProfileDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &ProfileDialog::removeCurrent);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::saveCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString& name) {
        if (const auto p = m_profiles->profile(name)) {
            showProfile(*p);
        }
    });
    reloadList(m_profiles->currentProfileName());
    resize(720, 380);
}

void ProfileDialog::reloadList(const QString& select)
{
    QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const Profile& p : m_profiles->profiles()) {
        m_list->addItem(p.name);
    }
    blocker.unblock();
    selectProfile(select);
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

void ProfileDialog::showProfile(const Profile& p)
{
    m_messageBar->hideMessage();
    m_originalName = p.name;
    m_isLocal = p.isLocal;
    m_name->setText(p.name);
    m_url->setText(p.isLocal ? u"started by the console (launch-local)"_s : p.baseUrl.toString());
    m_key->clear();
    m_key->setPlaceholderText(p.isLocal
                                      ? u"generated and kept in the system keychain"_s
                                      : u"stored in the system keychain; leave empty to keep it"_s);
    m_caFile->setText(p.caFile);
    m_protected->setChecked(p.isProtected);
    m_allowPlain->setChecked(p.allowPlainHttp);
    m_refresh->setValue(p.refreshSeconds);
    for (QWidget* w :
         {static_cast<QWidget*>(m_name), static_cast<QWidget*>(m_url), static_cast<QWidget*>(m_key),
          static_cast<QWidget*>(m_caFile), static_cast<QWidget*>(m_allowPlain)}) {
        w->setEnabled(!p.isLocal);
    }
    m_remove->setEnabled(!p.isLocal);
}

void ProfileDialog::addProfile()
{
    Profile p;
    p.name = u"New server"_s;
    for (int i = 2; m_profiles->profile(p.name); ++i) {
        p.name = u"New server %1"_s.arg(i);
    }
    p.baseUrl = QUrl(u"https://"_s);
    showProfile(p);
    m_originalName.clear();
    // Not saved yet: no profile in the list is the one being edited, and none can be removed.
    {
        const QSignalBlocker blocker(m_list);
        m_list->setCurrentRow(-1);
        m_list->clearSelection();
    }
    m_remove->setEnabled(false);
    m_messageBar->hideMessage();
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
    Profile p = formProfile();
    QString problem = p.validationProblem();
    if (problem.isEmpty() && p.name != m_originalName && m_profiles->profile(p.name)) {
        problem = u"A profile named %1 exists already."_s.arg(p.name);
    }
    if (problem.isEmpty()) {
        problem = p.keyTransportProblem();
    }
    if (!problem.isEmpty()) {
        m_messageBar->showMessage(MessageBar::Kind::Error, problem);
        return;
    }
    if (!m_originalName.isEmpty() && m_originalName != p.name) {
        p = m_profiles->rename(m_originalName, std::move(p));
    } else {
        p = m_profiles->save(std::move(p));
    }
    const QString key = m_key->text();
    m_key->clear();
    m_originalName = p.name;
    reloadList(p.name);
    if (!key.isEmpty()) {
        storeKey(p, key);
    } else {
        m_messageBar->showMessage(MessageBar::Kind::Positive, u"Saved %1."_s.arg(p.name));
        emit profilesChanged(p.name);
    }
}

void ProfileDialog::storeKey(const Profile& p, const QString& key)
{
    m_credentials->writeKey(
            p.keychainEntry(), key, this, [this, p, key](const CredentialStore::Result& r) {
                if (r.ok()) {
                    m_messageBar->showMessage(
                            MessageBar::Kind::Positive,
                            u"Saved %1; its key is in the system keychain."_s.arg(p.name));
                } else if (Prompt::confirm(this,
                                           {u"sessionKey"_s,
                                            u"Keychain unavailable"_s,
                                            r.message + u"\n\nUse the key for this "
                                                        "session only?"_s,
                                            {}},
                                           u"Use for this session"_s)) {
                    m_credentials->setSessionKey(p.keychainEntry(), key);
                    m_messageBar->showMessage(MessageBar::Kind::Warning,
                                              u"The key is kept in memory until the console quits; "
                                              "it was not written anywhere."_s);
                } else {
                    m_messageBar->showMessage(MessageBar::Kind::Error, r.message);
                }
                emit profilesChanged(p.name);
            });
}

void ProfileDialog::removeCurrent()
{
    const Profile p = formProfile();
    if (m_isLocal || m_originalName.isEmpty()) {
        return;
    }
    if (!Prompt::confirm(this,
                         {u"removeProfile"_s,
                          u"Remove profile"_s,
                          u"Remove the profile %1 and its key from the keychain? Endpoints on "
                          "the server are not touched."_s.arg(m_originalName),
                          {}},
                         u"Remove"_s)) {
        return;
    }
    const QString name = m_originalName;
    Profile old = m_profiles->profile(name).value_or(p);
    m_profiles->remove(name);
    m_credentials->deleteKey(old.keychainEntry(), this, [](const CredentialStore::Result&) {});
    reloadList(QString::fromLatin1(ProfileStore::localProfileName));
    emit profilesChanged(name);
}

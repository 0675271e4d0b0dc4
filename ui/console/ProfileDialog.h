#pragma once

#include "MessageBar.h"
#include "Profile.h"

#include <QDialog>

class CredentialStore;
class ProfileStore;
class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSpinBox;

/// Adds, edits and removes profiles. The API key field never shows the key (password echo)
/// and is only written to the keychain; if the keychain cannot take it, the dialog says so
/// and offers to use the key for this session only. Unsaved edits are not dropped silently:
/// showing another profile or closing asks first.
class ProfileDialog final : public QDialog
{
    Q_OBJECT
public:
    ProfileDialog(ProfileStore* profiles, CredentialStore* credentials, QWidget* parent = nullptr);

    void selectProfile(const QString& name);
    /// Saves the form as a profile (and its key, when one was typed). A key the keychain
    /// cannot take is used for this session only if the user agrees; else nothing is saved.
    void saveCurrent();
    QLineEdit* keyEdit() const { return m_key; }
    /// The form differs from the profile as shown, or a key is typed.
    bool hasUnsavedChanges() const;

    void reject() override;

signals:
    /// A profile was saved or removed; name is the profile concerned.
    void profilesChanged(const QString& name);

private:
    void buildForm(QWidget* browse);
    void reloadList(const QString& select);
    void onCurrentItemChanged(QListWidgetItem* current, QListWidgetItem* previous);
    bool confirmDiscard();
    void dropNewItem();
    void showProfile(const Profile& profile);
    void showKeyState(const Profile& profile);
    void updateRemoveButton();
    void addProfile();
    void removeSelected();
    /// Drops the unsaved new profile's row and shows a neighbour.
    void discardNewProfile();
    /// The line under the CA file field says what is wrong with the path in it, if anything.
    void updateCaProblem();
    Profile formProfile() const;
    void storeKeyAndSave(const Profile& profile, const QString& key);
    void persist(Profile profile, MessageBar::Kind kind, const QString& text);

    ProfileStore* m_profiles = nullptr;
    CredentialStore* m_credentials = nullptr;
    QString m_originalName;
    bool m_isLocal = false;
    bool m_saving = false;
    /// The form as it was shown, to tell unsaved edits.
    Profile m_shownForm;
    /// Ignores keychain answers for a profile no longer shown.
    int m_showGeneration = 0;
    /// The list item of a new profile not saved yet, if any.
    QListWidgetItem* m_newItem = nullptr;
    MessageBar* m_messageBar = nullptr;
    QListWidget* m_list = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_key = nullptr;
    QLineEdit* m_caFile = nullptr;
    QLabel* m_caProblem = nullptr;
    /// The CA file problem Save put on the bar, while it may still be shown there.
    QString m_caProblemOnBar;
    QCheckBox* m_protected = nullptr;
    QCheckBox* m_allowPlain = nullptr;
    QSpinBox* m_refresh = nullptr;
    QPushButton* m_remove = nullptr;
};

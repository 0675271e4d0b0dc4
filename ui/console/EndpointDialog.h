#pragma once

#include "ApiCall.h"
#include "CreateEndpointRequest.h"
#include "ModelBundle.h"
#include "ModelEndpoint.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <optional>

class ApiError;
struct UpdateEndpointRequest;
#include "LaunchClient.h"
class MessageBar;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QScrollArea;
class QSpinBox;
class QTableWidget;

/// Creates or edits an endpoint. Fields are checked as the user types and the field at fault
/// says why; the server's own validation errors are shown on the fields they name. A failed
/// save keeps everything typed. Creating with a name that exists offers to update that
/// endpoint; editing shows what will change and sends only the changed fields.
class EndpointDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        Create,
        Edit
    };

    EndpointDialog(LaunchClient* client, QWidget* parent = nullptr);

    void setBundles(const QList<ModelBundle>& bundles);
    /// The endpoints of the server, to detect a create with a name that exists.
    void setExistingEndpoints(const QList<ModelEndpoint>& endpoints);
    void startCreate();
    void startEdit(const ModelEndpoint& endpoint);
    Mode mode() const { return m_mode; }

    /// What the form holds, as a create request.
    CreateEndpointRequest request() const;
    /// Why the form cannot be saved, per field (wire names such as "min_workers").
    QHash<QString, QString> fieldErrors() const;
    /// The error shown on a field now (own checks or the server's), empty if none.
    QString shownError(const QString& field) const;
    /// Maps a failed save onto the fields (422 locations, or field names in a 400 message).
    void applyServerError(const ApiError& error);

    /// Saves: create, or update with only the changed fields.
    void save();

    /// The size that shows every field without scrolling (fitToScreen() gives less only
    /// when the screen is smaller).
    QSize unscrolledSize() const;

    /// Whether a field holds something other than what the form opened with.
    bool hasChanges() const;

    /// Cancel, Escape and the window's close button: asks before changes are discarded.
    void reject() override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    /// The server accepted the save; name is the endpoint's name.
    void saved(const QString& name);

private:
    /// A field of one column of the grid, or one across the whole width.
    enum class Span
    {
        Column,
        Whole
    };
    /// Puts a field, its label and its message line in the form's grid: the field in `row`,
    /// the message in the row under it (each field takes two rows).
    void addGridField(QGridLayout* grid, int row, int labelColumn, const QString& label,
                      QWidget* field, const QString& key, Span width = Span::Column);
    /// These return the first grid row after their fields.
    int buildMainFields(QGridLayout* grid, int row);
    int buildWorkerFields(QGridLayout* grid, int row);
    int buildResourceFields(QGridLayout* grid, int row);
    QWidget* buildLabelsEditor();
    /// The Advanced toggle and the fields it shows, hidden at first.
    int buildAdvanced(QGridLayout* grid, int row);
    void connectValidation();
    void validate();
    void clearServerError(const QString& key);
    void fillFrom(const CreateEndpointRequest& request);
    void selectBundleByName(const QString& name);
    QDateTime selectedBundleCreated() const;
    /// What every field holds, as typed (an invalid quantity included).
    QStringList formState() const;
    /// Switches to editing this endpoint, keeping what the form holds but its type.
    void editExisting(const ModelEndpoint& endpoint);
    /// Name and type cannot change once an endpoint exists: the form shows them so.
    void setIdentityLocked(bool locked);
    Labels labels() const;
    QString labelsProblem() const;
    void create(const CreateEndpointRequest& request);
    void update(const ModelEndpoint& before, const CreateEndpointRequest& after);
    void offerUpdateOf(const ModelEndpoint& existing);
    void onSaveFailed(const ApiError& error);
    void setBusy(bool busy);
    QString fieldLabel(const QString& key) const;
    /// What the fields need, their messages wrapped at the width they have.
    QSize fieldsSize() const;
    /// Sizes the dialog to its fields, at most as tall as the screen allows.
    void fitToScreen();
    /// The scroll area as tall as the fields (at most as the screen allows) and as wide.
    void fitScrollArea();
    /// Fits the dialog's height to its messages once they have settled (see fitToMessages()).
    void scheduleFit();
    /// Gives the dialog the height its fields and messages need now, when that has changed
    /// since the last fit: it grows for a longer message and shrinks back once it is gone.
    void fitToMessages();
    /// Moves the dialog up where growing took its bottom below the screen.
    void keepOnScreen();
    /// The lines of the change summary, in the order of the form.
    QString changesText(const ModelEndpoint& before, const UpdateEndpointRequest& update) const;

    QPointer<LaunchClient> m_client;
    Mode m_mode = Mode::Create;
    std::optional<ModelEndpoint> m_editing;
    int m_initialBundleIndex = -1;
    /// formState() when the form was filled, to tell whether closing it loses anything.
    QStringList m_openedState;
    QList<ModelBundle> m_bundles;
    QList<ModelEndpoint> m_existing;
    ApiCall m_call;

    MessageBar* m_messageBar = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameNote = nullptr;
    QComboBox* m_bundle = nullptr;
    QComboBox* m_type = nullptr;
    QLabel* m_typeNote = nullptr;
    QSpinBox* m_minWorkers = nullptr;
    QSpinBox* m_maxWorkers = nullptr;
    QSpinBox* m_perWorker = nullptr;
    QLineEdit* m_cpus = nullptr;
    QLineEdit* m_memory = nullptr;
    QLineEdit* m_storage = nullptr;
    QSpinBox* m_gpus = nullptr;
    QComboBox* m_gpuType = nullptr;
    QTableWidget* m_labels = nullptr;
    QCheckBox* m_highPriority = nullptr;
    QLineEdit* m_callbackUrl = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QSpinBox* m_queueTimeout = nullptr;
    QSpinBox* m_taskExpires = nullptr;
    QCheckBox* m_publicInference = nullptr;
    QCheckBox* m_prewarm = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QWidget* m_fields = nullptr;
    QScrollArea* m_scroll = nullptr;
    QHash<QString, QLabel*> m_errorLabels;
    /// The form's label of each field, without its '&'.
    QHash<QString, QString> m_fieldLabels;
    /// The fields' keys in the order the form shows them.
    QStringList m_fieldOrder;
    QHash<QString, QString> m_serverErrors;
    QSet<QString> m_edited;
    bool m_fitPending = false;
    /// The bar says to see the fields the server marked: it goes when none is marked any more.
    bool m_barPointsToFields = false;
    /// The height the last fit gave the dialog.
    int m_fittedHeight = -1;
};

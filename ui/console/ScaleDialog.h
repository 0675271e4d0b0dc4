#pragma once

#include "ModelEndpoint.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QSpinBox;

/// Quick scale: only the minimum and maximum workers of one endpoint, checked as typed
/// (max never below min; sync and streaming keep at least one worker).
class ScaleDialog final : public QDialog
{
    Q_OBJECT
public:
    ScaleDialog(const ModelEndpoint& endpoint, QWidget* parent = nullptr);

    int minWorkers() const;
    int maxWorkers() const;
    QString problem() const;

private:
    /// Every message problem() can give, to size the line that shows them.
    QStringList messages() const;
    void validate();

    ModelEndpoint m_endpoint;
    QSpinBox* m_min = nullptr;
    QSpinBox* m_max = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

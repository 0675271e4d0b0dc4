#pragma once

#include <QMap>
#include <QString>

/// Free-form endpoint labels such as `team=infra`, ordered by key.
using Labels = QMap<QString, QString>;

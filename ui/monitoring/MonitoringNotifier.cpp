#include "MonitoringNotifier.h"

#include "FutureStore.h"
#include "HistoryRecorder.h"
#include "ProfileMonitor.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace {
const QString s_settingsKey = u"monitoring/notifications"_s;
}

MonitoringNotifier::MonitoringNotifier(QSettings& settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_enabled(settings.value(s_settingsKey, true).toBool())
{}

void MonitoringNotifier::setMonitor(ProfileMonitor* monitor)
{
    if (m_monitor) {
        disconnect(m_monitor->futures(), nullptr, this, nullptr);
        disconnect(m_monitor->recorder(), nullptr, this, nullptr);
    }
    m_monitor = monitor;
    if (monitor) {
        connect(monitor->futures(), &FutureStore::futureFinished, this,
                &MonitoringNotifier::onFutureFinished);
        connect(monitor->recorder(), &HistoryRecorder::endpointStatusChanged, this,
                &MonitoringNotifier::onStatusChanged);
    }
}

void MonitoringNotifier::setEnabled(bool enabled)
{
    m_enabled = enabled;
    m_settings.setValue(s_settingsKey, enabled);
    if (!enabled && m_tray) {
        m_tray->hide();
    }
}

void MonitoringNotifier::notify(const QString& title, const QString& text, bool failure)
{
    if (!m_enabled) {
        return;
    }
    m_lastMessage = title % u": "_s % text;
    ++m_messageCount;
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages()) {
        return;
    }
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(this);
        QIcon icon = QApplication::windowIcon();
        if (icon.isNull()) {
            icon = QApplication::style()->standardIcon(QStyle::SP_ComputerIcon);
        }
        m_tray->setIcon(icon);
        m_tray->setToolTip(QApplication::applicationDisplayName());
    }
    m_tray->show();
    m_tray->showMessage(title, text,
                        failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
}

void MonitoringNotifier::onFutureFinished(int row)
{
    const TrackedFuture& future = m_monitor->futures()->at(row);
    const bool failed = future.status == TaskStatus::Failure;
    notify(failed ? tr("Prediction failed") : tr("Prediction finished"),
           tr("Task %1 on %2: %3")
                   .arg(future.taskId, future.endpointName, future.status.displayName()),
           failed);
}

void MonitoringNotifier::onStatusChanged(const ModelEndpoint& endpoint,
                                         const EndpointStatus& previous)
{
    Q_UNUSED(previous)
    if (endpoint.status == EndpointStatus::Ready) {
        notify(tr("Endpoint ready"), tr("%1 is ready.").arg(endpoint.name), false);
    } else if (endpoint.status == EndpointStatus::UpdateFailed) {
        // The server's reason speaks of workers and bundles, not of the endpoint: read alone
        // in a desktop notification it would not say which endpoint failed.
        const QString reason = endpoint.statusReason.value_or(QString());
        notify(tr("Endpoint update failed"),
               reason.isEmpty() ? tr("%1 failed to update.").arg(endpoint.name)
                                : tr("%1 failed to update: %2").arg(endpoint.name, reason),
               true);
    }
}

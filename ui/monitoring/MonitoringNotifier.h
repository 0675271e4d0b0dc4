#pragma once

#include "ModelEndpoint.h"
#include "ProfileMonitor.h"

#include <QObject>
#include <QPointer>

class QSettings;
class QSystemTrayIcon;

/// Desktop notifications through the system tray: when a tracked future finishes, and when
/// an endpoint turns READY or UPDATE_FAILED. Can be turned off (kept in the settings as
/// `monitoring/notifications`). Where the desktop has no tray, nothing is shown.
class MonitoringNotifier final : public QObject
{
    Q_OBJECT

public:
    /// Reads and keeps the on/off switch in \a settings, which must outlive the notifier.
    explicit MonitoringNotifier(QSettings& settings, QObject* parent = nullptr);

    void setMonitor(ProfileMonitor* monitor);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);

    /// The last notification, "title: text", whether or not a tray showed it (for tests).
    QString lastMessage() const { return m_lastMessage; }
    int messageCount() const { return m_messageCount; }

private:
    void notify(const QString& title, const QString& text, bool failure);
    void onFutureFinished(int row);
    void onStatusChanged(const ModelEndpoint& endpoint, const EndpointStatus& previous);

    QSettings& m_settings;
    QPointer<ProfileMonitor> m_monitor;
    QSystemTrayIcon* m_tray = nullptr;
    QString m_lastMessage;
    int m_messageCount = 0;
    bool m_enabled = true;
};

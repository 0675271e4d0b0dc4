#pragma once

#include "LaunchClient.h"

#include <QObject>
#include <QPointer>

class FutureStore;
class FutureTracker;
class HistoryRecorder;
class HistoryStore;

class RequestHistoryStore;

/// Everything the console monitors for one profile, opened together: its futures and their
/// tracker, its endpoint history and recorder, and its prediction history. The files live in
/// `<app data>/profiles/<profile id>/` unless a folder is given.
class ProfileMonitor final : public QObject
{
    Q_OBJECT

public:
    explicit ProfileMonitor(const QString& profileId, const QString& folder = {},
                            QObject* parent = nullptr);
    ~ProfileMonitor() override;

    /// Opens the three files. Returns an error message, empty on success; on error the
    /// monitor still works, without remembering anything.
    QString open();
    QString profileId() const { return m_profileId; }

    /// The client of the profile's server (null while connecting): the tracker polls
    /// through it.
    void setClient(LaunchClient* client);
    LaunchClient* client() const { return m_client; }

    FutureStore* futures() const { return m_futures; }
    FutureTracker* tracker() const { return m_tracker; }
    HistoryStore* history() const { return m_history; }
    HistoryRecorder* recorder() const { return m_recorder; }
    RequestHistoryStore* requests() const { return m_requests; }

Q_SIGNALS:
    void clientChanged(LaunchClient* client);

private:
    QString m_profileId;
    QPointer<LaunchClient> m_client;
    FutureStore* m_futures = nullptr;
    HistoryStore* m_history = nullptr;
    RequestHistoryStore* m_requests = nullptr;
    FutureTracker* m_tracker = nullptr;
    HistoryRecorder* m_recorder = nullptr;
};

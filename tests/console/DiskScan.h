#pragma once

#include <QDirIterator>
#include <QFile>
#include <QStringList>

/// The files under folder (hidden ones and subfolders included) whose bytes contain needle:
/// how the keychain tests show that an API key was written nowhere else.
inline QStringList filesContaining(const QString& folder, const QByteArray& needle)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle)) {
            found.append(file.fileName());
        }
    }
    return found;
}

#pragma once

#include "LocalServer.h"

#include <QString>
#include <QStringList>

/// Command-line options and the API key of launch-local. The key comes from a file that only
/// its owner can read, or from LAUNCH_LOCAL_API_KEY; never from the command line.
class ServerOptions final
{
public:
    enum class Outcome
    {
        Run,
        ShowText, ///< --help or --version: print text() and exit 0
        Error,    ///< print text() to standard error and exit 1
    };

    /// Parses `arguments` (argv including the program name).
    Outcome parse(const QStringList& arguments);
    QString text() const { return m_text; }
    LocalServer::Config config() const { return m_config; }
    /// Whether the address is not loopback (and --allow-remote was given).
    bool isRemote() const { return m_remote; }

    /// Reads the first line of `path`; refuses a file that group or others can read.
    static QString readKeyFile(const QString& path, QString* error);

private:
    LocalServer::Config m_config;
    QString m_text;
    bool m_remote = false;
};

#pragma once

#include <QString>

/// Credentials a server uses when it calls a callback URL (CallbackAuth): HTTP Basic
/// (`kind: basic`, user name and password) or mutual TLS (`kind: mtls`, certificate and key).
struct CallbackAuth
{
    enum Kind
    {
        Basic,
        Mtls,
    };

    Kind kind = Basic;
    QString username; ///< Basic only.
    QString password; ///< Basic only.
    QString cert;     ///< Mtls only.
    QString key;      ///< Mtls only.

    friend bool operator==(const CallbackAuth&, const CallbackAuth&) = default;
};

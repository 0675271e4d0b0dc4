#pragma once

#include <QJsonObject>
#include <QString>

class RequestCheck;

/// A JSON answer of the API with its HTTP status, before it is written to a connection.
struct ApiAnswer
{
    int status = 200;
    QJsonObject body;

    static ApiAnswer ok(const QJsonObject& body) { return {200, body}; }
    /// `{"detail": "..."}`, the shape of handler errors (400, 404, 408, 409, 503).
    static ApiAnswer detail(int status, const QString& message);
    /// `{"detail": [{loc, msg, type}]}` with status 422.
    static ApiAnswer invalid(const RequestCheck& check);
    /// `{"error", "timestamp", "request_id"}`, the shape of middleware errors (429, 500).
    static ApiAnswer middleware(int status, const QString& message);
};

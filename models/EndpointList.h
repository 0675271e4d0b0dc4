#pragma once

#include "DecodeError.h"
#include "ModelEndpoint.h"

#include <QList>
#include <QString>
#include <QStringList>

/// A ListModelEndpointsV1Response as read: the endpoints that could be read, and why the others
/// could not. One malformed endpoint does not hide the rest of the list.
struct EndpointList
{
    QList<ModelEndpoint> endpoints;
    /// One error per endpoint left out, naming its path (`model_endpoints[3].endpoint_type`).
    QList<DecodeError> unreadable;
    /// For each of `unreadable`, the endpoint's name (or else its id) when the server gave one
    /// as a string, so that people can tell which endpoint it is; empty otherwise.
    QStringList unreadableNames;

    /// "bad-one (model_endpoints[0].status: expected a string, got an integer)", or the error
    /// alone when the endpoint has no name.
    QString describeUnreadable(qsizetype i) const
    {
        const QString error = unreadable.at(i).toString();
        const QString name = i < unreadableNames.size() ? unreadableNames.at(i) : QString();
        return name.isEmpty() ? error : name + u" (" + error + u')';
    }
};

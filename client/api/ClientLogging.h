#pragma once

#include <QLoggingCategory>

/// The logging category of the API client: `launch.client`. Lines name the method, the
/// route, the HTTP status and the duration; never the API key, the Authorization header or a
/// request or answer body.
Q_DECLARE_LOGGING_CATEGORY(launchClientLog)

#include "ClientLogging.h"

Q_LOGGING_CATEGORY(launchClientLog, "launch.client", QtInfoMsg)

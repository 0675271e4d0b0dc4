#include "ServerLog.h"

Q_LOGGING_CATEGORY(lcServer, "launch.server", QtInfoMsg)

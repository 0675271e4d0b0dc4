#include "MonitoringLog.h"

Q_LOGGING_CATEGORY(lcMonitoring, "launch.monitoring")

#include "ProfilesLogging.h"

Q_LOGGING_CATEGORY(lcProfiles, "launch.client")

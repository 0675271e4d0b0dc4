#include "DecodeError.h"

QString DecodeError::toString() const
{
    if (path.isEmpty()) {
        return message;
    }
    return path + QLatin1String(": ") + message;
}

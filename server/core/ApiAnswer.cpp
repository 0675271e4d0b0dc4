#include "ApiAnswer.h"

#include "RequestCheck.h"

#include <QDateTime>
#include <QUuid>

using namespace Qt::StringLiterals;

ApiAnswer ApiAnswer::detail(int status, const QString& message)
{
    return {status, {{u"detail"_s, message}}};
}

ApiAnswer ApiAnswer::invalid(const RequestCheck& check)
{
    return {422, check.errorBody()};
}

ApiAnswer ApiAnswer::middleware(int status, const QString& message)
{
    return {status,
            {{u"error"_s, message},
             {u"timestamp"_s, double(QDateTime::currentMSecsSinceEpoch()) / 1000.0},
             {u"request_id"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}}};
}

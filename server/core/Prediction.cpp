#include "Prediction.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

QJsonObject Prediction::wrapResult(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    QString text;
    if (error.error == QJsonParseError::NoError) {
        text = QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    } else {
        // A scalar JSON answer (a number, a string) or plain text: pass it on as it came.
        text = QString::fromUtf8(body.trimmed());
    }
    return {{u"result"_s, text}};
}

QJsonObject Prediction::toTaskJson() const
{
    QJsonObject json;
    if (succeeded()) {
        json.insert(u"status"_s, u"SUCCESS"_s);
        json.insert(u"result"_s, wrapResult(body));
        json.insert(u"traceback"_s, QJsonValue::Null);
        json.insert(u"status_code"_s, statusCode);
        return json;
    }
    json.insert(u"status"_s, u"FAILURE"_s);
    json.insert(u"result"_s, QJsonValue::Null);
    if (outcome == Outcome::Answered) {
        json.insert(u"traceback"_s, QString::fromUtf8(body));
        json.insert(u"status_code"_s, statusCode);
    } else {
        json.insert(u"traceback"_s, message);
        json.insert(u"status_code"_s, QJsonValue::Null);
    }
    return json;
}

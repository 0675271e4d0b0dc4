#pragma once

#include <QByteArray>
#include <QIODevice>

/// A request body that can be read only once. QNetworkAccessManager sends a request again,
/// without telling anyone, when the connection closes before an answer arrives; for a
/// prediction that would run the model twice. With this body the second send fails with
/// QNetworkReply::ContentReSendError instead, and the caller decides whether to repeat it.
class SingleSendBody final : public QIODevice
{
    Q_OBJECT

public:
    explicit SingleSendBody(const QByteArray& data, QObject* parent = nullptr);

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_data.size(); }
    /// Fails once any byte has been read: the body has gone out and must not go out again.
    bool reset() override;
    bool seek(qint64 position) override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 size) override;

private:
    QByteArray m_data;
    bool m_sent = false;
};

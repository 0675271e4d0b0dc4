#include "SingleSendBody.h"

#include <algorithm>
#include <cstring>

SingleSendBody::SingleSendBody(const QByteArray& data, QObject* parent)
    : QIODevice(parent)
    , m_data(data)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

bool SingleSendBody::reset()
{
    return !m_sent && QIODevice::reset();
}

bool SingleSendBody::seek(qint64 position)
{
    if (m_sent && position == 0) {
        return false;
    }
    return QIODevice::seek(position);
}

qint64 SingleSendBody::readData(char* data, qint64 maxSize)
{
    const qint64 count = std::min(maxSize, qint64(m_data.size()) - pos());
    if (count <= 0) {
        return 0;
    }
    m_sent = true;
    std::memcpy(data, m_data.constData() + pos(), size_t(count));
    return count;
}

qint64 SingleSendBody::writeData(const char*, qint64)
{
    return -1;
}

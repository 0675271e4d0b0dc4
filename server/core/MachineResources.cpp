#include "MachineResources.h"

#include "Quantity.h"

#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QThread>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

double memTotalBytes()
{
    QFile file(u"/proc/meminfo"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        return 0;
    }
    static const QRegularExpression line(u"^MemTotal:\\s+(\\d+)\\s*kB"_s,
                                         QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(QString::fromLatin1(file.readAll()));
    return match.hasMatch() ? match.captured(1).toDouble() * 1024.0 : 0;
}

/// "512.0 MiB", "16.0 GiB", "976.6 PiB": the unit that keeps the number short.
QString dataSize(double bytes)
{
    // Beyond what a qint64 holds (8 EiB) no machine or request is meant literally.
    if (bytes >= 9.0e18) {
        return u"more than 8 EiB"_s;
    }
    return QLocale::c().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeIecFormat);
}

} // namespace

MachineResources MachineResources::detect(const QString& dataDir)
{
    MachineResources machine;
    machine.cpus = std::max(1, QThread::idealThreadCount());
    machine.memoryBytes = memTotalBytes();
    machine.diskBytes = double(QStorageInfo(dataDir).bytesAvailable());
    return machine;
}

std::optional<double> MachineResources::parseQuantity(const QJsonValue& value)
{
    const std::optional<Quantity> quantity = Quantity::fromJson(value);
    if (!quantity || !quantity->isValid() || quantity->value() < 0) {
        return std::nullopt;
    }
    return quantity->value();
}

QString MachineResources::whyNotFit(const QJsonValue& cpusValue, const QJsonValue& memoryValue,
                                    const QJsonValue& storageValue, int gpus,
                                    const QString& gpuType) const
{
    if (gpus > 0) {
        const QString asked = gpus == 1 ? u"1 GPU"_s : u"%1 GPUs"_s.arg(gpus);
        const QString type = gpuType.isEmpty() ? u" (any type)"_s : u" of type "_s + gpuType;
        return u"resources do not fit: each worker asks for %1%2, and this computer has no GPU "
               "that launch-local can give to a worker; set gpus to 0"_s.arg(asked, type);
    }
    const double cpusAsked = parseQuantity(cpusValue).value_or(0);
    if (cpusAsked > cpus) {
        return u"resources do not fit: each worker asks for %1 CPUs and this computer has %2"_s
                .arg(QLocale::c().toString(cpusAsked, 'g', 6))
                .arg(cpus);
    }
    const double memoryAsked = parseQuantity(memoryValue).value_or(0);
    if (memoryBytes > 0 && memoryAsked > memoryBytes) {
        return u"resources do not fit: each worker asks for %1 of memory and this computer "
               "has %2"_s.arg(dataSize(memoryAsked), dataSize(memoryBytes));
    }
    const double storageAsked = parseQuantity(storageValue).value_or(0);
    if (diskBytes > 0 && storageAsked > diskBytes) {
        return u"resources do not fit: each worker asks for %1 of storage and the data folder "
               "has %2 free"_s.arg(dataSize(storageAsked), dataSize(diskBytes));
    }
    return {};
}

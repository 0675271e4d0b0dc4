#include "MachineResources.h"

#include "Quantity.h"

#include <QFile>
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

QString gib(double bytes)
{
    return QString::number(bytes / double(1LL << 30), 'f', 1) + u" GiB"_s;
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
        return u"resources do not fit: each worker asks for %1 GPU(s) of type %2, and this "
               "computer has no GPU that launch-local can give to a worker; set gpus to 0"_s
                       .arg(gpus)
                       .arg(gpuType.isEmpty() ? u"(any)"_s : gpuType);
    }
    const double cpusAsked = parseQuantity(cpusValue).value_or(0);
    if (cpusAsked > cpus) {
        return u"resources do not fit: each worker asks for %1 CPUs and this computer has %2"_s
                .arg(cpusAsked)
                .arg(cpus);
    }
    const double memoryAsked = parseQuantity(memoryValue).value_or(0);
    if (memoryBytes > 0 && memoryAsked > memoryBytes) {
        return u"resources do not fit: each worker asks for %1 of memory and this computer "
               "has %2"_s.arg(gib(memoryAsked), gib(memoryBytes));
    }
    const double storageAsked = parseQuantity(storageValue).value_or(0);
    if (diskBytes > 0 && storageAsked > diskBytes) {
        return u"resources do not fit: each worker asks for %1 of storage and the data folder "
               "has %2 free"_s.arg(gib(storageAsked), gib(diskBytes));
    }
    return {};
}

#include "MachineResources.h"

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
    if (value.isDouble()) {
        return value.toDouble() >= 0 ? std::optional<double>(value.toDouble()) : std::nullopt;
    }
    if (!value.isString()) {
        return std::nullopt;
    }
    static const QRegularExpression pattern(
            u"^\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(m|k|K|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?\\s*$"_s);
    const QRegularExpressionMatch match = pattern.match(value.toString());
    if (!match.hasMatch()) {
        return std::nullopt;
    }
    const double number = match.captured(1).toDouble();
    const QString suffix = match.captured(2);
    static const QHash<QString, double> factors = {
            {u"m"_s, 1e-3},
            {u"k"_s, 1e3},
            {u"K"_s, 1e3},
            {u"M"_s, 1e6},
            {u"G"_s, 1e9},
            {u"T"_s, 1e12},
            {u"P"_s, 1e15},
            {u"Ki"_s, 1024.0},
            {u"Mi"_s, std::pow(1024.0, 2)},
            {u"Gi"_s, std::pow(1024.0, 3)},
            {u"Ti"_s, std::pow(1024.0, 4)},
            {u"Pi"_s, std::pow(1024.0, 5)},
    };
    return suffix.isEmpty() ? number : number * factors.value(suffix, 1.0);
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

#include "BundleTableModel.h"

#include "ShellWords.h"

#include <QLocale>
#include <QMap>

using namespace Qt::StringLiterals;

BundleTableModel::BundleTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

int BundleTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BundleTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString BundleTableModel::imageText(const ModelBundle& bundle)
{
    const auto& image = bundle.flavor.runnableImage();
    if (!image) {
        return {};
    }
    QString text;
    if (!image->repository.isEmpty()) {
        text = image->repository + (image->tag.isEmpty() ? QString() : u':' + image->tag);
    }
    if (!image->command.isEmpty()) {
        text += (text.isEmpty() ? QString() : u" — "_s) + ShellWords::join(image->command);
    }
    return text;
}

QList<ModelBundle> BundleTableModel::newestPerName(const QList<ModelBundle>& bundles)
{
    QMap<QString, ModelBundle> newest;
    for (const ModelBundle& b : bundles) {
        auto it = newest.find(b.name);
        if (it == newest.end() || it->createdAt < b.createdAt) {
            newest.insert(b.name, b);
        }
    }
    return newest.values();
}

QVariant BundleTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const ModelBundle& b = m_rows.at(index.row());
    if (role == BundleIdRole) {
        return b.id;
    }
    if (role == SortRole && index.column() == Created) {
        return b.createdAt;
    }
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole) {
        return {};
    }
    switch (Column(index.column())) {
    case Name:
        return b.name;
    case Id:
        return b.id;
    case Flavor:
        return b.flavor.displayName();
    case Image:
        return imageText(b);
    case Created:
        return QLocale().toString(b.createdAt.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant BundleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (Column(section)) {
    case Name:
        return u"Name"_s;
    case Id:
        return u"ID"_s;
    case Flavor:
        return u"Flavor"_s;
    case Image:
        return u"Image or command"_s;
    case Created:
        return u"Created"_s;
    case ColumnCount:
        break;
    }
    return {};
}

void BundleTableModel::apply(const QList<ModelBundle>& bundles)
{
    QHash<QString, int> incoming;
    for (int i = 0; i < bundles.size(); ++i) {
        incoming.insert(bundles.at(i).id, i);
    }
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_rows.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    reindex();
    QList<int> fresh;
    for (int i = 0; i < bundles.size(); ++i) {
        const int row = m_rowById.value(bundles.at(i).id, -1);
        if (row < 0) {
            fresh.append(i);
        } else if (!(m_rows.at(row) == bundles.at(i))) {
            m_rows[row] = bundles.at(i);
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    if (fresh.isEmpty()) {
        return;
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (int i : fresh) {
        m_rows.append(bundles.at(i));
    }
    reindex();
    endInsertRows();
}

void BundleTableModel::reindex()
{
    m_rowById.clear();
    for (int r = 0; r < m_rows.size(); ++r) {
        m_rowById.insert(m_rows.at(r).id, r);
    }
}

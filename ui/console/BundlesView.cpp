#include "BundlesView.h"

#include "BundleTableModel.h"
#include "ShellWords.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BundlesView::BundlesView(QWidget* parent)
    : QWidget(parent)
    , m_model(new BundleTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_details(new QTextBrowser(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_problem(new QLabel(this))
{
    setObjectName(u"bundlesView"_s);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BundleTableModel::SortRole);
    m_table->setObjectName(u"bundleTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BundleTableModel::Created, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->resizeSection(BundleTableModel::Name, 160);
    m_table->horizontalHeader()->resizeSection(BundleTableModel::Id, 170);
    m_table->horizontalHeader()->resizeSection(BundleTableModel::Flavor, 120);
    m_table->horizontalHeader()->resizeSection(BundleTableModel::Image, 240);
    m_details->setObjectName(u"bundleDetails"_s);
    m_problem->setObjectName(u"bundleProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();
    auto* create = new QPushButton(u"New bundle…"_s, this);
    create->setObjectName(u"newBundleButton"_s);
    connect(create, &QPushButton::clicked, this, &BundlesView::newBundleRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BundlesView::updateDetails);
    connect(m_model, &BundleTableModel::dataChanged, this, &BundlesView::updateDetails);
    auto* top = new QHBoxLayout;
    top->addWidget(m_problem, 1);
    top->addStretch();
    top->addWidget(create);
    m_splitter->setObjectName(u"bundleSplitter"_s);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({860, 420});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);
    updateDetails();
}

void BundlesView::setProblem(const QString& text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void BundlesView::updateDetails()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_details->setHtml(u"<p>Select a bundle to see its details.</p>"_s);
        return;
    }
    const ModelBundle& b = m_model->bundleAt(m_proxy->mapToSource(rows.first()).row());
    auto row = [](const QString& k, const QString& v) {
        return u"<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>"_s.arg(
                k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    QString html = u"<h3>%1</h3><table>"_s.arg(b.name.toHtmlEscaped());
    html += row(u"ID"_s, b.id) + row(u"Flavor"_s, b.flavor.displayName());
    html += row(u"Created"_s, b.createdAt.isValid() ? QLocale().toString(b.createdAt.toLocalTime(),
                                                                         u"yyyy-MM-dd HH:mm:ss"_s)
                                                    : b.createdAtText);
    html += row(u"Schema location"_s,
                b.schemaLocation.value_or(QString()).isEmpty() ? u"—"_s : *b.schemaLocation);
    if (const auto& image = b.flavor.runnableImage()) {
        html += row(u"Repository"_s, image->repository) + row(u"Tag"_s, image->tag);
        html += row(u"Command"_s, ShellWords::join(image->command));
        html += row(u"Predict route"_s, image->predictRoute);
        html += row(u"Health check route"_s, image->healthcheckRoute);
        html += row(u"Readiness delay"_s, u"%1 s"_s.arg(image->readinessInitialDelaySeconds));
        QStringList env;
        if (image->env) {
            for (auto it = image->env->cbegin(); it != image->env->cend(); ++it) {
                env.append(it.key() + u'=' + it.value());
            }
        }
        html += row(u"Environment"_s, env.isEmpty() ? u"—"_s : env.join(u", "_s));
    }
    html += u"</table><p><b>Flavor as sent by the server</b></p><pre>%1</pre>"_s.arg(
            QString::fromUtf8(QJsonDocument(b.flavor.toJson()).toJson()).toHtmlEscaped());
    m_details->setHtml(html);
}

void BundlesView::saveState(QSettings& settings, const QString& group) const
{
    settings.setValue(group + u"/bundleHeader"_s, m_table->horizontalHeader()->saveState());
    settings.setValue(group + u"/bundleSplitter"_s, m_splitter->saveState());
}

void BundlesView::restoreState(QSettings& settings, const QString& group)
{
    const QByteArray header = settings.value(group + u"/bundleHeader"_s).toByteArray();
    if (!header.isEmpty()) {
        m_table->horizontalHeader()->restoreState(header);
    }
    const QByteArray splitter = settings.value(group + u"/bundleSplitter"_s).toByteArray();
    if (!splitter.isEmpty()) {
        m_splitter->restoreState(splitter);
    }
}

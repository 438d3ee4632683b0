#include "ExportControl.h"

#include "Notifier.h"
#include "export/ExportJob.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QToolButton>

ExportControl::ExportControl(ExportJob *job, Notifier *notifier, QWidget *parent)
    : QWidget(parent), m_job(job), m_notifier(notifier)
{
    setObjectName(QStringLiteral("exportControl"));
    m_chooser = [this](const QString &suggestedPath, CsvProfile) {
        return QFileDialog::getSaveFileName(this, tr("Export CSV"), suggestedPath, tr("CSV files (*.csv)"));
    };

    m_action = new QAction(tr("&Export CSV…"), this);
    m_action->setObjectName(QStringLiteral("exportAction"));
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_action, &QAction::triggered, this, [this] { requestExport(CsvProfile::Spreadsheet); });

    m_button = new QToolButton;
    m_button->setObjectName(QStringLiteral("exportButton"));
    m_button->setText(tr("&Export CSV"));
    m_button->setToolTip(tr("Export the rows shown, in their order and columns (Ctrl+E)"));
    m_button->setPopupMode(QToolButton::MenuButtonPopup);
    auto *menu = new QMenu(m_button);
    menu->addAction(tr("For spreadsheets (Excel, LibreOffice)…"), this,
                    [this] { requestExport(CsvProfile::Spreadsheet); });
    menu->addAction(tr("Raw, for scripts…"), this, [this] { requestExport(CsvProfile::Machine); });
    m_button->setMenu(menu);
    connect(m_button, &QToolButton::clicked, this, [this] { requestExport(CsvProfile::Spreadsheet); });

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setAccessibleName(tr("Export progress"));
    m_progress->setFormat(tr("Exporting… %p%"));
    m_progress->setRange(0, 1000);
    m_cancel = new QPushButton(tr("Cancel export"));
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    m_cancel->setToolTip(tr("Stop writing; the file is left as it was"));
    connect(m_cancel, &QPushButton::clicked, m_job, &ExportJob::cancel);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_progress, 1);
    layout->addWidget(m_cancel);
    layout->addWidget(m_button);

    connect(m_job, &ExportJob::busyChanged, this, &ExportControl::showBusy);
    connect(m_job, &ExportJob::progress, this, &ExportControl::showProgress);
    connect(m_job, &ExportJob::finished, this, &ExportControl::announce);
    showProgress(m_job->rowsDone(), m_job->rowsTotal());
    showBusy(m_job->isBusy());
}

void ExportControl::setSource(std::function<Source()> source)
{
    m_source = std::move(source);
}

void ExportControl::setPathChooser(PathChooser chooser)
{
    m_chooser = std::move(chooser);
}

void ExportControl::attachShortcut(QWidget *page)
{
    page->addAction(m_action);
}

void ExportControl::requestExport(CsvProfile profile)
{
    if (m_job->isBusy() || !m_source)
        return;
    const Source source = m_source();
    if (!source.model)
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = m_chooser(QDir(dir).filePath(source.suggestedFileName), profile);
    if (!path.isEmpty())
        m_job->start(source.model, path, profile); // refused if one started while the dialog was open
}

void ExportControl::showBusy(bool busy)
{
    m_action->setEnabled(!busy);
    m_button->setEnabled(!busy);
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
}

void ExportControl::showProgress(qint64 done, qint64 total)
{
    m_progress->setValue(total > 0 ? int(1000 * qMin(done, total) / total) : 0);
}

QString ExportControl::describe(const CsvExportResult &result)
{
    if (result.status.ok())
        return tr("%n row(s) written to %1.", nullptr, int(qMin<qint64>(result.rows, INT_MAX)))
                .arg(result.path);
    if (result.status.code == StoreStatus::Code::Cancelled)
        return tr("Export cancelled; no file was changed.");
    return result.status.message;
}

void ExportControl::announce(const CsvExportResult &result)
{
    if (!m_notifier || result.status.code == StoreStatus::Code::Cancelled)
        return;
    if (result.status.ok())
        m_notifier->notify(tr("Export finished"), describe(result), Notification::Severity::Information);
    else
        m_notifier->notify(tr("Export failed"), describe(result), Notification::Severity::Warning);
}

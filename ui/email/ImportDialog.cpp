#include "ImportDialog.h"

#include "common/ErrorText.h"
#include "outbound/OutboundSafety.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

enum Page { ChoosePage, ProgressPage, SummaryPage };
enum MappingColumn { ColumnName, FieldColumn, SampleColumn };

QTableWidgetItem *readOnlyItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

} // namespace

ImportDialog::ImportDialog(const EmailContext &context, const QString &campaignId, QWidget *parent)
    : QDialog(parent),
      m_context(context),
      m_campaignId(campaignId),
      m_importer(new ContactImporter(context.service, context.store,
                                     context.outbound ? context.outbound->store() : nullptr, this)),
      m_pages(new QStackedWidget(this)),
      m_file(new QLineEdit(this)),
      m_browse(new QPushButton(tr("&Browse…"), this)),
      m_previewTable(new QTableWidget(this)),
      m_mappingTable(new QTableWidget(this)),
      m_problem(new QLabel(this)),
      m_start(new QPushButton(tr("&Import"), this)),
      m_phase(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("&Cancel import"), this)),
      m_result(new QLabel(this)),
      m_errors(new QTableWidget(this)),
      m_export(new QPushButton(tr("&Export errors…"), this)),
      m_exportStatus(new QLabel(this)),
      m_dncLabel(new QLabel(this)),
      m_dnc(new QListWidget(this)),
      m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import contacts"));
    setAccessibleName(tr("Import contacts"));
    resize(820, 600);

    // --- 1. file, preview and mapping
    auto *choose = new QWidget(m_pages);
    m_file->setObjectName(QStringLiteral("importFile"));
    m_file->setAccessibleName(tr("CSV file"));
    m_file->setReadOnly(true);
    m_file->setPlaceholderText(tr("Choose a CSV file with a header row"));
    m_browse->setObjectName(QStringLiteral("importBrowse"));
    m_browse->setToolTip(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText));
    auto *open = new QShortcut(QKeySequence::Open, this);
    connect(open, &QShortcut::activated, this, [this] {
        if (m_pages->currentIndex() == ChoosePage)
            browse();
    });
    m_previewTable->setObjectName(QStringLiteral("importPreview"));
    m_previewTable->setAccessibleName(tr("First rows of the file"));
    m_previewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewTable->verticalHeader()->setVisible(false);
    m_mappingTable->setObjectName(QStringLiteral("importMapping"));
    m_mappingTable->setAccessibleName(tr("Which contact field each column fills"));
    m_mappingTable->setColumnCount(3);
    m_mappingTable->setHorizontalHeaderLabels({tr("Column"), tr("Contact field"), tr("First value")});
    m_mappingTable->horizontalHeader()->setStretchLastSection(true);
    m_mappingTable->verticalHeader()->setVisible(false);
    m_problem->setObjectName(QStringLiteral("importProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_start->setObjectName(QStringLiteral("importStart"));
    m_start->setDefault(true);
    auto *cancelChoose = new QPushButton(tr("Cancel"), choose);
    cancelChoose->setObjectName(QStringLiteral("importDismiss"));
    connect(cancelChoose, &QPushButton::clicked, this, &QDialog::reject);
    auto *chooseLayout = new QVBoxLayout(choose);
    auto *fileRow = new QHBoxLayout;
    auto *fileLabel = new QLabel(tr("&File:"), choose);
    fileLabel->setBuddy(m_file);
    fileRow->addWidget(fileLabel);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    chooseLayout->addLayout(fileRow);
    chooseLayout->addWidget(new QLabel(tr("First rows, as read from the file:"), choose));
    chooseLayout->addWidget(m_previewTable, 1);
    auto *mappingLabel = new QLabel(tr("&Mapping — the contact field each column fills:"), choose);
    mappingLabel->setBuddy(m_mappingTable);
    chooseLayout->addWidget(mappingLabel);
    chooseLayout->addWidget(m_mappingTable, 1);
    chooseLayout->addWidget(m_problem);
    auto *chooseButtons = new QHBoxLayout;
    chooseButtons->addStretch(1);
    chooseButtons->addWidget(cancelChoose);
    chooseButtons->addWidget(m_start);
    chooseLayout->addLayout(chooseButtons);

    // --- 2. progress
    auto *progress = new QWidget(m_pages);
    m_phase->setObjectName(QStringLiteral("importPhase"));
    m_phase->setWordWrap(true);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setAccessibleName(tr("Import progress"));
    m_cancel->setObjectName(QStringLiteral("importCancel"));
    auto *progressLayout = new QVBoxLayout(progress);
    progressLayout->addStretch(1);
    progressLayout->addWidget(m_phase);
    progressLayout->addWidget(m_progress);
    auto *progressButtons = new QHBoxLayout;
    progressButtons->addStretch(1);
    progressButtons->addWidget(m_cancel);
    progressLayout->addLayout(progressButtons);
    progressLayout->addStretch(1);

    // --- 3. summary
    auto *summary = new QWidget(m_pages);
    m_result->setObjectName(QStringLiteral("importSummary"));
    m_result->setWordWrap(true);
    ErrorText::makeLinkLabel(m_result);
    m_errors->setObjectName(QStringLiteral("importErrors"));
    m_errors->setAccessibleName(tr("Rows that were not imported"));
    m_errors->setColumnCount(5);
    m_errors->setHorizontalHeaderLabels(
            {tr("Line"), tr("Column"), tr("Value"), tr("Problem"), tr("Found by")});
    m_errors->horizontalHeader()->setStretchLastSection(true);
    m_errors->verticalHeader()->setVisible(false);
    m_errors->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_export->setObjectName(QStringLiteral("importExportErrors"));
    m_exportStatus->setObjectName(QStringLiteral("importExportStatus"));
    m_exportStatus->setTextFormat(Qt::PlainText);
    m_exportStatus->setWordWrap(true);
    m_dncLabel->setObjectName(QStringLiteral("importDncLabel"));
    m_dncLabel->setWordWrap(true);
    m_dnc->setObjectName(QStringLiteral("importDnc"));
    m_dnc->setAccessibleName(tr("Imported addresses on the do-not-contact list"));
    m_close->setObjectName(QStringLiteral("importClose"));
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    auto *summaryLayout = new QVBoxLayout(summary);
    summaryLayout->addWidget(m_result);
    summaryLayout->addWidget(m_errors, 2);
    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(m_exportStatus, 1);
    exportRow->addWidget(m_export);
    summaryLayout->addLayout(exportRow);
    summaryLayout->addWidget(m_dncLabel);
    summaryLayout->addWidget(m_dnc, 1);
    auto *summaryButtons = new QHBoxLayout;
    summaryButtons->addStretch(1);
    summaryButtons->addWidget(m_close);
    summaryLayout->addLayout(summaryButtons);

    m_pages->addWidget(choose);
    m_pages->addWidget(progress);
    m_pages->addWidget(summary);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);

    connect(m_browse, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(m_start, &QPushButton::clicked, this, &ImportDialog::start);
    connect(m_cancel, &QPushButton::clicked, m_importer, [this] {
        m_cancel->setEnabled(false);
        m_phase->setText(tr("Cancelling…"));
        m_importer->cancel();
    });
    connect(m_export, &QPushButton::clicked, this, &ImportDialog::exportErrors);
    connect(m_importer, &ContactImporter::progress, this, &ImportDialog::onProgress);
    connect(m_importer, &ContactImporter::finished, this, &ImportDialog::onFinished);
    connect(m_importer, &ContactImporter::mappingPreviewed, this, [this](const O2dMappingPreview &preview) {
        m_phase->setText(tr("Outreach2day read the columns %1; confirming the mapping…")
                                 .arg(preview.columns.join(QStringLiteral(", "))));
    });
    updateMappingState();
}

void ImportDialog::browse()
{
    // Not the static getOpenFileName(): open() does not spin a nested event loop.
    auto *files = new QFileDialog(this, tr("Import contacts"), QFileInfo(m_path).absolutePath(),
                                  tr("CSV files (*.csv);;All files (*)"));
    files->setObjectName(QStringLiteral("importFileDialog"));
    files->setAttribute(Qt::WA_DeleteOnClose);
    files->setAcceptMode(QFileDialog::AcceptOpen);
    files->setFileMode(QFileDialog::ExistingFile);
    connect(files, &QFileDialog::fileSelected, this, &ImportDialog::setFile);
    files->open();
}

void ImportDialog::setFile(const QString &path)
{
    m_path = path;
    m_file->setText(QDir::toNativeSeparators(path));
    m_preview = ContactCsv::preview(path);
    showPreview();
}

void ImportDialog::showPreview()
{
    m_previewTable->clear();
    m_previewTable->setColumnCount(int(m_preview.header.size()));
    m_previewTable->setRowCount(int(m_preview.rows.size()));
    m_previewTable->setHorizontalHeaderLabels(m_preview.header);
    for (int r = 0; r < m_preview.rows.size(); ++r) {
        const QStringList &row = m_preview.rows.at(r);
        for (int c = 0; c < row.size() && c < m_preview.header.size(); ++c)
            m_previewTable->setItem(r, c, readOnlyItem(row.at(c)));
    }

    const QMap<QString, QString> proposed = ContactCsv::proposeMapping(m_preview.header);
    const QStringList known = ContactCsv::knownFields();
    m_mappingTable->setRowCount(int(m_preview.header.size()));
    for (int r = 0; r < m_preview.header.size(); ++r) {
        const QString &column = m_preview.header.at(r);
        m_mappingTable->setItem(r, ColumnName, readOnlyItem(column));
        auto *combo = new QComboBox(m_mappingTable);
        combo->setObjectName(QStringLiteral("importField_") + column);
        combo->setAccessibleName(tr("Contact field for column %1").arg(column));
        combo->addItem(tr("(not imported)"), QString());
        for (const QString &field : known)
            combo->addItem(field, field);
        const QString proposal = proposed.value(column);
        if (!known.contains(column) && !column.trimmed().isEmpty())
            combo->addItem(tr("%1 (custom field)").arg(column), column);
        if (!proposal.isEmpty() && combo->findData(proposal) < 0)
            combo->addItem(tr("%1 (custom field)").arg(proposal), proposal);
        combo->setCurrentIndex(qMax(0, combo->findData(proposal)));
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::updateMappingState);
        m_mappingTable->setCellWidget(r, FieldColumn, combo);
        const QString sample = m_preview.rows.isEmpty() || m_preview.rows.first().size() <= r
                ? QString()
                : m_preview.rows.first().at(r);
        m_mappingTable->setItem(r, SampleColumn, readOnlyItem(sample));
    }
    m_mappingTable->resizeColumnsToContents();
    m_previewTable->resizeColumnsToContents();
    updateMappingState();
}

QMap<QString, QString> ImportDialog::mapping() const
{
    QMap<QString, QString> mapping;
    for (int r = 0; r < m_mappingTable->rowCount(); ++r) {
        const auto *combo = qobject_cast<QComboBox *>(m_mappingTable->cellWidget(r, FieldColumn));
        if (combo)
            mapping.insert(m_preview.header.value(r), combo->currentData().toString());
    }
    return mapping;
}

QComboBox *ImportDialog::mappingCombo(const QString &column) const
{
    const int row = int(m_preview.header.indexOf(column));
    return row < 0 ? nullptr : qobject_cast<QComboBox *>(m_mappingTable->cellWidget(row, FieldColumn));
}

QString ImportDialog::problem() const
{
    if (m_path.isEmpty())
        return tr("Choose a CSV file.");
    if (!m_preview.problem.isEmpty())
        return m_preview.problem;
    if (m_preview.header.isEmpty())
        return tr("The file has no header row.");
    if (m_campaignId.isEmpty())
        return tr("No campaign is open.");
    return ContactCsv::mappingProblem(m_preview.header, mapping());
}

void ImportDialog::updateMappingState()
{
    // The preview's header says where each column goes, so the two tables read as one.
    const QMap<QString, QString> current = mapping();
    for (int c = 0; c < m_preview.header.size(); ++c) {
        const QString &column = m_preview.header.at(c);
        const QString field = current.value(column);
        m_previewTable->setHorizontalHeaderItem(
                c,
                new QTableWidgetItem(field.isEmpty() ? tr("%1\n(not imported)").arg(column)
                                                     : tr("%1\n→ %2").arg(column, field)));
    }
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_start->setEnabled(why.isEmpty() && !m_importer->isRunning());
}

void ImportDialog::start()
{
    if (!problem().isEmpty() || m_importer->isRunning())
        return;
    m_summary.reset();
    m_pages->setCurrentIndex(ProgressPage);
    m_phase->setText(tr("Preparing %1…").arg(QFileInfo(m_path).fileName()));
    m_progress->setRange(0, 0);
    m_cancel->setEnabled(true);
    m_cancel->setFocus();
    m_importer->start(m_campaignId, m_path, mapping());
}

void ImportDialog::onProgress(const QString &phase, qint64 done, qint64 total)
{
    if (phase == QLatin1String("preparing"))
        m_phase->setText(tr("Checking every row and preparing the upload…"));
    else if (phase == QLatin1String("uploading"))
        m_phase->setText(tr("Uploading to Outreach2day…"));
    else if (phase == QLatin1String("mapping"))
        m_phase->setText(tr("Confirming the mapping with Outreach2day…"));
    else if (phase == QLatin1String("processing"))
        m_phase->setText(tr("Outreach2day is importing the rows…"));
    else
        m_phase->setText(phase);
    if (total > 0) {
        // Per mille: a byte count does not fit the bar's int.
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(qBound(qint64(0), done * 1000 / total, qint64(1000))));
    } else {
        m_progress->setRange(0, 0);
    }
}

void ImportDialog::onFinished(const ContactImporter::Summary &summary)
{
    m_summary = summary;
    m_pages->setCurrentIndex(SummaryPage);
    const QString counts = tr("Imported: %1. Invalid: %2.").arg(summary.imported).arg(summary.invalid);
    if (summary.error.isError()) {
        ErrorText::show(m_result, summary.error,
                        summary.error.kind == ApiError::Kind::Cancelled ? tr("Import cancelled.")
                                                                        : tr("The import failed:"));
    } else {
        QString text = counts;
        if (summary.reused)
            text += QLatin1Char(' ') +
                    tr("This file was imported before with the same mapping: the same Idempotency-Key was "
                       "sent, so no contact was added twice.");
        m_result->setText(text.toHtmlEscaped());
    }

    m_errors->setRowCount(int(summary.rowErrors.size()));
    for (int r = 0; r < summary.rowErrors.size(); ++r) {
        const ContactCsv::RowError &error = summary.rowErrors.at(r);
        m_errors->setItem(r, 0, readOnlyItem(error.line > 0 ? QString::number(error.line) : QString()));
        m_errors->setItem(r, 1, readOnlyItem(error.column));
        m_errors->setItem(r, 2, readOnlyItem(error.value));
        m_errors->setItem(r, 3, readOnlyItem(error.message));
        m_errors->setItem(
                r, 4,
                readOnlyItem(error.source == QLatin1String("local") ? tr("Console") : tr("Outreach2day")));
    }
    m_errors->resizeColumnsToContents();
    m_errors->setVisible(!summary.rowErrors.isEmpty());
    m_export->setVisible(!summary.rowErrors.isEmpty());

    m_dnc->clear();
    m_dnc->addItems(summary.doNotContact);
    m_dncLabel->setText(
            summary.doNotContact.isEmpty()
                    ? tr("No imported address is on the do-not-contact list.")
                    : tr("%n imported address(es) on the do-not-contact list: they are suppressed at "
                         "Outreach2day before launch.",
                         nullptr, int(summary.doNotContact.size())));
    m_dnc->setVisible(!summary.doNotContact.isEmpty());
    m_close->setDefault(true);
    m_close->setFocus();
    Q_EMIT importFinished(summary);
}

bool ImportDialog::exportErrorsTo(const QString &path, QString *problem)
{
    if (!m_summary) {
        if (problem)
            *problem = tr("Nothing was imported yet.");
        return false;
    }
    return ContactCsv::exportErrors(m_summary->rowErrors, path, problem);
}

void ImportDialog::exportErrors()
{
    const QFileInfo source(m_path);
    auto *files =
            new QFileDialog(this, tr("Export row errors"),
                            source.absoluteDir().filePath(tr("%1-errors.csv").arg(source.completeBaseName())),
                            tr("CSV files (*.csv)"));
    files->setObjectName(QStringLiteral("importErrorsFileDialog"));
    files->setAttribute(Qt::WA_DeleteOnClose);
    files->setAcceptMode(QFileDialog::AcceptSave);
    files->setDefaultSuffix(QStringLiteral("csv"));
    connect(files, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString why;
        m_exportStatus->setText(exportErrorsTo(path, &why)
                                        ? tr("Row errors written to %1.").arg(QDir::toNativeSeparators(path))
                                        : tr("The row errors could not be exported: %1").arg(why));
    });
    files->open();
}

void ImportDialog::reject()
{
    if (m_importer->isRunning()) {
        m_cancel->click(); // the summary follows; the dialog stays open to show it
        return;
    }
    QDialog::reject();
}

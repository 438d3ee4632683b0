#pragma once

#include "export/CsvExporter.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class ExportJob;
class Notifier;
class QAction;
class QProgressBar;
class QPushButton;
class QToolButton;
class RecordTableModel;

// The one export control of every page that shows a table: an Export button (spreadsheet or raw
// profile) and its Ctrl+E action, then, while an ExportJob runs, its progress and a Cancel
// button. The action and button are disabled while an export runs, so a second Ctrl+E neither
// opens a file dialog nor starts a second export (the job refuses one too). Success and failure
// are announced through the Notifier.
//
//   auto *control = new ExportControl(controller->exportJob(), notifier);
//   control->setSource([this] { return ExportControl::Source{model, QStringLiteral("leads.csv")}; });
//   control->attachShortcut(this); // Ctrl+E anywhere on the page
class ExportControl : public QWidget
{
    Q_OBJECT
public:
    // What Export writes when the operator asks: the table (its visible rows and columns) and the
    // file name the save dialog suggests.
    struct Source
    {
        const RecordTableModel *model = nullptr;
        QString suggestedFileName;
    };
    // Asks the operator where to write; an empty path abandons the export. The default is a save
    // dialog in the Documents folder.
    using PathChooser = std::function<QString(const QString &suggestedPath, CsvProfile profile)>;

    explicit ExportControl(ExportJob *job, Notifier *notifier = nullptr, QWidget *parent = nullptr);

    void setSource(std::function<Source()> source);
    void setPathChooser(PathChooser chooser);
    // Adds the Ctrl+E action to `page` (it fires while the focus is anywhere inside it).
    void attachShortcut(QWidget *page);

    // Asks for a file, then starts the export; nothing while one runs.
    void requestExport(CsvProfile profile = CsvProfile::Spreadsheet);

    ExportJob *job() const { return m_job; }
    QAction *exportAction() const { return m_action; }
    QToolButton *exportButton() const { return m_button; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *cancelButton() const { return m_cancel; }

    // One sentence saying how an export ended.
    static QString describe(const CsvExportResult &result);

private:
    void showBusy(bool busy);
    void showProgress(qint64 done, qint64 total);
    void announce(const CsvExportResult &result);

    ExportJob *m_job;
    QPointer<Notifier> m_notifier;
    std::function<Source()> m_source;
    PathChooser m_chooser;
    QAction *m_action;
    QToolButton *m_button;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
};

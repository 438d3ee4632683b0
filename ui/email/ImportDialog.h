#pragma once

#include "EditorSection.h"
#include "email/ContactCsv.h"
#include "email/ContactImporter.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;

// Imports a contacts CSV into a campaign, in three steps on one dialog:
//  1. pick a file: its header and first rows are shown at once (ContactCsv::preview reads only
//     the head of the file), with a mapping editor — a field per column, proposed from the
//     column names and changed by the operator; Import stays off while the mapping has a problem;
//  2. upload through ContactImporter (direct or staged by size) with progress and Cancel;
//  3. the summary: imported and invalid counts, the row errors (local and the vendor's) in a
//     table that can be exported, and the imported addresses the do-not-contact list covers.
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    ImportDialog(const EmailContext &context, const QString &campaignId, QWidget *parent = nullptr);

    // Shows `path`'s preview and a proposed mapping (Browse… calls it too).
    void setFile(const QString &path);
    QMap<QString, QString> mapping() const; // column → field ("" = not imported)
    // The combo that maps `column`; null when the file has no such column.
    QComboBox *mappingCombo(const QString &column) const;
    QString problem() const; // why Import is off, in words; empty when it is on
    ContactImporter *importer() const { return m_importer; }
    // Writes the summary's row errors as CSV (the Export errors… button asks for the path).
    bool exportErrorsTo(const QString &path, QString *problem);
    std::optional<ContactImporter::Summary> summary() const { return m_summary; }

    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }

public Q_SLOTS:
    void browse();
    void start();
    void reject() override; // cancels a running import first

Q_SIGNALS:
    void importFinished(const ContactImporter::Summary &summary);

private:
    void showPreview();
    void updateMappingState();
    void onProgress(const QString &phase, qint64 done, qint64 total);
    void onFinished(const ContactImporter::Summary &summary);
    void exportErrors();

    EmailContext m_context;
    QString m_campaignId;
    ContactImporter *m_importer;
    ContactCsv::Preview m_preview;
    QString m_path;
    std::optional<ContactImporter::Summary> m_summary;

    QStackedWidget *m_pages;
    // 1. file, preview, mapping
    QLineEdit *m_file;
    QPushButton *m_browse;
    QTableWidget *m_previewTable;
    QTableWidget *m_mappingTable;
    QLabel *m_problem;
    QPushButton *m_start;
    // 2. progress
    QLabel *m_phase;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    // 3. summary
    QLabel *m_result;
    QTableWidget *m_errors;
    QPushButton *m_export;
    QLabel *m_exportStatus;
    QLabel *m_dncLabel;
    QListWidget *m_dnc;
    QPushButton *m_close;
};

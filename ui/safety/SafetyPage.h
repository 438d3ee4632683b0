#pragma once

#include "common/UnknownOutcomeDelegate.h"
#include "controllers/SafetyController.h"

#include <QWidget>

#include <functional>

class ExportControl;
class Notifier;
class OutboundSafety;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class RecordTableView;

// The Safety page: the do-not-contact list (add, remove with a reason, import a CSV with a report
// of its invalid rows, export) and the audit log of every outbound attempt with its outcome
// (filters by text, vendor, verdict, time; unknown outcomes highlighted and counted; export).
// Holds widgets only; SafetyController holds the state. The list and the log are read when the
// page is first shown, not when it is built.
//
// Keys: Ctrl+N add, Delete remove the selected entry, Ctrl+I import, Ctrl+E export the tab's
// table, Ctrl+F search, F5 read the list and the log again.
class SafetyPage : public QWidget
{
    Q_OBJECT
public:
    // `outbound` (the list, the log and the guard) outlives the page.
    explicit SafetyPage(OutboundSafety *outbound, Notifier *notifier = nullptr, QWidget *parent = nullptr);

    SafetyController *controller() const { return m_controller; }
    // Asks for the CSV to import; the default is an open-file dialog.
    void setImportFileChooser(std::function<QString()> chooser) { m_chooseImport = std::move(chooser); }

    void addEntry();
    void removeSelectedEntry();
    void importCsv();

    QTabWidget *tabs() const { return m_tabs; }
    RecordTableView *listView() const { return m_listView; }
    RecordTableView *auditView() const { return m_auditView; }
    ExportControl *listExportControl() const { return m_listExportControl; }
    ExportControl *auditExportControl() const { return m_auditExportControl; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildListTab();
    QWidget *buildAuditTab();
    void showListState();
    void showAuditState();
    void showImport(bool importing);
    void showImportReport(const SafetyController::ImportReport &report);
    void applyAuditFilter();
    void refillChoices(QComboBox *combo, const QStringList &values);

    SafetyController *m_controller;
    Notifier *m_notifier;
    std::function<QString()> m_chooseImport;
    QTabWidget *m_tabs;
    QLabel *m_storeProblem;
    QLabel *m_unknownBanner;
    QPushButton *m_showUnknown;
    // list tab
    QLineEdit *m_listSearch;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_import;
    QProgressBar *m_importProgress;
    QPushButton *m_importCancel;
    QLabel *m_listStatus; // how the last import or removal went
    QPlainTextEdit *m_importProblems;
    QLabel *m_listEmpty;
    RecordTableView *m_listView;
    ExportControl *m_listExportControl;
    // audit tab
    QLineEdit *m_auditSearch;
    QComboBox *m_vendor;
    QComboBox *m_verdict;
    QComboBox *m_period;
    QCheckBox *m_unknownOnly;
    QLabel *m_auditEmpty;
    RecordTableView *m_auditView;
    ExportControl *m_auditExportControl;
};

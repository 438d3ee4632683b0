#pragma once

#include "controllers/ContactList.h"

#include <QWidget>

class ExportControl;
class Notifier;
class OutboundGuard;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTreeWidget;
class RecordTableView;
class ScheduleCallsDialog;
class ServiceHub;
class VoiceController;

// The Voice page: Verloop's campaign registry (add, edit, remove), scheduling one call or many
// (from a CSV file here, from selected leads on the Leads page), and the scheduled calls with
// their message_id and status — a call whose outcome is unknown after a crash is marked, and
// never resent. The page holds widgets only; VoiceController (models/) holds the state.
//
// Nothing is opened until the page is first shown or asked to schedule (start-up time).
class VoicePage : public QWidget
{
    Q_OBJECT
public:
    VoicePage(ServiceHub *hub, OutboundGuard *guard, Notifier *notifier, const QString &databasePath,
              QWidget *parent = nullptr);
    ~VoicePage() override;

    VoiceController *controller() const { return m_controller; }

    // Opens the scheduling dialog for these contacts (the Leads page's "Schedule Verloop
    // calls…"); the dialog belongs to `dialogParent`'s window.
    ScheduleCallsDialog *scheduleForContacts(const ContactList &contacts, QWidget *dialogParent = nullptr);
    // Opens the dialog for one number.
    ScheduleCallsDialog *scheduleOneCall();
    // Reads a CSV file (asks for it when `path` is empty) and opens the dialog for its rows.
    ScheduleCallsDialog *scheduleFromCsv(const QString &path = {});

    // The campaign selected in the registry list, its UUID; empty when none.
    QString selectedCampaign() const;
    void addCampaign();
    void editCampaign();
    void removeCampaign();

protected:
    void showEvent(QShowEvent *event) override;

private:
    bool ensureOpen();
    QWidget *createCampaigns();
    QWidget *createScheduledCalls();
    void showCampaigns();
    void showScheduledCallsState();
    ScheduleCallsDialog *present(ScheduleCallsDialog *dialog);

    VoiceController *m_controller;
    Notifier *m_notifier;
    QLabel *m_problem = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_campaignStack = nullptr;
    QTreeWidget *m_campaigns = nullptr;
    QPushButton *m_editCampaign = nullptr;
    QPushButton *m_removeCampaign = nullptr;
    QStackedWidget *m_callsStack = nullptr;
    RecordTableView *m_calls = nullptr;
    QLabel *m_unknown = nullptr;
    QLabel *m_status = nullptr;
    ExportControl *m_export = nullptr;
};

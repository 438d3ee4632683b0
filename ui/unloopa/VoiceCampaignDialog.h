#pragma once

#include "unloopa/UnloopaTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"
#include "unloopa/VoiceCampaignController.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class RecordTableModel;
class RecordTableView;
class VoiceScheduleFields;
class VoiceSetupController;

// Creates a draft Unloopa voice campaign for the leads selected on the Leads page: name, the
// number it calls from, an agent or a voice + script, time zone, calling window and days, calls
// per hour and the maximum. The dry run is shown before anything is created and follows every
// change of the schedule: which leads are callable, which the guard refuses and why (the
// do-not-contact list; a window that reaches outside a lead's calling window), which have no
// phone. "Create draft" sends only the cleared leads (as lead_ids); nothing is called until the
// campaign is activated on the Campaigns tab.
class VoiceCampaignDialog : public QDialog
{
    Q_OBJECT
public:
    // Neither controller is owned; both outlive the dialog.
    VoiceCampaignDialog(VoiceCampaignController *campaigns, VoiceSetupController *setup,
                        const QList<UnloopaLead> &leads, QWidget *parent = nullptr);

    // What the form says (the schedule always explicit).
    UnloopaCampaignFields fields() const;
    const VoiceCampaignController::Plan &plan() const { return m_plan; }
    // Why "Create draft" is off; empty when it is on.
    QString problem() const;

Q_SIGNALS:
    // The draft exists on Unloopa (the dialog then closes).
    void created(const UnloopaCampaign &campaign);

private:
    void fillNumbersAndAgents();
    void replan();
    void updateButtons();
    void create();

    VoiceCampaignController *m_campaigns;
    VoiceSetupController *m_setup;
    QList<UnloopaLead> m_leads;
    VoiceCampaignController::Plan m_plan;
    bool m_creating = false;

    QLineEdit *m_name;
    QComboBox *m_number;
    QComboBox *m_agent;
    QLineEdit *m_voiceId;
    QPlainTextEdit *m_script;
    VoiceScheduleFields *m_schedule;
    QLabel *m_summary;
    QLabel *m_withoutPhone;
    RecordTableModel *m_model;
    RecordTableView *m_table;
    QLabel *m_problem;
    QLabel *m_error;
    QPushButton *m_create;
};

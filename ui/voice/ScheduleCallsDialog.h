#pragma once

#include "RingTimeEdit.h"
#include "controllers/ContactList.h"
#include "outbound/OutboundTypes.h"

#include <QDialog>
#include <QJsonObject>
#include <QPointer>
#include <QUrl>

class KeyValueTable;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class VariableMappingTable;
class VoiceController;

// Schedules Verloop calls: one number typed by the operator (with literal recipe variables), or
// many contacts — selected leads, a CSV file — whose fields fill the variables. The operator picks
// the campaign, when the calls ring, the callback URL and State, and may bypass Verloop's own
// working window (an explicit checkbox and a typed reason, never remembered).
//
// Nothing is sent from here directly: "Check and schedule…" shows the dry run (DryRunDialog:
// who would be reached, who is refused and why, exportable), and only its Send schedules the
// allowed recipients, one request at a time through the guard, with progress and Cancel (which
// stops after the call in flight). The dialog then lists each recipient's result.
class ScheduleCallsDialog : public QDialog
{
    Q_OBJECT
public:
    // One number, typed here.
    explicit ScheduleCallsDialog(VoiceController *controller, QWidget *parent = nullptr);
    // The given contacts.
    ScheduleCallsDialog(VoiceController *controller, const ContactList &contacts, QWidget *parent = nullptr);
    ~ScheduleCallsDialog() override;

    bool isForContacts() const { return m_forContacts; }
    // Why "Check and schedule…" is off; empty when it is on.
    QString problem() const;

    // What the form says (the controller turns it into the scheduler's inputs).
    QString campaignId() const;
    QList<Contact> recipients() const;
    QList<QPair<QString, QString>> variableMapping() const; // contacts: variable <- field key
    QJsonObject fixedVariables() const; // one number: the variables typed
    RingTimeEdit *ringTime() const { return m_ringTime; }
    QUrl callbackUrl() const;
    QJsonObject callbackState() const;
    // Verloop's BypassCallingWindow, with the reason typed when it was ticked.
    OutboundOverrides overrides() const { return m_overrides; }

    // Widgets, for tests.
    QComboBox *campaignBox() const { return m_campaign; }
    QLineEdit *numberEdit() const { return m_number; }
    VariableMappingTable *mappingTable() const { return m_mapping; }
    KeyValueTable *variablesTable() const { return m_variables; }
    QLineEdit *callbackUrlEdit() const { return m_callbackUrl; }
    QCheckBox *bypassBox() const { return m_bypass; }
    QPushButton *checkButton() const { return m_check; }
    QPushButton *cancelSendingButton() const { return m_cancelSending; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *resultLabel() const { return m_result; }

    // Hook for tests: how the dry run is shown (default: a modal DryRunDialog). It gets the filled
    // dialog and returns QDialog::Accepted to send.
    using DryRunPresenter = std::function<int(QDialog &dryRun)>;
    void setDryRunPresenter(DryRunPresenter presenter) { m_presenter = std::move(presenter); }

Q_SIGNALS:
    // Sending finished (all sent, some refused or failed, or cancelled): results are shown.
    void sendingFinished();

private:
    void build();
    void fillCampaigns();
    void validate();
    void onBypassToggled(bool checked);
    void checkAndSchedule();
    void showProgress(int done, int total);
    void showResults();

    QPointer<VoiceController> m_controller;
    bool m_forContacts = false;
    ContactList m_contacts;
    OutboundOverrides m_overrides;
    DryRunPresenter m_presenter;

    QComboBox *m_campaign = nullptr;
    QLineEdit *m_number = nullptr;
    QLabel *m_normalised = nullptr;
    QLabel *m_contactsLine = nullptr;
    VariableMappingTable *m_mapping = nullptr;
    KeyValueTable *m_variables = nullptr;
    RingTimeEdit *m_ringTime = nullptr;
    QLineEdit *m_callbackUrl = nullptr;
    KeyValueTable *m_state = nullptr;
    QCheckBox *m_bypass = nullptr;
    QLabel *m_problem = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_check = nullptr;
    QPushButton *m_cancelSending = nullptr;
    QPushButton *m_close = nullptr;
};

#pragma once

#include "unloopa/VoiceCallPlacer.h"

#include <QDialog>
#include <QPointer>

class OutboundGuard;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class UnloopaVoiceService;
class VoiceSetupController;

// One Unloopa voice call (POST /voice/call, 1 voice credit) over VoiceCallPlacer: the agent, the
// number as typed (made E.164 by libphonenumber as it is typed; US for numbers without a country
// code), an optional lead whose fields fill the script's {{variables}}, and more variables as
// key=value lines. The Call button stays off while the form is not a call, while /quota leaves no
// voice credit (the credit purchase links are shown instead) and while the guard refuses the
// number (its verdict is shown as the number is typed). Outside the recipient's calling window
// only with OverrideReasonDialog's ticked box and typed reason, never remembered (cleared with
// the number and after each call). The operator confirms the credit spent before anything is
// sent; the call is sent once and never retried.
class VoiceCallDialog : public QDialog
{
    Q_OBJECT
public:
    // None is owned; `setup` supplies the agents and the quota.
    VoiceCallDialog(UnloopaVoiceService *voice, OutboundGuard *guard, VoiceSetupController *setup,
                    QWidget *parent = nullptr);

    // Calls `lead`: its number, and its fields as variables.
    void setLead(const UnloopaLead &lead);

    // The request the form describes (its number empty while it is not a valid one).
    UnloopaCallRequest request() const;
    // Why Call is off; empty when it is on.
    QString problem() const;
    const GuardDecision &decision() const { return m_decision; }

Q_SIGNALS:
    void callPlaced(const UnloopaCallStarted &started);

private:
    void fillAgents();
    void numberChanged();
    void validate();
    void askOverride();
    void place();
    QString verdictText() const;

    VoiceCallPlacer m_placer;
    QPointer<VoiceSetupController> m_setup;
    OutboundOverrides m_overrides;
    GuardDecision m_decision;
    QComboBox *m_agent;
    QLineEdit *m_number;
    QLabel *m_normalised;
    QLabel *m_lead;
    QPlainTextEdit *m_variables;
    QLabel *m_cost;
    QLabel *m_verdict;
    QPushButton *m_override;
    QLabel *m_result;
    QPushButton *m_call;
    bool m_inFlight = false;
};

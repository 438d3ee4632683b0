#pragma once

#include "controllers/AgentCallPlacer.h"
#include "unlimcall/UnlimCallTypes.h"

#include "core/ApiError.h"

#include <QDialog>
#include <QPointer>

class OutboundGuard;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class UnlimCallService;

// Places one AI-agent call (POST /calls). The destination may be typed in any reasonable format;
// it is parsed, validated and normalised to E.164 with libphonenumber as the operator types, and
// the Call button stays disabled while it is invalid, so an invalid number never reaches the
// API. The operator confirms before anything is sent. The request is never retried and never
// sent twice: the button is disabled from the first click until the answer. Every documented
// error is explained in words with what to do.
//
// The outbound guard judges the destination as it is typed and the dialog shows its verdict: a
// listed number, one over the daily limit or one already being called cannot be called; outside
// the recipient's calling window only with the explicit override and a typed reason, which are
// never remembered (cleared with the destination and after each call).
class PlaceCallDialog : public QDialog
{
    Q_OBJECT
public:
    PlaceCallDialog(UnlimCallService *service, OutboundGuard *guard, const QList<UnlimCall::Agent> &agents,
                    QWidget *parent = nullptr);

    // For tests: skip the confirmation question (the operator's "Yes").
    void setConfirmationEnabled(bool enabled) { m_confirm = enabled; }

    // The request the form describes now; empty toNumber when the destination is not valid.
    UnlimCall::CallRequest request() const;
    QString problem() const; // why the Call button is disabled, empty when it is not
    bool isInFlight() const { return m_inFlight; }
    QPushButton *callButton() const { return m_call; }
    QLineEdit *destinationEdit() const { return m_destination; }
    QString resultText() const;
    // The guard's verdict on the destination as the form stands (empty while it is not a call).
    const GuardDecision &decision() const { return m_decision; }
    QString verdictText() const;
    QCheckBox *overrideCheck() const { return m_override; }
    QLineEdit *overrideReasonEdit() const { return m_overrideReason; }

Q_SIGNALS:
    void callPlaced(const UnlimCall::CallQueued &queued, const UnlimCall::CallRequest &request);
    void callFailed(const ApiError &error);

private:
    void validate();
    void showVerdict();
    void destinationChanged();
    void place();
    QString regionCode() const;
    OutboundOverrides overrides() const;

    QPointer<UnlimCallService> m_service;
    AgentCallPlacer m_placer;
    GuardDecision m_decision;
    QComboBox *m_agent;
    QComboBox *m_region;
    QLineEdit *m_destination;
    QLabel *m_normalised;
    QLineEdit *m_callerId;
    QPlainTextEdit *m_metadata;
    QLabel *m_verdict;
    QCheckBox *m_override;
    QLineEdit *m_overrideReason;
    QLabel *m_result;
    QPushButton *m_call;
    QDialogButtonBox *m_buttons;
    bool m_inFlight = false;
    bool m_confirm = true;
};

#pragma once

#include "outbound/OutboundTypes.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Asks the operator to override one calling-window rule for one action: an explicit checkbox and a
// typed reason, both required (the reason goes to the audit log). Nothing is remembered: every
// dialog starts unchecked and empty, and nothing is written to the settings, so an override can
// never come from a default or a saved preference. The do-not-contact list has no override.
//
//   OutboundOverrides overrides;
//   if (OverrideReasonDialog::ask(OverrideReasonDialog::Subject::VendorCallingWindow, overrides, this))
//       ... overrides.vendorCallingWindow is set, overrides.reason holds what was typed
class OverrideReasonDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Subject {
        CallingWindow, // the console's own calling window (the legal one)
        VendorCallingWindow, // Verloop's BypassCallingWindow (its own working window)
    };

    explicit OverrideReasonDialog(Subject subject, QWidget *parent = nullptr);

    Subject subject() const { return m_subject; }
    // A sentence above the checkbox about who is affected ("3 recipients are outside…").
    void setDetail(const QString &detail);
    // The typed reason, trimmed.
    QString reason() const;
    // Checked and a non-blank reason: what OK needs.
    bool isComplete() const;
    // Sets the subject's flag and the reason on `overrides` (only when complete). When the other
    // override is already set with a reason, both reasons are kept ("first; second").
    void applyTo(OutboundOverrides &overrides) const;

    // Shows the dialog; on OK applies it to `overrides` and returns true. Cancel leaves
    // `overrides` as it was.
    static bool ask(Subject subject, OutboundOverrides &overrides, QWidget *parent,
                    const QString &detail = {});

    QCheckBox *confirmBox() const { return m_confirm; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QPushButton *okButton() const { return m_ok; }

private:
    void validate();

    Subject m_subject;
    QLabel *m_detail;
    QCheckBox *m_confirm;
    QLineEdit *m_reason;
    QPushButton *m_ok;
};

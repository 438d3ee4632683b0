#pragma once

#include "outbound/OutboundTypes.h"

#include <QDialog>

#include <functional>

class ExportControl;
class ExportJob;
class QLabel;
class QPushButton;
class RecordTableModel;
class RecordTableView;

// The dry run every bulk action shows before anything is sent (issue #9): how many recipients
// would be reached, how many are refused and why (counted by reason), the whole list — sortable,
// and exportable as CSV through the one export control —, then Send or Cancel. Send reaches only
// the allowed recipients and is off when there are none; Cancel is the default button, so Enter
// alone sends nothing.
//
// Recipients that only need an override (outside the calling window) can be let through here
// when the caller gives a way to judge again: "Override the calling window…" asks for the
// checkbox and typed reason (OverrideReasonDialog), then shows the new decision.
//
//   DryRunDialog dialog(tr("Schedule Verloop calls"), this);
//   dialog.setOverrides(overrides); // what the operator chose before (e.g. Verloop's bypass)
//   dialog.setDecision(scheduler->dryRun(overrides));
//   dialog.setRejudge([&](const OutboundOverrides &o) { return scheduler->dryRun(o); });
//   if (dialog.exec() == QDialog::Accepted)
//       scheduler->send(dialog.overrides());
class DryRunDialog : public QDialog
{
    Q_OBJECT
public:
    using Rejudge = std::function<GuardDecision(const OutboundOverrides &overrides)>;

    // `what`: the action in words, for the title ("Schedule Verloop calls").
    explicit DryRunDialog(const QString &what, QWidget *parent = nullptr);
    ~DryRunDialog() override;

    void setDecision(const GuardDecision &decision);
    const GuardDecision &decision() const { return m_decision; }
    void setOverrides(const OutboundOverrides &overrides) { m_overrides = overrides; }
    // What to send with: the overrides given before plus any chosen in this dialog.
    const OutboundOverrides &overrides() const { return m_overrides; }
    void setRejudge(Rejudge rejudge);
    // What the caller adds below the summary: who is left out before the guard judges (no email,
    // beyond a daily capacity) and how the send goes. Hidden when empty.
    void setNote(const QString &note);

    // The summary in words ("8 of 10 recipients would be reached; 2 are refused.").
    QString summaryText() const;

    QLabel *summaryLabel() const { return m_summary; }
    QLabel *reasonsLabel() const { return m_reasons; }
    QLabel *noteLabel() const { return m_note; }
    RecordTableView *table() const { return m_table; }
    RecordTableModel *model() const { return m_model; }
    ExportControl *exportControl() const { return m_export; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *overrideButton() const { return m_override; }

private:
    void showDecision();
    void overrideCallingWindow();

    GuardDecision m_decision;
    OutboundOverrides m_overrides;
    Rejudge m_rejudge;
    QLabel *m_summary;
    QLabel *m_reasons;
    QLabel *m_note;
    QLabel *m_empty;
    RecordTableModel *m_model;
    RecordTableView *m_table;
    ExportJob *m_exportJob;
    ExportControl *m_export;
    QLabel *m_exportResult;
    QPushButton *m_override;
    QPushButton *m_send;
    QPushButton *m_cancel;
};

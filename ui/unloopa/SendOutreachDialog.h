#pragma once

#include "unloopa/OutreachSender.h"
#include "unloopa/UnloopaOutreachTypes.h"
#include "unloopa/UnloopaTypes.h"

#include <QDialog>

#include <functional>
#include <optional>

class OutboundGuard;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class RecordTableModel;
class RecordTableView;
class UnloopaOutreachService;
class UnloopaService;

// Unloopa outreach email to the leads selected on the Leads page (issue #12): a template or a
// subject and body, how many of the leads have an email, today's remaining sending capacity as
// Unloopa reports it, and "send beyond today's remaining" (off by default, never remembered).
//
// "Review and send…" shows the guard's dry run (DryRunDialog: who is refused and why, who is left
// out before it judges) and only its Send starts OutreachSender: batches of at most 100, each
// cleared by the outbound guard and sent once, never retried. The results table then shows every
// batch — queued, waiting for video, duplicates skipped, failed, manual outreach. A dialog sends
// at most once: afterwards only Close is left (a second send is a new dialog, and the guard
// refuses the same email to the same people as already sent).
class SendOutreachDialog : public QDialog
{
    Q_OBJECT
public:
    // Neither `unloopa` nor `guard` is owned; the guard must be the gate of unloopa's client.
    SendOutreachDialog(const QList<UnloopaLead> &leads, UnloopaService *unloopa, OutboundGuard *guard,
                       QWidget *parent = nullptr);
    ~SendOutreachDialog() override;

    // The send as the form describes it (the leads as selected).
    OutreachSender::Request request() const;
    // Why "Review and send…" is off; empty when it is on.
    QString problem() const;
    bool hasSent() const { return m_started; }
    // Unloopa's sending status or the templates are still being read.
    bool isLoading() const { return m_reading > 0; }
    OutreachSender *sender() const { return m_sender; }

    // Widgets, for tests.
    QLabel *leadsLabel() const { return m_leadsLine; }
    QLabel *statusLabel() const { return m_statusLine; }
    QComboBox *templateBox() const { return m_template; }
    QLineEdit *subjectEdit() const { return m_subject; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QCheckBox *beyondRemainingBox() const { return m_beyond; }
    QPushButton *reviewButton() const { return m_review; }
    QPushButton *closeButton() const { return m_close; }
    RecordTableView *resultsView() const { return m_resultsView; }
    RecordTableModel *resultsModel() const { return m_results; }
    QLabel *resultLabel() const { return m_resultLine; }

    // Hook for tests: how the dry run is shown (default: modal). It gets the filled dry-run
    // dialog and returns QDialog::Accepted to send.
    using DryRunPresenter = std::function<int(QDialog &dryRun)>;
    void setDryRunPresenter(DryRunPresenter presenter) { m_presenter = std::move(presenter); }

public Q_SLOTS:
    // The dry run, then (on its Send) the send. Does nothing once this dialog has sent.
    void review();

Q_SIGNALS:
    // Every batch has its final state, or the send stopped before the first (the result line says why).
    void sendingFinished();

protected:
    void done(int result) override;

private:
    void readStatus();
    void readTemplates();
    void showLeads();
    void showStatus();
    void showBatches();
    void showFinished(const ApiError &error);
    void updateForm();
    QString planNote(const OutreachSender::Plan &plan) const;

    QList<UnloopaLead> m_leads;
    int m_withEmail = 0;
    UnloopaOutreachService *m_outreach;
    OutreachSender *m_sender;
    std::optional<UnloopaOutreachStatus> m_status;
    ApiError m_statusError;
    QString m_templatesProblem;
    int m_reading = 0; // status and templates requests in flight
    bool m_started = false;
    bool m_closeWhenFinished = false;
    DryRunPresenter m_presenter;

    QLabel *m_leadsLine;
    QLabel *m_statusLine;
    QComboBox *m_template;
    QLineEdit *m_subject;
    QPlainTextEdit *m_body;
    QCheckBox *m_beyond;
    QLabel *m_capacityLine;
    QLabel *m_problem;
    QPushButton *m_review;
    QPushButton *m_cancelSending;
    QPushButton *m_close;
    RecordTableModel *m_results;
    RecordTableView *m_resultsView;
    QLabel *m_resultLine;
};

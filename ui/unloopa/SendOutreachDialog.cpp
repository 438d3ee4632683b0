#include "SendOutreachDialog.h"

#include "common/DryRunDialog.h"
#include "common/ErrorText.h"
#include "common/RecordTableView.h"
#include "table/RecordTableModel.h"
#include "unloopa/OutreachBatchTable.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QShortcut>
#include <QVBoxLayout>

SendOutreachDialog::SendOutreachDialog(const QList<UnloopaLead> &leads, UnloopaService *unloopa,
                                       OutboundGuard *guard, QWidget *parent)
    : QDialog(parent),
      m_leads(leads),
      m_outreach(new UnloopaOutreachService(unloopa, this)),
      m_sender(new OutreachSender(m_outreach, guard, this))
{
    setObjectName(QStringLiteral("sendOutreachDialog"));
    setWindowTitle(tr("Send Unloopa email"));
    resize(820, 620);
    for (const UnloopaLead &lead : std::as_const(m_leads))
        m_withEmail += lead.email.trimmed().isEmpty() ? 0 : 1;

    auto *layout = new QVBoxLayout(this);
    m_leadsLine = new QLabel;
    m_leadsLine->setObjectName(QStringLiteral("sendOutreachLeads"));
    m_leadsLine->setWordWrap(true);
    layout->addWidget(m_leadsLine);
    m_statusLine = new QLabel(tr("Reading Unloopa's sending status…"));
    m_statusLine->setObjectName(QStringLiteral("sendOutreachStatus"));
    m_statusLine->setAccessibleName(tr("Sending status"));
    ErrorText::makeLinkLabel(m_statusLine);
    m_statusLine->setWordWrap(true);
    layout->addWidget(m_statusLine);

    auto *form = new QFormLayout;
    m_template = new QComboBox;
    m_template->setObjectName(QStringLiteral("sendOutreachTemplate"));
    m_template->setAccessibleName(tr("Template"));
    m_template->addItem(tr("Custom subject and body"), QString());
    form->addRow(tr("&Template:"), m_template);
    m_subject = new QLineEdit;
    m_subject->setObjectName(QStringLiteral("sendOutreachSubject"));
    m_subject->setAccessibleName(tr("Subject"));
    m_subject->setPlaceholderText(tr("{{business_name}} - a new website"));
    form->addRow(tr("&Subject:"), m_subject);
    m_body = new QPlainTextEdit;
    m_body->setObjectName(QStringLiteral("sendOutreachBody"));
    m_body->setAccessibleName(tr("Body"));
    m_body->setTabChangesFocus(true);
    m_body->setPlaceholderText(
            tr("Hi! I built a website for {{business_name}} in {{city}}: {{website_url}}\n"
               "Placeholders: {{business_name}} {{city}} {{industry}} {{website_url}} {{video_url}} (Pro)"));
    m_body->setMaximumHeight(140);
    form->addRow(tr("&Body:"), m_body);
    layout->addLayout(form);

    // Off by default and never saved: going beyond the day's capacity is asked for each send.
    m_beyond = new QCheckBox(tr("Send be&yond today's remaining"));
    m_beyond->setObjectName(QStringLiteral("sendOutreachBeyondRemaining"));
    m_beyond->setToolTip(tr("Unloopa queues what exceeds today's capacity for the following days"));
    layout->addWidget(m_beyond);
    m_capacityLine = new QLabel;
    m_capacityLine->setObjectName(QStringLiteral("sendOutreachCapacity"));
    m_capacityLine->setWordWrap(true);
    layout->addWidget(m_capacityLine);
    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("sendOutreachProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);

    m_results = new RecordTableModel(OutreachBatchTable::schema(), this);
    m_results->setExecution(RecordTableModel::Execution::Synchronous); // a handful of batches
    m_resultsView = new RecordTableView;
    m_resultsView->setObjectName(QStringLiteral("sendOutreachResults"));
    m_resultsView->setAccessibleName(tr("Results per batch"));
    m_resultsView->setRecordModel(m_results, QStringLiteral("unloopa/outreachResults"));
    m_resultsView->hide();
    layout->addWidget(m_resultsView, 1);
    m_resultLine = new QLabel;
    m_resultLine->setObjectName(QStringLiteral("sendOutreachResult"));
    ErrorText::makeLinkLabel(m_resultLine);
    m_resultLine->setWordWrap(true);
    layout->addWidget(m_resultLine);
    layout->addStretch();

    auto *buttons = new QDialogButtonBox;
    m_review = buttons->addButton(tr("&Review and send…"), QDialogButtonBox::ActionRole);
    m_review->setObjectName(QStringLiteral("sendOutreachReview"));
    m_review->setToolTip(tr("Shows the dry run first: nothing is sent before its Send (Ctrl+Return)"));
    m_cancelSending = buttons->addButton(tr("Cancel &sending"), QDialogButtonBox::ActionRole);
    m_cancelSending->setObjectName(QStringLiteral("sendOutreachCancelSending"));
    m_cancelSending->setToolTip(tr("Stops after the batch in flight; the rest are not sent"));
    m_cancelSending->hide();
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("sendOutreachClose"));
    layout->addWidget(buttons);
    // Enter alone sends nothing: Close is the default.
    m_close->setDefault(true);

    connect(m_review, &QPushButton::clicked, this, &SendOutreachDialog::review);
    connect(m_cancelSending, &QPushButton::clicked, m_sender, &OutreachSender::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *reviewKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(reviewKey, &QShortcut::activated, this, &SendOutreachDialog::review);
    connect(m_template, &QComboBox::currentIndexChanged, this, &SendOutreachDialog::updateForm);
    connect(m_subject, &QLineEdit::textChanged, this, &SendOutreachDialog::updateForm);
    connect(m_body, &QPlainTextEdit::textChanged, this, &SendOutreachDialog::updateForm);
    connect(m_beyond, &QCheckBox::toggled, this, &SendOutreachDialog::updateForm);
    connect(m_sender, &OutreachSender::batchChanged, this, &SendOutreachDialog::showBatches);
    connect(m_sender, &OutreachSender::finished, this, &SendOutreachDialog::showFinished);

    showLeads();
    updateForm();
    readStatus();
    readTemplates();
}

SendOutreachDialog::~SendOutreachDialog() = default;

void SendOutreachDialog::readStatus()
{
    ++m_reading;
    m_outreach->fetchStatus(this, [this](const Result<UnloopaOutreachStatus> &status) {
        --m_reading;
        if (status.ok()) {
            m_status = status.value();
            m_statusError = {};
        } else {
            m_statusError = status.error();
        }
        showStatus();
        updateForm();
    });
}

void SendOutreachDialog::readTemplates()
{
    ++m_reading;
    m_outreach->fetchTemplates(this, [this](const Result<UnloopaTemplates> &templates) {
        --m_reading;
        if (!templates.ok()) {
            m_templatesProblem = tr("The templates could not be read (%1): write a subject and a body.")
                                         .arg(ErrorText::plainText(templates.error()));
            updateForm();
            return;
        }
        // Custom templates first (the operator's own), each marked when it is the default.
        const QList<UnloopaTemplate> all = templates->custom + templates->prebuilt;
        int preferred = -1;
        for (const UnloopaTemplate &t : all) {
            const QString label = t.isDefault ? tr("%1 (default)").arg(t.name) : t.name;
            m_template->insertItem(m_template->count() - 1, label, t.id);
            const QString preview = t.subject + QStringLiteral("\n\n") + t.body;
            m_template->setItemData(m_template->count() - 2, preview, Qt::ToolTipRole);
            if (t.isDefault && preferred < 0)
                preferred = m_template->count() - 2;
        }
        // Unless the operator has started writing their own.
        if (m_subject->text().isEmpty() && m_body->toPlainText().isEmpty() && !all.isEmpty())
            m_template->setCurrentIndex(preferred >= 0 ? preferred : 0);
        updateForm();
    });
}

void SendOutreachDialog::showLeads()
{
    const int without = int(m_leads.size()) - m_withEmail;
    QString text = tr("%n lead(s) selected", nullptr, int(m_leads.size()));
    text += QStringLiteral(": ") + tr("%n with an email address", nullptr, m_withEmail);
    if (without > 0)
        text += QStringLiteral("; ") + tr("%n without one, left out", nullptr, without);
    m_leadsLine->setText(text + QLatin1Char('.'));
}

void SendOutreachDialog::showStatus()
{
    if (m_statusError.isError()) {
        ErrorText::show(m_statusLine, m_statusError, tr("Unloopa's sending status could not be read:"));
        return;
    }
    if (!m_status)
        return;
    if (!m_status->configured) {
        ApiError setup = ApiError::local(Vendor::Unloopa, QStringLiteral("setup_required"),
                                         tr("No email account is connected to Unloopa yet: connect one at "
                                            "the setup link, then open this dialog again."));
        if (m_status->setupUrl.isValid())
            setup.links.append({QStringLiteral("setup_url"), m_status->setupUrl});
        ErrorText::show(m_statusLine, setup);
        return;
    }
    const QLocale locale;
    const UnloopaOutreachSummary &s = m_status->summary;
    m_statusLine->setText(
            tr("Remaining today: %1 of %2 emails a day across %n sending account(s), as "
               "Unloopa reports.",
               nullptr, s.totalAccounts)
                    .arg(locale.toString(s.totalRemainingToday), locale.toString(s.totalDailyCapacity))
                    .toHtmlEscaped());
}

OutreachSender::Request SendOutreachDialog::request() const
{
    OutreachSender::Request request;
    request.leads = m_leads;
    request.templateId = m_template->currentData().toString();
    if (request.templateId.isEmpty()) {
        request.customSubject = m_subject->text().trimmed();
        request.customBody = m_body->toPlainText().trimmed();
    }
    request.beyondRemainingToday = m_beyond->isChecked();
    return request;
}

QString SendOutreachDialog::problem() const
{
    if (m_started)
        return tr("This dialog has sent; each send goes once.");
    if (m_withEmail == 0)
        return tr("None of the selected leads has an email address.");
    if (m_statusError.isError())
        return tr("Unloopa's sending status could not be read; nothing can be sent.");
    if (!m_status)
        return tr("Reading Unloopa's sending status…");
    if (!m_status->configured)
        return tr("No email account is connected to Unloopa.");
    const OutreachSender::Request r = request();
    if (r.templateId.isEmpty() && (r.customSubject.isEmpty() || r.customBody.isEmpty()))
        return tr("Pick a template, or write a subject and a body.");
    if (m_status->remainingToday() <= 0 && !r.beyondRemainingToday)
        return tr("Nothing more can be sent today (remaining today: 0). Tick “Send beyond today's "
                  "remaining” to have Unloopa queue them for the following days.");
    return {};
}

void SendOutreachDialog::updateForm()
{
    const bool custom = m_template->currentData().toString().isEmpty();
    const bool editable = !m_started;
    m_template->setEnabled(editable);
    m_subject->setReadOnly(!custom || !editable);
    m_body->setReadOnly(!custom || !editable);
    m_beyond->setEnabled(editable);
    if (!custom)
        m_subject->setToolTip(tr("The template's own subject and body are sent; pick “Custom subject and "
                                 "body” to write your own"));
    else
        m_subject->setToolTip({});

    // Before the guard judges: how today's remaining splits the leads with an email.
    QString capacity;
    if (m_status && m_status->configured && m_withEmail > 0) {
        const int remaining = qMax(0, m_status->remainingToday());
        const int over = m_withEmail - remaining;
        if (over > 0 && !m_beyond->isChecked())
            capacity = tr("At most %1 of the %n lead(s) with an email are emailed now; the other %2 are kept "
                          "back.",
                          nullptr, m_withEmail)
                               .arg(remaining)
                               .arg(over);
        else if (over > 0)
            capacity = tr("%n more than today's remaining: Unloopa queues them for the following days.",
                          nullptr, over);
        else
            capacity = tr("Within today's remaining.");
    }
    m_capacityLine->setText(capacity);

    const QString why = problem();
    m_review->setEnabled(why.isEmpty());
    if (!m_started)
        m_problem->setText(why.isEmpty() ? m_templatesProblem : why);
}

QString SendOutreachDialog::planNote(const OutreachSender::Plan &plan) const
{
    QStringList lines;
    if (!plan.withoutEmail.isEmpty())
        lines << tr("%n lead(s) without an email address are left out.", nullptr,
                    int(plan.withoutEmail.size()));
    if (!plan.overRemaining.isEmpty())
        lines << tr("%n lead(s) beyond today's remaining (%1) are kept back and not listed here.", nullptr,
                    int(plan.overRemaining.size()))
                         .arg(plan.remainingToday);
    if (!plan.batches.isEmpty())
        lines << tr("Sent as %n request(s) of at most %1 leads, each once and never retried.", nullptr,
                    int(plan.batches.size()))
                         .arg(OutreachSender::maxBatchSize);
    return lines.join(QLatin1Char('\n'));
}

void SendOutreachDialog::review()
{
    if (m_started || m_sender->isSending() || !problem().isEmpty())
        return;
    const OutreachSender::Request send = request();
    const OutreachSender::Plan plan = m_sender->plan(send, m_status);

    // The dry run lists whom the guard judged and who would be emailed now: not those kept back
    // beyond today's remaining, so that its Send counts exactly the people this send reaches.
    QSet<QString> keptBack;
    for (const UnloopaLead &lead : plan.overRemaining)
        keptBack.insert(lead.id);
    GuardDecision shown;
    for (const RecipientVerdict &verdict : plan.decision.verdicts) {
        if (!keptBack.contains(verdict.recipient.vendorId))
            shown.verdicts.append(verdict);
    }
    DryRunDialog dryRun(windowTitle(), this);
    dryRun.setDecision(shown);
    dryRun.setNote(planNote(plan));
    const int answer = m_presenter ? m_presenter(dryRun) : dryRun.exec();
    // Checked again: the dry run was modal, and nothing may start a second send meanwhile.
    if (answer != QDialog::Accepted || m_started || m_sender->isSending())
        return;
    m_started = true;
    m_problem->clear();
    m_resultLine->setText(tr("Sending…"));
    m_resultsView->show();
    m_cancelSending->show();
    updateForm();
    if (!m_sender->send(send))
        m_resultLine->setText(tr("A send is already running."));
}

void SendOutreachDialog::showBatches()
{
    m_results->setRows(OutreachBatchTable::rows(m_sender->batches()));
}

void SendOutreachDialog::showFinished(const ApiError &error)
{
    showBatches();
    m_cancelSending->hide();
    const QList<OutreachSender::Batch> batches = m_sender->batches();
    if (error.isError()) {
        ErrorText::show(m_resultLine, error, tr("Not sent:"));
    } else {
        int sent = 0, queued = 0, waiting = 0, duplicates = 0, failed = 0, manual = 0, unknown = 0;
        for (const OutreachSender::Batch &batch : batches) {
            if (batch.state == OutreachSender::Batch::State::Unknown)
                ++unknown;
            if (batch.state != OutreachSender::Batch::State::Sent)
                continue;
            ++sent;
            queued += batch.result.emailsQueued;
            waiting += batch.result.emailsWaitingForVideo;
            duplicates += batch.result.skippedDuplicates;
            failed += batch.result.failed;
            manual += int(batch.result.manualOutreach.size());
        }
        QString text = tr("%1 of %n batch(es) sent", nullptr, int(batches.size())).arg(sent);
        text += QStringLiteral(": ") +
                tr("%1 queued, %2 waiting for video, %3 duplicates skipped, %4 failed, %5 for manual "
                   "outreach.")
                        .arg(queued)
                        .arg(waiting)
                        .arg(duplicates)
                        .arg(failed)
                        .arg(manual);
        if (unknown > 0)
            text += QLatin1Char(' ') +
                    tr("%n batch(es) got no readable answer and may have gone out: never resent; check on "
                       "Unloopa.",
                       nullptr, unknown);
        m_resultLine->setText(text.toHtmlEscaped());
    }
    Q_EMIT sendingFinished();
    if (m_closeWhenFinished)
        QDialog::done(QDialog::Rejected);
}

void SendOutreachDialog::done(int result)
{
    // Closing while a batch is in flight would drop its answer: stop after it, then close.
    if (m_sender->isSending()) {
        m_closeWhenFinished = true;
        m_sender->cancel();
        m_resultLine->setText(tr("Stopping after the batch in flight…"));
        return;
    }
    QDialog::done(result);
}

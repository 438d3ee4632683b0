#include "DryRunDialog.h"

#include "common/ExportControl.h"
#include "common/OverrideReasonDialog.h"
#include "common/RecordTableView.h"
#include "export/ExportJob.h"
#include "outbound/DecisionTable.h"
#include "table/RecordTableModel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

DryRunDialog::DryRunDialog(const QString &what, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("dryRunDialog"));
    setWindowTitle(tr("Dry run: %1").arg(what));
    resize(760, 480);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Nothing has been sent yet. This is who would be reached and who is refused, "
                                "and why. Send reaches only the allowed recipients."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("dryRunSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    layout->addWidget(m_summary);

    m_reasons = new QLabel;
    m_reasons->setObjectName(QStringLiteral("dryRunReasons"));
    m_reasons->setAccessibleName(tr("Refused recipients by reason"));
    m_reasons->setWordWrap(true);
    m_reasons->setTextFormat(Qt::PlainText);
    layout->addWidget(m_reasons);

    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("dryRunNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->hide();
    layout->addWidget(m_note);

    m_override = new QPushButton(tr("&Override the calling window…"));
    m_override->setObjectName(QStringLiteral("dryRunOverride"));
    m_override->setToolTip(tr("Let the recipients outside the calling window through, with a typed reason"));
    m_override->setAutoDefault(false);
    m_override->hide();
    connect(m_override, &QPushButton::clicked, this, &DryRunDialog::overrideCallingWindow);
    auto *overrideRow = new QHBoxLayout;
    overrideRow->addWidget(m_override);
    overrideRow->addStretch(1);
    layout->addLayout(overrideRow);

    m_model = new RecordTableModel(DecisionTable::schema(), this);
    m_model->setExecution(RecordTableModel::Execution::Synchronous); // a dry run is small
    m_table = new RecordTableView;
    m_table->setObjectName(QStringLiteral("dryRunTable"));
    m_table->setAccessibleName(tr("Recipients and verdicts"));
    m_table->setRecordModel(m_model, QStringLiteral("dryRun/columns"));
    m_table->setSortingEnabled(true);
    layout->addWidget(m_table, 1);
    m_empty = new QLabel(tr("This action would reach nobody."));
    m_empty->setObjectName(QStringLiteral("dryRunEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->hide();
    layout->addWidget(m_empty, 1);

    m_exportJob = new ExportJob(this);
    m_export = new ExportControl(m_exportJob);
    m_export->setSource([this] { return ExportControl::Source{m_model, QStringLiteral("dry-run.csv")}; });
    m_export->attachShortcut(this);
    m_exportResult = new QLabel;
    m_exportResult->setObjectName(QStringLiteral("dryRunExportResult"));
    m_exportResult->setWordWrap(true);
    connect(m_exportJob, &ExportJob::finished, this, [this](const CsvExportResult &result) {
        m_exportResult->setText(ExportControl::describe(result));
    });

    auto *buttons = new QDialogButtonBox;
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("dryRunCancel"));
    m_send = buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("dryRunSend"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_decision.allowedCount() > 0)
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_export);
    bottom->addWidget(m_exportResult, 1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);
    // Enter alone sends nothing. Set once the button is inside the dialog, or the dialog would
    // pick the first button of its focus chain as its default when shown.
    m_cancel->setDefault(true);

    showDecision();
    m_cancel->setFocus();
}

DryRunDialog::~DryRunDialog() = default;

void DryRunDialog::setDecision(const GuardDecision &decision)
{
    m_decision = decision;
    showDecision();
}

void DryRunDialog::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void DryRunDialog::setRejudge(Rejudge rejudge)
{
    m_rejudge = std::move(rejudge);
    showDecision();
}

QString DryRunDialog::summaryText() const
{
    const int total = int(m_decision.verdicts.size());
    if (total == 0)
        return tr("Nobody would be reached.");
    const QString reached =
            tr("%1 of %n recipient(s) would be reached", nullptr, total).arg(m_decision.allowedCount());
    const int refused = m_decision.refusedCount();
    if (refused == 0)
        return tr("%1; none is refused.").arg(reached);
    return tr("%1; %n refused, who will not be contacted.", nullptr, refused).arg(reached);
}

void DryRunDialog::showDecision()
{
    const int allowed = m_decision.allowedCount();
    m_summary->setText(summaryText());
    QStringList lines;
    for (const auto &[code, n] : m_decision.refusedByReason())
        lines.append(tr("%1: %2").arg(DecisionTable::reasonTitle(code)).arg(n));
    m_reasons->setText(lines.join(QLatin1Char('\n')));
    m_reasons->setVisible(!lines.isEmpty());

    m_model->setRows(DecisionTable::rows(m_decision));
    const bool empty = m_decision.verdicts.isEmpty();
    m_table->setVisible(!empty);
    m_empty->setVisible(empty);
    m_export->setEnabled(!empty);

    m_override->setVisible(m_rejudge && DecisionTable::needsOverrideCount(m_decision) > 0);
    m_send->setText(allowed > 0 ? tr("&Send to %n recipient(s)", nullptr, allowed) : tr("&Send"));
    m_send->setEnabled(allowed > 0);
    m_send->setToolTip(allowed > 0 ? QString() : tr("Every recipient is refused: there is nothing to send."));
}

void DryRunDialog::overrideCallingWindow()
{
    if (!m_rejudge)
        return;
    const int outside = DecisionTable::needsOverrideCount(m_decision);
    OutboundOverrides overrides = m_overrides;
    if (!OverrideReasonDialog::ask(
                OverrideReasonDialog::Subject::CallingWindow, overrides, this,
                tr("%n recipient(s) would be called outside the calling window in their local time.", nullptr,
                   outside)))
        return;
    m_overrides = overrides;
    setDecision(m_rejudge(m_overrides));
}

#include "SuppressionsView.h"

#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/RecordTableView.h"
#include "email/SuppressionSync.h"
#include "email/SuppressionTable.h"
#include "export/ExportJob.h"
#include "outbound/OutboundSafety.h"
#include "table/RecordTableModel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

SuppressionsView::SuppressionsView(const EmailContext &context, QWidget *parent)
    : QWidget(parent),
      m_sync(context.suppressions),
      m_store(context.activity),
      m_model(new RecordTableModel(SuppressionTable::schema(), this)),
      m_table(new RecordTableView(this)),
      m_email(new QLineEdit(this)),
      m_reason(new QLineEdit(this)),
      m_add(new QPushButton(tr("&Add to both lists"), this)),
      m_status(new QPushButton(tr("Ask &status"), this)),
      m_removeHere(new QPushButton(tr("Remove &here"), this)),
      m_removeThere(new QPushButton(tr("Remove at &Outreach2day"), this)),
      m_removeBoth(new QPushButton(tr("Remove from &both"), this)),
      m_refresh(new QPushButton(tr("&Refresh both lists"), this)),
      m_answer(new QLabel(this)),
      m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("suppressionsView"));
    setAccessibleName(tr("Suppressions"));
    m_email->setObjectName(QStringLiteral("suppressionEmail"));
    m_email->setAccessibleName(tr("Email address"));
    m_email->setPlaceholderText(tr("someone@example.com (to add several: separate them with commas)"));
    m_reason->setObjectName(QStringLiteral("suppressionReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("manual_suppression"));
    m_add->setObjectName(QStringLiteral("suppressionAdd"));
    m_add->setToolTip(tr(
            "Suppress the addresses typed at Outreach2day (in one request) and list them as do-not-contact "
            "here"));
    m_status->setObjectName(QStringLiteral("suppressionStatus"));
    m_status->setToolTip(tr("Ask Outreach2day whether the address is suppressed"));
    m_removeHere->setObjectName(QStringLiteral("suppressionRemoveHere"));
    m_removeHere->setToolTip(tr("Remove the chosen address from the console's do-not-contact list only"));
    m_removeThere->setObjectName(QStringLiteral("suppressionRemoveThere"));
    m_removeThere->setToolTip(tr("Remove the chosen address from Outreach2day's suppression list only"));
    m_removeBoth->setObjectName(QStringLiteral("suppressionRemoveBoth"));
    m_removeBoth->setToolTip(tr("Remove the chosen address from both lists"));
    m_refresh->setObjectName(QStringLiteral("suppressionRefresh"));
    m_refresh->setToolTip(tr("Read both lists and mirror what was added on either side"));
    m_answer->setObjectName(QStringLiteral("suppressionAnswer"));
    m_answer->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("suppressionMessage"));
    m_message->setWordWrap(true);
    ErrorText::makeLinkLabel(m_message);
    m_table->setObjectName(QStringLiteral("suppressionTable"));
    m_table->setAccessibleName(tr("Suppressed and do-not-contact addresses"));
    m_table->setRecordModel(m_model, QStringLiteral("email/suppressions"), SuppressionTable::Email);
    m_table->setSortingEnabled(true);

    auto *form = new QFormLayout;
    auto *emailRow = new QHBoxLayout;
    emailRow->addWidget(m_email, 1);
    emailRow->addWidget(m_status);
    form->addRow(tr("&Email:"), emailRow);
    auto *reasonRow = new QHBoxLayout;
    reasonRow->addWidget(m_reason, 1);
    reasonRow->addWidget(m_add);
    form->addRow(tr("Reaso&n:"), reasonRow);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(emailRow)))
        label->setBuddy(m_email);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(reasonRow)))
        label->setBuddy(m_reason);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_removeHere);
    buttons->addWidget(m_removeThere);
    buttons->addWidget(m_removeBoth);
    buttons->addStretch(1);
    // The export job is the view's own: the sync it shows is shared with the rest of the page.
    m_export = new ExportControl(new ExportJob(this), context.notifier, this);
    m_export->setObjectName(QStringLiteral("suppressionExport"));
    m_export->setSource([this] {
        return ExportControl::Source{m_model, QStringLiteral("suppressions.csv")};
    });
    m_export->attachShortcut(this);
    buttons->addWidget(m_export);
    buttons->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Additions are mirrored both ways; a removal stays on the side where "
                                    "it was made unless you remove from both."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_answer);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    if (!m_sync && context.service && context.activity && context.outbound)
        m_sync = new SuppressionSync(context.service, context.activity, context.outbound->store(), this);
    const bool usable = context.service && m_store && m_sync;
    setEnabled(usable);
    connect(m_add, &QPushButton::clicked, this, [this] {
        // Several addresses at once (pasted from a list): separated by spaces, commas or semicolons.
        static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
        const QStringList emails = m_email->text().split(separators, Qt::SkipEmptyParts);
        if (emails.isEmpty() || !m_email->text().contains(QLatin1Char('@'))) {
            m_message->setText(tr("Type an email address to add."));
            return;
        }
        setWorking(tr("Adding %1 to both lists…").arg(emails.join(QStringLiteral(", "))));
        m_sync->add(emails, m_reason->text().trimmed());
    });
    connect(m_email, &QLineEdit::returnPressed, m_status, &QPushButton::click);
    connect(m_status, &QPushButton::clicked, this, [this] {
        if (m_email->text().trimmed().isEmpty()) {
            m_message->setText(tr("Type an email address to ask about."));
            return;
        }
        m_answer->setText(tr("Asking Outreach2day…"));
        setWorking(QString());
        m_sync->status(m_email->text());
    });
    const auto removeOn = [this](SuppressionSync::Side side) {
        const QString email = selectedEmail();
        if (email.isEmpty())
            return;
        setWorking(tr("Removing %1…").arg(email));
        m_sync->remove(email, side);
    };
    connect(m_removeHere, &QPushButton::clicked, this,
            [removeOn] { removeOn(SuppressionSync::Side::Console); });
    connect(m_removeThere, &QPushButton::clicked, this,
            [removeOn] { removeOn(SuppressionSync::Side::Outreach2day); });
    connect(m_removeBoth, &QPushButton::clicked, this, [removeOn] { removeOn(SuppressionSync::Side::Both); });
    connect(m_refresh, &QPushButton::clicked, this, &SuppressionsView::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SuppressionsView::updateButtons);
    if (!usable) {
        updateButtons();
        return;
    }
    connect(m_sync, &SuppressionSync::changed, this, &SuppressionsView::reload);
    connect(m_sync, &SuppressionSync::progress, this, [this](const QString &what) {
        if (m_working)
            m_message->setText(what);
    });
    connect(m_sync, &SuppressionSync::synced, this,
            [this](const ApiError &error, const SuppressionSync::Summary &summary) {
                showOutcome(error,
                            tr("Both lists read: %1 added to the do-not-contact list, %2 suppressed "
                               "at Outreach2day.")
                                    .arg(summary.addedLocally.size())
                                    .arg(summary.suppressedAtVendor.size()));
            });
    connect(m_sync, &SuppressionSync::added, this, [this](const ApiError &error, const QStringList &emails) {
        showOutcome(error, tr("Added to both lists: %1.").arg(emails.join(QStringLiteral(", "))));
    });
    connect(m_sync, &SuppressionSync::removed, this,
            [this](const ApiError &error, const QString &email, SuppressionSync::Side side) {
                switch (side) {
                case SuppressionSync::Side::Console:
                    return showOutcome(error, tr("Removed from the do-not-contact list: %1.").arg(email));
                case SuppressionSync::Side::Outreach2day:
                    return showOutcome(error, tr("Removed at Outreach2day: %1.").arg(email));
                case SuppressionSync::Side::Both:
                    return showOutcome(error, tr("Removed from both lists: %1.").arg(email));
                }
            });
    connect(m_sync, &SuppressionSync::statusReady, this,
            [this](const ApiError &error, const SuppressionSync::Status &answer) {
                showOutcome(error, QString());
                if (error.isError()) {
                    m_answer->clear();
                    return;
                }
                const O2dSuppressionStatus &status = answer.vendor;
                const QString email = status.email.isEmpty() ? answer.email : status.email;
                QString text = status.suppressed ? tr("%1 is suppressed at Outreach2day.").arg(email)
                                                 : tr("%1 is not suppressed at Outreach2day.").arg(email);
                if (status.suppressed && !status.reason.isEmpty())
                    text += QLatin1Char(' ') + tr("Reason: %1.").arg(status.reason);
                if (status.suppressed && status.createdAt.isValid())
                    text += QLatin1Char(' ') +
                            tr("Since %1.")
                                    .arg(QLocale().toString(status.createdAt.toLocalTime(),
                                                            QLocale::ShortFormat));
                text += QLatin1Char(' ') +
                        (answer.local ? tr("Listed in the do-not-contact list (%1).").arg(answer.local->value)
                                      : tr("Not in the do-not-contact list."));
                m_answer->setText(text);
            });
    reload();
    updateButtons();
}

QString SuppressionsView::selectedEmail() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), {}))
        return {};
    return m_model->index(current.row(), SuppressionTable::Email).data().toString();
}

void SuppressionsView::refresh()
{
    if (!m_sync || m_sync->isRunning())
        return;
    setWorking(tr("Reading both lists…"));
    m_sync->sync();
}

void SuppressionsView::setWorking(const QString &what)
{
    m_working = true;
    if (!what.isEmpty())
        m_message->setText(what);
    updateButtons();
}

void SuppressionsView::showOutcome(const ApiError &error, const QString &done)
{
    m_working = false;
    if (error.isError())
        ErrorText::show(m_message, error, tr("Outreach2day refused:"));
    else if (!done.isEmpty())
        m_message->setText(done);
    updateButtons();
}

void SuppressionsView::reload()
{
    const QString selected = selectedEmail();
    m_model->setRows(SuppressionTable::rows(*m_store));
    if (!selected.isEmpty()) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->index(row, SuppressionTable::Email).data().toString() == selected)
                m_table->selectRow(row);
        }
    }
    updateButtons();
}

void SuppressionsView::updateButtons()
{
    // One operation at a time: its outcome is what the message line says.
    const bool idle = !m_working;
    const bool chosen = idle && !selectedEmail().isEmpty();
    m_add->setEnabled(idle);
    m_status->setEnabled(idle);
    m_refresh->setEnabled(idle);
    m_removeHere->setEnabled(chosen);
    m_removeThere->setEnabled(chosen);
    m_removeBoth->setEnabled(chosen);
}

#include "UnloopaOutreachStatusPanel.h"

#include "common/ErrorText.h"
#include "common/RecordTableView.h"
#include "table/RecordTableModel.h"
#include "unloopa/OutreachController.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

UnloopaOutreachStatusPanel::UnloopaOutreachStatusPanel(OutreachController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    auto *layout = new QVBoxLayout(this);
    m_configured = new QLabel(tr("Reading the email setup from Unloopa…"), this);
    m_configured->setObjectName(QStringLiteral("outreachConfigured"));
    ErrorText::makeLinkLabel(m_configured);
    layout->addWidget(m_configured);

    auto *summary = new QFormLayout;
    auto figure = [this, summary](const char *objectName, const QString &label) {
        auto *value = new QLabel(this);
        value->setObjectName(QString::fromLatin1(objectName));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        summary->addRow(label, value);
        return value;
    };
    m_capacity = figure("outreachCapacity", tr("Today:"));
    m_queue = figure("outreachQueue", tr("Queue:"));
    m_healthIssues = figure("outreachHealthIssues", tr("Health:"));
    layout->addLayout(summary);

    m_accounts = new RecordTableView(this);
    m_accounts->setObjectName(QStringLiteral("outreachAccounts"));
    m_accounts->setAccessibleName(tr("Sending accounts"));
    m_accounts->setRecordModel(controller->accounts(), QStringLiteral("unloopa/outreach/accounts"));
    m_accounts->setSortingEnabled(true);
    layout->addWidget(m_accounts, 1);
    m_empty = new QLabel(tr("No sending accounts are connected. Outreach email goes out through the email "
                            "accounts connected in your Unloopa dashboard."),
                         this);
    m_empty->setObjectName(QStringLiteral("outreachAccountsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->hide();
    layout->addWidget(m_empty);
    auto *ramp = new QLabel(tr("New accounts warm up over 4 weeks: 5, then 10, 15 and 25 emails a day. The "
                               "figures above are Unloopa's own."),
                            this);
    ramp->setWordWrap(true);
    layout->addWidget(ramp);

    connect(controller, &OutreachController::statusChanged, this, &UnloopaOutreachStatusPanel::showStatus);
}

void UnloopaOutreachStatusPanel::showStatus()
{
    const auto status = m_controller->status();
    if (!status)
        return;
    const QLocale locale;
    const UnloopaOutreachSummary &s = status->summary;
    if (status->configured) {
        m_configured->setText(
                tr("Outreach email is set up: %n sending account(s).", nullptr, s.totalAccounts));
    } else {
        const QString link = status->setupUrl.isValid()
                ? QStringLiteral(" <a href=\"%1\">%2</a>")
                          .arg(status->setupUrl.toString().toHtmlEscaped(),
                               tr("Connect an email account").toHtmlEscaped())
                : QString();
        m_configured->setText(
                tr("Outreach email is not set up: no email account is connected, so nothing can be sent.")
                        .toHtmlEscaped() +
                link);
    }
    m_capacity->setText(
            tr("%1 emails a day across %n account(s); %2 sent, %3 remaining", nullptr, s.totalAccounts)
                    .arg(locale.toString(s.totalDailyCapacity), locale.toString(s.totalSentToday),
                         locale.toString(s.totalRemainingToday)));
    m_queue->setText(tr("%n email(s) waiting to be sent", nullptr, s.pendingInQueue));
    m_healthIssues->setText(s.accountsWithHealthIssues == 0
                                    ? tr("no account has health issues")
                                    : tr("%n account(s) with health issues (see Health in the table)",
                                         nullptr, s.accountsWithHealthIssues));
    m_empty->setVisible(status->accounts.isEmpty());
    m_accounts->setVisible(!status->accounts.isEmpty());
}

#include "DashboardPage.h"

#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "common/ErrorText.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

DashboardPage::DashboardPage(ServiceHub *hub, QWidget *parent)
    : QWidget(parent), m_hub(hub), m_testAll(new QPushButton(tr("Test all connections"), this))
{
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(tr("Accounts at a glance"), this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    heading->setFont(font);
    layout->addWidget(heading);

    auto *grid = new QGridLayout;
    int index = 0;
    for (Vendor vendor : Vendors::all()) {
        auto *box = new QGroupBox(Vendors::displayName(vendor), this);
        box->setObjectName(QStringLiteral("dashboard-") + Vendors::id(vendor));
        auto *boxLayout = new QVBoxLayout(box);
        auto *state = new QLabel(box);
        state->setObjectName(QStringLiteral("stateLabel"));
        state->setAccessibleName(tr("%1 state").arg(Vendors::displayName(vendor)));
        QFont bold = state->font();
        bold.setBold(true);
        state->setFont(bold);
        auto *summary = new QLabel(box);
        summary->setObjectName(QStringLiteral("summaryLabel"));
        summary->setAccessibleName(tr("%1 details").arg(Vendors::displayName(vendor)));
        ErrorText::makeLinkLabel(summary);
        auto *manage = new QPushButton(tr("Manage…"), box);
        manage->setAccessibleName(tr("Manage %1 account").arg(Vendors::displayName(vendor)));
        connect(manage, &QPushButton::clicked, this, [this, vendor] { Q_EMIT openAccounts(vendor); });
        boxLayout->addWidget(state);
        boxLayout->addWidget(summary, 1);
        boxLayout->addWidget(manage, 0, Qt::AlignRight);
        grid->addWidget(box, index / 2, index % 2);
        m_states.insert(vendor, state);
        m_summaries.insert(vendor, summary);
        updateState(vendor);
        ++index;
    }
    layout->addLayout(grid);

    m_testAll->setAccessibleName(tr("Test all connections"));
    connect(m_testAll, &QPushButton::clicked, this, &DashboardPage::testAll);
    layout->addWidget(m_testAll, 0, Qt::AlignLeft);

    auto *later = new QLabel(tr("Campaign results, lead counts and call costs over time appear here "
                                "in later versions."),
                             this);
    later->setWordWrap(true);
    later->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(later);
    layout->addStretch(1);

    connect(hub->monitor(), &ConnectionMonitor::stateChanged, this,
            [this](Vendor vendor, ConnectionState, const QString &) { updateState(vendor); });
    connect(hub->tester(), &ConnectionTester::finished, this, &DashboardPage::showResult);
}

QString DashboardPage::stateText(Vendor vendor) const
{
    return m_states.value(vendor)->text();
}

QString DashboardPage::summaryText(Vendor vendor) const
{
    return m_summaries.value(vendor)->text();
}

void DashboardPage::updateState(Vendor vendor)
{
    const ConnectionState state = m_hub->monitor()->state(vendor);
    m_states.value(vendor)->setText(ConnectionStates::displayName(state));
    if (state == ConnectionState::NotConfigured) {
        const QString detail = m_hub->monitor()->detail(vendor);
        m_summaries.value(vendor)->setText(
                (detail.isEmpty() ? tr("Add this account's credentials under Accounts.") : detail)
                        .toHtmlEscaped());
    }
}

void DashboardPage::showResult(const ConnectionTestResult &result)
{
    QLabel *summary = m_summaries.value(result.vendor);
    if (result.ok)
        summary->setText(result.summary.toHtmlEscaped());
    else
        ErrorText::show(summary, result.error, tr("Connection failed."));
}

void DashboardPage::testAll()
{
    for (Vendor vendor : Vendors::all()) {
        if (m_hub->hasCredentials(vendor))
            m_hub->tester()->test(vendor, this, nullptr);
    }
}

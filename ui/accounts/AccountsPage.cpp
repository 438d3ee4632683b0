#include "AccountsPage.h"

#include "VendorAccountPanel.h"
#include "accounts/ServiceHub.h"
#include "common/ErrorText.h"
#include "credentials/KeychainStatus.h"

#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

AccountsPage::AccountsPage(ServiceHub *hub, QWidget *parent)
    : QWidget(parent), m_hub(hub), m_keychain(new QLabel(this)), m_scroll(new QScrollArea(this))
{
    auto *layout = new QVBoxLayout(this);
    m_keychain->setObjectName(QStringLiteral("keychainLabel"));
    m_keychain->setAccessibleName(tr("Where credentials are kept"));
    m_keychain->setFrameShape(QFrame::StyledPanel);
    m_keychain->setMargin(6);
    ErrorText::makeLinkLabel(m_keychain);
    layout->addWidget(m_keychain);

    auto *content = new QWidget(m_scroll);
    auto *panels = new QVBoxLayout(content);
    for (Vendor vendor : Vendors::all()) {
        auto *panel = new VendorAccountPanel(hub, vendor, content);
        connect(panel, &VendorAccountPanel::keychainProblem, this, &AccountsPage::refreshKeychainState);
        panels->addWidget(panel);
        m_panels.insert(vendor, panel);
    }
    panels->addStretch(1);
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    if (hub->isDemo()) {
        m_keychain->setText(tr("Demo mode — sandbox: every account is a sandbox demo account and "
                               "credentials stay in memory for this session. The keychain is not "
                               "used."));
        m_probed = true;
    } else {
        m_keychain->setText(tr("Credentials are kept in your system keychain."));
    }
}

QString AccountsPage::keychainText() const
{
    return m_keychain->text();
}

void AccountsPage::focusVendor(Vendor vendor)
{
    VendorAccountPanel *target = panel(vendor);
    if (!target)
        return;
    m_scroll->ensureWidgetVisible(target);
    if (auto *edit = target->findChild<QLineEdit *>(QStringLiteral("tokenEdit")))
        edit->setFocus(Qt::OtherFocusReason);
}

void AccountsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_probed) {
        m_probed = true;
        refreshKeychainState();
    }
}

void AccountsPage::refreshKeychainState()
{
    if (m_hub->isDemo())
        return;
    const KeychainState state = probeKeychain();
    if (state == KeychainState::Available) {
        m_keychain->setText(tr("Credentials are kept in your system keychain (ready)."));
        return;
    }
    m_keychain->setText(QString(tr("The keychain is not usable: ") + explain(state) +
                                tr(" The console never stores keys anywhere else, so accounts cannot be "
                                   "saved or loaded until then."))
                                .toHtmlEscaped());
}

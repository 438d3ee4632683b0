#include "VendorStatusIndicators.h"

#include "Icons.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QToolButton>

namespace {
QString iconFor(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connected:
        return QStringLiteral("state-connected");
    case ConnectionState::AuthFailed:
        return QStringLiteral("state-failed");
    case ConnectionState::Unreachable:
    case ConnectionState::Offline:
        return QStringLiteral("state-offline");
    case ConnectionState::NotConfigured:
    case ConnectionState::Untested:
        return QStringLiteral("state-unknown");
    }
    Q_UNREACHABLE();
}
} // namespace

VendorStatusIndicators::VendorStatusIndicators(ServiceHub *hub, QWidget *parent) : QWidget(parent), m_hub(hub)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    for (Vendor vendor : Vendors::all()) {
        auto *button = new QToolButton(this);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setIconSize(QSize(16, 16));
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QToolButton::clicked, this, [this, vendor] { Q_EMIT vendorActivated(vendor); });
        layout->addWidget(button);
        m_buttons.insert(vendor, button);
        update(vendor);
    }
    connect(hub->monitor(), &ConnectionMonitor::stateChanged, this,
            [this](Vendor vendor, ConnectionState, const QString &) { update(vendor); });
    connect(hub->tester(), &ConnectionTester::started, this, [this](Vendor vendor) {
        m_checking.insert(vendor, true);
        update(vendor);
    });
    connect(hub->tester(), &ConnectionTester::finished, this, [this](const ConnectionTestResult &result) {
        m_checking.insert(result.vendor, false);
        update(result.vendor);
    });
}

QString VendorStatusIndicators::text(Vendor vendor) const
{
    const QToolButton *button = m_buttons.value(vendor);
    return button ? button->text() : QString();
}

void VendorStatusIndicators::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (Vendor vendor : Vendors::all())
            update(vendor);
    }
}

void VendorStatusIndicators::update(Vendor vendor)
{
    QToolButton *button = m_buttons.value(vendor);
    if (!button)
        return;
    const ConnectionState state = m_hub->monitor()->state(vendor);
    const QString stateText =
            m_checking.value(vendor) ? tr("Checking…") : ConnectionStates::displayName(state);
    const QString detail = m_hub->monitor()->detail(vendor);
    button->setText(Vendors::displayName(vendor) + QStringLiteral(": ") + stateText);
    button->setIcon(Icons::themed(iconFor(state), palette()));
    button->setAccessibleName(tr("%1 connection").arg(Vendors::displayName(vendor)));
    button->setAccessibleDescription(detail.isEmpty() ? stateText
                                                      : stateText + QStringLiteral(". ") + detail);
    button->setToolTip((detail.isEmpty() ? stateText : detail) +
                       tr("\nClick to open %1 under Accounts.").arg(Vendors::displayName(vendor)));
}

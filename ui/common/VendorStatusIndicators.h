#pragma once

#include "accounts/ConnectionMonitor.h"
#include "core/Vendor.h"

#include <QMap>
#include <QWidget>

class QToolButton;
class ServiceHub;

// The status bar's per-vendor connection states: "Unloopa: Connected", "Verloop: Not
// configured"... with the reason as tooltip. Fed by the hub's ConnectionMonitor (every call
// counts) and its ConnectionTester ("Checking…"). Clicking one asks to open the Accounts page.
class VendorStatusIndicators : public QWidget
{
    Q_OBJECT
public:
    explicit VendorStatusIndicators(ServiceHub *hub, QWidget *parent = nullptr);

    // The indicator's text, for tests and accessibility ("Unloopa: Connected").
    QString text(Vendor vendor) const;
    QToolButton *button(Vendor vendor) const { return m_buttons.value(vendor); }

Q_SIGNALS:
    void vendorActivated(Vendor vendor);

protected:
    void changeEvent(QEvent *event) override;

private:
    void update(Vendor vendor);

    ServiceHub *m_hub;
    QMap<Vendor, QToolButton *> m_buttons;
    QMap<Vendor, bool> m_checking;
};

#pragma once

#include "core/Vendor.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QScrollArea;
class ServiceHub;
class VendorAccountPanel;

// Every vendor account in one place (VendorAccountPanel each), under a line that says where the
// credentials live — and, when the keychain is missing or locked, what that means and what to do
// (there is no plaintext fallback).
class AccountsPage : public QWidget
{
    Q_OBJECT
public:
    explicit AccountsPage(ServiceHub *hub, QWidget *parent = nullptr);

    VendorAccountPanel *panel(Vendor vendor) const { return m_panels.value(vendor); }
    // Scrolls to the vendor's panel and focuses its key field.
    void focusVendor(Vendor vendor);
    // Asks the OS keychain for its state (a short D-Bus round trip) and explains it.
    void refreshKeychainState();
    QString keychainText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    ServiceHub *m_hub;
    QLabel *m_keychain;
    QScrollArea *m_scroll;
    QMap<Vendor, VendorAccountPanel *> m_panels;
    bool m_probed = false;
};

#pragma once

#include "core/Vendor.h"

#include <QMap>
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class ServiceHub;

// Non-secret settings: each vendor's base URL (checked with UrlPolicy as typed: https, or http to
// loopback only; no credentials in the URL) and the low-balance threshold. Shows which URL is in
// effect and where it comes from (command line, environment, Settings or the default).
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsPage(ServiceHub *hub, QWidget *parent = nullptr);

    // Empty when the typed URL may be used (or the field is empty: the default), else why not.
    QString problem(Vendor vendor) const;
    // Saves the fields and re-applies the base URLs. False (nothing saved) while a URL is refused.
    bool apply();

private:
    void validate();
    void load();
    void updateEffective();

    ServiceHub *m_hub;
    QMap<Vendor, QLineEdit *> m_urls;
    QMap<Vendor, QLabel *> m_problems;
    QMap<Vendor, QLabel *> m_effective;
    QDoubleSpinBox *m_threshold;
    QPushButton *m_apply;
    QPushButton *m_revert;
    QLabel *m_status;
};

#pragma once

#include "core/Vendor.h"
#include "events/Notification.h"

#include <QMap>
#include <QWidget>

class CallingRulesEditor;
class OutboundSafety;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class LiveEvents;
class QSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class ServiceHub;

// Non-secret settings: each vendor's base URL and UnlimCall's OAuth token URL (checked with
// UrlPolicy as typed: https, or http to loopback only; no credentials in the URL) and the
// low-balance threshold. Shows which URL is in effect and where it comes from (command line,
// environment, Settings or the default). "Discover" fills the token URL from UnlimCall's RFC 8414
// metadata. The calling rules (window, attempt cap, stricter regions) are applied with the rest and
// only when they make sense. Live events: the webhook receiver (on/off, bind address, port), the
// public base URL registered with the vendors and Outreach2day's signing scheme, written to
// EventReceiverSettings and applied to the running receiver at once. Notifications: one switch per kind an
// operator acts on (transfer to a human, interested reply, low balance, lead job finished), on by default.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    // `outbound`, when given, takes the calling rules at once when they are applied; `liveEvents`,
    // when given, restarts or stops the receiver as the Live events section says.
    explicit SettingsPage(ServiceHub *hub, OutboundSafety *outbound = nullptr,
                          LiveEvents *liveEvents = nullptr, QWidget *parent = nullptr);
    CallingRulesEditor *callingRules() const { return m_rules; }
    QCheckBox *notificationSwitch(NotificationKind kind) const { return m_notificationSwitches.value(kind); }

    // Empty when the typed URL may be used (or the field is empty: the default), else why not.
    QString problem(Vendor vendor) const;
    // The same for the OAuth token URL field.
    QString tokenUrlProblem() const;
    // Saves the fields and re-applies the base URLs. False (nothing saved) while a URL is refused.
    bool apply();
    // Looks up the token endpoint in the metadata of the server the token URL field (or, when it is
    // empty, the token URL in use) names, and puts it into the field.
    void discoverTokenUrl();

private:
    void validate();
    void load();
    void updateEffective();
    static QString addressProblem(const QString &text, Vendor vendor, const QUrl &example);
    QWidget *createNotifications(QWidget *parent);
    QWidget *createLiveEvents(QWidget *parent);
    // Empty when the Live events fields may be saved, else the first thing wrong.
    QString liveEventsProblem() const;
    void showReceiverState();

    ServiceHub *m_hub;
    OutboundSafety *m_outbound;
    LiveEvents *m_liveEvents;
    CallingRulesEditor *m_rules;
    QMap<Vendor, QLineEdit *> m_urls;
    QMap<Vendor, QLabel *> m_problems;
    QMap<Vendor, QLabel *> m_effective;
    QLineEdit *m_tokenUrl;
    QLabel *m_tokenUrlProblem;
    QLabel *m_tokenUrlEffective;
    QPushButton *m_discover;
    QDoubleSpinBox *m_threshold;
    QMap<NotificationKind, QCheckBox *> m_notificationSwitches;
    QCheckBox *m_receiverOn = nullptr;
    QLineEdit *m_bindAddress = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_publicUrl = nullptr;
    QLabel *m_publicUrlNote = nullptr;
    QComboBox *m_scheme = nullptr;
    QLabel *m_liveEventsProblem = nullptr;
    QLabel *m_receiverState = nullptr;
    QPushButton *m_apply;
    QPushButton *m_revert;
    QLabel *m_status;
};

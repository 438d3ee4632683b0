#pragma once

#include "unlimcall/UnlimCallTypes.h"

#include "core/ApiError.h"

#include <QDateTime>
#include <QGroupBox>
#include <QPointer>

#include <optional>

class CdrStore;
class Notifier;
class QDoubleSpinBox;
class QLabel;
class QTimer;
class QToolButton;
class UnlimCallService;
class VendorSettings;

// The UnlimCall balance at a glance: amount and currency, account type, credit limit, blocked and
// stale flags, refreshed on a timer. A stale snapshot is shown as such (greyed, "may be out of
// date"), never as a live figure. The operator sets a low-balance threshold; crossing it (from
// above, or the first reading below it) raises one desktop notification.
class BalanceCard : public QGroupBox
{
    Q_OBJECT
public:
    BalanceCard(UnlimCallService *service, CdrStore *store, VendorSettings *settings, Notifier *notifier,
                QWidget *parent = nullptr);

    static constexpr int defaultRefreshMs = 5 * 60 * 1000;
    void setRefreshInterval(int milliseconds);
    int refreshInterval() const;

    void refresh();
    std::optional<UnlimCall::Balance> balance() const { return m_balance; }
    QDateTime fetchedAt() const { return m_fetchedAt; }
    double threshold() const;
    void setThreshold(double threshold);
    bool isLow() const;
    QString summaryText() const; // what the card's main line says (tests, accessibility)

Q_SIGNALS:
    void refreshed(bool ok);
    void lowBalanceCrossed(double balance, double threshold);

private:
    void show(const UnlimCall::Balance &balance, const QDateTime &fetchedAt, bool cached);
    void showError(const ApiError &error);
    void checkThreshold();

    QPointer<UnlimCallService> m_service;
    CdrStore *m_store;
    VendorSettings *m_settings;
    QPointer<Notifier> m_notifier;
    QTimer *m_timer;
    QLabel *m_amount;
    QLabel *m_details;
    QLabel *m_state;
    QDoubleSpinBox *m_threshold;
    QToolButton *m_refresh;
    std::optional<UnlimCall::Balance> m_balance;
    QDateTime m_fetchedAt;
    bool m_inFlight = false;
    bool m_wasLow = false;
    bool m_haveLive = false;
};

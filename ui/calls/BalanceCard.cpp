#include "BalanceCard.h"

#include "accounts/VendorSettings.h"
#include "common/Notifier.h"
#include "store/CdrStore.h"
#include "table/CellFormat.h"
#include "unlimcall/OAuthClientCredentials.h"
#include "unlimcall/UnlimCallService.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace {

QString amountText(double amount, const QString &currency)
{
    const int decimals = CellFormat::currencyDecimals(currency);
    return CellFormat::money(qRound64(amount * std::pow(10.0, decimals)), currency);
}

} // namespace

BalanceCard::BalanceCard(UnlimCallService *service, CdrStore *store, VendorSettings *settings,
                         Notifier *notifier, QWidget *parent)
    : QGroupBox(tr("Balance"), parent),
      m_service(service),
      m_store(store),
      m_settings(settings),
      m_notifier(notifier),
      m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("callsBalanceCard"));
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_amount = new QLabel(tr("—"));
    m_amount->setObjectName(QStringLiteral("callsBalanceAmount"));
    QFont big = m_amount->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_amount->setFont(big);
    m_amount->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_amount, 1);
    m_refresh = new QToolButton;
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the balance from UnlimCall now"));
    m_refresh->setAccessibleName(tr("Refresh balance"));
    top->addWidget(m_refresh);
    layout->addLayout(top);

    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("callsBalanceDetails"));
    m_details->setWordWrap(true);
    layout->addWidget(m_details);
    m_state = new QLabel(tr("Not read yet."));
    m_state->setObjectName(QStringLiteral("callsBalanceState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::PlainText);
    layout->addWidget(m_state);

    auto *form = new QFormLayout;
    m_threshold = new QDoubleSpinBox;
    m_threshold->setObjectName(QStringLiteral("callsLowBalanceThreshold"));
    m_threshold->setRange(0, 1'000'000);
    m_threshold->setDecimals(2);
    m_threshold->setAccessibleName(tr("Low-balance threshold"));
    m_threshold->setToolTip(tr("Below this balance the console warns you with a desktop notification"));
    m_threshold->setValue(m_settings ? m_settings->lowBalanceThreshold() : 10.0);
    form->addRow(tr("Warn below:"), m_threshold);
    layout->addLayout(form);

    connect(m_refresh, &QToolButton::clicked, this, &BalanceCard::refresh);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (m_settings)
            m_settings->setLowBalanceThreshold(value);
        checkThreshold();
    });
    m_timer->setInterval(defaultRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &BalanceCard::refresh);
    m_timer->start();

    // The last known figure until a live one arrives (offline: it is all there is).
    if (m_store) {
        if (const auto cached = m_store->balance())
            show(cached->first, cached->second, true);
    }
}

void BalanceCard::setRefreshInterval(int milliseconds)
{
    m_timer->setInterval(qMax(1000, milliseconds));
}

int BalanceCard::refreshInterval() const
{
    return m_timer->interval();
}

double BalanceCard::threshold() const
{
    return m_threshold->value();
}

void BalanceCard::setThreshold(double threshold)
{
    m_threshold->setValue(threshold);
}

bool BalanceCard::isLow() const
{
    return m_balance && m_balance->balance < threshold();
}

QString BalanceCard::summaryText() const
{
    return m_amount->text() + QLatin1Char(' ') + m_details->text() + QLatin1Char(' ') + m_state->text();
}

void BalanceCard::refresh()
{
    if (!m_service || m_inFlight)
        return;
    if (!m_service->client() || !m_service->client()->hasCredentials()) {
        m_state->setText(tr("UnlimCall is not connected: add its token under Accounts."));
        return;
    }
    m_inFlight = true;
    m_refresh->setEnabled(false);
    m_service->fetchBalance(this, [this](const Result<UnlimCall::Balance> &result) {
        m_inFlight = false;
        m_refresh->setEnabled(true);
        if (!result.ok()) {
            showError(result.error());
            Q_EMIT refreshed(false);
            return;
        }
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (m_store)
            m_store->saveBalance(result.value(), now);
        show(result.value(), now, false);
        Q_EMIT refreshed(true);
    });
}

void BalanceCard::show(const UnlimCall::Balance &balance, const QDateTime &fetchedAt, bool cached)
{
    m_balance = balance;
    m_fetchedAt = fetchedAt;
    m_haveLive = !cached;
    m_amount->setText(amountText(balance.balance, balance.currency));
    // A snapshot that is not live is greyed out and says so in words.
    m_amount->setEnabled(!balance.stale && !cached);
    m_threshold->setSuffix(QLatin1Char(' ') + balance.currency);

    QStringList details;
    if (!balance.accountType.isEmpty())
        details << tr("%1 account").arg(balance.accountType.at(0).toUpper() + balance.accountType.mid(1));
    details << (balance.creditLimit
                        ? tr("credit limit %1").arg(amountText(*balance.creditLimit, balance.currency))
                        : tr("no credit limit"));
    // Signed in with OAuth client credentials: say which scopes the token carries.
    if (m_service && m_service->client()) {
        if (const auto *oauth =
                    dynamic_cast<const OAuthClientCredentials *>(m_service->client()->authenticator());
            oauth && !oauth->grantedScopes().isEmpty())
            details << tr("OAuth scopes: %1").arg(oauth->grantedScopes().join(QStringLiteral(", ")));
    }
    m_details->setText(details.join(QStringLiteral(" · ")));

    const QString when = QLocale().toString(fetchedAt.toLocalTime(), QLocale::ShortFormat);
    QStringList state;
    if (balance.blocked)
        state << tr("Blocked: UnlimCall refuses calls on this account until it is topped up or unblocked.");
    if (balance.stale)
        state << tr("Stale: UnlimCall says this figure may be out of date (read %1).").arg(when);
    else if (cached)
        state << tr("Last known balance, read %1 (not refreshed yet).").arg(when);
    else
        state << tr("Live, read %1.").arg(when);
    if (isLow())
        state << tr("Below your warning threshold of %1.").arg(amountText(threshold(), balance.currency));
    m_state->setText(state.join(QLatin1Char(' ')));
    setAccessibleDescription(summaryText());
    if (!cached)
        checkThreshold();
}

void BalanceCard::showError(const ApiError &error)
{
    const QString prefix = m_balance ? tr("Could not refresh (showing the last known figure): ")
                                     : tr("Could not read the balance: ");
    m_state->setText(prefix + error.explanation);
    m_amount->setEnabled(false);
}

void BalanceCard::checkThreshold()
{
    if (!m_balance || !m_haveLive)
        return;
    const bool low = isLow();
    if (low && !m_wasLow) {
        const QString message =
                tr("The UnlimCall balance is %1, below your threshold of %2. Top it up before "
                   "calls are refused.")
                        .arg(amountText(m_balance->balance, m_balance->currency),
                             amountText(threshold(), m_balance->currency));
        if (m_notifier) {
            Notification notification;
            notification.kind = NotificationKind::LowBalance;
            notification.target = {QStringLiteral("calls"), NotificationTarget::Subject::None, {}, {}};
            notification.title = tr("UnlimCall balance low");
            notification.message = message;
            notification.severity = Notification::Severity::Warning;
            m_notifier->notify(notification);
        }
        Q_EMIT lowBalanceCrossed(m_balance->balance, threshold());
    }
    m_wasLow = low;
}

#include "SettingsPage.h"

#include "accounts/ServiceHub.h"
#include "core/UrlPolicy.h"
#include "core/VendorEndpoints.h"
#include "events/EventReceiverSettings.h"
#include "events/LiveEvents.h"
#include "events/NotificationSettings.h"
#include "events/WebhookIngest.h"
#include "outbound/OutboundSafety.h"
#include "safety/CallingRulesEditor.h"
#include "unlimcall/OAuthDiscovery.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

SettingsPage::SettingsPage(ServiceHub *hub, OutboundSafety *outbound, LiveEvents *liveEvents, QWidget *parent)
    : QWidget(parent),
      m_hub(hub),
      m_outbound(outbound),
      m_liveEvents(liveEvents),
      m_rules(new CallingRulesEditor(this)),
      m_tokenUrl(new QLineEdit(this)),
      m_tokenUrlProblem(new QLabel(this)),
      m_tokenUrlEffective(new QLabel(this)),
      m_discover(new QPushButton(tr("Discover"), this)),
      m_threshold(new QDoubleSpinBox(this)),
      m_apply(new QPushButton(tr("Apply"), this)),
      m_revert(new QPushButton(tr("Revert"), this)),
      m_status(new QLabel(this))
{
    auto *outer = new QVBoxLayout(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);

    auto *urls = new QGroupBox(tr("Vendor addresses"), content);
    auto *form = new QFormLayout(urls);
    auto *intro = new QLabel(tr("Each base URL is the address up to where the vendor's documented "
                                "paths begin. Leave a field empty to use the vendor's own address. "
                                "Only https is allowed, except for this computer (the sandbox)."),
                             urls);
    intro->setWordWrap(true);
    form->addRow(intro);
    for (Vendor vendor : Vendors::all()) {
        auto *edit = new QLineEdit(urls);
        edit->setObjectName(QStringLiteral("url-") + Vendors::id(vendor));
        edit->setAccessibleName(tr("%1 base URL").arg(Vendors::displayName(vendor)));
        edit->setPlaceholderText(
                VendorEndpoints::defaultBaseUrl(vendor, hub->settings().verloopClientId()).toString());
        edit->setClearButtonEnabled(true);
        auto *problem = new QLabel(urls);
        problem->setObjectName(QStringLiteral("problem-") + Vendors::id(vendor));
        problem->setWordWrap(true);
        problem->setVisible(false);
        auto *effective = new QLabel(urls);
        effective->setObjectName(QStringLiteral("effective-") + Vendors::id(vendor));
        effective->setWordWrap(true);
        effective->setForegroundRole(QPalette::PlaceholderText);
        effective->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *column = new QVBoxLayout;
        column->addWidget(edit);
        column->addWidget(problem);
        column->addWidget(effective);
        form->addRow(Vendors::displayName(vendor) + QLatin1Char(':'), column);
        m_urls.insert(vendor, edit);
        m_problems.insert(vendor, problem);
        m_effective.insert(vendor, effective);
        connect(edit, &QLineEdit::textChanged, this, &SettingsPage::validate);
    }
    layout->addWidget(urls);

    auto *money = new QGroupBox(tr("UnlimCall"), content);
    auto *moneyForm = new QFormLayout(money);
    m_tokenUrl->setObjectName(QStringLiteral("oauthTokenUrl"));
    m_tokenUrl->setAccessibleName(tr("UnlimCall OAuth token URL"));
    m_tokenUrl->setPlaceholderText(VendorEndpoints::defaultUnlimCallTokenUrl().toString());
    m_tokenUrl->setClearButtonEnabled(true);
    m_tokenUrl->setToolTip(tr("Where the console fetches tokens when UnlimCall signs in with OAuth client "
                              "credentials. Empty: UnlimCall's documented token URL."));
    m_discover->setObjectName(QStringLiteral("discoverTokenUrlButton"));
    m_discover->setAccessibleName(tr("Discover the UnlimCall OAuth token URL"));
    m_discover->setToolTip(tr("Read the token URL from the OAuth server's published metadata "
                              "(/.well-known/oauth-authorization-server)."));
    m_tokenUrlProblem->setObjectName(QStringLiteral("problem-oauthTokenUrl"));
    m_tokenUrlProblem->setWordWrap(true);
    m_tokenUrlProblem->setVisible(false);
    m_tokenUrlEffective->setObjectName(QStringLiteral("effective-oauthTokenUrl"));
    m_tokenUrlEffective->setWordWrap(true);
    m_tokenUrlEffective->setForegroundRole(QPalette::PlaceholderText);
    m_tokenUrlEffective->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_tokenUrl, 1);
    tokenRow->addWidget(m_discover);
    auto *tokenColumn = new QVBoxLayout;
    tokenColumn->addLayout(tokenRow);
    tokenColumn->addWidget(m_tokenUrlProblem);
    tokenColumn->addWidget(m_tokenUrlEffective);
    moneyForm->addRow(tr("OAuth token URL:"), tokenColumn);
    connect(m_tokenUrl, &QLineEdit::textChanged, this, &SettingsPage::validate);
    connect(m_discover, &QPushButton::clicked, this, &SettingsPage::discoverTokenUrl);
    m_threshold->setObjectName(QStringLiteral("lowBalanceThreshold"));
    m_threshold->setAccessibleName(tr("Low-balance threshold"));
    m_threshold->setRange(0, 1'000'000);
    m_threshold->setDecimals(2);
    m_threshold->setToolTip(tr("A balance below this is flagged (in the account's currency)."));
    moneyForm->addRow(tr("Warn when the balance is below:"), m_threshold);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &SettingsPage::validate);
    layout->addWidget(money);
    layout->addWidget(m_rules);
    connect(m_rules, &CallingRulesEditor::changed, this, &SettingsPage::validate);
    layout->addWidget(createLiveEvents(content));
    layout->addWidget(createNotifications(content));
    layout->addStretch(1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(this);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_apply->setAccessibleName(tr("Apply settings"));
    m_revert->setAccessibleName(tr("Revert settings"));
    buttons->addButton(m_apply, QDialogButtonBox::ApplyRole);
    buttons->addButton(m_revert, QDialogButtonBox::ResetRole);
    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::apply);
    connect(m_revert, &QPushButton::clicked, this, &SettingsPage::load);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(buttons);
    outer->addLayout(bottom);

    connect(hub, &ServiceHub::baseUrlsChanged, this, &SettingsPage::updateEffective);
    load();
}

QWidget *SettingsPage::createLiveEvents(QWidget *parent)
{
    auto *box = new QGroupBox(tr("Live events"), parent);
    box->setObjectName(QStringLiteral("liveEventsSettings"));
    auto *form = new QFormLayout(box);
    auto *intro = new QLabel(tr("The console can receive the vendors' webhooks itself. Its receiver speaks "
                                "plain HTTP; the vendors require https, so put a tunnel or a reverse proxy "
                                "that terminates TLS in front of it and enter that https address as the "
                                "public URL. Without a reachable receiver the console polls instead."),
                             box);
    intro->setWordWrap(true);
    form->addRow(intro);

    m_receiverOn = new QCheckBox(tr("Receive webhooks in this console"), box);
    m_receiverOn->setObjectName(QStringLiteral("receiverEnabled"));
    m_receiverOn->setAccessibleName(tr("Webhook receiver on"));
    form->addRow(m_receiverOn);

    m_bindAddress = new QLineEdit(box);
    m_bindAddress->setObjectName(QStringLiteral("receiverBindAddress"));
    m_bindAddress->setAccessibleName(tr("Receiver bind address"));
    m_bindAddress->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_bindAddress->setToolTip(tr("127.0.0.1: this computer only (a tunnel on it forwards to the receiver). "
                                 "Another address exposes the receiver to that network."));
    form->addRow(tr("Listen on address:"), m_bindAddress);

    m_port = new QSpinBox(box);
    m_port->setObjectName(QStringLiteral("receiverPort"));
    m_port->setAccessibleName(tr("Receiver port"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Any free port"));
    form->addRow(tr("Port:"), m_port);

    m_publicUrl = new QLineEdit(box);
    m_publicUrl->setObjectName(QStringLiteral("receiverPublicUrl"));
    m_publicUrl->setAccessibleName(tr("Receiver public base URL"));
    m_publicUrl->setPlaceholderText(QStringLiteral("https://hooks.example.com"));
    m_publicUrl->setClearButtonEnabled(true);
    m_publicUrl->setToolTip(
            tr("The https address of your tunnel or reverse proxy, registered with the vendors "
               "(the console adds /hooks/unlimcall, /hooks/outreach2day and /hooks/verloop/…)."));
    m_publicUrlNote = new QLabel(box);
    m_publicUrlNote->setObjectName(QStringLiteral("receiverPublicUrlNote"));
    m_publicUrlNote->setWordWrap(true);
    m_publicUrlNote->setForegroundRole(QPalette::PlaceholderText);
    auto *urlColumn = new QVBoxLayout;
    urlColumn->addWidget(m_publicUrl);
    urlColumn->addWidget(m_publicUrlNote);
    form->addRow(tr("Public URL:"), urlColumn);

    m_scheme = new QComboBox(box);
    m_scheme->setObjectName(QStringLiteral("outreach2dayScheme"));
    m_scheme->setAccessibleName(tr("Outreach2day signing scheme"));
    m_scheme->addItem(tr("Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)"),
                      WebhookIngest::schemeId(WebhookIngest::Outreach2dayScheme::StandardWebhooks));
    m_scheme->addItem(tr("Timestamped HMAC (X-Outreach2day-Signature: t=…,v1=…)"),
                      WebhookIngest::schemeId(WebhookIngest::Outreach2dayScheme::TimestampedHmac));
    m_scheme->setToolTip(tr("Outreach2day documents a secret but no signing scheme. A delivery signed "
                            "otherwise is refused, never accepted unsigned."));
    form->addRow(tr("Outreach2day signing:"), m_scheme);

    m_liveEventsProblem = new QLabel(box);
    m_liveEventsProblem->setObjectName(QStringLiteral("problem-liveEvents"));
    m_liveEventsProblem->setWordWrap(true);
    m_liveEventsProblem->setVisible(false);
    form->addRow(m_liveEventsProblem);
    m_receiverState = new QLabel(box);
    m_receiverState->setObjectName(QStringLiteral("receiverState"));
    m_receiverState->setWordWrap(true);
    m_receiverState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Receiver:"), m_receiverState);

    connect(m_receiverOn, &QCheckBox::toggled, this, &SettingsPage::validate);
    connect(m_bindAddress, &QLineEdit::textChanged, this, &SettingsPage::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &SettingsPage::validate);
    connect(m_publicUrl, &QLineEdit::textChanged, this, &SettingsPage::validate);
    connect(m_scheme, &QComboBox::currentIndexChanged, this, &SettingsPage::validate);
    if (m_liveEvents)
        connect(m_liveEvents, &LiveEvents::stateChanged, this, &SettingsPage::showReceiverState);
    return box;
}

QString SettingsPage::liveEventsProblem() const
{
    const QString address = m_bindAddress->text().trimmed();
    if (!address.isEmpty() && QHostAddress().setAddress(address) == false)
        return tr("“%1” is not an IP address. Write it like 127.0.0.1 or ::1.").arg(address);
    return EventReceiverSettings::urlProblem(QUrl(m_publicUrl->text().trimmed()));
}

void SettingsPage::showReceiverState()
{
    m_receiverState->setText(m_liveEvents ? m_liveEvents->receiverState().describe()
                                          : tr("Not started yet."));
}

QWidget *SettingsPage::createNotifications(QWidget *parent)
{
    auto *box = new QGroupBox(tr("Notifications"), parent);
    box->setObjectName(QStringLiteral("notificationsSettings"));
    auto *column = new QVBoxLayout(box);
    auto *intro = new QLabel(tr("Desktop notifications for what you act on. Clicking one opens what it is "
                                "about: the lead where the console knows it, else the call or the reply."),
                             box);
    intro->setWordWrap(true);
    column->addWidget(intro);
    for (NotificationKind kind : NotificationKinds::switchable()) {
        auto *check = new QCheckBox(NotificationKinds::displayName(kind), box);
        check->setObjectName(QStringLiteral("notify-") + NotificationKinds::id(kind));
        check->setAccessibleName(tr("Notify: %1").arg(NotificationKinds::displayName(kind)));
        column->addWidget(check);
        m_notificationSwitches.insert(kind, check);
        connect(check, &QCheckBox::toggled, this, &SettingsPage::validate);
    }
    return box;
}

QString SettingsPage::addressProblem(const QString &text, Vendor vendor, const QUrl &example)
{
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return tr("This is not a complete address. Write it like %1.").arg(example.toString());
    if (url.hasQuery() || url.hasFragment())
        return tr("An address here has no query (?…) or fragment (#…).");
    if (const auto refused = UrlPolicy::check(vendor, url))
        return refused->explanation;
    return {};
}

QString SettingsPage::problem(Vendor vendor) const
{
    return addressProblem(m_urls.value(vendor)->text().trimmed(), vendor,
                          VendorEndpoints::defaultBaseUrl(vendor));
}

QString SettingsPage::tokenUrlProblem() const
{
    return addressProblem(m_tokenUrl->text().trimmed(), Vendor::UnlimCall,
                          VendorEndpoints::defaultUnlimCallTokenUrl());
}

void SettingsPage::discoverTokenUrl()
{
    const QString typed = m_tokenUrl->text().trimmed();
    if (!typed.isEmpty() && !tokenUrlProblem().isEmpty())
        return; // the field says what is wrong
    const QUrl issuer = OAuthDiscovery::issuerOf(typed.isEmpty() ? m_hub->tokenUrl() : QUrl(typed));
    m_discover->setEnabled(false);
    m_status->setText(tr("Reading %1…").arg(OAuthDiscovery::metadataUrl(issuer).toString()));
    OAuthDiscovery::discover(m_hub->network(), issuer, this, [this, issuer](const Result<QUrl> &found) {
        m_discover->setEnabled(true);
        if (!found.ok()) {
            m_status->setText(tr("No token URL found: %1").arg(found.error().explanation));
            return;
        }
        m_tokenUrl->setText(found.value().toString());
        m_status->setText(
                tr("Found the token URL in %1's metadata. Apply to use it.").arg(issuer.toString()));
    });
}

void SettingsPage::validate()
{
    bool allValid = true;
    for (Vendor vendor : Vendors::all()) {
        const QString text = problem(vendor);
        QLabel *label = m_problems.value(vendor);
        label->setText(text);
        label->setVisible(!text.isEmpty());
        m_urls.value(vendor)->setAccessibleDescription(text);
        allValid = allValid && text.isEmpty();
    }
    const QString tokenProblem = tokenUrlProblem();
    m_tokenUrlProblem->setText(tokenProblem);
    m_tokenUrlProblem->setVisible(!tokenProblem.isEmpty());
    m_tokenUrl->setAccessibleDescription(tokenProblem);
    const QString liveProblem = liveEventsProblem();
    m_liveEventsProblem->setText(liveProblem);
    m_liveEventsProblem->setVisible(!liveProblem.isEmpty());
    allValid = allValid && tokenProblem.isEmpty() && m_rules->problem().isEmpty() && liveProblem.isEmpty();
    m_apply->setEnabled(allValid);
    m_status->clear();
}

void SettingsPage::load()
{
    for (Vendor vendor : Vendors::all())
        m_urls.value(vendor)->setText(m_hub->settings().baseUrl(vendor));
    m_tokenUrl->setText(m_hub->settings().oauthTokenUrl());
    m_threshold->setValue(m_hub->settings().lowBalanceThreshold());
    QSettings settings;
    m_rules->setRules(CallingRules::load(settings));
    for (auto it = m_notificationSwitches.cbegin(); it != m_notificationSwitches.cend(); ++it)
        it.value()->setChecked(NotificationSettings::isEnabled(it.key()));
    const EventReceiverSettings receiver;
    m_receiverOn->setChecked(receiver.isReceiverEnabled());
    m_bindAddress->setText(receiver.bindAddress().toString());
    m_port->setValue(receiver.port());
    m_publicUrl->setText(receiver.storedPublicBaseUrl());
    m_scheme->setCurrentIndex(qMax(0, m_scheme->findData(receiver.outreach2dayScheme())));
    const QString fromEnvironment =
            qEnvironmentVariable(EventReceiverSettings::publicUrlVariable().toLatin1().constData());
    m_publicUrlNote->setText(
            fromEnvironment.trimmed().isEmpty()
                    ? QString()
                    : tr("In use: %1 (from the environment variable %2, which wins over this field)")
                              .arg(fromEnvironment.trimmed(), EventReceiverSettings::publicUrlVariable()));
    m_publicUrlNote->setVisible(!m_publicUrlNote->text().isEmpty());
    showReceiverState();
    validate();
    updateEffective();
}

bool SettingsPage::apply()
{
    validate();
    if (!m_apply->isEnabled()) {
        m_status->setText(tr("Not saved: correct what is marked above."));
        return false;
    }
    for (Vendor vendor : Vendors::all())
        m_hub->settings().setBaseUrl(vendor, m_urls.value(vendor)->text().trimmed());
    m_hub->settings().setOAuthTokenUrl(m_tokenUrl->text().trimmed());
    m_hub->settings().setLowBalanceThreshold(m_threshold->value());
    m_hub->applyBaseUrls();
    QSettings settings;
    m_rules->rules().save(settings);
    if (m_outbound)
        m_outbound->reloadRules(); // the next decision uses them
    for (auto it = m_notificationSwitches.cbegin(); it != m_notificationSwitches.cend(); ++it)
        NotificationSettings::setEnabled(it.key(), it.value()->isChecked());
    EventReceiverSettings receiver;
    receiver.setReceiverEnabled(m_receiverOn->isChecked());
    const QString address = m_bindAddress->text().trimmed();
    receiver.setBindAddress(address.isEmpty() ? QHostAddress(QHostAddress::LocalHost)
                                              : QHostAddress(address));
    receiver.setPort(quint16(m_port->value()));
    receiver.setPublicBaseUrl(QUrl(m_publicUrl->text().trimmed()));
    receiver.setOutreach2dayScheme(m_scheme->currentData().toString());
    if (m_liveEvents)
        m_liveEvents->applySettings(); // listens, moves or stops now
    m_status->setText(tr("Saved."));
    return true;
}

void SettingsPage::updateEffective()
{
    for (Vendor vendor : Vendors::all()) {
        QString source;
        if (!m_hub->options().commandLineUrls.value(vendor).trimmed().isEmpty())
            source = m_hub->isDemo()
                    ? tr("the demo sandbox")
                    : tr("the command line (--%1)").arg(VendorEndpoints::commandLineOption(vendor));
        else if (!qEnvironmentVariable(VendorEndpoints::environmentVariable(vendor).toLatin1().constData())
                          .trimmed()
                          .isEmpty())
            source = tr("the environment variable %1").arg(VendorEndpoints::environmentVariable(vendor));
        else if (!m_hub->settings().baseUrl(vendor).isEmpty())
            source = tr("these settings");
        else
            source = tr("the vendor's default");
        m_effective.value(vendor)->setText(
                tr("In use: %1 (from %2)").arg(m_hub->baseUrl(vendor).toString(), source));
    }
    QString tokenSource;
    if (!m_hub->options().commandLineTokenUrl.trimmed().isEmpty())
        tokenSource = m_hub->isDemo()
                ? tr("the demo sandbox")
                : tr("the command line (--%1)").arg(VendorEndpoints::unlimcallTokenUrlOption());
    else if (!qEnvironmentVariable(VendorEndpoints::unlimcallTokenUrlVariable().toLatin1().constData())
                      .trimmed()
                      .isEmpty())
        tokenSource = tr("the environment variable %1").arg(VendorEndpoints::unlimcallTokenUrlVariable());
    else if (!m_hub->settings().oauthTokenUrl().isEmpty())
        tokenSource = tr("these settings");
    else
        tokenSource = tr("UnlimCall's documentation");
    m_tokenUrlEffective->setText(tr("In use: %1 (from %2)").arg(m_hub->tokenUrl().toString(), tokenSource));
}

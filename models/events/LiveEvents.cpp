#include "LiveEvents.h"

#include "email/EmailActivityStore.h"
#include "email/SuppressionSync.h"
#include "events/EventApplier.h"
#include "events/EventReceiverSettings.h"
#include "events/PollingFallback.h"
#include "events/VerloopCallbackTokens.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "outreach2day/Outreach2dayService.h"
#include "store/CdrStore.h"
#include "store/LeadStore.h"
#include "unlimcall/UnlimCallService.h"
#include "unloopa/UnloopaService.h"
#include "verloop/VerloopService.h"
#include "webhooks/WebhookReceiver.h"

#include <QCoreApplication>

namespace {

QString hostPort(const QHostAddress &address, quint16 port)
{
    // IPv6 addresses are bracketed, as in a URL.
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(address.toString())
            : address.toString();
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

} // namespace

QString LiveEvents::ReceiverState::describe() const
{
    switch (kind) {
    case Kind::Off:
        return QCoreApplication::translate("LiveEvents", "Off");
    case Kind::Listening:
        return QCoreApplication::translate("LiveEvents", "Listening on %1").arg(hostPort(address, port));
    case Kind::CannotListen:
        return QCoreApplication::translate("LiveEvents", "Cannot listen on %1: %2")
                .arg(hostPort(address, port), reason);
    }
    return {};
}

LiveEvents::LiveEvents(const Dependencies &dependencies, QObject *parent)
    : QObject(parent),
      m_databasePath(dependencies.databasePath.isEmpty() ? Database::defaultPath()
                                                         : dependencies.databasePath)
{
    if (dependencies.unlimCall)
        m_vendorUrls.insert(Vendor::UnlimCall, dependencies.unlimCall->client()->baseUrl());
    if (dependencies.outreach2day)
        m_vendorUrls.insert(Vendor::Outreach2day, dependencies.outreach2day->client()->baseUrl());
    if (dependencies.unloopa)
        m_vendorUrls.insert(Vendor::Unloopa, dependencies.unloopa->client()->baseUrl());
    if (dependencies.verloop)
        m_vendorUrls.insert(Vendor::Verloop, dependencies.verloop->client()->baseUrl());
    m_database = std::make_unique<Database>(m_databasePath);
    m_database->registerMigrations(EventStore::component(), EventStore::migrations());
    m_database->registerMigrations(VerloopCallbackTokens::component(), VerloopCallbackTokens::migrations());
    m_database->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    m_database->registerMigrations(LeadStore::component(), LeadStore::migrations());
    m_database->registerMigrations(CdrStore::component(), CdrStore::migrations());
    m_database->registerMigrations(EventApplier::component(), EventApplier::migrations());
    StoreStatus status = m_database->open();
    if (status)
        status = m_database->migrate();
    if (!status) {
        m_storeProblem = status.message;
        return;
    }
    m_store = std::make_unique<EventStore>(m_database.get());
    m_tokens = std::make_unique<VerloopCallbackTokens>(m_database.get());
    m_activity = std::make_unique<EmailActivityStore>(m_database.get());
    m_leads = std::make_unique<LeadStore>(m_database.get());
    m_cdrs = std::make_unique<CdrStore>(m_database.get());

    m_suppressions =
            new SuppressionSync(dependencies.outreach2day, m_activity.get(), dependencies.outbound, this);
    m_applier = new EventApplier(m_store.get(), {dependencies.outbound, m_suppressions, m_leads.get()}, this);
    // What a console that closed (or died) stored but did not apply comes first.
    m_applier->catchUp();

    m_secrets = new KeychainWebhookSecrets(dependencies.keychain, m_cdrs.get(), m_activity.get(), this);
    m_ingest = new WebhookIngest(m_store.get(), m_secrets, m_tokens.get(), this);
    // Queued: the delivery is acknowledged first (it is committed already), then its effects are
    // applied and it is announced; what a crash in between leaves, catchUp() applies next time.
    connect(m_ingest, &WebhookIngest::eventStored, this, &LiveEvents::announce, Qt::QueuedConnection);
    m_receiver = new WebhookReceiver(m_ingest, this);

    m_polling = new PollingFallback(
            m_store.get(), {dependencies.unlimCall, dependencies.outreach2day, dependencies.unloopa}, this);
    connect(m_polling, &PollingFallback::eventStored, this, &LiveEvents::announce);
}

LiveEvents::~LiveEvents()
{
    // What reads the stores goes before them: the receiver first (no delivery arrives after).
    delete m_receiver;
    delete m_polling;
    delete m_ingest;
    delete m_secrets;
    delete m_applier;
    delete m_suppressions;
}

void LiveEvents::applySettings()
{
    const EventReceiverSettings settings;
    if (!settings.isReceiverEnabled()) {
        if (m_receiver)
            m_receiver->close();
        setState({});
        return;
    }
    ReceiverState state;
    state.address = settings.bindAddress();
    state.port = settings.port();
    if (!m_receiver) {
        state.kind = ReceiverState::Kind::CannotListen;
        state.reason = m_storeProblem;
        setState(state);
        return;
    }
    WebhookIngest::Options options = m_ingest->options();
    if (const auto scheme = WebhookIngest::schemeFromId(settings.outreach2dayScheme()))
        options.outreach2dayScheme = *scheme;
    m_ingest->setOptions(options);
    refreshSecrets();

    WebhookReceiver::Options listen;
    listen.address = state.address;
    listen.port = state.port;
    // Unchanged settings keep the listener (and the connections it is serving).
    if (m_receiver->isListening() && m_receiver->address() == listen.address &&
        (listen.port == 0 || m_receiver->port() == listen.port)) {
        setState(m_state); // the public URL may have changed
        return;
    }
    m_receiver->close();
    if (m_receiver->listen(listen)) {
        state.kind = ReceiverState::Kind::Listening;
        state.port = m_receiver->port();
    } else {
        state.kind = ReceiverState::Kind::CannotListen;
        state.reason = m_receiver->errorString();
    }
    setState(state);
}

void LiveEvents::setState(const ReceiverState &state)
{
    LiveModes modes;
    const QUrl publicBase = EventReceiverSettings().publicBaseUrl();
    for (const Vendor vendor : Vendors::all())
        modes.setWebhooksReachable(vendor,
                                   LiveModes::webhooksReach(state.kind == ReceiverState::Kind::Listening,
                                                            publicBase, m_vendorUrls.value(vendor)));
    if (m_polling)
        m_polling->setModes(modes); // starts or stops each vendor's polling (no change: nothing)
    const bool changed = state.kind != m_state.kind || state.address != m_state.address ||
            state.port != m_state.port || state.reason != m_state.reason || modes != m_modes;
    m_state = state;
    m_modes = modes;
    const QStringList urls = urlTexts();
    if (changed || urls != m_shownUrls) {
        m_shownUrls = urls;
        Q_EMIT stateChanged();
    }
}

QStringList LiveEvents::urlTexts() const
{
    QStringList texts;
    for (const RegisterUrl &url : urlsToRegister())
        texts << url.url;
    return texts;
}

QList<LiveEvents::RegisterUrl> LiveEvents::urlsToRegister() const
{
    QString base = EventReceiverSettings().publicBaseUrl().toString();
    if (base.isEmpty() && m_state.kind == ReceiverState::Kind::Listening)
        base = QStringLiteral("http://") + hostPort(m_state.address, m_state.port);
    if (base.isEmpty())
        return {};
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return {{Vendor::UnlimCall, base + WebhookReceiver::pathFor(Vendor::UnlimCall)},
            {Vendor::Outreach2day, base + WebhookReceiver::pathFor(Vendor::Outreach2day)},
            {Vendor::Verloop, base + WebhookReceiver::pathFor(Vendor::Verloop) + QStringLiteral("<token>")}};
}

void LiveEvents::refreshSecrets(const QObject *context, std::function<void(std::optional<QString>)> done)
{
    if (m_secrets)
        m_secrets->refresh(context, std::move(done));
    else if (done)
        done(m_storeProblem);
}

EventStore::InsertResult LiveEvents::record(const StoredEvent &event)
{
    if (!m_store) {
        EventStore::InsertResult failed;
        failed.status = StoreStatus::failure(StoreStatus::Code::OpenFailed, m_storeProblem);
        return failed;
    }
    EventStore::InsertResult result = m_store->insert(event);
    if (result.outcome == EventStore::Outcome::Inserted) {
        if (const std::optional<StoredEvent> stored = m_store->event(result.id))
            announce(*stored);
    }
    return result;
}

void LiveEvents::announce(const StoredEvent &event)
{
    StoredEvent applied = event;
    // The effects first, so a listener sees the lead EventApplier linked.
    if (m_applier->apply(event)) {
        if (const std::optional<StoredEvent> reread = m_store->event(event.id))
            applied = *reread;
    }
    Q_EMIT eventStored(applied);
}

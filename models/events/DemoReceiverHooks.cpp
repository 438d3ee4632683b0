#include "DemoReceiverHooks.h"

#include "events/LiveEvents.h"
#include "events/UnlimCallHookSubscriptions.h"
#include "store/CdrStore.h"
#include "webhooks/WebhookReceiver.h"

#include <QHostAddress>

DemoReceiverHooks::DemoReceiverHooks(LiveEvents *live, UnlimCallService *service, CredentialStore *secrets,
                                     QObject *parent)
    : QObject(parent), m_live(live)
{
    if (live->database() && live->store()) {
        m_hooks = std::make_unique<CdrStore>(live->database());
        m_subscriptions = new UnlimCallHookSubscriptions(service, m_hooks.get(), secrets, this);
    }
    connect(live, &LiveEvents::stateChanged, this, &DemoReceiverHooks::follow);
    follow(); // it may listen already
}

DemoReceiverHooks::~DemoReceiverHooks() = default;

QString DemoReceiverHooks::targetUrl() const
{
    const LiveEvents::ReceiverState state = m_live->receiverState();
    if (state.kind != LiveEvents::ReceiverState::Kind::Listening)
        return {};
    QHostAddress host = state.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    const QString hostText = host.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(host.toString())
            : host.toString();
    return QStringLiteral("http://%1:%2%3")
            .arg(hostText)
            .arg(state.port)
            .arg(WebhookReceiver::pathFor(Vendor::UnlimCall));
}

void DemoReceiverHooks::follow()
{
    const QString url = targetUrl();
    if (url.isEmpty() || !m_subscriptions || url == m_busyWith || url == m_readyUrl)
        return;
    m_busyWith = url;
    m_subscriptions->subscribeEvery(
            url, this, [this, url](const Result<QList<UnlimCallHookSubscriptions::Subscribed>> &result) {
                if (!result.ok()) {
                    m_busyWith.clear();
                    Q_EMIT failed(result.error());
                    return;
                }
                m_live->refreshSecrets(this, [this, url](std::optional<QString> problem) {
                    m_busyWith.clear();
                    if (problem) {
                        Q_EMIT failed(ApiError::local(
                                Vendor::UnlimCall, QStringLiteral("webhook_secrets_unreadable"), *problem));
                        return;
                    }
                    m_readyUrl = url;
                    Q_EMIT ready(url);
                    follow(); // the receiver may have moved meanwhile
                });
            });
}

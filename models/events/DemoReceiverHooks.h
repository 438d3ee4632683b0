#pragma once

#include "core/ApiError.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class CdrStore;
class CredentialStore;
class LiveEvents;
class UnlimCallHookSubscriptions;
class UnlimCallService;

// Demo mode's stand-in for the operator registering the receiver with UnlimCall: the sandbox
// posts only to this computer, so whenever the in-app receiver listens, the sandbox's UnlimCall is
// subscribed to the receiver's own address for each of the five events not yet subscribed there
// (UnlimCallHookSubscriptions: the console's list, the secret where the receiver reads it), and
// the receiver reads its secrets again before it is called ready.
class DemoReceiverHooks : public QObject
{
    Q_OBJECT
public:
    // None is owned; `live` must outlive this object (it holds a store on live's database).
    DemoReceiverHooks(LiveEvents *live, UnlimCallService *service, CredentialStore *secrets,
                      QObject *parent = nullptr);
    ~DemoReceiverHooks() override;

    // The address subscribed while the receiver listens (a wildcard bind is reached on loopback);
    // empty while it does not.
    QString targetUrl() const;
    // The receiver listens and every event is subscribed to it with its secret read.
    bool isReady() const { return !m_readyUrl.isEmpty() && m_readyUrl == targetUrl(); }

Q_SIGNALS:
    void ready(const QString &targetUrl);
    void failed(const ApiError &error);

private:
    void follow();

    LiveEvents *m_live;
    std::unique_ptr<CdrStore> m_hooks;
    UnlimCallHookSubscriptions *m_subscriptions = nullptr;
    QString m_busyWith; // the URL being subscribed now
    QString m_readyUrl;
};

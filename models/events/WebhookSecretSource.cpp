#include "WebhookSecretSource.h"

#include "credentials/CredentialStore.h"
#include "email/EmailActivityStore.h"
#include "email/WebhookSecrets.h"
#include "store/CdrStore.h"

#include <QPointer>

// ---------------------------------------------------------------------------------------------
// Environment

QString EnvironmentWebhookSecrets::variableFor(Vendor vendor)
{
    switch (vendor) {
    case Vendor::UnlimCall:
        return QStringLiteral("UNLIMCALL_WEBHOOK_SECRETS");
    case Vendor::Outreach2day:
        return QStringLiteral("OUTREACH2DAY_WEBHOOK_SECRETS");
    case Vendor::Verloop:
    case Vendor::Unloopa:
        break;
    }
    return {};
}

EnvironmentWebhookSecrets::EnvironmentWebhookSecrets(const QProcessEnvironment &environment)
{
    for (Vendor vendor : {Vendor::UnlimCall, Vendor::Outreach2day}) {
        QByteArrayList secrets;
        for (const QString &part : environment.value(variableFor(vendor)).split(QLatin1Char(','))) {
            const QString secret = part.trimmed();
            if (!secret.isEmpty())
                secrets.append(secret.toUtf8());
        }
        m_secrets.insert(vendor, secrets);
    }
}

WebhookSecretSource::Lookup EnvironmentWebhookSecrets::secretsFor(Vendor vendor) const
{
    return {true, m_secrets.value(vendor), {}};
}

// ---------------------------------------------------------------------------------------------
// Keychain

QString KeychainWebhookSecrets::unlimCallAccount(const QString &hookId)
{
    return QStringLiteral("hook-") + hookId;
}

KeychainWebhookSecrets::KeychainWebhookSecrets(CredentialStore *keychain, const CdrStore *unlimCallHooks,
                                               const EmailActivityStore *outreach2dayHooks, QObject *parent)
    : QObject(parent),
      m_keychain(keychain),
      m_unlimCallHooks(unlimCallHooks),
      m_outreach2dayHooks(outreach2dayHooks),
      m_outreach2daySecrets(new WebhookSecrets(keychain, this))
{ }

KeychainWebhookSecrets::~KeychainWebhookSecrets() = default;

WebhookSecretSource::Lookup KeychainWebhookSecrets::secretsFor(Vendor vendor) const
{
    const VendorState state = m_state.value(vendor);
    if (!state.loaded)
        return {false,
                {},
                state.problem.isEmpty() ? tr("The webhook secrets are still being read from the keychain.")
                                        : state.problem};
    return {true, state.secrets, {}};
}

void KeychainWebhookSecrets::refresh(const QObject *context, std::function<void(std::optional<QString>)> done)
{
    if (done) {
        QPointer<const QObject> guard(context);
        m_waiting.append([guard, hasContext = context != nullptr, done](std::optional<QString> problem) {
            if (!hasContext || guard)
                done(problem);
        });
    }
    const quint64 generation = ++m_generation;
    m_pending = 2;

    // UnlimCall: one keychain entry per active hook; every entry is read, in hook order.
    QStringList hookIds;
    if (m_unlimCallHooks) {
        for (const CdrStore::Hook &hook : m_unlimCallHooks->hooks()) {
            if (hook.isActive())
                hookIds << hook.id;
        }
    }
    struct Gather
    {
        int left = 0;
        QByteArrayList secrets;
        QString problem;
    };
    auto unlimCall = std::make_shared<Gather>();
    unlimCall->left = int(hookIds.size());
    if (hookIds.isEmpty() || !m_keychain) {
        finishRefresh(generation, Vendor::UnlimCall, {true, {}, {}});
    } else {
        auto found = std::make_shared<QList<QByteArray>>(hookIds.size());
        for (int i = 0; i < hookIds.size(); ++i) {
            m_keychain->load(
                    Vendor::UnlimCall, unlimCallAccount(hookIds.at(i)), this,
                    [this, generation, unlimCall, found, i](const Result<VendorCredentials> &result) {
                        if (result.ok())
                            (*found)[i] = result.value().clientSecret;
                        else if (result.error().code != QLatin1String("keychain_entry_not_found"))
                            unlimCall->problem = result.error().explanation;
                        if (--unlimCall->left > 0)
                            return;
                        VendorState state;
                        state.loaded = unlimCall->problem.isEmpty();
                        state.problem = unlimCall->problem;
                        for (const QByteArray &secret : std::as_const(*found)) {
                            if (!secret.isEmpty())
                                state.secrets.append(secret);
                        }
                        finishRefresh(generation, Vendor::UnlimCall, state);
                    });
        }
    }

    // Outreach2day: each subscription's secret in force, then its previous one during the grace
    // period (WebhookSecrets decides).
    QList<EmailActivityStore::Hook> hooks;
    if (m_outreach2dayHooks) {
        for (const EmailActivityStore::Hook &hook : m_outreach2dayHooks->hooks()) {
            if (!hook.removedAt.isValid())
                hooks << hook;
        }
    }
    auto outreach = std::make_shared<Gather>();
    outreach->left = int(hooks.size());
    if (hooks.isEmpty() || !m_keychain) {
        finishRefresh(generation, Vendor::Outreach2day, {true, {}, {}});
        return;
    }
    auto accepted = std::make_shared<QList<QByteArrayList>>(hooks.size());
    for (int i = 0; i < hooks.size(); ++i) {
        m_outreach2daySecrets->acceptedSecrets(
                hooks.at(i).subscription.id, hooks.at(i).graceUntil, this,
                [this, generation, outreach, accepted, i](const Result<QStringList> &result) {
                    if (result.ok()) {
                        for (const QString &secret : result.value())
                            (*accepted)[i].append(secret.toUtf8());
                    } else if (result.error().code != QLatin1String("keychain_entry_not_found")) {
                        outreach->problem = result.error().explanation;
                    }
                    if (--outreach->left > 0)
                        return;
                    VendorState state;
                    state.loaded = outreach->problem.isEmpty();
                    state.problem = outreach->problem;
                    for (const QByteArrayList &secrets : std::as_const(*accepted))
                        state.secrets += secrets;
                    finishRefresh(generation, Vendor::Outreach2day, state);
                });
    }
}

void KeychainWebhookSecrets::finishRefresh(quint64 generation, Vendor vendor, VendorState state)
{
    if (generation != m_generation)
        return; // a newer refresh is under way
    // A failed refresh keeps what an earlier one read, unless nothing was ever read.
    if (state.loaded || !m_state.value(vendor).loaded)
        m_state.insert(vendor, state);
    if (--m_pending > 0)
        return;
    QString problem;
    for (const VendorState &s : std::as_const(m_state)) {
        if (!s.problem.isEmpty())
            problem = s.problem;
    }
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &done : waiting)
        done(problem.isEmpty() ? std::nullopt : std::optional<QString>(problem));
    Q_EMIT refreshed();
}

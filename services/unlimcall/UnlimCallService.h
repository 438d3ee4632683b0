#pragma once

#include "UnlimCallTypes.h"

#include "core/Result.h"
#include "core/VendorClient.h"

#include <QObject>
#include <QPointer>

#include <functional>

// UnlimCall's seven endpoints as typed calls over the one HTTP core. Every method delivers exactly
// one Result to `done` on `context` (nothing if `context` is gone) and returns the request in
// flight so a caller can abort() it (nullptr when it was refused before reaching the network).
//
// Two things are added on top of the plain requests:
//  - a 401 on any endpoint but /me is checked against /me: when /me works the token is fine but
//    lacks the endpoint's scope, and the error says so (code "missing_scope") instead of
//    blaming the token;
//  - with OAuth client credentials a read that meets a 401 is sent once more with a fresh token.
// POST /calls contacts a person: sent once under the outbound guard's clearance, never retried.
class UnlimCallService : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    struct CdrPage
    {
        int count = 0; // as the vendor reported it
        QList<UnlimCall::Cdr> calls;
    };

    static constexpr int maxCdrLimit = 1000; // docs: "Max rows. Default 100, max 1000."
    static constexpr qint64 maxCdrWindowMs = 31LL * 24 * 3600 * 1000; // docs: "within 31 days"

    explicit UnlimCallService(VendorClient *client, QObject *parent = nullptr);

    VendorClient *client() const { return m_client; }

    ApiReply *fetchMe(const QObject *context, Callback<UnlimCall::Me> done);
    ApiReply *fetchBalance(const QObject *context, Callback<UnlimCall::Balance> done);
    // One request: [fromMs, tillMs) with at most `limit` rows. CdrRetriever builds complete
    // windows out of these.
    ApiReply *fetchCdrs(qint64 fromMs, qint64 tillMs, int limit, const QObject *context,
                        Callback<CdrPage> done);
    // A glance at a /cdrs body before it is read (ApiReply::answered): the start of every record,
    // in the order listed, found without decoding the records. Nothing when the body is not laid
    // out as documented. Only a hint: the answer as read is what counts.
    static std::optional<QList<qint64>> glanceCdrStarts(QByteArrayView body);
    ApiReply *fetchAgents(const QObject *context, Callback<QList<UnlimCall::Agent>> done);
    // Contacts a person: sent only under `clearanceId`, the outbound guard's clearance for this
    // destination (OutboundGuard::clear; the HTTP core refuses it otherwise, code "not_cleared").
    // Refuses (with code "invalid_number"/"invalid_input", without sending) a request whose
    // numbers are not valid E.164 or whose agent id is not numeric.
    ApiReply *placeCall(const UnlimCall::CallRequest &request, const QString &clearanceId,
                        const QObject *context, Callback<UnlimCall::CallQueued> done);
    // Refuses (without sending) an unknown event or a target that is too long or not https (plain
    // http only to this computer while the service itself talks to a loopback API: the sandbox).
    ApiReply *createHook(const UnlimCall::HookRequest &request, const QObject *context,
                         Callback<UnlimCall::HookCreated> done);
    ApiReply *deleteHook(const QString &hookId, const QObject *context, Callback<Done> done);

    // Local checks shared with the forms (so a form can say what is wrong before sending).
    // Empty when fine, else a sentence.
    static QString callRequestProblem(const UnlimCall::CallRequest &request);
    // `apiBaseUrl`: the UnlimCall base URL in use (client()->baseUrl()); a loopback one (the
    // sandbox) lets a hook target a receiver on this computer over plain http.
    static QString hookRequestProblem(const UnlimCall::HookRequest &request, const QUrl &apiBaseUrl);

private:
    using RawCallback = std::function<void(const ApiResponse &)>;
    ApiReply *send(const ApiCall &call, const QString &scope, const QObject *context, RawCallback done,
                   bool isAuthRetry = false);
    void refuse(const QObject *context, std::function<void()> deliver);

    QPointer<VendorClient> m_client;
};

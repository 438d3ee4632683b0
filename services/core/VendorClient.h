#pragma once

#include "ApiCall.h"
#include "ApiError.h"
#include "Authenticator.h"
#include "RetryPolicy.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

#include <any>
#include <functional>
#include <memory>

class OutboundGate;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
class VendorClient;

// What came back for one ApiCall, after all retries.
struct ApiResponse
{
    int httpStatus = 0;
    QByteArray body;
    QJsonDocument json; // null when ApiCall::scan read the body
    std::any decoded; // ApiCall::scan's or ApiCall::decode's result for a successful JSON answer
    QList<QPair<QByteArray, QByteArray>> headers;
    ApiError error; // kind None on success
    int attempts = 0;

    bool ok() const { return !error.isError(); }
    QJsonObject object() const { return json.object(); }
    QByteArray header(const QByteArray &name) const;
};

Q_DECLARE_METATYPE(ApiResponse)

// One request in flight (Nextcloud's AbstractNetworkJob, qBittorrent's DownloadHandler): it owns
// its retries, timeout and error classification, and finishes exactly once. Deletes itself after
// finished() has been delivered.
class ApiReply : public QObject
{
    Q_OBJECT
public:
    ~ApiReply() override;

    const ApiCall &call() const { return m_call; }
    const ApiResponse &response() const { return m_response; }
    bool isFinished() const { return m_finished; }

    // Cancels the request; finished() follows with Kind::Cancelled (unless it already finished).
    void abort();

    // For a caller that goes on from answered() and needs finished() only later: a big answer is
    // then read once answers have stopped arriving for a moment (VendorClient::readWhenQuiet).
    // Set it before the answer arrives.
    void setReadWhenQuiet(bool readWhenQuiet) { m_readWhenQuiet = readWhenQuiet; }

Q_SIGNALS:
    void finished(const ApiResponse &response);
    // A big 2xx answer has arrived and is being read on a worker (or waits to be: see
    // setReadWhenQuiet): the request no longer occupies the vendor, finished() follows once it is
    // read. `body` is its raw text, for a caller that can act on a glance at it meanwhile
    // (finished() still brings the answer as read).
    void answered(const QByteArray &body);
    // A retry is scheduled after `delayMs` because of `reason` (shown to the operator).
    void retryScheduled(int nextAttempt, int delayMs, const ApiError &reason);
    void downloadProgress(qint64 received, qint64 total);
    // Bytes of the request body sent so far (big uploads: ApiCall::bodyFile).
    void uploadProgress(qint64 sent, qint64 total);

private:
    friend class VendorClient;
    ApiReply(VendorClient *client, ApiCall call);

    void start();
    void attempt();
    // A contacting call goes out only after the gate redeemed its clearance; false when it finished.
    bool cleared();
    void sendNow();
    void onNetworkFinished();
    // Logs, reports reachability, retries or finishes.
    void conclude(ApiResponse response);
    bool shouldRetry(const ApiError &error) const;
    void finish(ApiResponse response);

    QPointer<VendorClient> m_client;
    ApiCall m_call;
    ApiResponse m_response;
    QPointer<QNetworkReply> m_networkReply;
    QTimer *m_retryTimer = nullptr;
    QElapsedTimer m_sinceFirstAttempt;
    QElapsedTimer m_sinceSend;
    QUrl m_answeredUrl;
    int m_attempt = 0;
    bool m_finished = false;
    bool m_aborting = false;
    bool m_redeemed = false; // a contacting call's clearance was redeemed: its outcome is recorded
    bool m_readWhenQuiet = false;
};

// The one HTTP core: every vendor service sends its requests through a VendorClient configured
// with the vendor's base URL and authenticator. It enforces the URL policy, same-origin
// redirects, transfer timeouts, retries and error envelopes for all four vendors alike, and sends
// a call that contacts a person only under a clearance its OutboundGate redeems.
class VendorClient : public QObject
{
    Q_OBJECT
public:
    VendorClient(Vendor vendor, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~VendorClient() override;

    Vendor vendor() const { return m_vendor; }
    QNetworkAccessManager *network() const { return m_network; }

    void setBaseUrl(const QUrl &baseUrl);
    QUrl baseUrl() const { return m_baseUrl; }
    // The URL a call would go to (base URL + path + query).
    QUrl urlFor(const ApiCall &call) const;

    void setAuthenticator(std::shared_ptr<Authenticator> authenticator);
    Authenticator *authenticator() const { return m_authenticator.get(); }
    bool hasCredentials() const;

    void setRetryPolicy(const RetryPolicy &policy) { m_retryPolicy = policy; }
    const RetryPolicy &retryPolicy() const { return m_retryPolicy; }

    // The outbound guard every contacting call must be cleared by (README promise O1); not owned,
    // null uninstalls it. Without one, every contacting call finishes with ApiError::Kind::Local
    // "not_cleared" and nothing reaches the network.
    void setOutboundGate(OutboundGate *gate) { m_gate = gate; }
    OutboundGate *outboundGate() const { return m_gate; }

    // Starts the call. The reply finishes exactly once, possibly synchronously-queued (refused
    // URL, missing credentials) without touching the network.
    ApiReply *send(const ApiCall &call);

    // Starts the call and delivers the response to `onFinished` on `context`'s thread; nothing is
    // delivered if `context` is destroyed first.
    template<typename Functor>
    ApiReply *send(const ApiCall &call, const QObject *context, Functor &&onFinished)
    {
        ApiReply *reply = send(call);
        connect(reply, &ApiReply::finished, context, std::forward<Functor>(onFinished));
        return reply;
    }

    // Aborts every request in flight (shutdown, account removed).
    void abortAll();
    int inFlightCount() const { return int(m_inFlight.size()); }

Q_SIGNALS:
    // Any call of this client got an authentication failure: the status bar reacts.
    void authenticationFailed(const ApiError &error);
    // Any call reached the vendor (even with an error) or failed to: connection state.
    void reachabilityChanged(bool reachable, const ApiError &lastError);

private:
    friend class ApiReply;

    // Starts `read` (`reply`'s reading on a worker) once no other answer read this way has
    // arrived for kQuietMs, or kLatestMs after the oldest one waiting. Answers to requests sent
    // together arrive together, and their callers send the next requests on a glance at each:
    // on a 2-core machine, reading the first at once took the core those glances and requests
    // needed just then (each round trip of a CDR retrieval about 1 ms longer).
    void readWhenQuiet(ApiReply *reply, std::function<void()> read);
    void startQuietReads();

    Vendor m_vendor;
    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    std::shared_ptr<Authenticator> m_authenticator;
    RetryPolicy m_retryPolicy;
    OutboundGate *m_gate = nullptr;
    QSet<ApiReply *> m_inFlight;
    struct QuietRead
    {
        QPointer<ApiReply> reply;
        std::function<void()> read; // skips a reply that finished (was cancelled) meanwhile
    };
    QList<QuietRead> m_quietReads; // waiting for a quiet moment, oldest first
    QTimer *m_quietTimer = nullptr;
    QElapsedTimer m_oldestQuietRead;
};

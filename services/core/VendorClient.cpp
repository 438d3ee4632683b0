#include "VendorClient.h"

#include "ErrorCatalog.h"
#include "Logging.h"
#include "OutboundGate.h"
#include "Redaction.h"
#include "UrlPolicy.h"
#include "VendorEndpoints.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

QByteArray ApiResponse::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

namespace {

QString describe(const ApiCall &call, const QUrl &url)
{
    return QString::fromLatin1(call.method) + QLatin1Char(' ') + url.toString(QUrl::RemoveUserInfo);
}

ApiError transportError(Vendor vendor, ApiError::Kind kind, const QString &code, const QString &explanation)
{
    ApiError error;
    error.vendor = vendor;
    error.kind = kind;
    error.code = code;
    error.explanation = explanation;
    return error;
}

ApiError networkError(Vendor vendor, QNetworkReply *reply, int timeoutMs)
{
    const QString name = Vendors::displayName(vendor);
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return transportError(
                vendor, ApiError::Kind::Timeout, QStringLiteral("timeout"),
                QStringLiteral("%1 did not answer within %2 seconds. Check your connection; if it "
                               "works, %1 may be slow — try again later.")
                        .arg(name)
                        .arg(timeoutMs / 1000.0, 0, 'g', 3));
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::TooManyRedirectsError:
        return transportError(
                vendor, ApiError::Kind::Redirect, QStringLiteral("redirect_refused"),
                QStringLiteral("%1 redirected the request to another address. The console did not "
                               "follow it, so your key was not sent there. Check the base URL in "
                               "Settings.")
                        .arg(name));
    case QNetworkReply::HostNotFoundError:
        return transportError(
                vendor, ApiError::Kind::Network, QStringLiteral("host_not_found"),
                QStringLiteral("%1's server (%2) could not be found. Check your internet connection "
                               "and the base URL in Settings.")
                        .arg(name, reply->url().host()));
    case QNetworkReply::ConnectionRefusedError:
        return transportError(
                vendor, ApiError::Kind::Network, QStringLiteral("connection_refused"),
                QStringLiteral("%1's server refused the connection. It may be down; check the base "
                               "URL and try again later.")
                        .arg(name));
    case QNetworkReply::SslHandshakeFailedError:
        return transportError(
                vendor, ApiError::Kind::Network, QStringLiteral("tls_failed"),
                QStringLiteral("A secure connection to %1 could not be established (%2). Nothing was "
                               "sent.")
                        .arg(name, reply->errorString()));
    default:
        return transportError(
                vendor, ApiError::Kind::Network, QStringLiteral("network_error"),
                QStringLiteral("Could not reach %1: %2. Check your internet connection; the console "
                               "works offline with what it has stored.")
                        .arg(name, reply->errorString()));
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
ApiReply::ApiReply(VendorClient *client, ApiCall call)
    : QObject(client), m_client(client), m_call(std::move(call))
{ }

ApiReply::~ApiReply()
{
    if (m_networkReply) {
        m_networkReply->disconnect(this);
        m_networkReply->abort();
        m_networkReply->deleteLater();
    }
}

void ApiReply::start()
{
    m_sinceFirstAttempt.start();
    // Queued, so a caller can connect to finished() even when we finish without the network.
    QMetaObject::invokeMethod(this, &ApiReply::attempt, Qt::QueuedConnection);
}

bool ApiReply::cleared()
{
    if (!m_call.contacting || m_redeemed)
        return true;
    QString why;
    OutboundGate *gate = m_client->outboundGate();
    if (gate && !m_call.clearanceId.isEmpty() && gate->redeem(m_call, &why)) {
        m_redeemed = true;
        return true;
    }
    if (why.isEmpty())
        why = gate ? QStringLiteral("It carries no clearance from the outbound guard.")
                   : QStringLiteral("No outbound guard is installed.");
    ApiResponse response;
    response.error = ApiError::local(
            m_client->vendor(), QStringLiteral("not_cleared"),
            QStringLiteral("This request would contact a person and was not cleared by the outbound "
                           "guard, so nothing was sent. %1")
                    .arg(why));
    finish(response);
    return false;
}

void ApiReply::attempt()
{
    if (m_finished || !m_client)
        return;
    const Vendor vendor = m_client->vendor();
    ++m_attempt;
    // Before anything else, so that whatever follows (a refused URL, missing credentials, the
    // vendor's answer) is recorded as this clearance's outcome.
    if (!cleared())
        return;

    const QUrl url = m_client->urlFor(m_call);
    if (const auto refused = UrlPolicy::check(vendor, url)) {
        ApiResponse response;
        response.error = *refused;
        finish(response);
        return;
    }
    Authenticator *auth = m_client->authenticator();
    if (!auth || !auth->hasCredentials()) {
        ApiResponse response;
        response.error =
                transportError(vendor, ApiError::Kind::NotConfigured, QStringLiteral("not_configured"),
                               QStringLiteral("No %1 credentials are saved. Add them under Accounts.")
                                       .arg(Vendors::displayName(vendor)));
        finish(response);
        return;
    }
    auth->prepare(this, [this](std::optional<ApiError> problem) {
        if (m_finished)
            return;
        if (problem) {
            // Told apart and retried like the request's own answer: a refused OAuth client is an
            // authentication failure for the status bar, an unreachable token endpoint a network error.
            ApiResponse response;
            response.httpStatus = problem->httpStatus;
            response.error = *problem;
            conclude(std::move(response));
            return;
        }
        sendNow();
    });
}

void ApiReply::sendNow()
{
    const QUrl url = m_client->urlFor(m_call);
    QNetworkRequest request(url);
    // Qt 6.4 forwards Authorization across origins by default (README promise H2).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setTransferTimeout(m_call.timeoutMs);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "CampaignConsole/" CC_VERSION_STRING);
    if (!m_call.contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_call.contentType);
    for (const auto &header : std::as_const(m_call.headers))
        request.setRawHeader(header.first, header.second);
    m_client->authenticator()->authorize(request);

    qCDebug(lcHttp).noquote() << "->" << describe(m_call, url) << "attempt" << m_attempt;
    m_sinceSend.start();
    QNetworkAccessManager *network = m_client->network();
    if (!m_call.bodyFile.isEmpty()) {
        // Streamed from disk, opened afresh for every attempt (a retry re-reads it from the start)
        // and owned by the network reply, which is done with it when it finishes.
        auto *file = new QFile(m_call.bodyFile);
        if (!file->open(QIODevice::ReadOnly)) {
            ApiResponse response;
            response.error = ApiError::local(
                    m_client->vendor(), QStringLiteral("upload_file_unreadable"),
                    QStringLiteral("The file to upload (%1) could not be read: %2. Nothing was sent; "
                                   "prepare the upload again.")
                            .arg(QDir::toNativeSeparators(m_call.bodyFile), file->errorString()));
            delete file;
            finish(response);
            return;
        }
        m_networkReply = network->sendCustomRequest(request, m_call.method, file);
        file->setParent(m_networkReply);
    } else {
        m_networkReply = m_call.body.isEmpty() && m_call.method == "GET"
                ? network->get(request)
                : network->sendCustomRequest(request, m_call.method, m_call.body);
    }
    connect(m_networkReply, &QNetworkReply::finished, this, &ApiReply::onNetworkFinished);
    connect(m_networkReply, &QNetworkReply::downloadProgress, this, &ApiReply::downloadProgress);
    connect(m_networkReply, &QNetworkReply::uploadProgress, this, &ApiReply::uploadProgress);
}

namespace {

// Answers at least this big are parsed (and decoded) on a worker thread: a page of a thousand
// call records takes milliseconds to read, which the GUI thread should spend painting.
constexpr qsizetype kParseOffThreadBytes = 64 * 1024;

// The workers that read big answers leave a core to the network and GUI threads: answers to
// requests in flight side by side arrive together, and while every core was reading them, the
// requests sent on them waited for a core before they went out.
struct ParsePool : QThreadPool
{
    ParsePool() { setMaxThreadCount(qMax(1, QThread::idealThreadCount() - 1)); }
};
Q_GLOBAL_STATIC(ParsePool, readingPool) // as QThreadPool::globalInstance(): made on first use

QThreadPool *parsePool()
{
    return readingPool();
}

// Reads a 2xx body as JSON and decodes it with the call's decoder. Runs on any thread.
// What to do after an answer that cannot be read: a request that changed something, spent money
// or contacted someone may have done so, whatever the answer looked like.
QString unreadableAdvice(const ApiCall &call)
{
    if (call.spendsOrContacts)
        return QStringLiteral("It may have gone through: check before sending it again (it is never resent "
                              "automatically).");
    if (call.method != "GET" && call.method != "HEAD")
        return QStringLiteral("It may have been done: refresh before trying again.");
    return {};
}

void readJson(ApiResponse &response, const ApiCall &call, Vendor vendor)
{
    if (call.scan) {
        response.decoded = call.scan(response.body);
        if (response.decoded.has_value())
            return;
    }
    QJsonParseError parseError;
    response.json = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || response.json.isNull()) {
        response.error = ApiError::malformed(
                vendor, QStringLiteral("JSON the console can read (%1)").arg(parseError.errorString()),
                unreadableAdvice(call));
        return;
    }
    if (call.decode)
        response.decoded = call.decode(response.json);
}

} // namespace

void ApiReply::onNetworkFinished()
{
    QNetworkReply *reply = m_networkReply;
    if (!reply || m_finished)
        return;
    reply->deleteLater();
    m_networkReply = nullptr;
    const Vendor vendor = m_client ? m_client->vendor() : Vendor::Unloopa;
    m_answeredUrl = reply->url();

    ApiResponse response;
    response.attempts = m_attempt;
    // An aborted reply (abort() here, or Qt's transfer timeout) is already closed: it has no body
    // left, and reading it only makes QIODevice warn "device not open".
    if (reply->isOpen())
        response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    response.httpStatus = statusAttribute.isValid() ? statusAttribute.toInt() : 0;

    if (m_aborting) {
        response.error = transportError(vendor, ApiError::Kind::Cancelled, QStringLiteral("cancelled"),
                                        QStringLiteral("Cancelled."));
    } else if (response.httpStatus >= 400) {
        response.error =
                ErrorCatalog::fromHttpResponse(vendor, response.httpStatus, response.body, response.headers);
    } else if (reply->error() != QNetworkReply::NoError) {
        response.error = networkError(vendor, reply, m_call.timeoutMs);
    } else if (response.httpStatus >= 300) {
        response.error =
                transportError(vendor, ApiError::Kind::Redirect, QStringLiteral("redirect_refused"),
                               QStringLiteral("%1 redirected the request to another address. The console did "
                                              "not follow it, so your key was not sent there. Check the "
                                              "base URL in Settings.")
                                       .arg(Vendors::displayName(vendor)));
    } else if (m_call.expectJson && !response.body.trimmed().isEmpty()) {
        if (response.body.size() >= kParseOffThreadBytes) {
            // Concluded when the worker is done, unless abort() finished this reply meanwhile.
            auto *parsing = new QFutureWatcher<ApiResponse>(this);
            connect(parsing, &QFutureWatcher<ApiResponse>::finished, this, [this, parsing] {
                parsing->deleteLater();
                if (!m_finished)
                    conclude(parsing->result());
            });
            auto read = [this, parsing, response, call = m_call, vendor] {
                if (m_finished) // cancelled while the read waited: nothing to read for
                    return;
                parsing->setFuture(QtConcurrent::run(parsePool(), [response, call, vendor]() mutable {
                    readJson(response, call, vendor);
                    return response;
                }));
            };
            if (m_readWhenQuiet && m_client)
                m_client->readWhenQuiet(this, std::move(read));
            else
                read();
            Q_EMIT answered(response.body);
            return;
        }
        readJson(response, m_call, vendor);
    } else if (m_call.expectJson && response.httpStatus != 204) {
        response.error = ApiError::malformed(vendor, QStringLiteral("data (the answer was empty)"),
                                             unreadableAdvice(m_call));
    } else if (!m_call.expectJson && response.body.size() < kParseOffThreadBytes) {
        // Any body is accepted; one that happens to be JSON is still read (the audit log keeps
        // the vendor's id from it, callers read what it says).
        response.json = QJsonDocument::fromJson(response.body);
    }
    conclude(std::move(response));
}

void ApiReply::conclude(ApiResponse response)
{
    qCDebug(lcHttp).noquote() << "<-" << response.httpStatus << describe(m_call, m_answeredUrl) << "in"
                              << m_sinceSend.elapsed() << "ms"
                              << (response.ok() ? QString() : response.error.code);

    if (m_client) {
        const bool reachedVendor = response.httpStatus > 0;
        Q_EMIT m_client->reachabilityChanged(reachedVendor, response.error);
        if (response.error.isAuthFailure()) {
            if (Authenticator *auth = m_client->authenticator())
                auth->invalidate();
            Q_EMIT m_client->authenticationFailed(response.error);
        }
    }

    if (response.error.isError() && shouldRetry(response.error)) {
        const RetryPolicy &policy = m_client->retryPolicy();
        const int delay = response.error.retryAfterSeconds ? *response.error.retryAfterSeconds * 1000
                                                           : policy.backoffDelayMs(m_attempt);
        if (m_sinceFirstAttempt.elapsed() + delay <= policy.deadlineMs) {
            qCInfo(lcHttp).noquote() << "retrying" << describe(m_call, m_answeredUrl) << "in" << delay
                                     << "ms after" << response.error.code;
            Q_EMIT retryScheduled(m_attempt + 1, delay, response.error);
            if (!m_retryTimer) {
                m_retryTimer = new QTimer(this);
                m_retryTimer->setSingleShot(true);
                connect(m_retryTimer, &QTimer::timeout, this, &ApiReply::attempt);
            }
            m_retryTimer->start(delay);
            return;
        }
    }
    finish(std::move(response));
}

bool ApiReply::shouldRetry(const ApiError &error) const
{
    if (!m_client || m_aborting || !m_call.mayRetry())
        return false;
    const RetryPolicy &policy = m_client->retryPolicy();
    if (m_attempt >= policy.maxAttempts)
        return false;
    switch (error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
        return true;
    case ApiError::Kind::Vendor:
        if (error.isAuthFailure())
            return false; // 401 is never retried (H8)
        if (error.isRateLimit())
            return !error.retryAfterSeconds || *error.retryAfterSeconds <= policy.maxRetryAfterSeconds;
        return error.httpStatus >= 500 && error.httpStatus != 501;
    default:
        return false;
    }
}

void ApiReply::abort()
{
    if (m_finished)
        return;
    m_aborting = true;
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_networkReply) {
        m_networkReply->abort(); // finished() → onNetworkFinished() reports Cancelled
        return;
    }
    ApiResponse response;
    response.attempts = m_attempt;
    response.error =
            transportError(m_client ? m_client->vendor() : Vendor::Unloopa, ApiError::Kind::Cancelled,
                           QStringLiteral("cancelled"), QStringLiteral("Cancelled."));
    finish(response);
}

void ApiReply::finish(ApiResponse response)
{
    if (m_finished)
        return;
    m_finished = true;
    response.attempts = m_attempt;
    m_response = std::move(response);
    if (m_client)
        m_client->m_inFlight.remove(this);
    // In the audit log before anyone hears of the answer.
    if (m_redeemed && m_client && m_client->outboundGate())
        m_client->outboundGate()->recordOutcome(m_call, m_response);
    Q_EMIT finished(m_response);
    deleteLater();
}

// ---------------------------------------------------------------------------------------------
VendorClient::VendorClient(Vendor vendor, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent),
      m_vendor(vendor),
      m_network(network),
      m_baseUrl(VendorEndpoints::defaultBaseUrl(vendor))
{
    Q_ASSERT(network);
}

VendorClient::~VendorClient()
{
    abortAll();
    if (m_authenticator) {
        for (const QByteArray &secret : m_authenticator->secrets())
            Redaction::forgetSecret(secret);
    }
}

void VendorClient::readWhenQuiet(ApiReply *reply, std::function<void()> read)
{
    constexpr int kQuietMs = 3; // answers to requests sent together arrive within about 2 ms
    constexpr int kLatestMs = 20; // however busy the network, nothing waits longer
    if (!m_quietTimer) {
        m_quietTimer = new QTimer(this);
        m_quietTimer->setSingleShot(true);
        m_quietTimer->setTimerType(Qt::PreciseTimer);
        connect(m_quietTimer, &QTimer::timeout, this, &VendorClient::startQuietReads);
    }
    if (m_quietReads.isEmpty())
        m_oldestQuietRead.start();
    m_quietReads.append({reply, std::move(read)});
    m_quietTimer->start(int(qBound(qint64(0), kLatestMs - m_oldestQuietRead.elapsed(), qint64(kQuietMs))));
}

void VendorClient::startQuietReads()
{
    const QList<QuietRead> reads = std::exchange(m_quietReads, {});
    for (const QuietRead &pending : reads) {
        if (pending.reply) // not deleted meanwhile
            pending.read();
    }
}

void VendorClient::setBaseUrl(const QUrl &baseUrl)
{
    m_baseUrl = baseUrl;
}

QUrl VendorClient::urlFor(const ApiCall &call) const
{
    QUrl url = VendorEndpoints::join(m_baseUrl, call.path);
    if (!call.query.isEmpty())
        url.setQuery(call.query);
    return url;
}

void VendorClient::setAuthenticator(std::shared_ptr<Authenticator> authenticator)
{
    if (m_authenticator) {
        for (const QByteArray &secret : m_authenticator->secrets())
            Redaction::forgetSecret(secret);
    }
    m_authenticator = std::move(authenticator);
    if (m_authenticator) {
        for (const QByteArray &secret : m_authenticator->secrets())
            Redaction::registerSecret(secret);
    }
}

bool VendorClient::hasCredentials() const
{
    return m_authenticator && m_authenticator->hasCredentials();
}

ApiReply *VendorClient::send(const ApiCall &call)
{
    auto *reply = new ApiReply(this, call);
    m_inFlight.insert(reply);
    reply->start();
    return reply;
}

void VendorClient::abortAll()
{
    const QSet<ApiReply *> inFlight = m_inFlight;
    for (ApiReply *reply : inFlight)
        reply->abort();
}

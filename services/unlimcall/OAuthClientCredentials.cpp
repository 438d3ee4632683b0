#include "OAuthClientCredentials.h"

#include "core/Logging.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"

#include <QNetworkRequest>
#include <QUrlQuery>

namespace {

// The token endpoint authenticates the client with HTTP Basic (RFC 6749 §2.3.1).
class BasicAuthenticator final : public Authenticator
{
public:
    BasicAuthenticator(const QString &user, const QByteArray &password)
        : m_value("Basic " +
                  QByteArray(QUrl::toPercentEncoding(user) + ':' +
                             QUrl::toPercentEncoding(QString::fromUtf8(password)))
                          .toBase64())
    { }
    bool hasCredentials() const override { return true; }
    void authorize(QNetworkRequest &request) const override
    {
        request.setRawHeader("Authorization", m_value);
    }
    QList<QByteArray> secrets() const override { return {m_value}; }

private:
    QByteArray m_value;
};

// Seconds of slack (at most a tenth of the lifetime): a token this close to expiry is replaced
// before use, so a request never leaves with a token that expires on the way.
constexpr int expirySlackSeconds = 30;
constexpr int tokenRequestTimeoutMs = 20'000;

// The token client's base URL is the token URL's folder; the call's path is its last segment.
QUrl folderOf(const QUrl &url)
{
    QUrl folder = url;
    folder.setPath(url.path().left(url.path().lastIndexOf(QLatin1Char('/'))));
    folder.setQuery(QString());
    return folder;
}

QString lastSegmentOf(const QUrl &url)
{
    return url.path().mid(url.path().lastIndexOf(QLatin1Char('/')));
}

} // namespace

OAuthClientCredentials::OAuthClientCredentials(Config config, QNetworkAccessManager *network)
    : m_config(std::move(config)), m_owner(new QObject)
{
    Q_ASSERT(network);
    m_config.clientId = m_config.clientId.trimmed();
    m_config.clientSecret = m_config.clientSecret.trimmed();
    Redaction::registerSecret(m_config.clientSecret);
    m_tokenClient = new VendorClient(Vendor::UnlimCall, network, m_owner);
    m_tokenClient->setRetryPolicy(RetryPolicy::none()); // the request that needs the token retries
    m_tokenClient->setBaseUrl(folderOf(m_config.tokenUrl));
    m_tokenClient->setAuthenticator(
            std::make_shared<BasicAuthenticator>(m_config.clientId, m_config.clientSecret));
}

OAuthClientCredentials::~OAuthClientCredentials()
{
    delete m_owner;
    Redaction::forgetSecret(m_config.clientSecret);
    if (!m_accessToken.isEmpty())
        Redaction::forgetSecret(m_accessToken);
}

bool OAuthClientCredentials::hasCredentials() const
{
    return !m_config.clientId.isEmpty() && !m_config.clientSecret.isEmpty();
}

QDateTime OAuthClientCredentials::now() const
{
    return m_config.clock ? m_config.clock() : QDateTime::currentDateTimeUtc();
}

bool OAuthClientCredentials::hasToken() const
{
    return !m_accessToken.isEmpty() && now() < m_refreshAt;
}

void OAuthClientCredentials::prepare(QObject *context, std::function<void(std::optional<ApiError>)> ready)
{
    if (hasToken()) {
        ready(std::nullopt);
        return;
    }
    m_waiters.append({context, std::move(ready)});
    if (!m_fetching)
        fetchToken();
}

void OAuthClientCredentials::authorize(QNetworkRequest &request) const
{
    if (!m_accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_accessToken);
}

void OAuthClientCredentials::invalidate()
{
    if (!m_accessToken.isEmpty())
        Redaction::forgetSecret(m_accessToken);
    m_accessToken.clear();
    m_expiresAt = {};
    m_refreshAt = {};
}

QList<QByteArray> OAuthClientCredentials::secrets() const
{
    QList<QByteArray> list{m_config.clientSecret};
    if (!m_accessToken.isEmpty())
        list.append(m_accessToken);
    return list;
}

void OAuthClientCredentials::fetchToken()
{
    m_fetching = true;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    if (!m_config.scopes.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), m_config.scopes.join(QLatin1Char(' ')));
    ApiCall call;
    call.method = "POST";
    call.path = lastSegmentOf(m_config.tokenUrl);
    call.body = form.toString(QUrl::FullyEncoded).toLatin1();
    call.contentType = "application/x-www-form-urlencoded";
    call.timeoutMs = tokenRequestTimeoutMs;

    // Errors come explained by the error catalogue (RFC 6749 §5.2 codes: invalid_client, ...).
    m_tokenClient->send(call, m_owner, [this](const ApiResponse &response) {
        if (!response.ok()) {
            finishFetch(response.error);
            return;
        }
        acceptToken(response.object());
    });
}

void OAuthClientCredentials::acceptToken(const QJsonObject &answer)
{
    const QByteArray token = answer.value(QLatin1String("access_token")).toString().toUtf8();
    const QString type = answer.value(QLatin1String("token_type")).toString();
    if (token.isEmpty() ||
        (!type.isEmpty() && type.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)) {
        finishFetch(ApiError::malformed(Vendor::UnlimCall, QStringLiteral("a usable bearer token"),
                                        QStringLiteral("Check the OAuth token URL in Settings.")));
        return;
    }
    invalidate();
    m_accessToken = token;
    Redaction::registerSecret(m_accessToken);
    const int expiresIn = qMax(answer.value(QLatin1String("expires_in")).toInt(3600), 1);
    m_expiresAt = now().addSecs(expiresIn);
    m_refreshAt = m_expiresAt.addSecs(-qMin(expirySlackSeconds, expiresIn / 10));
    const QString scope = answer.value(QLatin1String("scope")).toString();
    m_grantedScopes = scope.isEmpty() ? m_config.scopes : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    ++m_tokensFetched;
    qCInfo(lcCredentials) << "UnlimCall OAuth token obtained; scopes" << m_grantedScopes << "expires in"
                          << expiresIn << "s";
    finishFetch(std::nullopt);
}

void OAuthClientCredentials::finishFetch(const std::optional<ApiError> &problem)
{
    m_fetching = false;
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.ready(problem);
    }
}

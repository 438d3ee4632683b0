#include "OAuthClientCredentials.h"

#include "core/Logging.h"
#include "core/Redaction.h"
#include "core/VendorClient.h"

#include <QNetworkAccessManager>
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

QString oauthExplanation(const QString &code)
{
    if (code == QLatin1String("invalid_client"))
        return QStringLiteral("UnlimCall did not accept the OAuth client ID or secret. Check both under "
                              "Accounts (they come from the UnlimCall portal's integrations page).");
    if (code == QLatin1String("invalid_scope"))
        return QStringLiteral(
                "UnlimCall refused one of the requested OAuth scopes for this client. Remove it "
                "under Accounts or allow it for the client in the portal.");
    if (code == QLatin1String("unauthorized_client"))
        return QStringLiteral("This OAuth client may not use the client-credentials grant. Enable it in the "
                              "UnlimCall portal.");
    if (code == QLatin1String("unsupported_grant_type") || code == QLatin1String("invalid_request"))
        return QStringLiteral("UnlimCall's token endpoint refused the request. Check the token URL under "
                              "Accounts.");
    return {};
}

} // namespace

OAuthClientCredentials::OAuthClientCredentials(Config config) : m_config(std::move(config))
{
    m_config.clientId = m_config.clientId.trimmed();
    m_config.clientSecret = m_config.clientSecret.trimmed();
    Redaction::registerSecret(m_config.clientSecret);
}

OAuthClientCredentials::~OAuthClientCredentials()
{
    delete m_owner;
    Redaction::forgetSecret(m_config.clientSecret);
    if (!m_accessToken.isEmpty())
        Redaction::forgetSecret(m_accessToken);
}

QUrl OAuthClientCredentials::defaultTokenUrl(const QUrl &apiBaseUrl)
{
    QUrl url = apiBaseUrl;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    for (const QLatin1String suffix : {QLatin1String("/api/v1"), QLatin1String("/v1")}) {
        if (path.endsWith(suffix)) {
            path.chop(suffix.size());
            break;
        }
    }
    url.setPath(path + QStringLiteral("/oauth/token"));
    url.setQuery(QString());
    return url;
}

bool OAuthClientCredentials::hasCredentials() const
{
    return !m_config.clientId.isEmpty() && !m_config.clientSecret.isEmpty();
}

bool OAuthClientCredentials::hasToken() const
{
    return !m_accessToken.isEmpty() && QDateTime::currentDateTimeUtc() < m_refreshAt;
}

void OAuthClientCredentials::prepare(QObject *context, std::function<void(std::optional<ApiError>)> ready)
{
    if (hasToken()) {
        ready(std::nullopt);
        return;
    }
    m_waiters.append({context, std::move(ready)});
    if (m_fetching)
        return;
    QUrl tokenUrl = m_config.tokenUrl;
    if (tokenUrl.isEmpty()) {
        // A request in flight is a child of the VendorClient that sends it.
        const auto *client = context ? qobject_cast<const VendorClient *>(context->parent()) : nullptr;
        if (client)
            tokenUrl = defaultTokenUrl(client->baseUrl());
    }
    if (!tokenUrl.isValid() || tokenUrl.isEmpty()) {
        finishFetch(ApiError::local(
                Vendor::UnlimCall, QStringLiteral("not_configured"),
                QStringLiteral("The UnlimCall OAuth token URL is not set. Set it under Accounts.")));
        return;
    }
    fetchToken(tokenUrl);
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

void OAuthClientCredentials::fetchToken(const QUrl &tokenUrl)
{
    m_fetching = true;
    if (m_tokenUrl != tokenUrl) { // first fetch, or the base URL changed
        delete m_owner;
        m_owner = nullptr;
        m_tokenUrl = tokenUrl;
    }
    if (!m_owner) {
        m_owner = new QObject;
        m_network = new QNetworkAccessManager(m_owner);
        m_tokenClient = new VendorClient(Vendor::UnlimCall, m_network, m_owner);
        m_tokenClient->setRetryPolicy(RetryPolicy::none());
        // The client is pointed at the token URL's folder; the call's path is its last segment.
        QUrl base = m_tokenUrl;
        QString path = base.path();
        const int slash = path.lastIndexOf(QLatin1Char('/'));
        base.setPath(path.left(slash));
        m_tokenClient->setBaseUrl(base);
        m_tokenClient->setAuthenticator(
                std::make_shared<BasicAuthenticator>(m_config.clientId, m_config.clientSecret));
    }

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    if (!m_config.scopes.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), m_config.scopes.join(QLatin1Char(' ')));
    ApiCall call;
    call.method = "POST";
    call.path = m_tokenUrl.path().mid(m_tokenUrl.path().lastIndexOf(QLatin1Char('/')));
    call.body = form.toString(QUrl::FullyEncoded).toLatin1();
    call.contentType = "application/x-www-form-urlencoded";
    call.timeoutMs = 20'000;

    m_tokenClient->send(call, m_owner, [this](const ApiResponse &response) {
        if (!response.ok()) {
            ApiError error = response.error;
            const QString explanation = oauthExplanation(error.code);
            if (!explanation.isEmpty())
                error.explanation = explanation;
            else if (error.kind == ApiError::Kind::Vendor)
                error.explanation = QStringLiteral("UnlimCall's OAuth token endpoint refused the client "
                                                   "credentials (HTTP %1). Check them under Accounts.")
                                            .arg(error.httpStatus);
            const QString description =
                    response.object().value(QLatin1String("error_description")).toString();
            if (!description.isEmpty())
                error.vendorMessage = description;
            finishFetch(error);
            return;
        }
        const QJsonObject object = response.object();
        const QByteArray token = object.value(QLatin1String("access_token")).toString().toUtf8();
        const QString type = object.value(QLatin1String("token_type")).toString();
        if (token.isEmpty() ||
            (!type.isEmpty() && type.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)) {
            ApiError error;
            error.vendor = Vendor::UnlimCall;
            error.kind = ApiError::Kind::Malformed;
            error.code = QStringLiteral("malformed_response");
            error.explanation = QStringLiteral("UnlimCall's token endpoint answered without a usable bearer "
                                               "token. Check the token URL under Accounts.");
            finishFetch(error);
            return;
        }
        invalidate();
        m_accessToken = token;
        Redaction::registerSecret(m_accessToken);
        const int expiresIn = object.value(QLatin1String("expires_in")).toInt(3600);
        m_expiresAt = QDateTime::currentDateTimeUtc().addSecs(qMax(expiresIn, 1));
        m_refreshAt = m_expiresAt.addSecs(-qMin(expirySlackSeconds, expiresIn / 10));
        const QString scope = object.value(QLatin1String("scope")).toString();
        m_grantedScopes =
                scope.isEmpty() ? m_config.scopes : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        ++m_tokensFetched;
        qCInfo(lcCredentials) << "UnlimCall OAuth token obtained; scopes" << m_grantedScopes << "expires in"
                              << expiresIn << "s";
        finishFetch(std::nullopt);
    });
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

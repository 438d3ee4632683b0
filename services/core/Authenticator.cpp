#include "Authenticator.h"

#include <QNetworkRequest>

void Authenticator::prepare(QObject *context, std::function<void(std::optional<ApiError>)> ready)
{
    Q_UNUSED(context);
    ready(std::nullopt);
}

TokenAuthenticator::TokenAuthenticator(Scheme scheme, QByteArray token)
    : m_scheme(scheme), m_token(std::move(token).trimmed())
{ }

bool TokenAuthenticator::hasCredentials() const
{
    return !m_token.isEmpty();
}

void TokenAuthenticator::authorize(QNetworkRequest &request) const
{
    if (m_token.isEmpty())
        return;
    request.setRawHeader("Authorization", m_scheme == Scheme::Bearer ? "Bearer " + m_token : m_token);
}

QList<QByteArray> TokenAuthenticator::secrets() const
{
    return m_token.isEmpty() ? QList<QByteArray>{} : QList<QByteArray>{m_token};
}

#include "VerloopCallbackTokens.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace {

constexpr int kTokenBytes = 32;
constexpr int kTokenLength = 43; // base64url of 32 bytes, without padding

} // namespace

VerloopCallbackTokens::VerloopCallbackTokens(Database *database) : m_db(database) { }

QList<Migration> VerloopCallbackTokens::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral("CREATE TABLE verloop_callback_tokens ("
                           " token_sha256 TEXT PRIMARY KEY," // hex; the token itself is never stored
                           " intent_id TEXT NOT NULL,"
                           " created_ms INTEGER NOT NULL)"),
            QStringLiteral(
                    "CREATE INDEX verloop_callback_tokens_intent ON verloop_callback_tokens(intent_id)")};
    return {v1};
}

QString VerloopCallbackTokens::generateToken()
{
    QByteArray bytes(kTokenBytes, Qt::Uninitialized);
    // QRandomGenerator::system(): the operating system's cryptographic generator.
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), kTokenBytes / 4);
    return QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool VerloopCallbackTokens::isWellFormed(QStringView token)
{
    if (token.size() != kTokenLength)
        return false;
    for (QChar c : token) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
              u == '_'))
            return false;
    }
    return true;
}

QString VerloopCallbackTokens::hashOf(const QString &token)
{
    return QString::fromLatin1(
            QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex());
}

VerloopCallbackTokens::Minted VerloopCallbackTokens::mint(const QString &intentId)
{
    Minted minted;
    const QString token = generateToken();
    minted.status = m_db->transaction([&]() -> StoreStatus {
        return m_db->exec(
                QStringLiteral("INSERT INTO verloop_callback_tokens (token_sha256, intent_id, created_ms)"
                               " VALUES (?, ?, ?)"),
                {hashOf(token), intentId, QDateTime::currentMSecsSinceEpoch()});
    });
    if (minted.status)
        minted.token = token;
    return minted;
}

std::optional<QString> VerloopCallbackTokens::intentFor(const QString &token, StoreStatus *status) const
{
    if (status)
        *status = {};
    if (!isWellFormed(token))
        return std::nullopt;
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT intent_id FROM verloop_callback_tokens WHERE token_sha256 = ?"));
    q.addBindValue(hashOf(token));
    if (StoreStatus s = m_db->exec(q); !s) {
        if (status)
            *status = s;
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return q.value(0).toString();
}

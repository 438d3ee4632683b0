#pragma once

#include "store/Database.h"

#include <QList>
#include <QString>

#include <optional>

// Verloop callbacks are unsigned, so the console makes each scheduled call's Callback.URL its own
// capability: /hooks/verloop/<token>, the token 32 bytes from the system's cryptographic generator
// in base64url (43 characters), minted with the call's saved intent id before Verloop returns a
// message_id. A callback whose token is unknown is refused (404). Only a SHA-256 of each token is
// stored (component "verloop_callbacks"), so the database alone cannot forge a callback.
class VerloopCallbackTokens
{
public:
    explicit VerloopCallbackTokens(Database *database);

    static QString component() { return QStringLiteral("verloop_callbacks"); }
    static QList<Migration> migrations();

    // A fresh token (not stored).
    static QString generateToken();
    // Well-formed: 43 base64url characters.
    static bool isWellFormed(QStringView token);

    // Mints and stores a token for `intentId`; the token, or the store's failure.
    struct Minted
    {
        QString token; // empty when it failed
        StoreStatus status;
    };
    Minted mint(const QString &intentId);
    // The intent a token was minted for; nullopt when unknown (or malformed) — or when the
    // database could not be read, which `status` (optional) then tells.
    std::optional<QString> intentFor(const QString &token, StoreStatus *status = nullptr) const;

private:
    static QString hashOf(const QString &token);

    Database *m_db;
};

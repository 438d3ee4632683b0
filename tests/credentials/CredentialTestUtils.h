#pragma once

#include "credentials/CredentialStore.h"

#include <QByteArray>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QStringList>
#include <QUuid>

// Shared by the credential tests: synchronous wrappers around the asynchronous store (no
// time limit: CTest's timeout catches a hang) and a scan of the throwaway HOME for secrets.
namespace CredentialTestUtils {

inline Result<VendorCredentials> load(CredentialStore &store, Vendor vendor,
                                      const QString &account = QStringLiteral("default"))
{
    std::optional<Result<VendorCredentials>> result;
    QEventLoop loop;
    store.load(vendor, account, &loop, [&](Result<VendorCredentials> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

inline std::optional<ApiError> save(CredentialStore &store, const VendorCredentials &credentials)
{
    bool finished = false;
    std::optional<ApiError> result;
    QEventLoop loop;
    store.save(credentials, &loop, [&](std::optional<ApiError> error) {
        result = std::move(error);
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

inline std::optional<ApiError> remove(CredentialStore &store, Vendor vendor,
                                      const QString &account = QStringLiteral("default"))
{
    bool finished = false;
    std::optional<ApiError> result;
    QEventLoop loop;
    store.remove(vendor, account, &loop, [&](std::optional<ApiError> error) {
        result = std::move(error);
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

// A token nobody else uses, so finding it somewhere can only mean we put it there.
inline QByteArray uniqueToken(const char *prefix)
{
    return QByteArray(prefix) + QUuid::createUuid().toByteArray(QUuid::Id128);
}

// Every test credential of every vendor, with fresh tokens.
inline QList<VendorCredentials> sampleCredentials(const QString &account = QStringLiteral("default"))
{
    VendorCredentials unloopa{Vendor::Unloopa, account, uniqueToken("unlpa_live_"), {}, {}, {}};
    VendorCredentials unlimcall{Vendor::UnlimCall, account, uniqueToken("unl_live_"), {}, {}, {}};
    VendorCredentials verloop{
            Vendor::Verloop, account, uniqueToken("vl_"), QStringLiteral("acme-sales"), {}, {}};
    VendorCredentials outreach{Vendor::Outreach2day, account, uniqueToken("ot2d_"), {},
                               QStringLiteral("42"), {}};
    return {unloopa, unlimcall, verloop, outreach};
}

// Files under `root` (recursively, hidden ones included) that contain any of `needles`, raw or
// base64-encoded, skipping everything under `excludedDir`.
inline QStringList filesContaining(const QString &root, const QList<QByteArray> &needles,
                                   const QString &excludedDir = {})
{
    QStringList hits;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!excludedDir.isEmpty() && path.startsWith(excludedDir + QLatin1Char('/')))
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue; // sockets, fifos
        const QByteArray content = file.readAll();
        for (const QByteArray &needle : needles) {
            if (content.contains(needle) || content.contains(needle.toBase64())) {
                hits.append(path);
                break;
            }
        }
    }
    return hits;
}

// Every file under `root` (recursively, hidden ones included).
inline QStringList allFiles(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

} // namespace CredentialTestUtils

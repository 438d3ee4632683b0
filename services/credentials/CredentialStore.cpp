#include "CredentialStore.h"

#include "KeychainStatus.h"
#include "core/Logging.h"

#include <qt6keychain/keychain.h>

#include <QAbstractEventDispatcher>
#include <QPointer>
#include <QThread>
#include <QTimer>

namespace {

// The Secret Service may still be starting when the console starts with the session (Nextcloud
// sees this too): one retry after a short pause.
constexpr int kRetryDelayMs = 500;

bool worthRetrying(QKeychain::Error error)
{
    return error == QKeychain::OtherError || error == QKeychain::NoBackendAvailable;
}

QString accountPhrase(Vendor vendor, const QString &account)
{
    return account == QLatin1String("default")
            ? Vendors::displayName(vendor)
            : QStringLiteral("%1 (account \"%2\")").arg(Vendors::displayName(vendor), account);
}

ApiError stateError(Vendor vendor, KeychainState state)
{
    const QString code = state == KeychainState::Locked ? QStringLiteral("keychain_locked")
                                                        : QStringLiteral("keychain_unavailable");
    return ApiError::local(vendor, code, explain(state));
}

// Turns a failed QtKeychain job into the console's error. QtKeychain 0.13 cannot tell a locked
// keyring or a missing Secret Service from other failures (README promise S2), so every failure
// that could be one of those asks the Secret Service first.
ApiError keychainError(Vendor vendor, const QString &account, QKeychain::Error error,
                       const QString &errorString)
{
    switch (error) {
    case QKeychain::NoError:
        break;
    case QKeychain::EntryNotFound: {
        const KeychainState state = probeKeychain();
        if (state == KeychainState::Locked || state == KeychainState::NoSecretService)
            return stateError(vendor, state);
        return ApiError::local(vendor, QStringLiteral("keychain_entry_not_found"),
                               QStringLiteral("No %1 credentials are stored in the keychain: add them on the "
                                              "Accounts page.")
                                       .arg(accountPhrase(vendor, account)));
    }
    case QKeychain::AccessDeniedByUser:
        return ApiError::local(
                vendor, QStringLiteral("keychain_access_denied"),
                QStringLiteral("Access to the keychain was refused. Allow Campaign Console to use the "
                               "keychain when it asks, then try again."));
    case QKeychain::AccessDenied: {
        // libsecret reports a locked collection as AccessDenied (SECRET_ERROR_IS_LOCKED).
        const KeychainState state = probeKeychain();
        if (state == KeychainState::Locked || state == KeychainState::NoSecretService)
            return stateError(vendor, state);
        return ApiError::local(
                vendor, QStringLiteral("keychain_access_denied"),
                QStringLiteral("The keychain refused access (%1). Check that your keyring is unlocked "
                               "and that Campaign Console may use it.")
                        .arg(errorString));
    }
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: {
        const KeychainState state = probeKeychain();
        if (state != KeychainState::Available && state != KeychainState::Unknown)
            return stateError(vendor, state);
        if (error != QKeychain::OtherError)
            return stateError(vendor, KeychainState::NoSecretService);
        break;
    }
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return ApiError::local(
            vendor, QStringLiteral("keychain_error"),
            QStringLiteral("The keychain reported an error: %1. Try again; if it keeps happening, "
                           "restart your keyring service.")
                    .arg(errorString));
}

// Runs a QtKeychain job to completion (with one retry when the backend may not be up yet) and
// hands the finished job to `finish`. Jobs have no parent and delete themselves: libsecret calls
// back into the job, so it must outlive the call even when the store or the context does not.
template<typename MakeJob>
void runJob(MakeJob makeJob, const QObject *context, std::function<void(QKeychain::Job *)> finish,
            int attempt = 0)
{
    QKeychain::Job *job = makeJob();
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // README promise S3: never a plaintext copy.
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [makeJob, context, finish = std::move(finish), attempt](QKeychain::Job *done) mutable {
                         if (attempt == 0 && worthRetrying(done->error())) {
                             qCInfo(lcCredentials)
                                     << "keychain not ready for" << done->key() << "- retrying once";
                             QTimer::singleShot(kRetryDelayMs, context,
                                                [makeJob, context, finish = std::move(finish)]() mutable {
                                                    runJob(makeJob, context, std::move(finish), 1);
                                                });
                             return;
                         }
                         finish(done);
                     });
    job->start();
}

// QtKeychain's libsecret backend (Linux outside KDE) delivers its results through the GLib main
// loop. With QT_NO_GLIB=1 Qt runs its own event loop and the result never arrives: say so
// instead of waiting forever.
std::optional<ApiError> eventLoopProblem(Vendor vendor)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    const QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(QThread::currentThread());
    if (dispatcher && !dispatcher->inherits("QEventDispatcherGlib") &&
        qgetenv("XDG_CURRENT_DESKTOP") != "KDE") {
        return ApiError::local(
                vendor, QStringLiteral("keychain_unavailable"),
                QStringLiteral("The keychain cannot answer because Campaign Console runs without the "
                               "GLib event loop (QT_NO_GLIB is set). Unset QT_NO_GLIB and start the "
                               "console again."));
    }
#else
    Q_UNUSED(vendor);
#endif
    return std::nullopt;
}

// Why a request for `account` cannot be served at all, or nothing.
std::optional<ApiError> refusal(Vendor vendor, const QString &account)
{
    if (!VendorCredentials::isValidAccountName(account))
        return ApiError::local(vendor, QStringLiteral("invalid_account"),
                               QStringLiteral("The account name must be 1 to 64 letters, digits or . _ - @ + "
                                              "characters."));
    return eventLoopProblem(vendor);
}

// Answers with `error` from the event loop, as a keychain job would (never re-entrantly).
template<typename Done>
void answerLater(const QObject *context, const ApiError &error, Done done)
{
    QTimer::singleShot(0, context, [error, done = std::move(done)] { done(error); });
}

const QObject *orFallback(const QObject *context, const QObject *fallback)
{
    Q_ASSERT_X(context, "CredentialStore", "a context object is required");
    return context ? context : fallback;
}

} // namespace

CredentialStore::CredentialStore(const QString &serviceName, QObject *parent)
    : QObject(parent), m_serviceName(serviceName)
{ }

QString CredentialStore::entryKey(Vendor vendor, const QString &account, const QString &serviceName)
{
    return serviceName + QLatin1Char('/') + Vendors::id(vendor) + QLatin1Char('/') + account;
}

void CredentialStore::load(Vendor vendor, const QString &account, const QObject *context,
                           std::function<void(Result<VendorCredentials>)> done)
{
    context = orFallback(context, this);
    if (const std::optional<ApiError> refused = refusal(vendor, account)) {
        answerLater(context, *refused, std::move(done));
        return;
    }
    const QString key = entryKey(vendor, account, m_serviceName);
    readEntry(
            vendor, account, context,
            [vendor, account, key, done = std::move(done)](Result<QByteArray> read) {
                if (!read) {
                    done(read.error());
                    return;
                }
                std::optional<VendorCredentials> credentials =
                        VendorCredentials::fromSecretBlob(vendor, account, read.value());
                if (!credentials) {
                    qCWarning(lcCredentials) << "entry" << key << "is not a credentials blob";
                    done(ApiError::local(
                            vendor, QStringLiteral("keychain_invalid_entry"),
                            QStringLiteral("The keychain entry %1 does not hold credentials this console can "
                                           "read. Enter the %2 credentials again on the Accounts page.")
                                    .arg(key, Vendors::displayName(vendor))));
                    return;
                }
                done(std::move(*credentials));
            });
}

void CredentialStore::save(const VendorCredentials &credentials, const QObject *context,
                           std::function<void(std::optional<ApiError>)> done)
{
    context = orFallback(context, this);
    const Vendor vendor = credentials.vendor;
    const QString invalid = credentials.validate();
    if (const std::optional<ApiError> refused = !invalid.isEmpty()
                ? ApiError::local(vendor, QStringLiteral("invalid_credentials"), invalid)
                : eventLoopProblem(vendor)) {
        answerLater(context, *refused, std::move(done));
        return;
    }
    const QString account = credentials.account;
    QPointer<CredentialStore> self(this);
    writeEntry(vendor, account, credentials.toSecretBlob(), EntryFormat::Text, context,
               [self, vendor, account, done = std::move(done)](std::optional<ApiError> error) {
                   if (!error && self)
                       Q_EMIT self->credentialsChanged(vendor, account);
                   done(error);
               });
}

void CredentialStore::remove(Vendor vendor, const QString &account, const QObject *context,
                             std::function<void(std::optional<ApiError>)> done)
{
    context = orFallback(context, this);
    if (const std::optional<ApiError> refused = refusal(vendor, account)) {
        answerLater(context, *refused, std::move(done));
        return;
    }
    QPointer<CredentialStore> self(this);
    deleteEntry(vendor, account, context,
                [self, vendor, account, done = std::move(done)](std::optional<ApiError> error) {
                    if (!error && self)
                        Q_EMIT self->credentialsChanged(vendor, account);
                    done(error);
                });
}

void CredentialStore::loadSecret(Vendor vendor, const QString &name, const QObject *context,
                                 std::function<void(Result<QByteArray>)> done)
{
    context = orFallback(context, this);
    if (const std::optional<ApiError> refused = refusal(vendor, name)) {
        answerLater(context, *refused, std::move(done));
        return;
    }
    const QString key = entryKey(vendor, name, m_serviceName);
    readEntry(vendor, name, context, [vendor, key, done = std::move(done)](Result<QByteArray> read) {
        if (!read && read.error().code == QLatin1String("keychain_entry_not_found")) {
            done(ApiError::local(vendor, read.error().code,
                                 QStringLiteral("The keychain holds no secret named %1.").arg(key)));
            return;
        }
        done(read);
    });
}

void CredentialStore::saveSecret(Vendor vendor, const QString &name, const QByteArray &secret,
                                 const QObject *context, std::function<void(std::optional<ApiError>)> done)
{
    context = orFallback(context, this);
    if (const std::optional<ApiError> refused = refusal(vendor, name)) {
        answerLater(context, *refused, std::move(done));
        return;
    }
    writeEntry(vendor, name, secret, EntryFormat::Binary, context, std::move(done));
}

void CredentialStore::removeSecret(Vendor vendor, const QString &name, const QObject *context,
                                   std::function<void(std::optional<ApiError>)> done)
{
    context = orFallback(context, this);
    if (const std::optional<ApiError> refused = refusal(vendor, name)) {
        answerLater(context, *refused, std::move(done));
        return;
    }
    deleteEntry(vendor, name, context, std::move(done));
}

void CredentialStore::readEntry(Vendor vendor, const QString &name, const QObject *context,
                                std::function<void(Result<QByteArray>)> done) const
{
    const QString key = entryKey(vendor, name, m_serviceName);
    const QString service = m_serviceName;
    auto makeJob = [service, key] {
        auto *job = new QKeychain::ReadPasswordJob(service);
        job->setKey(key);
        return job;
    };
    runJob(makeJob, context, [vendor, name, key, done = std::move(done)](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError) {
            const ApiError error = keychainError(vendor, name, job->error(), job->errorString());
            qCInfo(lcCredentials) << "reading" << key << "failed:" << error.code;
            done(error);
            return;
        }
        qCDebug(lcCredentials) << "read" << key;
        done(static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData());
    });
}

void CredentialStore::writeEntry(Vendor vendor, const QString &name, const QByteArray &data,
                                 EntryFormat format, const QObject *context,
                                 std::function<void(std::optional<ApiError>)> done) const
{
    const QString key = entryKey(vendor, name, m_serviceName);
    const QString service = m_serviceName;
    auto makeJob = [service, key, data, format] {
        auto *job = new QKeychain::WritePasswordJob(service);
        job->setKey(key);
        if (format == EntryFormat::Text)
            job->setTextData(QString::fromUtf8(data));
        else
            job->setBinaryData(data);
        return job;
    };
    runJob(makeJob, context, [vendor, name, key, done = std::move(done)](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError) {
            const ApiError error = keychainError(vendor, name, job->error(), job->errorString());
            qCInfo(lcCredentials) << "writing" << key << "failed:" << error.code;
            done(error);
            return;
        }
        qCInfo(lcCredentials) << "stored" << key;
        done(std::nullopt);
    });
}

void CredentialStore::deleteEntry(Vendor vendor, const QString &name, const QObject *context,
                                  std::function<void(std::optional<ApiError>)> done) const
{
    const QString key = entryKey(vendor, name, m_serviceName);
    const QString service = m_serviceName;
    auto makeJob = [service, key] {
        auto *job = new QKeychain::DeletePasswordJob(service);
        job->setKey(key);
        return job;
    };
    runJob(makeJob, context, [vendor, name, key, done = std::move(done)](QKeychain::Job *job) {
        std::optional<ApiError> error;
        if (job->error() != QKeychain::NoError)
            error = keychainError(vendor, name, job->error(), job->errorString());
        // Removing what is not there reaches the state the operator asked for.
        if (error && error->code == QLatin1String("keychain_entry_not_found"))
            error.reset();
        if (error) {
            qCInfo(lcCredentials) << "deleting" << key << "failed:" << error->code;
            done(error);
            return;
        }
        qCInfo(lcCredentials) << "deleted" << key;
        done(std::nullopt);
    });
}

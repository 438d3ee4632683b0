#include "Database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QUuid>

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <system_error>

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString nextConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("cc-db-%1").arg(++counter);
}

int nativeCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? code : -1;
}

// The same SQLite library as Qt's driver? Only then may the console step its connection with
// the C API. (On Debian Qt uses the system libsqlite3; where Qt bundles its own copy, QtSql.)
sqlite3 *sameLibraryHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *raw = *static_cast<sqlite3 *const *>(handle.constData());
    QSqlQuery q(db);
    if (!raw || !q.exec(QStringLiteral("SELECT sqlite_source_id()")) || !q.next())
        return nullptr;
    if (q.value(0).toString().toUtf8() != QByteArray(sqlite3_sourceid()))
        return nullptr;
    return raw;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// StoreStatus

QString StoreStatus::codeString() const
{
    switch (code) {
    case Code::Ok:
        return QStringLiteral("ok");
    case Code::OpenFailed:
        return QStringLiteral("open_failed");
    case Code::SqlError:
        return QStringLiteral("sql_error");
    case Code::Busy:
        return QStringLiteral("busy");
    case Code::MigrationFailed:
        return QStringLiteral("migration_failed");
    case Code::SchemaTooNew:
        return QStringLiteral("schema_too_new");
    case Code::Corrupt:
        return QStringLiteral("corrupt");
    case Code::Cancelled:
        return QStringLiteral("cancelled");
    case Code::IoError:
        return QStringLiteral("io_error");
    }
    return QStringLiteral("unknown");
}

QString StoreStatus::summary() const
{
    if (ok())
        return {};
    if (detail.isEmpty())
        return message;
    return message + QStringLiteral(" (") + detail + QLatin1Char(')');
}

ApiError StoreStatus::toApiError(Vendor vendor) const
{
    if (ok())
        return {};
    ApiError error = ApiError::local(vendor, codeString(), message);
    if (code == Code::Cancelled)
        error.kind = ApiError::Kind::Cancelled;
    return error;
}

StoreStatus StoreStatus::failure(Code code, const QString &message, const QString &detail)
{
    StoreStatus status;
    status.code = code;
    status.message = message;
    status.detail = detail;
    return status;
}

// ---------------------------------------------------------------------------------------------
// Database

Database::Database(QString path, Mode mode)
    : m_path(std::move(path)), m_mode(mode), m_connectionName(nextConnectionName())
{ }

Database::~Database()
{
    close();
}

QString Database::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
            .filePath(QStringLiteral("console.sqlite"));
}

StoreStatus Database::open()
{
    if (isOpen())
        return {};
    const QFileInfo info(m_path);
    if (m_mode == Mode::ReadOnly) {
        if (!info.exists())
            return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                        QStringLiteral("There is no local data yet at %1.").arg(m_path));
    } else if (!info.exists()) {
        // Create the file ourselves so it is owner-only from its first byte; SQLite gives the
        // -wal and -shm files the same permissions as the database.
        if (!QDir().mkpath(info.absolutePath()))
            return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                        QStringLiteral("Could not create the folder %1 for the local data.")
                                                .arg(info.absolutePath()));
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly))
            return StoreStatus::failure(
                    StoreStatus::Code::OpenFailed,
                    QStringLiteral("Could not create the local data file %1.").arg(m_path),
                    file.errorString());
    }

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs);
    if (m_mode == Mode::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    m_db.setConnectOptions(options);
    if (!m_db.open()) {
        const QString detail = m_db.lastError().text();
        close();
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("Could not open the local data file %1.").arg(m_path),
                                    detail);
    }
    if (StoreStatus status = applyPragmas(); !status) {
        close();
        status.code = StoreStatus::Code::OpenFailed;
        return status;
    }
    m_native = sameLibraryHandle(m_db);
    return {};
}

StoreStatus Database::applyPragmas()
{
    QSqlQuery q(m_db);
    // Reading the schema proves the file is a database (an arbitrary file fails here, not later).
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")))
        return sqlFailure(q,
                          QStringLiteral("The local data file %1 is not a readable database.").arg(m_path));
    q.finish();
    if (StoreStatus s = execSimple(QStringLiteral("PRAGMA busy_timeout = %1").arg(m_busyTimeoutMs)); !s)
        return s;
    if (StoreStatus s = execSimple(QStringLiteral("PRAGMA foreign_keys = ON")); !s)
        return s;
    if (m_mode == Mode::ReadOnly) {
        // Bulk reads (a million-row load) walk the file in index order: memory-mapped pages
        // save a pread() per page. SQLite caps the size at its compile-time maximum.
        if (StoreStatus s = execSimple(QStringLiteral("PRAGMA mmap_size = %1").arg(qint64(1) << 30)); !s)
            return s;
        return execSimple(QStringLiteral("PRAGMA query_only = ON"));
    }
    // A larger page cache for upserts into tables of a million rows (default is 2 MB).
    if (StoreStatus s = execSimple(QStringLiteral("PRAGMA cache_size = -32768")); !s)
        return s;

    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next())
        return sqlFailure(q, QStringLiteral("Could not switch the local data to write-ahead logging."));
    const QString journal = q.value(0).toString();
    q.finish();
    if (journal.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("The local data cannot use write-ahead logging."),
                                    QStringLiteral("journal_mode is %1").arg(journal));
    // FULL: a commit that returned is on disk, even in WAL mode (README promise D1).
    return execSimple(QStringLiteral("PRAGMA synchronous = FULL"));
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    m_native = nullptr;
    QSqlDatabase::removeDatabase(m_connectionName);
    m_transactionDepth = 0;
}

bool Database::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

QSqlQuery Database::query() const
{
    return QSqlQuery(m_db);
}

void Database::setBusyTimeout(int msecs)
{
    m_busyTimeoutMs = qMax(0, msecs);
    if (isOpen())
        execSimple(QStringLiteral("PRAGMA busy_timeout = %1").arg(m_busyTimeoutMs));
}

StoreStatus Database::sqlFailure(const QSqlQuery &query, const QString &what) const
{
    const QSqlError error = query.lastError();
    QString detail = error.text().trimmed();
    const QString statement = query.lastQuery().simplified();
    if (!statement.isEmpty())
        detail += QStringLiteral(" — in: ") + statement.left(200);
    return sqliteFailure(nativeCode(error), what, detail);
}

StoreStatus Database::sqliteFailure(int sqliteCode, const QString &what, const QString &detail)
{
    switch (sqliteCode < 0 ? -1 : (sqliteCode & 0xff)) { // primary code: low byte of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return StoreStatus::failure(
                StoreStatus::Code::Busy,
                QStringLiteral("The local data is busy (another console or tool holds a lock). "
                               "Try again."),
                detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return StoreStatus::failure(
                StoreStatus::Code::Corrupt,
                QStringLiteral("The local data file is damaged. Restore a backup or let the "
                               "console download the data again."),
                detail);
    case SQLITE_FULL:
        return StoreStatus::failure(
                StoreStatus::Code::IoError,
                QStringLiteral("The disk is full: nothing was saved. Free some space and try "
                               "again."),
                detail);
    default:
        return StoreStatus::failure(StoreStatus::Code::SqlError, what, detail);
    }
}

StoreStatus Database::execSimple(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return sqlFailure(q, QStringLiteral("Saving to the local data failed."));
    return {};
}

StoreStatus Database::exec(QSqlQuery &query)
{
    if (!query.exec())
        return sqlFailure(query, QStringLiteral("Saving to the local data failed."));
    return {};
}

StoreStatus Database::exec(const QString &sql, const QVariantList &bindValues)
{
    if (!isOpen())
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("The local data is not open."));
    QSqlQuery q(m_db);
    if (!q.prepare(sql))
        return sqlFailure(q, QStringLiteral("Saving to the local data failed."));
    for (int i = 0; i < bindValues.size(); ++i)
        q.bindValue(i, bindValues.at(i));
    return exec(q);
}

StoreStatus Database::transaction(const std::function<StoreStatus()> &work)
{
    if (!isOpen())
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("The local data is not open."));
    const int depth = m_transactionDepth;
    const QString savepoint = QStringLiteral("cc_sp_%1").arg(depth);
    // IMMEDIATE takes the write lock up front, so a busy database fails here (after the busy
    // timeout) rather than half-way through the batch.
    if (StoreStatus s = execSimple(depth == 0 ? QStringLiteral("BEGIN IMMEDIATE")
                                              : QStringLiteral("SAVEPOINT ") + savepoint);
        !s)
        return s;
    ++m_transactionDepth;
    StoreStatus result = work();
    --m_transactionDepth;
    if (result) {
        result = execSimple(depth == 0 ? QStringLiteral("COMMIT") : QStringLiteral("RELEASE ") + savepoint);
        if (result)
            return result;
    }
    if (depth == 0) {
        execSimple(QStringLiteral("ROLLBACK"));
    } else {
        execSimple(QStringLiteral("ROLLBACK TO ") + savepoint);
        execSimple(QStringLiteral("RELEASE ") + savepoint);
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Migrations

void Database::registerMigrations(const QString &component, const QList<Migration> &migrations)
{
    for (Component &existing : m_components) {
        if (existing.name == component) {
            existing.migrations += migrations;
            return;
        }
    }
    m_components.append({component, migrations});
}

int Database::schemaVersion(const QString &component) const
{
    if (!isOpen())
        return 0;
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("SELECT version FROM schema_versions WHERE component = ?")))
        return 0; // no table yet
    q.addBindValue(component);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

StoreStatus Database::migrate()
{
    if (!isOpen())
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("The local data is not open."));
    if (StoreStatus s = execSimple(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_versions ("
                                                  "component TEXT PRIMARY KEY NOT NULL, "
                                                  "version INTEGER NOT NULL)"));
        !s)
        return s;

    for (const Component &component : std::as_const(m_components)) {
        int previous = 0;
        for (const Migration &m : component.migrations) {
            if (m.version <= previous)
                return StoreStatus::failure(
                        StoreStatus::Code::MigrationFailed,
                        QStringLiteral("The %1 schema steps are out of order (version %2 after %3).")
                                .arg(component.name)
                                .arg(m.version)
                                .arg(previous));
            previous = m.version;
        }
        const int current = schemaVersion(component.name);
        if (current > previous)
            return StoreStatus::failure(
                    StoreStatus::Code::SchemaTooNew,
                    QStringLiteral("The local data (%1) was written by a newer version of the "
                                   "console (schema %2 > %3). Update the console.")
                            .arg(component.name)
                            .arg(current)
                            .arg(previous));

        for (const Migration &m : component.migrations) {
            if (m.version <= current)
                continue;
            const StoreStatus status = transaction([&]() -> StoreStatus {
                for (const QString &statement : m.statements) {
                    QSqlQuery q(m_db);
                    if (!q.exec(statement))
                        return sqlFailure(q, QString());
                }
                if (m.apply) {
                    QString error;
                    if (!m.apply(m_db, &error))
                        return StoreStatus::failure(StoreStatus::Code::SqlError, QString(), error);
                }
                return exec(QStringLiteral("INSERT INTO schema_versions(component, version) VALUES (?, ?) "
                                           "ON CONFLICT(component) DO UPDATE SET version = excluded.version"),
                            {component.name, m.version});
            });
            if (!status)
                return StoreStatus::failure(
                        StoreStatus::Code::MigrationFailed,
                        QStringLiteral("Updating the local data (%1, step %2) failed; nothing "
                                       "was changed by that step.")
                                .arg(component.name)
                                .arg(m.version),
                        status.detail);
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Checks and backups

StoreStatus Database::integrityCheck()
{
    if (!isOpen())
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("The local data is not open."));
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return sqlFailure(q, QStringLiteral("The local data could not be checked."));
    QStringList problems;
    while (q.next()) {
        const QString line = q.value(0).toString();
        if (line != QLatin1String("ok") && problems.size() < 10)
            problems << line;
    }
    if (problems.isEmpty())
        return {};
    return StoreStatus::failure(StoreStatus::Code::Corrupt,
                                QStringLiteral("The local data file is damaged. Restore a backup or let the "
                                               "console download the data again."),
                                problems.join(QStringLiteral("; ")));
}

StoreStatus Database::backupTo(const QString &targetPath)
{
    if (!isOpen())
        return StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                    QStringLiteral("The local data is not open."));
    if (m_transactionDepth > 0)
        return StoreStatus::failure(StoreStatus::Code::SqlError,
                                    QStringLiteral("A backup cannot run inside a transaction."));
    const QFileInfo target(targetPath);
    const QString temp = target.absoluteDir().filePath(
            QStringLiteral(".%1.%2.tmp").arg(target.fileName(), QUuid::createUuid().toString(QUuid::Id128)));
    const auto fail = [&](const QString &message, const QString &detail) {
        QFile::remove(temp);
        return StoreStatus::failure(StoreStatus::Code::IoError, message, detail);
    };
    {
        // VACUUM INTO accepts an existing empty file: create it owner-only first.
        QFile file(temp);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly))
            return fail(QStringLiteral("Could not write the backup %1.").arg(targetPath), file.errorString());
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(temp);
    if (!q.exec())
        return fail(QStringLiteral("Could not write the backup %1.").arg(targetPath), q.lastError().text());
    q.finish();
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(temp.toStdU16String()),
                            std::filesystem::path(target.absoluteFilePath().toStdU16String()), ec);
    if (ec)
        return fail(QStringLiteral("Could not write the backup %1.").arg(targetPath),
                    QString::fromStdString(ec.message()));
    return {};
}

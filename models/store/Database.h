#pragma once

#include "core/ApiError.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>

struct sqlite3;

// The outcome of a local data operation (store, loader, exporter). Default-constructed = success.
// Features that report through the HTTP core's error type convert with toApiError(vendor).
struct StoreStatus
{
    enum class Code {
        Ok,
        OpenFailed, // the file could not be created/opened (permissions, disk, not a database)
        SqlError, // a statement failed (constraint, syntax, disk full, I/O error)
        Busy, // another connection held the lock longer than the busy timeout
        MigrationFailed, // a schema migration failed and was rolled back
        SchemaTooNew, // the file was written by a newer console (unknown migration versions)
        Corrupt, // integrity_check reported problems
        Cancelled, // the operator (or shutdown) cancelled the work
        IoError, // a file outside SQLite (backup target, export) could not be written
    };

    Code code = Code::Ok;
    QString message; // a whole sentence an operator can act on
    QString detail; // driver text / failing statement, for logs (never contains bound values)

    bool ok() const { return code == Code::Ok; }
    explicit operator bool() const { return ok(); }
    // Stable machine code: "ok", "open_failed", "sql_error", "busy", "migration_failed",
    // "schema_too_new", "corrupt", "cancelled", "io_error".
    QString codeString() const;
    // "message (detail)" for logs and the status bar.
    QString summary() const;
    ApiError toApiError(Vendor vendor) const;

    static StoreStatus failure(Code code, const QString &message, const QString &detail = {});
};
Q_DECLARE_METATYPE(StoreStatus)

// One schema step of one component. Statements run in order (QtSql runs one statement per exec),
// then `apply` if set; all of it inside one transaction together with the version bump.
struct Migration
{
    int version = 0; // > 0, strictly increasing within a component
    QStringList statements;
    std::function<bool(QSqlDatabase &db, QString *error)> apply; // optional, for data rewrites
};

// The console's memory: one SQLite file opened through QtSql's QSQLITE driver (README promise D1).
//
//   Database db;                         // default path under AppLocalDataLocation
//   db.registerMigrations(QStringLiteral("leads"), LeadStore::migrations());
//   db.registerMigrations(QStringLiteral("cdrs"), CdrStore::migrations());
//   if (StoreStatus s = db.open(); !s) ...            // creates the file 0600, sets the pragmas
//   if (StoreStatus s = db.migrate(); !s) ...         // pending migrations, one transaction each
//   db.transaction([&]() -> StoreStatus {             // one transaction per batch
//       PreparedStatement insert(db, QStringLiteral("INSERT ..."));   // bulk writes
//       for (...) { insert.bindText(0, ...); if (StoreStatus e = insert.exec(); !e) return e; }
//       return {};
//   });
//
// Pragmas on every connection: journal_mode=WAL, synchronous=FULL, foreign_keys=ON,
// busy_timeout. A QSqlDatabase connection belongs to the thread that opened it: a Database is
// used on one thread only. For reads on a worker thread, construct a second Database there with
// Mode::ReadOnly on the same path (RecordTableLoader does this); WAL lets it read while the
// writer commits.
//
// Not a QObject and not copyable; destroying it closes and removes its connection.
class Database
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    explicit Database(QString path = defaultPath(), Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // <AppLocalDataLocation>/console.sqlite (the directory is created on open()).
    static QString defaultPath();

    // Opens (creating the file owner-only, 0600, when it does not exist) and applies the pragmas.
    // A ReadOnly database never creates the file.
    StoreStatus open();
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    Mode mode() const { return m_mode; }
    QString connectionName() const { return m_connectionName; }
    // The QtSql connection, for QSqlQuery on this thread.
    QSqlDatabase connection() const { return m_db; }
    // A query bound to this connection.
    QSqlQuery query() const;
    // The connection's sqlite3 handle when Qt's driver uses the same SQLite library as the
    // console (Debian's system libsqlite3), so hot loops may step it with the C API
    // (PreparedStatement, RecordTableLoader); nullptr otherwise (use QtSql then).
    sqlite3 *nativeHandle() const { return m_native; }
    // Milliseconds a statement waits for a lock before failing with Code::Busy (default 5000).
    void setBusyTimeout(int msecs);

    // Runs `work` in one transaction: BEGIN IMMEDIATE ... COMMIT when it returns success,
    // ROLLBACK (and its status is returned) otherwise. Nested calls become SAVEPOINTs, so a
    // helper that opens its own transaction composes with a caller's. When this returns success
    // the data is on disk (WAL + synchronous=FULL): only then report "saved".
    StoreStatus transaction(const std::function<StoreStatus()> &work);
    bool inTransaction() const { return m_transactionDepth > 0; }

    // Executes a prepared (and bound) query; failures become a StoreStatus with the statement.
    StoreStatus exec(QSqlQuery &query);
    // Prepares, binds positionally and executes one statement.
    StoreStatus exec(const QString &sql, const QVariantList &bindValues = {});
    // A failed statement as a StoreStatus: SQLite's (extended) result code decides the kind
    // (busy, corrupt, disk full, other), `detail` is the driver text and statement.
    static StoreStatus sqliteFailure(int sqliteCode, const QString &what, const QString &detail);

    // Per-component schema versions, so features add migrations without colliding.
    // Register before migrate(); components migrate in registration order.
    void registerMigrations(const QString &component, const QList<Migration> &migrations);
    // Applies every pending migration, each in its own transaction together with its
    // schema_versions row. Stops at the first failure (rolled back, MigrationFailed with the
    // component, version and SQL error). SchemaTooNew when the file has a version this build
    // does not know. Table: schema_versions(component TEXT PRIMARY KEY, version INTEGER).
    StoreStatus migrate();
    // 0 when the component has never been migrated.
    int schemaVersion(const QString &component) const;

    // PRAGMA integrity_check: Ok, or Corrupt with the first problems in `detail`.
    StoreStatus integrityCheck();
    // A consistent copy with VACUUM INTO (README promise D2), written to a temporary name next to
    // `targetPath`, made 0600, then renamed over it: a failed backup leaves the old one intact.
    StoreStatus backupTo(const QString &targetPath);

private:
    StoreStatus applyPragmas();
    StoreStatus sqlFailure(const QSqlQuery &query, const QString &what) const;
    StoreStatus execSimple(const QString &sql);

    struct Component
    {
        QString name;
        QList<Migration> migrations;
    };

    QString m_path;
    Mode m_mode;
    QString m_connectionName;
    QSqlDatabase m_db;
    sqlite3 *m_native = nullptr;
    int m_busyTimeoutMs = 5000;
    int m_transactionDepth = 0;
    QList<Component> m_components;
};

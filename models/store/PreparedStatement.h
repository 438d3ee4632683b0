#pragma once

#include "store/Database.h"

#include <QByteArray>
#include <QString>
#include <QStringEncoder>
#include <QStringView>

#include <memory>
#include <optional>
#include <vector>

struct sqlite3_stmt;

// One statement prepared once and run many times: the bulk writes of the stores (a million call
// records). Values go straight to SQLite's C API on the Database's own connection — no QVariant,
// no per-value allocation (text is encoded to UTF-8 into buffers kept per parameter) — which
// costs a fraction of QSqlQuery's per-row overhead. Where Qt's driver brings its own SQLite
// (Database::nativeHandle() is null) it runs through QSqlQuery instead, with the same results.
//
//   db.transaction([&]() -> StoreStatus {
//       PreparedStatement insert(db, QStringLiteral("INSERT INTO t(id, n) VALUES (?, ?)"));
//       for (const Item &item : items) {
//           insert.bindText(0, item.id);
//           insert.bindInt64(1, item.n);
//           if (StoreStatus s = insert.exec(); !s)
//               return s;
//       }
//       return insert.status();   // a statement that failed to prepare reports it here too
//   });
//
// Indexes are 0-based, as QSqlQuery's. Bound values stay bound until replaced. Durability is the
// Database's: the rows are committed (and on disk) when its transaction() returns success.
// Used on the Database's thread only, and destroyed before the Database is closed.
class PreparedStatement
{
public:
    PreparedStatement(Database &db, const QString &sql);
    ~PreparedStatement();
    PreparedStatement(const PreparedStatement &) = delete;
    PreparedStatement &operator=(const PreparedStatement &) = delete;

    // Ok once prepared; otherwise why not (then exec() returns the same).
    const StoreStatus &status() const { return m_status; }

    void bindInt64(int index, qint64 value);
    // A null string binds SQL NULL, an empty one '' (as QSqlQuery does).
    void bindText(int index, QStringView text);
    void bindNull(int index);

    // Runs the statement once with the values bound.
    StoreStatus exec();

private:
    StoreStatus failure(int code) const;

    QString m_sql;
    sqlite3_stmt *m_stmt = nullptr;
    std::unique_ptr<QSqlQuery> m_fallback; // Qt's driver has its own SQLite copy
    std::vector<QByteArray> m_utf8; // one buffer per parameter (bound SQLITE_STATIC)
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
    StoreStatus m_status;
};

#include "PreparedStatement.h"

#include <QSqlError>

#include <sqlite3.h>

namespace {

const QString kWriteFailed = QStringLiteral("Saving to the local data failed.");

} // namespace

PreparedStatement::PreparedStatement(Database &db, const QString &sql) : m_sql(sql)
{
    if (!db.isOpen()) {
        m_status = StoreStatus::failure(StoreStatus::Code::OpenFailed,
                                        QStringLiteral("The local data is not open."));
        return;
    }
    if (sqlite3 *handle = db.nativeHandle()) {
        const QByteArray utf8 = sql.toUtf8();
        const int rc = sqlite3_prepare_v3(handle, utf8.constData(), int(utf8.size()),
                                          SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
        if (rc != SQLITE_OK) {
            m_status =
                    Database::sqliteFailure(sqlite3_extended_errcode(handle), kWriteFailed,
                                            QString::fromUtf8(sqlite3_errmsg(handle)) +
                                                    QStringLiteral(" — in: ") + sql.simplified().left(200));
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
            return;
        }
        m_utf8.resize(size_t(sqlite3_bind_parameter_count(m_stmt)));
        return;
    }
    m_fallback = std::make_unique<QSqlQuery>(db.connection());
    if (!m_fallback->prepare(sql)) {
        const QSqlError error = m_fallback->lastError();
        m_status = Database::sqliteFailure(error.nativeErrorCode().toInt(), kWriteFailed,
                                           error.text() + QStringLiteral(" — in: ") +
                                                   sql.simplified().left(200));
    }
}

PreparedStatement::~PreparedStatement()
{
    sqlite3_finalize(m_stmt);
}

void PreparedStatement::bindInt64(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index + 1, value);
    else if (m_fallback)
        m_fallback->bindValue(index, value);
}

void PreparedStatement::bindText(int index, QStringView text)
{
    if (text.isNull()) {
        bindNull(index);
        return;
    }
    if (m_fallback) {
        m_fallback->bindValue(index, text.toString());
        return;
    }
    if (!m_stmt || index < 0 || size_t(index) >= m_utf8.size())
        return;
    // The buffer only grows, so after the first rows no value allocates; SQLite reads it during
    // the next step (SQLITE_STATIC), before it is overwritten.
    QByteArray &buffer = m_utf8[size_t(index)];
    const qsizetype needed = text.size() * 3;
    if (buffer.size() < needed)
        buffer.resize(needed);
    char *begin = buffer.data();
    const char *end = m_encoder.appendToBuffer(begin, text);
    sqlite3_bind_text(m_stmt, index + 1, begin, int(end - begin), SQLITE_STATIC);
}

void PreparedStatement::bindNull(int index)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index + 1);
    else if (m_fallback)
        m_fallback->bindValue(index, QVariant(QMetaType(QMetaType::QString)));
}

StoreStatus PreparedStatement::exec()
{
    if (!m_status)
        return m_status;
    if (m_fallback) {
        if (m_fallback->exec())
            return {};
        const QSqlError error = m_fallback->lastError();
        return Database::sqliteFailure(error.nativeErrorCode().toInt(), kWriteFailed,
                                       error.text() + QStringLiteral(" — in: ") +
                                               m_sql.simplified().left(200));
    }
    const int rc = sqlite3_step(m_stmt);
    // Reset keeps the bindings; its own return code repeats the step's, so it is ignored.
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(m_stmt);
        return {};
    }
    const StoreStatus status = failure(rc);
    sqlite3_reset(m_stmt);
    return status;
}

StoreStatus PreparedStatement::failure(int code) const
{
    sqlite3 *handle = sqlite3_db_handle(m_stmt);
    const int extended = handle ? sqlite3_extended_errcode(handle) : code;
    const QString message = handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QString();
    return Database::sqliteFailure(extended, kWriteFailed,
                                   message + QStringLiteral(" — in: ") + m_sql.simplified().left(200));
}

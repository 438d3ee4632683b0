#pragma once

#include "table/ColumnStorage.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVariant>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The cell types of the one table machinery. Storage per type (no per-cell heap objects):
//   Integer   int64                          Real      double
//   Money     int64 minor units (cents) + ISO 4217 currency (per row from a Category column,
//             or fixed per column)
//   DateTime  int64 msecs since epoch, UTC   Duration  int64 seconds
//   Bool      uint8
//   Text      UTF-8 in one arena per column + (offset, length) per row
//   Phone     like Text; holds E.164 ("+14155550100") as the features normalise it
//   Category  dictionary-encoded low-cardinality text (countries, dispositions, cities,
//             currencies, SIP users): uint32 code per row
// Every column can hold nulls (a bitmap allocated on the first null).
enum class ColumnType : quint8 { Integer, Real, Money, DateTime, Duration, Bool, Text, Phone, Category };

// One column's description. Build with the factory and chain the modifiers:
//   ColumnSpec::make(ColumnType::Money, QStringLiteral("sellPriceCents"), tr("Cost"))
//           .withCurrencyColumn(QStringLiteral("currency"))
struct ColumnSpec
{
    QString key; // stable: persisted layouts, machine-profile CSV header, loader SQL column name
    QString title; // what the operator reads in the header and the spreadsheet CSV header
    ColumnType type = ColumnType::Text;
    bool visible = true; // shown by default
    bool searchable = true; // included in the free-text filter (Text, Phone, Category only)
    QString currencyKey; // Money: key of a Category column holding the ISO code of each row
    QString currency; // Money: fixed ISO code when currencyKey is empty
    int decimals = 2; // Real: digits shown
    QString toolTip; // header tool tip

    static ColumnSpec make(ColumnType type, const QString &key, const QString &title);
    ColumnSpec &hidden()
    {
        visible = false;
        return *this;
    }
    ColumnSpec &notSearchable()
    {
        searchable = false;
        return *this;
    }
    ColumnSpec &withCurrencyColumn(const QString &categoryKey)
    {
        currencyKey = categoryKey;
        return *this;
    }
    ColumnSpec &withCurrency(const QString &isoCode)
    {
        currency = isoCode;
        return *this;
    }
    ColumnSpec &withDecimals(int digits)
    {
        decimals = digits;
        return *this;
    }
    ColumnSpec &withToolTip(const QString &text)
    {
        toolTip = text;
        return *this;
    }

    bool isTextual() const
    {
        return type == ColumnType::Text || type == ColumnType::Phone || type == ColumnType::Category;
    }
    bool isNumeric() const { return !isTextual() && type != ColumnType::Bool; }
};

// The columns of a table and which one identifies a row (for upserts). Cheap to copy.
class RecordSchema
{
public:
    RecordSchema() = default;
    // idKey: key of the id column (Integer, Text or Phone) used to de-duplicate rows; empty = none.
    explicit RecordSchema(QList<ColumnSpec> columns, const QString &idKey = {});

    int columnCount() const { return int(m_columns.size()); }
    const ColumnSpec &column(int index) const { return m_columns.at(index); }
    const QList<ColumnSpec> &columns() const { return m_columns; }
    // -1 when no column has that key.
    int indexOf(QStringView key) const;
    int idColumn() const { return m_idColumn; }
    // For a Money column: the Category column holding its currency, or -1 (fixed currency).
    int currencyColumn(int moneyColumn) const { return m_currencyColumns.at(moneyColumn); }
    // Columns with visible = true, in definition order.
    QList<int> defaultVisibleColumns() const;
    // Text/Phone/Category columns with searchable = true.
    QList<int> searchableColumns() const;

private:
    QList<ColumnSpec> m_columns;
    QList<int> m_currencyColumns;
    int m_idColumn = -1;
};

// A column store: the data of one table, no Qt model. Rows are appended (in batches), cells are
// typed, and rows with the same id are upserted by merge(). Not thread-safe: build a batch on a
// worker thread, hand it to the GUI thread, merge it there (RecordTableModel::mergeRows()).
//
//   RecordTable batch(schema);
//   for (const Cdr &c : cdrs) {
//       const int r = batch.appendRow();
//       batch.setText(r, kId, c.id);
//       batch.setDateTime(r, kStart, c.start.toMSecsSinceEpoch());
//       batch.setText(r, kCountry, c.country);          // Text, Phone and Category alike
//       batch.setMoney(r, kCost, c.sellPriceCents);
//   }
//   model->mergeRows(std::move(batch));
//
// appendRow() does not de-duplicate (the last row with an id wins in findRow()); merge() does.
// Setters and getters check the column type with Q_ASSERT only (they are on the hot path).
class RecordTable
{
public:
    RecordTable() = default;
    explicit RecordTable(const RecordSchema &schema);
    RecordTable(const RecordTable &other);
    RecordTable &operator=(const RecordTable &other);
    RecordTable(RecordTable &&other) noexcept;
    RecordTable &operator=(RecordTable &&other) noexcept;
    ~RecordTable();

    const RecordSchema &schema() const { return m_schema; }
    int rowCount() const { return m_rowCount; }
    int columnCount() const { return m_schema.columnCount(); }
    ColumnType columnType(int column) const { return m_schema.column(column).type; }

    void reserve(int rows);
    void clear();
    // A new row with every cell null; returns its index.
    int appendRow();

    // --- writing (the row must exist)
    void setNull(int row, int column);
    void setInteger(int row, int column, qint64 value);
    void setReal(int row, int column, double value);
    void setMoney(int row, int column, qint64 minorUnits);
    void setDateTime(int row, int column, qint64 msecsSinceEpochUtc);
    void setDuration(int row, int column, qint64 seconds);
    void setBool(int row, int column, bool value);
    // Text, Phone and Category cells; an empty string is stored as empty, not null.
    void setText(int row, int column, QStringView text);
    void setText(int row, int column, const QString &text) { setText(row, column, QStringView(text)); }
    void setTextUtf8(int row, int column, QByteArrayView utf8);
    // Slow convenience: converts by column type (QDateTime, numbers, strings, invalid = null).
    void setValue(int row, int column, const QVariant &value);

    // --- reading
    bool isNull(int row, int column) const;
    // Integer, Money (minor units), DateTime (msecs), Duration (seconds), Bool (0/1),
    // Category (dictionary code). 0 for null.
    qint64 integer(int row, int column) const;
    double real(int row, int column) const;
    // Text, Phone, Category: the UTF-8 bytes (valid until the table is next modified).
    QByteArrayView utf8(int row, int column) const;
    QString text(int row, int column) const;
    // ISO code of a Money cell (from its currency column, or the column's fixed currency).
    QString currency(int row, int moneyColumn) const;
    // Raw typed value: qint64 / double / bool / QDateTime (UTC) / QString; invalid for null.
    QVariant value(int row, int column) const;

    // --- categories
    int categoryCount(int column) const;
    QString categoryText(int column, quint32 code) const; // cached QString
    QByteArrayView categoryUtf8(int column, quint32 code) const;
    quint32 categoryCode(int row, int column) const { return quint32(integer(row, column)); }
    // The distinct values of a Category column, sorted for display (filter combo boxes).
    QStringList categoryValues(int column) const;
    // -1 when the value never occurs.
    qint64 findCategory(int column, QByteArrayView utf8) const;

    // --- ids and upserts
    // Row holding that id, or -1 (needs an id column in the schema). May index rows appended
    // since the last lookup: call it on the thread that owns the table, not from a worker.
    int findRow(qint64 id) const;
    int findRow(QByteArrayView utf8Id) const;
    int findRow(QStringView id) const;

    struct MergeResult
    {
        int firstAppended = 0; // rows [firstAppended, rowCount()) are new
        int appended = 0;
        std::vector<int> updated; // existing rows overwritten by the batch, ascending
    };
    // Upsert: each batch row whose id already exists overwrites that row; the others are
    // appended in batch order. Without an id column every row is appended. Same schema required.
    MergeResult merge(const RecordTable &batch);

    // Approximate heap bytes held (columns, arenas, dictionaries, id index).
    size_t memoryUsage() const;
    // Releases spare capacity (after a bulk load).
    void squeeze();

    // Internal column storage; read-only access for the sort/filter/export hot paths.
    // Column storage (ColumnStorage.h: chunked, never moved by appends). Read-only access for
    // hot loops (sort, filter, export, totals): index with the table row.
    struct Column
    {
        ColumnType type = ColumnType::Text;
        ChunkedArray<qint64> ints; // Integer, Money, DateTime, Duration
        ChunkedArray<double> reals; // Real
        ChunkedArray<quint8> bools; // Bool
        ChunkedArray<quint32> codes; // Category
        ChunkedArray<quint64> spans; // Text, Phone: spans into `arena`
        TextArena arena; // Text, Phone bytes
        size_t garbage = 0; // arena bytes no longer referenced (after overwrites)
        std::vector<quint64> nulls; // one bit per row, set = null (bit row % 64 of word row / 64)
        // Category dictionary: stable strings (deque never moves them), lookup by view.
        std::deque<std::string> dict;
        std::vector<QString> dictText;
        std::unordered_map<std::string_view, quint32> dictIndex;

        bool isNull(int row) const { return nulls[size_t(row) >> 6] & (quint64(1) << (row & 63)); }
        // Text/Phone cell bytes (empty for null).
        QByteArrayView textAt(int row) const { return arena.view(spans[size_t(row)]); }
    };
    const Column &columnData(int column) const { return m_columns[size_t(column)]; }

    static constexpr int kMaxTextLength = (1 << 24) - 1; // longer text is truncated

private:
    void setNullBit(Column &c, int row, bool null);
    quint32 internCategory(Column &c, std::string_view utf8);
    void storeText(Column &c, int row, QByteArrayView utf8);
    void compactArena(Column &c);
    // Open-addressing id index: slots hold row + 1, 0 = empty.
    quint64 hashId(int row) const;
    bool idEquals(int row, qint64 id) const;
    bool idEquals(int row, QByteArrayView id) const;
    void indexInsert(int row, bool knownNew = false);
    void ensureIndexed() const; // indexes rows appended since the last lookup
    int probe(const std::vector<qint32> &slots, quint64 hash, qint64 intId, QByteArrayView textId) const;
    void placeInIndex(int row);
    void migrateIndex(size_t steps);
    int indexFind(quint64 hash, qint64 intId, QByteArrayView textId) const;

    RecordSchema m_schema;
    std::vector<Column> m_columns;
    int m_rowCount = 0;
    std::vector<qint32> m_idSlots;
    std::vector<qint32> m_oldSlots; // the previous, smaller index while it is migrated
    size_t m_migratedSlots = 0;
    std::vector<quint32> m_idHashes; // per indexed row: its id's hash (rebuilds without rehashing)
    size_t m_idCount = 0;
    int m_indexedRows = 0; // rows [0, m_indexedRows) are in the id index
};

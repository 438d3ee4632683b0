#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>

// A contacts CSV as the console prepares it for Outreach2day: a preview read from the head of the
// file only (instant and flat in memory whatever the file's size), a proposed mapping of its
// columns to contact fields, and the multipart body streamed to a temporary file with the header
// rewritten to the mapped field names (the direct import endpoint takes no mapping). Rows that
// fail the local checks (no or invalid email) are left out and reported with their line.
// Parsing follows Csv::read (RFC 4180, BOM, CRLF), one record at a time.
namespace ContactCsv {

struct Preview
{
    QString problem; // cannot be opened, empty, unterminated quote (with its line)
    QStringList header;
    QList<QStringList> rows; // at most the requested number
    QList<int> lineNumbers; // the file's line where each row starts
    qint64 fileSize = 0;
    qint64 bytesRead = 0; // how much of the file the preview read (its head, a chunk at a time)
};
// Reads the header and the first `maxRows` records only.
Preview preview(const QString &path, int maxRows = 20);

// The contact fields the console maps to: "email" first, then firstName, lastName, company,
// title, phone, website, city, country. Any other name is kept as a custom field.
QStringList knownFields();
// column → field for each column (an empty field: the column is not imported). Matches names
// loosely ("E-mail", "first_name", "First Name", "org", "Organisation", "role", "job title").
QMap<QString, QString> proposeMapping(const QStringList &header);
// Why a mapping cannot be used, in words (no column mapped to email, two columns to one field),
// or empty.
QString mappingProblem(const QStringList &header, const QMap<QString, QString> &mapping);

struct RowError
{
    int line = 0; // 1-based line of the file where the record starts
    QString column;
    QString value;
    QString message; // "not an email address"
    QString source; // "local" or "outreach2day"
};

struct BodyResult
{
    QString problem; // I/O or parse failure: nothing may be sent
    qint64 rows = 0; // records written
    QList<RowError> errors; // records left out
    QByteArray sha256; // hex SHA-256 of the source file's bytes
    QStringList emails; // lower-cased addresses written (for the do-not-contact check)
    QList<int> lines; // the file's line of each record written, in order (maps a vendor's row back)
};

// Streams `csvPath` into `outPath` as a multipart/form-data body with `boundary`: optional
// text parts first (`fields`, e.g. campaignId for POST /imports), then the part "file". With
// `rewriteHeader` the file's header is replaced by the mapped field names and unmapped columns
// are dropped (direct import); without it the file goes as it is (staged import: the vendor maps).
// `progress(bytesRead, fileSize)` may return false to cancel (problem "cancelled").
BodyResult writeMultipart(const QString &csvPath, const QString &outPath, const QByteArray &boundary,
                          const QMap<QString, QString> &mapping, bool rewriteHeader,
                          const QList<QPair<QString, QString>> &fields,
                          const std::function<bool(qint64, qint64)> &progress = {});

// The vendor's per-row errors (the document shows "errors": [...] without their shape): each
// object's row number, column/field, value/email and message/error/reason, source "outreach2day".
// `row` counts the data rows of the file sent (1 = the first after the header) and is mapped back
// to the operator's file through `sentLines` (BodyResult::lines): rows left out locally shift it.
QList<RowError> vendorRowErrors(const QJsonArray &errors, const QList<int> &sentLines);

// SHA-256 (hex) of a file, streamed.
QByteArray fileSha256(const QString &path, QString *problem = nullptr);
// The Idempotency-Key of one logical import (README promise H9): the same campaign, file content
// and mapping give the same key, so a re-run after a crash reuses it. "o2d-imp-<hex>".
QString idempotencyKey(const QString &campaignId, const QByteArray &fileSha256,
                       const QMap<QString, QString> &mapping);
// The mapping as the console sends and stores it: {"column": "field"} with unmapped columns left
// out, keys sorted (compact JSON).
QByteArray mappingJson(const QMap<QString, QString> &mapping);
// Per-row errors as CSV (line, column, value, message, source) through the one exporter.
bool exportErrors(const QList<RowError> &errors, const QString &path, QString *problem);

} // namespace ContactCsv

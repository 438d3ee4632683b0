#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// A CSV upload as the simulated vendors read it (RFC 4180: quoted fields with "" escapes and
// line breaks, CRLF or LF, a UTF-8 BOM skipped, blank lines ignored). The sandbox cannot use the
// console's own reader (models/ sits above services/), and a vendor's parser is its own anyway.
struct SandboxCsv
{
    struct Record
    {
        int line = 0; // 1-based line of the upload where the record starts
        QStringList fields;
    };
    QStringList header;
    QList<Record> records; // after the header
    QString problem; // empty when the whole upload parsed (else: what and on which line)

    static SandboxCsv parse(const QByteArray &data);
};

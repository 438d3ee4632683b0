#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QList>
#include <QPair>

// Turns what a vendor sent back into the console's one error type, and every documented error
// code into a sentence that says what happened and what to do next.
namespace ErrorCatalog {
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

// Parses the vendor's error envelope (any shape; tolerant of junk) from an HTTP error response.
ApiError fromHttpResponse(Vendor vendor, int httpStatus, const QByteArray &body, const RawHeaders &headers);

// The plain-words explanation for a vendor code. Falls back to a sentence built from the HTTP
// status when the code is unknown.
QString explain(Vendor vendor, const QString &code, int httpStatus);

// Every code this catalogue knows for a vendor (the tests check each has its own sentence).
QList<QString> knownCodes(Vendor vendor);
} // namespace ErrorCatalog

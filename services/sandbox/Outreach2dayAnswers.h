#pragma once

#include "SandboxServer.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// What the Outreach2day public API reference leaves open, chosen once here:
// - Errors: {"error": code, "message": text, "detail": {...}} (SandboxServer::error) with
//     400 invalid_json        the body is not a JSON object
//     400 invalid_field       a field is missing, of the wrong type or out of its documented
//                             range; the message names it and detail.field holds its path
//                             ("variants[1].weight", "limit", "mapping.org")
//     404 not_found           no such campaign, step, mailbox link, import or launch job
//     409 invalid_state       a lifecycle action or launch from a state that does not allow it
//                             (detail.status: the campaign's state), a mapping confirmed twice
//     409 already_exists      a mailbox attached twice to one campaign
//     413 payload_too_large   a direct import above Outreach2dayContacts::maxDirectImportBytes
//                             (use POST /imports)
//     415 unsupported_media_type  an import that is not multipart/form-data
//     422 preflight_failed    launch while preflight has blocking failures
//                             (detail.blockingFailures)
//     422 idempotency_key_reused  an Idempotency-Key sent again with another campaign or file
// - Successes: 201 with the resource for POST /campaigns, steps, mailboxes and POST /imports;
//   202 for an async launch; 204 for DELETE; 200 otherwise. Lists answer {"items": [...]}.
// - Idempotency-Key (imports): the same key with the same campaign and file content (the
//   multipart boundary does not count) answers the first answer again, with the header
//   Idempotent-Replayed: true, and changes nothing. Only successful answers are kept.
// - Direct import counts: parsed = data rows, valid/invalid by email, upserted = valid rows
//   written, imported = contacts that did not exist before. A contact is keyed by its email
//   (case-insensitive) within a campaign; errors: [{"row","line","field","value","message"}].
// - Launch: `limit` and `async` in the query. A launch takes the next `limit` pending contacts
//   (a tranche); a later launch of the active campaign takes the next one.
//
// This file is that one place: the answers above, and the readers of a request's fields that
// refuse with them (absent fields keep the caller's value).
namespace O2dAnswers {

SandboxResponse fieldError(const QString &field, const QString &message); // 400 invalid_field
SandboxResponse notFound(const QString &what, const QString &id); // 404 not_found
SandboxResponse invalidState(const QString &status, const QString &message); // 409 invalid_state
SandboxResponse invalidJson(); // 400 invalid_json
SandboxResponse error(int status, const QString &code, const QString &message,
                      const QJsonObject &detail = {});

// An integer within [minimum, maximum]; not an integer or outside: 400 naming `field`.
bool readInt(const QJsonObject &object, const QString &key, const QString &field, qint64 minimum,
             qint64 maximum, qint64 *value, SandboxResponse *refused);
bool readInt(const QJsonObject &object, const QString &key, const QString &field, int minimum, int maximum,
             int *value, SandboxResponse *refused);
// A string (null counts as absent); another type: 400 naming `field`.
bool readString(const QJsonObject &object, const QString &key, const QString &field, QString *value,
                SandboxResponse *refused);
// true or false; another type: 400 naming `key`.
bool readBool(const QJsonObject &object, const QString &key, bool *value, SandboxResponse *refused);

bool isEmail(const QString &text);
QString iso(const QDateTime &time); // "2026-03-09T10:00:00Z"
QDateTime now(); // UTC, whole seconds, as the API's timestamps

} // namespace O2dAnswers

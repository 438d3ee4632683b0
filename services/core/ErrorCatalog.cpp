#include "ErrorCatalog.h"

#include "RetryPolicy.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace ErrorCatalog {

namespace {

using Table = QHash<QString, QString>;

const Table &unloopaTable()
{
    static const Table table{
            {QStringLiteral("unauthorized"),
             QStringLiteral("The Unloopa API key is missing or invalid. Copy a current key (it starts with "
                            "unlpa_live_) from your Unloopa dashboard and save it under Accounts.")},
            {QStringLiteral("invalid_input"),
             QStringLiteral(
                     "Unloopa rejected the request as invalid. Check the highlighted values and try again.")},
            {QStringLiteral("not_found"),
             QStringLiteral("Unloopa has no such record. It may have been deleted; refresh the list.")},
            {QStringLiteral("plan_required"),
             QStringLiteral("This needs Unloopa's Pro plan. Upgrade with the link below, then try again.")},
            {QStringLiteral("insufficient_credits"),
             QStringLiteral("Your Unloopa account is out of voice credits. Buy credits with one of the links "
                            "below, then try again.")},
            {QStringLiteral("quota_exceeded"),
             QStringLiteral("Your Unloopa quota for this period is used up. It resets at the time shown; "
                            "upgrading raises the limit.")},
            {QStringLiteral("rate_limited"),
             QStringLiteral("Unloopa is asking us to slow down. Wait the time shown, then try again.")},
            {QStringLiteral("setup_required"),
             // Outreach email needs a connected email account; voice calls and campaigns need a
             // phone number and a voice agent (the reference's voice prerequisites).
             QStringLiteral(
                     "Something must be set up in Unloopa first. To send outreach email, connect an email "
                     "account at the setup link. To place voice calls or run voice campaigns, buy a phone "
                     "number and create a voice agent (Unloopa Voice page). Then try again.")},
            {QStringLiteral("limit_reached"),
             QStringLiteral(
                     "You have reached Unloopa's limit for this item (3 phone numbers, 3 voice agents). "
                     "Release a number or delete an agent first, then try again.")},
            {QStringLiteral("invalid_state"),
             QStringLiteral(
                     "That action is not possible in the campaign's current state: it can be activated "
                     "from draft or paused, paused or triggered only while active, and its settings "
                     "changed only in draft or paused. Refresh to see its state.")},
            {QStringLiteral("internal_error"),
             QStringLiteral("Unloopa had an internal error. Try again in a few minutes; if it persists, "
                            "contact Unloopa support.")},
    };
    return table;
}

const Table &unlimcallTable()
{
    static const Table table{
            {QStringLiteral("unauthorized"),
             QStringLiteral(
                     "The UnlimCall token is invalid, expired, revoked, or lacks the scope this needs. "
                     "Mint a token with the right scopes at /settings/integrations in the UnlimCall "
                     "portal and save it under Accounts.")},
            {QStringLiteral("suspended"),
             QStringLiteral("Your UnlimCall account is suspended. Contact UnlimCall support.")},
            {QStringLiteral("internal_error"),
             QStringLiteral("UnlimCall could not fetch the data just now. Try again shortly.")},
            {QStringLiteral("invalid_timestamp"),
             QStringLiteral("A date in the request could not be read by UnlimCall. Pick the window again.")},
            {QStringLiteral("till_must_be_after_from"),
             QStringLiteral("The end of the window must be after its start. Pick the window again.")},
            {QStringLiteral("window_too_wide"),
             QStringLiteral(
                     "UnlimCall accepts at most 31 days per request. Pick a shorter window (the console "
                     "splits long windows itself).")},
            {QStringLiteral("account_not_provisioned"),
             QStringLiteral("Your UnlimCall account has no trunk allocated yet. Finish onboarding in the "
                            "UnlimCall portal or contact support.")},
            {QStringLiteral("invalid_input"),
             QStringLiteral("UnlimCall rejected the request as invalid. Check the values and try again.")},
            {QStringLiteral("ai_agent_not_found"),
             QStringLiteral("There is no AI agent with that ID on this UnlimCall account. Refresh the agent "
                            "list and pick another.")},
            {QStringLiteral("ai_agent_not_provisioned"),
             QStringLiteral(
                     "That AI agent has no SIP extension yet. Finish its setup in the UnlimCall portal, "
                     "then place the call again.")},
            {QStringLiteral("dialer_required"),
             QStringLiteral(
                     "Placing outbound calls needs UnlimCall's dialer add-on. Enable it in the portal.")},
            {QStringLiteral("engine_not_configured"),
             QStringLiteral("Call origination is not available in this UnlimCall environment. Use your "
                            "production account, or ask UnlimCall to enable it.")},
            {QStringLiteral("originate_failed"),
             QStringLiteral(
                     "UnlimCall's upstream rejected the call. The call was not placed; see the detail, "
                     "check the number, and try again yourself if appropriate.")},
            {QStringLiteral("not_found"),
             QStringLiteral("UnlimCall has no such item, or it is already removed.")},
            // The OAuth token endpoint's codes (RFC 6749 §5.2), for OAuth client credentials.
            {QStringLiteral("invalid_client"),
             QStringLiteral("UnlimCall did not accept the OAuth client ID or secret. Copy both again from "
                            "the integrations page of the UnlimCall portal and save them under Accounts.")},
            {QStringLiteral("unauthorized_client"),
             QStringLiteral("This OAuth client may not use the client-credentials grant. Allow it for the "
                            "client in the UnlimCall portal, or use an API token under Accounts.")},
            {QStringLiteral("invalid_scope"),
             QStringLiteral("UnlimCall refused a requested OAuth scope for this client. Allow the scope "
                            "for the client in the UnlimCall portal.")},
            {QStringLiteral("unsupported_grant_type"),
             QStringLiteral("The server at the OAuth token URL does not offer the client-credentials "
                            "grant. Check the token URL in Settings (Discover finds UnlimCall's own).")},
            {QStringLiteral("invalid_request"),
             QStringLiteral("The server at the OAuth token URL could not read the token request. Check "
                            "the token URL in Settings (Discover finds UnlimCall's own).")},
            {QStringLiteral("invalid_grant"),
             QStringLiteral("UnlimCall refused the OAuth grant. Check the client ID and secret under "
                            "Accounts; create a new secret in the portal if this persists.")},
    };
    return table;
}

// Twirp's full list of error codes (Verloop serves its API with Twirp; its document names four and
// points to Twirp's list). SendMessage contacts a person and is never resent automatically, so a
// code after which the call may still have been scheduled says to look in the dashboard first.
// Marked for translation; explain() translates.
const Table &verloopTable()
{
    static const Table table = [] {
        // {code, sentence}; the sentences are translated when explain() reads them.
        static const char *const sentences[][2] = {
                {"canceled",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "The request to Verloop was cancelled before it finished. The call may or "
                                   "may not be scheduled: look for it in the Verloop dashboard before "
                                   "sending it again (the console never resends it by itself).")},
                {"unknown",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop reported an error without saying what it was. The call may or "
                                   "may not be scheduled: look for it in the Verloop dashboard before "
                                   "sending it again (the console never resends it by itself).")},
                {"invalid_argument",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop rejected the request and scheduled nothing: a field is missing "
                                   "or invalid (the detail names it) or the campaign was not found. Check "
                                   "that the Campaign ID is a published \"Via API\" campaign and the number "
                                   "has its country code, then send again.")},
                {"malformed",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop could not decode the request and scheduled nothing. This is a "
                                   "console bug: please report it with the detail.")},
                {"deadline_exceeded",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop ran out of time before it finished. The call may or may not be "
                                   "scheduled: look for it in the Verloop dashboard before sending it again "
                                   "(the console never resends it by itself).")},
                {"not_found",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Verloop does not know this address. Check your Client ID (the subdomain of your "
                         "Verloop dashboard) under Accounts and the Verloop base URL in Settings.")},
                {"bad_route",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop has no such endpoint at this address. Check the Verloop base URL "
                                   "in Settings (it ends in /api/v1) and your Client ID under Accounts.")},
                {"already_exists",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop already has this, so nothing new was created. Look for it in the "
                                   "Verloop dashboard instead of sending it again.")},
                {"permission_denied",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "The Verloop token is valid but not allowed to do this. Ask your Verloop "
                                   "admin for access, then try again.")},
                {"unauthenticated",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "The Verloop token is invalid, expired, revoked or missing. Get a current "
                                   "token from the Verloop dashboard and save it under Accounts.")},
                {"resource_exhausted",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop is rate limiting requests and scheduled nothing. Wait a minute, "
                                   "then send again.")},
                {"failed_precondition",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop cannot do this in the campaign's current state (for example it "
                                   "is paused, not published, or not triggered \"Via API\"). Fix the "
                                   "campaign in the Verloop dashboard, then try again.")},
                {"aborted",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop aborted the request because of a conflicting change. The call "
                                   "may or may not be scheduled: look for it in the Verloop dashboard before "
                                   "sending it again (the console never resends it by itself).")},
                {"out_of_range",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "A value is outside the range Verloop accepts (for example a time too far "
                                   "ahead). Correct it, then send again.")},
                {"unimplemented",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Verloop does not offer this operation here. Check the Verloop base URL in "
                         "Settings, or ask Verloop support whether it is enabled for your account.")},
                {"internal",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop had an internal error. The call may or may not be scheduled: "
                                   "look for it in the Verloop dashboard before sending it again (the "
                                   "console never resends it by itself).")},
                {"unavailable",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop is unavailable just now (down, overloaded, or a proxy in front "
                                   "of it failed). Wait a few minutes. The call may or may not be scheduled: "
                                   "look for it in the Verloop dashboard before sending it again (the "
                                   "console never resends it by itself).")},
                {"dataloss",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Verloop reported that data was lost or corrupted on its side. Contact "
                                   "Verloop support, and look for the call in the Verloop dashboard before "
                                   "sending anything again.")},
        };
        Table t;
        for (const auto &entry : sentences)
            t.insert(QString::fromLatin1(entry[0]), QString::fromUtf8(entry[1]));
        // Twirp's wire code is "dataloss"; some Twirp servers write "data_loss".
        t.insert(QStringLiteral("data_loss"), t.value(QStringLiteral("dataloss")));
        return t;
    }();
    return table;
}

QString statusSentence(Vendor vendor, int status)
{
    const QString name = Vendors::displayName(vendor);
    if (status == 401)
        return QStringLiteral(
                       "%1 did not accept the credentials: the key is missing or invalid. Check it under "
                       "Accounts.")
                .arg(name);
    if (status == 403)
        return QStringLiteral("%1 refused access to this. Check your plan and the key's permissions.")
                .arg(name);
    if (status == 404)
        return QStringLiteral("%1 does not have this item or address. Check the base URL and refresh.")
                .arg(name);
    if (status == 409)
        return QStringLiteral("%1 reported a conflict with the current state. Refresh and try again.")
                .arg(name);
    if (status == 429)
        return QStringLiteral("%1 is rate limiting requests. Wait a moment, then try again.").arg(name);
    if (status >= 500)
        return QStringLiteral("%1 had a server error (HTTP %2). Try again in a few minutes.")
                .arg(name)
                .arg(status);
    if (status >= 400)
        return QStringLiteral("%1 rejected the request (HTTP %2). Check the values and try again.")
                .arg(name)
                .arg(status);
    return QStringLiteral("%1 answered unexpectedly (HTTP %2).").arg(name).arg(status);
}

const Table &outreach2dayTable(); // below, beside the reader of its bodies

const Table *tableFor(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        return &unloopaTable();
    case Vendor::UnlimCall:
        return &unlimcallTable();
    case Vendor::Verloop:
        return &verloopTable();
    case Vendor::Outreach2day:
        return &outreach2dayTable();
    }
    return nullptr;
}

// A non-Twirp error body (from a load balancer or proxy in front of Verloop) gets the code Twirp's
// own clients give it ("HTTP Errors from Intermediary Proxies" in Twirp's error documentation).
QString twirpCodeFromIntermediary(int status)
{
    if (status >= 300 && status < 400)
        return QStringLiteral("internal");
    switch (status) {
    case 400:
        return QStringLiteral("internal");
    case 401:
        return QStringLiteral("unauthenticated");
    case 403:
        return QStringLiteral("permission_denied");
    case 404:
        return QStringLiteral("bad_route");
    case 429:
    case 502:
    case 503:
    case 504:
        return QStringLiteral("unavailable");
    default:
        return QStringLiteral("unknown");
    }
}

void collectLinks(const QJsonObject &object, const QString &prefix, QList<ApiError::Link> &links)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString label = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (it->isObject()) {
            collectLinks(it->toObject(), label, links);
        } else if (it->isString()) {
            const QUrl url(it->toString());
            if (url.isValid() &&
                (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")))
                links.append({label, url});
        }
    }
}

// Outreach2day documents no error envelope or codes. These are the codes its sandbox answers with
// (the sandbox keeps that assumption in one place) plus the usual spellings of the same failures;
// every other code or status falls back to outreachStatusSentence(). Marked for translation.
const Table &outreach2dayTable()
{
    static const Table table = [] {
        static const char *const sentences[][2] = {
                {"invalid_field",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Outreach2day refused a value in the request and changed nothing. Correct "
                                   "the field it names, then send again.")},
                {"validation_error",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Outreach2day refused the request as invalid and changed nothing. Correct "
                                   "the values it names, then send again.")},
                {"invalid_json",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Outreach2day could not read the request and changed nothing. This is a "
                                   "console bug: please report it with the detail.")},
                {"workspace_required",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day needs the workspace id with every request. Enter it with the "
                         "API key under Accounts (it is the number in your workspace's address).")},
                {"unauthorized",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "The Outreach2day API key is missing or invalid. Copy a current key (it "
                                   "starts with ot2d_) from Outreach2day and save it under Accounts.")},
                {"forbidden",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Outreach2day refused access: this API key may not use this workspace or "
                                   "do this. Check the workspace id under Accounts, or ask your Outreach2day "
                                   "admin for access.")},
                {"not_found",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day has no such campaign, step, mailbox, import, launch job, "
                         "webhook subscription or suppressed address in this workspace. It may have "
                         "been deleted or belong to another workspace: check the id (or the address) "
                         "and refresh.")},
                {"already_exists",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day already has this (for example the mailbox is already attached "
                         "to the campaign), so nothing new was added. Refresh the list instead of "
                         "adding it again.")},
                {"invalid_state",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "That is not possible in the campaign's current state (for example resuming "
                         "a campaign that is not paused, or launching one that already runs), so "
                         "nothing changed. Refresh its status, then choose the action that fits.")},
                {"idempotency_key_reused",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day already received an import under this Idempotency-Key with a "
                         "different campaign, file or mapping, so it imported nothing. If the file "
                         "really changed, start it as a new import.")},
                {"idempotency_conflict",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day is still working on, or already finished, an import under "
                         "this Idempotency-Key with different content, so it imported nothing now. "
                         "Wait for it and check the contacts; start a changed file as a new import.")},
                {"preflight_failed",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day did not launch: preflight checks are failing. Run Preflight, "
                         "fix what it lists (steps, contacts, mailboxes, schedule), then launch "
                         "again.")},
                {"payload_too_large",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "The file is too large for a direct import, so nothing was imported. Import "
                         "it as a staged import instead (the console does this for big files).")},
                {"unsupported_media_type",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day did not accept the upload's format and imported nothing. This "
                         "is a console bug: please report it with the detail.")},
                {"rate_limited",
                 QT_TRANSLATE_NOOP(
                         "ErrorCatalog",
                         "Outreach2day is rate limiting requests. Wait a moment, then try again (the "
                         "console waits by itself where that is safe).")},
                {"internal_error",
                 QT_TRANSLATE_NOOP("ErrorCatalog",
                                   "Outreach2day had an internal error. Try again in a few minutes. After a "
                                   "launch or resume, check the campaign's stats before trying again: the "
                                   "console never resends those by itself.")},
        };
        Table t;
        for (const auto &entry : sentences)
            t.insert(QString::fromLatin1(entry[0]), QString::fromUtf8(entry[1]));
        // The same failures under the spellings APIs commonly use.
        t.insert(QStringLiteral("validation"), t.value(QStringLiteral("validation_error")));
        t.insert(QStringLiteral("rate_limit_exceeded"), t.value(QStringLiteral("rate_limited")));
        return t;
    }();
    return table;
}

// An Outreach2day status with a code the catalogue does not know (or none): what the status means
// and what to do next.
QString outreachStatusSentence(int status)
{
    const char *sentence = nullptr;
    if (status == 400)
        sentence = QT_TRANSLATE_NOOP(
                "ErrorCatalog",
                "Outreach2day refused the request as invalid and changed nothing. Check the "
                "values it names, then send again.");
    else if (status == 401)
        sentence = QT_TRANSLATE_NOOP(
                "ErrorCatalog", "The Outreach2day API key is missing or invalid. Check it under Accounts.");
    else if (status == 403)
        sentence =
                QT_TRANSLATE_NOOP("ErrorCatalog",
                                  "Outreach2day refused access: the API key may not use this workspace or do "
                                  "this. Check the workspace id under Accounts.");
    else if (status == 404)
        sentence =
                QT_TRANSLATE_NOOP("ErrorCatalog",
                                  "Outreach2day has no such item, or no such address. Check the id, refresh, "
                                  "and check the Outreach2day base URL in Settings.");
    else if (status == 409)
        sentence = QT_TRANSLATE_NOOP("ErrorCatalog",
                                     "Outreach2day reported a conflict with the current state and changed "
                                     "nothing. Refresh, then try the action that fits the current state.");
    else if (status == 413)
        sentence = QT_TRANSLATE_NOOP(
                "ErrorCatalog",
                "The upload is too large for Outreach2day. Use a staged import or a smaller "
                "file.");
    else if (status == 422)
        sentence =
                QT_TRANSLATE_NOOP("ErrorCatalog",
                                  "Outreach2day understood the request but cannot do it now (for a launch: "
                                  "preflight checks may be failing). Read the detail, fix it, then try "
                                  "again.");
    else if (status == 429)
        sentence = QT_TRANSLATE_NOOP(
                "ErrorCatalog", "Outreach2day is rate limiting requests. Wait a moment, then try again.");
    else if (status >= 500)
        sentence = QT_TRANSLATE_NOOP(
                "ErrorCatalog",
                "Outreach2day had a server error. Try again in a few minutes. After a launch "
                "or resume, check the campaign's stats before trying again: the console "
                "never resends those by itself.");
    else if (status >= 400)
        sentence =
                QT_TRANSLATE_NOOP("ErrorCatalog",
                                  "Outreach2day refused the request. Check the values and the detail, then "
                                  "try again.");
    else
        sentence = QT_TRANSLATE_NOOP("ErrorCatalog", "Outreach2day answered unexpectedly.");
    return QCoreApplication::translate("ErrorCatalog", sentence);
}

// Whatever readable text an error body holds, in at most ~300 characters: HTML without its tags,
// scripts and styles; text without control characters or undecodable bytes.
QString readableText(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(64 * 1024));
    if (text.contains(QLatin1Char('<')) && text.contains(QLatin1Char('>'))) {
        static const QRegularExpression hidden(QStringLiteral("<(script|style|head)\\b[^>]*>.*?</\\1\\s*>"),
                                               QRegularExpression::CaseInsensitiveOption |
                                                       QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression title(QStringLiteral("<title\\b[^>]*>(.*?)</title\\s*>"),
                                              QRegularExpression::CaseInsensitiveOption |
                                                      QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
        const QString heading = title.match(text).captured(1).simplified();
        text.remove(hidden);
        text.replace(tag, QStringLiteral(" "));
        text = text.simplified();
        if (!heading.isEmpty() && !text.contains(heading))
            text = text.isEmpty() ? heading : heading + QStringLiteral(" — ") + text;
        const QList<QPair<QString, QString>> entities{{QStringLiteral("&nbsp;"), QStringLiteral(" ")},
                                                      {QStringLiteral("&lt;"), QStringLiteral("<")},
                                                      {QStringLiteral("&gt;"), QStringLiteral(">")},
                                                      {QStringLiteral("&quot;"), QStringLiteral("\"")},
                                                      {QStringLiteral("&#39;"), QStringLiteral("'")},
                                                      {QStringLiteral("&amp;"), QStringLiteral("&")}};
        for (const auto &entity : entities)
            text.replace(entity.first, entity.second);
    }
    QString clean;
    clean.reserve(text.size());
    for (const QChar c : std::as_const(text)) {
        if (c == QChar::ReplacementCharacter || (c.category() == QChar::Other_Control && !c.isSpace()))
            continue;
        clean.append(c);
    }
    clean = clean.simplified();
    if (clean.size() > 300)
        clean = clean.left(299) + QChar(0x2026);
    return clean;
}

// The messages an error list holds: ["text", {"field": "x", "message": "y"}, ...] → "text; x: y".
QString messagesOf(const QJsonArray &errors)
{
    QStringList parts;
    for (const QJsonValue &value : errors) {
        if (value.isString()) {
            parts << value.toString();
            continue;
        }
        const QJsonObject object = value.toObject();
        QString message;
        for (const char *key : {"message", "detail", "msg", "error", "reason"}) {
            message = object.value(QLatin1String(key)).toString();
            if (!message.isEmpty())
                break;
        }
        const QString field = object.value(QLatin1String("field")).toString();
        if (!message.isEmpty())
            parts << (field.isEmpty() ? message : field + QStringLiteral(": ") + message);
    }
    return parts.join(QStringLiteral("; "));
}

// Reads an Outreach2day error body of any shape into `error` (code, vendorMessage, details):
// the sandbox's {"error": code, "message", "detail"}, {"code", "message"}, {"error": {"code",
// "message", "details"}}, {"errors": [...]}, an array, HTML from a proxy, plain text, or nothing.
void readOutreach2dayBody(const QByteArray &body, ApiError &error)
{
    static const QRegularExpression codeShape(QStringLiteral("^[A-Za-z][A-Za-z0-9_.]*$"));
    const auto codeLike = [](const QString &text) {
        return codeShape.match(text).hasMatch();
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || document.isNull()) {
        error.vendorMessage = readableText(body);
        return;
    }
    if (document.isArray()) {
        error.vendorMessage = messagesOf(document.array());
        if (error.vendorMessage.isEmpty())
            error.vendorMessage = readableText(document.toJson(QJsonDocument::Compact));
        return;
    }
    const QJsonObject root = document.object();
    const QJsonValue errorValue = root.value(QLatin1String("error"));
    const QJsonObject nested = errorValue.toObject();
    const QJsonObject &source = nested.isEmpty() ? root : nested;

    for (const QString &candidate :
         {source.value(QLatin1String("code")).toString(), root.value(QLatin1String("code")).toString(),
          errorValue.toString(), root.value(QLatin1String("error_code")).toString()}) {
        if (!candidate.isEmpty() && codeLike(candidate)) {
            error.code = candidate.toLower();
            break;
        }
    }
    QStringList messages;
    for (const char *key : {"message", "detail", "error_description", "msg", "title", "description"}) {
        const QString value = source.value(QLatin1String(key)).toString();
        if (!value.isEmpty() && !messages.contains(value)) {
            messages << value;
            break;
        }
    }
    // "error": "a sentence" (not a code) is the message itself.
    if (errorValue.isString() && !codeLike(errorValue.toString()))
        messages.prepend(errorValue.toString());
    const QString listed = messagesOf(source.value(QLatin1String("errors")).toArray());
    if (!listed.isEmpty())
        messages << listed;
    error.vendorMessage = readableText(messages.join(QStringLiteral(" — ")).toUtf8());

    for (const char *key : {"detail", "details", "meta"}) {
        if (source.value(QLatin1String(key)).isObject()) {
            error.details = source.value(QLatin1String(key)).toObject();
            break;
        }
    }
    const QString field = source.value(QLatin1String("field")).toString();
    if (!field.isEmpty() && !error.details.contains(QStringLiteral("field")))
        error.details.insert(QStringLiteral("field"), field);
    if (error.vendorMessage.isEmpty() && error.code.isEmpty() && !root.isEmpty())
        error.vendorMessage = readableText(document.toJson(QJsonDocument::Compact));
    collectLinks(root, QString(), error.links);
}

} // namespace

QString explain(Vendor vendor, const QString &code, int httpStatus)
{
    if (const Table *table = tableFor(vendor)) {
        const auto it = table->constFind(code);
        if (it != table->constEnd())
            return QCoreApplication::translate("ErrorCatalog", it->toUtf8().constData());
    }
    if (vendor == Vendor::Outreach2day)
        return outreachStatusSentence(httpStatus);
    return statusSentence(vendor, httpStatus);
}

QList<QString> knownCodes(Vendor vendor)
{
    const Table *table = tableFor(vendor);
    return table ? table->keys() : QList<QString>{};
}

ApiError fromHttpResponse(Vendor vendor, int httpStatus, const QByteArray &body, const RawHeaders &headers)
{
    ApiError error;
    error.vendor = vendor;
    error.kind = ApiError::Kind::Vendor;
    error.httpStatus = httpStatus;

    const QJsonObject root = QJsonDocument::fromJson(body).object();
    switch (vendor) {
    case Vendor::Unloopa: {
        const QJsonObject envelope = root.value(QLatin1String("error")).toObject();
        error.code = envelope.value(QLatin1String("code")).toString();
        error.vendorMessage = envelope.value(QLatin1String("message")).toString();
        error.details = envelope.value(QLatin1String("details")).toObject();
        collectLinks(error.details, QString(), error.links);
        break;
    }
    case Vendor::UnlimCall: {
        error.code = root.value(QLatin1String("error")).toString();
        error.vendorMessage = root.value(QLatin1String("message")).toString();
        // The OAuth token endpoint's envelope (RFC 6749 §5.2) says error_description.
        if (error.vendorMessage.isEmpty())
            error.vendorMessage = root.value(QLatin1String("error_description")).toString();
        const QString detail = root.value(QLatin1String("detail")).toString();
        if (!detail.isEmpty())
            error.vendorMessage = error.vendorMessage.isEmpty()
                    ? detail
                    : error.vendorMessage + QStringLiteral(" — ") + detail;
        break;
    }
    case Vendor::Verloop: {
        error.code = root.value(QLatin1String("code")).toString();
        error.vendorMessage = root.value(QLatin1String("msg")).toString();
        error.details = root.value(QLatin1String("meta")).toObject();
        if (error.code.isEmpty()) {
            // Not a Twirp error: say so the way Twirp's clients do, with the original status.
            error.code = twirpCodeFromIntermediary(httpStatus);
            error.details = QJsonObject{
                    {QStringLiteral("http_error_from_intermediary"), QStringLiteral("true")},
                    {QStringLiteral("status_code"), QString::number(httpStatus)},
            };
            error.vendorMessage = QString::fromUtf8(body.left(300)).simplified();
        }
        break;
    }
    case Vendor::Outreach2day:
        readOutreach2dayBody(body, error);
        break;
    }
    if (error.code.isEmpty())
        error.code = QStringLiteral("http_%1").arg(httpStatus);
    error.explanation = explain(vendor, error.code, httpStatus);
    if (vendor == Vendor::Outreach2day) {
        // The envelope is undocumented: the status and whatever the answer said are always shown.
        error.explanation += QLatin1Char(' ') +
                (error.vendorMessage.isEmpty()
                         ? QCoreApplication::translate("ErrorCatalog",
                                                       "(HTTP %1; the answer had no readable text.)")
                                   .arg(httpStatus)
                         : QCoreApplication::translate("ErrorCatalog", "Outreach2day said (HTTP %1): “%2”")
                                   .arg(httpStatus)
                                   .arg(error.vendorMessage));
    }

    for (const auto &header : headers) {
        if (header.first.compare("retry-after", Qt::CaseInsensitive) == 0) {
            error.retryAfterSeconds = parseRetryAfter(header.second);
            break;
        }
    }
    return error;
}

} // namespace ErrorCatalog

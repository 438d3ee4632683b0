#include "ErrorCatalog.h"

#include "RetryPolicy.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
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
             QStringLiteral("Something must be set up in your Unloopa dashboard first (for example an email "
                            "account). Open the setup link, finish it, then try again.")},
            {QStringLiteral("limit_reached"),
             QStringLiteral(
                     "You have reached Unloopa's limit for this item (for example 3 phone numbers or 3 "
                     "voice agents). Remove one before adding another.")},
            {QStringLiteral("invalid_state"),
             QStringLiteral("That action is not possible in the item's current state (for example activating "
                            "a completed campaign). Refresh to see its state.")},
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
        return nullptr;
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

} // namespace

QString explain(Vendor vendor, const QString &code, int httpStatus)
{
    if (const Table *table = tableFor(vendor)) {
        const auto it = table->constFind(code);
        if (it != table->constEnd())
            return QCoreApplication::translate("ErrorCatalog", it->toUtf8().constData());
    }
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
    case Vendor::Outreach2day: {
        // Undocumented envelope: accept {"code"} or {"error": "<code>"} for the code, a message from
        // the usual places, else the body text.
        static const QRegularExpression codeShape(QStringLiteral("^[a-z][a-z0-9_.]*$"));
        const QString errorField = root.value(QLatin1String("error")).toString();
        error.code = root.value(QLatin1String("code")).toString();
        if (error.code.isEmpty() && codeShape.match(errorField).hasMatch())
            error.code = errorField;
        for (const char *key : {"message", "detail", "error"}) {
            const QString value = root.value(QLatin1String(key)).toString();
            if (!value.isEmpty() && value != error.code) {
                error.vendorMessage = value;
                break;
            }
        }
        if (error.vendorMessage.isEmpty() && root.isEmpty())
            error.vendorMessage = QString::fromUtf8(body.left(300)).simplified();
        collectLinks(root, QString(), error.links);
        break;
    }
    }
    if (error.code.isEmpty())
        error.code = QStringLiteral("http_%1").arg(httpStatus);
    error.explanation = explain(vendor, error.code, httpStatus);

    for (const auto &header : headers) {
        if (header.first.compare("retry-after", Qt::CaseInsensitive) == 0) {
            error.retryAfterSeconds = parseRetryAfter(header.second);
            break;
        }
    }
    return error;
}

} // namespace ErrorCatalog

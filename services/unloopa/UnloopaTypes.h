#pragma once

#include "core/ApiError.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

// Typed forms of Unloopa's documented payloads (the Unloopa API reference). Each parses
// leniently (a missing field becomes empty/0/null) so that a vendor adding fields never breaks us;
// a body that is not the documented shape at all is reported as Malformed by the service.

// websites/videos usage in GET /quota and the quota echoed by POST /command.
struct UnloopaUsage
{
    int used = 0;
    int limit = 0;
    int remaining = 0;

    static UnloopaUsage fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// GET /quota: what the account can and cannot do.
struct UnloopaQuota
{
    QString plan; // "free", "pro", ...
    QString planStatus; // "active", ...
    UnloopaUsage websites;
    UnloopaUsage videos;
    int voiceCredits = 0;
    bool voiceEnabled = false;
    bool videoEnabled = false;
    QDateTime resetsAt; // UTC; invalid when the vendor did not say
    QUrl upgradeUrl; // purchase_links.upgrade
    // purchase_links.voice_credits: label ("50_credits_$10") → checkout URL, in the vendor's order.
    QList<ApiError::Link> voiceCreditLinks;

    bool canGenerateLeads() const { return websites.remaining > 0; }
    // Every purchase link, labelled as ApiError links are ("upgrade", "voice_credits.50_credits_$10").
    QList<ApiError::Link> purchaseLinks() const;
    // "Pro plan (active) · 4,850 of 5,000 websites left · resets 1 Feb 2025 00:00 UTC"
    QString summary() const;

    static UnloopaQuota fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /command body.
struct UnloopaCommandRequest
{
    QString command; // the niche and place, ≤ 1000 characters
    std::optional<int> maxResults; // 1-100; unset: the vendor's default (100, or 10 with video/VSL)
    bool withVideo = false; // Pro only
    bool withVsl = false; // Pro only

    static constexpr int maxCommandLength = 1000;
    static constexpr int maxResultsLimit = 100;
    // The vendor's default for max_results given the video/VSL choice.
    static int defaultMaxResults(bool withVideo, bool withVsl) { return (withVideo || withVsl) ? 10 : 100; }
    // A sentence saying what is wrong with the request before sending it; empty when fine.
    QString problem() const;
    QJsonObject toJson() const;
};

// POST /command response.
struct UnloopaCommandAccepted
{
    QString jobId;
    QString status;
    int maxResults = 0;
    bool generateWebsites = false;
    bool enrichEmails = false;
    bool sendOutreach = false;
    bool withVideo = false;
    bool withVsl = false;
    UnloopaUsage quota; // websites quota after the command

    static UnloopaCommandAccepted fromJson(const QJsonObject &object);
};

struct UnloopaJobStep
{
    QString name; // scraping, websites, emails, outreach
    QString status; // pending, processing, completed, failed
    QString message;
    int count = 0;
};

// A website as GET /websites and a job's result list it.
struct UnloopaWebsite
{
    QString id;
    QUrl url;
    QString slug;
    QString businessName;
    QString city;
    QString industry;
    QString phone; // E.164 when it parsed, else empty (see phoneAsReceived)
    QString phoneAsReceived;
    QString email;
    QString language;
    QUrl videoUrl;
    QUrl vslUrl;
    QDateTime createdAt;

    static constexpr const char *listKey = "websites"; // GET /websites: {"websites": [...], ...}
    QString key() const { return id; } // what tells two list items apart

    static UnloopaWebsite fromJson(const QJsonObject &object);
    // The documented field names; phone in E.164 (phone_as_received when it did not parse).
    QJsonObject toJson() const;
};

// GET /jobs (list) and GET /jobs/{id} (detail: progress, steps, result).
struct UnloopaJob
{
    QString jobId;
    QString command;
    QString intent; // as the vendor describes it (string, or compact JSON when it sends an object)
    QString status; // processing, completed, failed
    int progress = 0;
    QString currentStep;
    QList<UnloopaJobStep> steps;
    QList<UnloopaWebsite> resultWebsites;
    int leadsScraped = 0;
    int emailsSent = 0;
    QString error;
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isFinished() const
    {
        return status == QLatin1String("completed") || status == QLatin1String("failed");
    }
    static constexpr const char *listKey = "jobs"; // GET /jobs: {"jobs": [...], ...}
    QString key() const { return jobId; }

    static UnloopaJob fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct UnloopaExistingWebsite
{
    QUrl url;
    std::optional<int> pagespeedScore;
    std::optional<double> loadTimeSeconds;
    std::optional<bool> mobileOptimized;
};

struct UnloopaLead
{
    QString id;
    QString businessName;
    QString city;
    QString industry;
    QString phone; // E.164, validated with libphonenumber; empty when absent or invalid
    QString phoneAsReceived; // what the vendor sent (kept when it is not a valid number)
    QString email;
    std::optional<double> rating;
    int reviews = 0;
    QUrl url; // the generated website
    QString language;
    QUrl videoUrl;
    QString videoStatus; // pending, generating, completed, failed; empty when none
    QUrl vslUrl;
    QString vslStatus;
    QUrl instagram;
    QUrl facebook;
    QUrl linkedin;
    QUrl twitter;
    QDateTime createdAt;
    // Only in GET /leads/{id}:
    QString slug;
    std::optional<UnloopaExistingWebsite> existingWebsite;
    bool hasDetail = false;

    static constexpr const char *listKey = "leads"; // GET /leads: {"leads": [...], ...}
    QString key() const { return id; }

    static UnloopaLead fromJson(const QJsonObject &object);
    // The documented field names; phone in E.164 (phone_as_received when it did not parse);
    // slug and existing_website only when the detail is known.
    QJsonObject toJson() const;
};

// Every server-side filter GET /leads documents. Unset members are not sent.
struct UnloopaLeadFilter
{
    QString city; // partial match
    QString industry; // partial match
    // The API documents only `=true` (restrict to leads that have it); false sends nothing.
    bool hasPhone = false;
    bool hasEmail = false;
    bool hasWebsite = false;
    bool hasVideo = false;
    QString videoStatus; // pending|generating|completed|failed
    std::optional<double> minRating;
    std::optional<int> minReviews;
    QString jobId;
    QString search; // free text across name, city, industry
    QDate createdAfter;
    QDate createdBefore;

    bool isEmpty() const;
    QUrlQuery toQuery() const; // without limit/offset
    // Reads the same query keys (the CLI's --city=... options map onto them). False with a
    // sentence in `problem` when a value is not what the API accepts.
    static std::optional<UnloopaLeadFilter> fromQuery(const QUrlQuery &query, QString *problem);
    static QStringList keys();
    static QStringList videoStatuses();
};

// One page of Unloopa's three offset-paged lists (GET /leads, /jobs, /websites), which all answer
// {"<T::listKey>": [...], "total", "limit", "offset"}. T provides listKey, key() and fromJson().
template<typename T>
struct UnloopaPage
{
    QList<T> items;
    int total = 0; // the list's length when this page was read (it may grow between pages)
    int limit = 0;
    int offset = 0;

    // Nothing when the answer has no array under T::listKey (a malformed answer).
    static std::optional<UnloopaPage> fromJson(const QJsonObject &object)
    {
        const QJsonValue list = object.value(QLatin1String(T::listKey));
        if (!list.isArray())
            return std::nullopt;
        UnloopaPage page;
        const QJsonArray array = list.toArray();
        page.items.reserve(array.size());
        for (const QJsonValue &value : array)
            page.items.append(T::fromJson(value.toObject()));
        page.total = object.value(QLatin1String("total")).toInt(int(page.items.size()));
        page.limit = object.value(QLatin1String("limit")).toInt();
        page.offset = object.value(QLatin1String("offset")).toInt();
        return page;
    }
};
using UnloopaLeadPage = UnloopaPage<UnloopaLead>;
using UnloopaJobPage = UnloopaPage<UnloopaJob>;
using UnloopaWebsitePage = UnloopaPage<UnloopaWebsite>;

Q_DECLARE_METATYPE(UnloopaQuota)
Q_DECLARE_METATYPE(UnloopaJob)
Q_DECLARE_METATYPE(UnloopaLead)

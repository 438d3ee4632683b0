#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

// When and how long to wait before trying an idempotent request again (README promises H5-H7).
// Full-jitter exponential backoff: wait = uniform(0, min(cap, base * 2^retry)), bounded attempts
// and an overall deadline. A vendor's Retry-After replaces the jittered wait (capped).
struct RetryPolicy
{
    int maxAttempts = 4; // first try included
    int baseDelayMs = 500;
    int maxDelayMs = 20'000;
    int deadlineMs = 90'000; // no retry is scheduled past this much time since the first try
    int maxRetryAfterSeconds = 120; // a longer Retry-After is shown to the operator, not waited out

    // The jittered wait before retry number `retry` (1 = the first retry).
    int backoffDelayMs(int retry) const;

    static RetryPolicy none();
};

// Parses a Retry-After header value: delta-seconds, or an HTTP-date in any of the three forms
// RFC 9110 allows (IMF-fixdate, RFC 850, asctime). Negative numbers and junk yield nothing; a date
// in the past yields 0.
std::optional<int> parseRetryAfter(const QByteArray &value,
                                   const QDateTime &now = QDateTime::currentDateTimeUtc());

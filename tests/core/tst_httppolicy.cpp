#include "TestMain.h"

#include "core/ApiCall.h"
#include "core/ErrorCatalog.h"
#include "core/Redaction.h"
#include "core/RetryPolicy.h"
#include "core/UrlPolicy.h"
#include "core/VendorEndpoints.h"

// The rules of the one HTTP core that need no server: which URLs may be used, what may be
// retried and how long to wait, how the four error envelopes read, what logs may show (vendor
// timestamps: tst_iso8601).
class TestHttpPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void urlPolicy_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https vendor") << "https://dashboard.unloopa.com/api/v1" << true;
        QTest::newRow("http loopback v4") << "http://127.0.0.1:8080/unloopa/api/v1" << true;
        QTest::newRow("http loopback name") << "http://localhost:8080/x" << true;
        QTest::newRow("http loopback v6") << "http://[::1]:8080/x" << true;
        QTest::newRow("http remote") << "http://dashboard.unloopa.com/api/v1" << false;
        QTest::newRow("http private range") << "http://192.168.1.10/api" << false;
        QTest::newRow("credentials in https") << "https://user:pass@app.unlimcall.com/api/v1" << false;
        QTest::newRow("user only") << "https://user@app.unlimcall.com/api/v1" << false;
        QTest::newRow("ftp") << "ftp://example.com/" << false;
        QTest::newRow("garbage") << "not a url" << false;
    }
    void urlPolicy()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        const auto refused = UrlPolicy::check(Vendor::Unloopa, QUrl(url));
        QCOMPARE(!refused.has_value(), allowed);
        if (refused) {
            QCOMPARE(refused->kind, ApiError::Kind::UrlRefused);
            QVERIFY(!refused->explanation.isEmpty());
        }
    }

    void baseUrlsJoinWithoutLosingTheirPath()
    {
        QCOMPARE(VendorEndpoints::join(QUrl(QStringLiteral("https://app.unlimcall.com/api/v1")),
                                       QStringLiteral("/me")),
                 QUrl(QStringLiteral("https://app.unlimcall.com/api/v1/me")));
        QCOMPARE(VendorEndpoints::join(QUrl(QStringLiteral("https://app.unlimcall.com/api/v1/")),
                                       QStringLiteral("me")),
                 QUrl(QStringLiteral("https://app.unlimcall.com/api/v1/me")));
        QCOMPARE(VendorEndpoints::defaultBaseUrl(Vendor::Verloop, QStringLiteral("acme")),
                 QUrl(QStringLiteral("https://acme.verloop.io/api/v1")));
        QCOMPARE(VendorEndpoints::environmentVariable(Vendor::Outreach2day),
                 QStringLiteral("CAMPAIGN_CONSOLE_OUTREACH2DAY_URL"));
    }

    void baseUrlPrecedence()
    {
        const QByteArray variable = VendorEndpoints::environmentVariable(Vendor::UnlimCall).toLatin1();
        qunsetenv(variable.constData());
        QCOMPARE(VendorEndpoints::resolve(Vendor::UnlimCall, {}, {}),
                 QUrl(QStringLiteral("https://app.unlimcall.com/api/v1")));
        QCOMPARE(VendorEndpoints::resolve(Vendor::UnlimCall, {},
                                          QStringLiteral("https://settings.example/api")),
                 QUrl(QStringLiteral("https://settings.example/api")));
        qputenv(variable.constData(), "https://env.example/api");
        QCOMPARE(VendorEndpoints::resolve(Vendor::UnlimCall, {},
                                          QStringLiteral("https://settings.example/api")),
                 QUrl(QStringLiteral("https://env.example/api")));
        QCOMPARE(VendorEndpoints::resolve(Vendor::UnlimCall, QStringLiteral("https://cli.example/api"),
                                          QStringLiteral("https://settings.example/api")),
                 QUrl(QStringLiteral("https://cli.example/api")));
        qunsetenv(variable.constData());
    }

    // H5: what may be retried automatically.
    void retryClassification()
    {
        QVERIFY(ApiCall::get(QStringLiteral("/quota")).mayRetry());
        QVERIFY(ApiCall::del(QStringLiteral("/hooks/x")).mayRetry());
        QVERIFY(!ApiCall::post(QStringLiteral("/hooks"), {}).mayRetry());
        QVERIFY(ApiCall::post(QStringLiteral("/imports"), {}).withHeader("Idempotency-Key", "k1").mayRetry());
        // Money and people: never, even with a key.
        QVERIFY(!ApiCall::post(QStringLiteral("/calls"), {}).spending().mayRetry());
        QVERIFY(!ApiCall::post(QStringLiteral("/calls"), {})
                         .spending()
                         .withHeader("Idempotency-Key", "k")
                         .mayRetry());
        QVERIFY(!ApiCall::get(QStringLiteral("/odd")).spending().mayRetry());
    }

    // H7: full jitter stays within [0, min(cap, base * 2^n)].
    void fullJitterBackoffStaysInBounds()
    {
        RetryPolicy policy;
        policy.baseDelayMs = 100;
        policy.maxDelayMs = 1000;
        int maxSeen = 0;
        for (int retry = 1; retry <= 8; ++retry) {
            const int ceiling = std::min(1000, 100 << (retry - 1));
            for (int i = 0; i < 200; ++i) {
                const int delay = policy.backoffDelayMs(retry);
                QVERIFY2(delay >= 0 && delay <= ceiling, qPrintable(QString::number(delay)));
                maxSeen = std::max(maxSeen, delay);
            }
        }
        QVERIFY2(maxSeen > 500, "jitter should use the whole range, not a constant");
    }

    // H6: Retry-After in every form.
    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("expected"); // -1: ignored
        QTest::newRow("delta seconds") << QByteArray("120") << 120;
        QTest::newRow("zero") << QByteArray("0") << 0;
        QTest::newRow("padded") << QByteArray(" 7 ") << 7;
        QTest::newRow("IMF-fixdate") << QByteArray("Sun, 22 Nov 2026 12:01:00 GMT") << 60;
        QTest::newRow("RFC 850") << QByteArray("Sunday, 22-Nov-26 12:02:00 GMT") << 120;
        QTest::newRow("asctime") << QByteArray("Sun Nov 22 12:00:30 2026") << 30;
        QTest::newRow("past date") << QByteArray("Sun, 22 Nov 2026 11:00:00 GMT") << 0;
        QTest::newRow("negative") << QByteArray("-5") << -1;
        QTest::newRow("junk") << QByteArray("soon") << -1;
        QTest::newRow("decimal") << QByteArray("1.5") << -1;
        QTest::newRow("empty") << QByteArray("") << -1;
    }
    void retryAfter()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, expected);
        const QDateTime now(QDate(2026, 11, 22), QTime(12, 0, 0), QTimeZone::utc());
        const std::optional<int> parsed = parseRetryAfter(value, now);
        if (expected < 0)
            QVERIFY2(!parsed.has_value(), qPrintable(QString::number(parsed.value_or(-99))));
        else
            QCOMPARE(parsed.value_or(-1), expected);
    }

    // H8 and the envelopes: each vendor's shape is read into the one error type.
    void envelopes()
    {
        const ErrorCatalog::RawHeaders retryAfter{{"Retry-After", "30"}};
        const ApiError unloopa = ErrorCatalog::fromHttpResponse(
                Vendor::Unloopa, 429,
                R"({"error":{"code":"quota_exceeded","message":"Quota used","details":{"upgrade":"https://whop.com/unloopa/"}}})",
                retryAfter);
        QCOMPARE(unloopa.code, QStringLiteral("quota_exceeded"));
        QCOMPARE(unloopa.vendorMessage, QStringLiteral("Quota used"));
        QCOMPARE(unloopa.retryAfterSeconds.value_or(-1), 30);
        QVERIFY(!unloopa.isRateLimit()); // quota is not a rate limit: waiting a few seconds won't help
        QCOMPARE(unloopa.links.size(), 1);
        QCOMPARE(unloopa.links.first().url, QUrl(QStringLiteral("https://whop.com/unloopa/")));

        const ApiError rate = ErrorCatalog::fromHttpResponse(
                Vendor::Unloopa, 429, R"({"error":{"code":"rate_limited","message":"slow down"}})",
                retryAfter);
        QVERIFY(rate.isRateLimit());

        const ApiError unlimcall = ErrorCatalog::fromHttpResponse(
                Vendor::UnlimCall, 400, R"({"error":"window_too_wide","message":"Window exceeds 31 days"})",
                {});
        QCOMPARE(unlimcall.code, QStringLiteral("window_too_wide"));
        QVERIFY(unlimcall.explanation.contains(QStringLiteral("31 days")));

        const ApiError unlimcallDetail = ErrorCatalog::fromHttpResponse(
                Vendor::UnlimCall, 502, R"({"error":"originate_failed","detail":"carrier said no"})", {});
        QVERIFY(unlimcallDetail.vendorMessage.contains(QStringLiteral("carrier said no")));

        const ApiError twirp = ErrorCatalog::fromHttpResponse(
                Vendor::Verloop, 429, R"({"code":"resource_exhausted","msg":"too many","meta":{"x":"y"}})",
                {});
        QVERIFY(twirp.isRateLimit());
        QVERIFY(!twirp.isAuthFailure()); // Twirp's resource_exhausted is a rate limit, not auth
        QCOMPARE(twirp.details.value(QStringLiteral("x")).toString(), QStringLiteral("y"));

        const ApiError twirpAuth = ErrorCatalog::fromHttpResponse(
                Vendor::Verloop, 401, R"({"code":"unauthenticated","msg":"Authentication required"})", {});
        QVERIFY(twirpAuth.isAuthFailure());

        const ApiError twirpNoBody =
                ErrorCatalog::fromHttpResponse(Vendor::Verloop, 503, "<html>gateway</html>", {});
        QCOMPARE(twirpNoBody.code, QStringLiteral("unavailable"));

        const ApiError outreach =
                ErrorCatalog::fromHttpResponse(Vendor::Outreach2day, 422, "Email column missing", {});
        QCOMPARE(outreach.code, QStringLiteral("http_422"));
        QCOMPARE(outreach.vendorMessage, QStringLiteral("Email column missing"));
        QVERIFY(!outreach.explanation.isEmpty());

        const ApiError junk = ErrorCatalog::fromHttpResponse(Vendor::Unloopa, 500, "\x01\x02 not json", {});
        QCOMPARE(junk.httpStatus, 500);
        QVERIFY(!junk.explanation.isEmpty());
    }

    // Every documented code has its own sentence, not the generic fallback.
    void everyDocumentedCodeIsExplained_data()
    {
        QTest::addColumn<int>("vendor");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        const QList<std::tuple<Vendor, const char *, int>> documented{
                {Vendor::Unloopa, "unauthorized", 401},
                {Vendor::Unloopa, "invalid_input", 400},
                {Vendor::Unloopa, "not_found", 404},
                {Vendor::Unloopa, "plan_required", 403},
                {Vendor::Unloopa, "insufficient_credits", 402},
                {Vendor::Unloopa, "quota_exceeded", 429},
                {Vendor::Unloopa, "rate_limited", 429},
                {Vendor::Unloopa, "setup_required", 400},
                {Vendor::Unloopa, "limit_reached", 400},
                {Vendor::Unloopa, "invalid_state", 400},
                {Vendor::Unloopa, "internal_error", 500},
                {Vendor::UnlimCall, "unauthorized", 401},
                {Vendor::UnlimCall, "suspended", 403},
                {Vendor::UnlimCall, "internal_error", 500},
                {Vendor::UnlimCall, "invalid_timestamp", 400},
                {Vendor::UnlimCall, "till_must_be_after_from", 400},
                {Vendor::UnlimCall, "window_too_wide", 400},
                {Vendor::UnlimCall, "account_not_provisioned", 409},
                {Vendor::UnlimCall, "invalid_input", 400},
                {Vendor::UnlimCall, "ai_agent_not_found", 404},
                {Vendor::UnlimCall, "ai_agent_not_provisioned", 409},
                {Vendor::UnlimCall, "dialer_required", 409},
                {Vendor::UnlimCall, "engine_not_configured", 503},
                {Vendor::UnlimCall, "originate_failed", 502},
                {Vendor::UnlimCall, "not_found", 404},
                {Vendor::Verloop, "invalid_argument", 400},
                {Vendor::Verloop, "unauthenticated", 401},
                {Vendor::Verloop, "not_found", 404},
                {Vendor::Verloop, "internal", 500},
        };
        for (const auto &[vendor, code, status] : documented)
            QTest::addRow("%s %s", qPrintable(Vendors::id(vendor)), code)
                    << int(vendor) << QString::fromLatin1(code) << status;
    }
    void everyDocumentedCodeIsExplained()
    {
        QFETCH(int, vendor);
        QFETCH(QString, code);
        QFETCH(int, status);
        const Vendor v = Vendor(vendor);
        QVERIFY(ErrorCatalog::knownCodes(v).contains(code));
        const QString sentence = ErrorCatalog::explain(v, code, status);
        QVERIFY(sentence.endsWith(QLatin1Char('.')) || sentence.endsWith(QLatin1Char(')')));
        QVERIFY2(sentence != ErrorCatalog::explain(v, QStringLiteral("no_such_code_at_all"), status),
                 "a documented code must not fall back to the generic sentence");
    }

    // Verloop points to Twirp's error list: every code on it (HTTP status as Twirp sends it) has
    // its own sentence, and the ones after which a call may still be scheduled say to look first.
    void everyTwirpCodeIsExplained_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("mayBeScheduled");
        const QList<std::tuple<const char *, int, bool>> twirp{
                {"canceled", 408, true},
                {"unknown", 500, true},
                {"invalid_argument", 400, false},
                {"malformed", 400, false},
                {"deadline_exceeded", 408, true},
                {"not_found", 404, false},
                {"bad_route", 404, false},
                {"already_exists", 409, false},
                {"permission_denied", 403, false},
                {"unauthenticated", 401, false},
                {"resource_exhausted", 429, false},
                {"failed_precondition", 412, false},
                {"aborted", 409, true},
                {"out_of_range", 400, false},
                {"unimplemented", 501, false},
                {"internal", 500, true},
                {"unavailable", 503, true},
                {"dataloss", 500, false},
                {"data_loss", 500, false},
        };
        for (const auto &[code, status, mayBeScheduled] : twirp)
            QTest::newRow(code) << QString::fromLatin1(code) << status << mayBeScheduled;
    }
    void everyTwirpCodeIsExplained()
    {
        QFETCH(QString, code);
        QFETCH(int, status);
        QFETCH(bool, mayBeScheduled);
        QVERIFY(ErrorCatalog::knownCodes(Vendor::Verloop).contains(code));
        const ApiError error = ErrorCatalog::fromHttpResponse(
                Vendor::Verloop, status, QStringLiteral(R"({"code":"%1","msg":"m"})").arg(code).toUtf8(), {});
        QCOMPARE(error.code, code);
        QVERIFY2(error.explanation !=
                         ErrorCatalog::explain(Vendor::Verloop, QStringLiteral("no_such_code"), status),
                 "a Twirp code must not fall back to the generic sentence");
        QVERIFY(error.explanation.endsWith(QLatin1Char('.')));
        QCOMPARE(error.explanation.contains(QLatin1String("look for it in the Verloop dashboard")),
                 mayBeScheduled);
        // Only the two spellings of data loss share a sentence.
        int same = 0;
        for (const QString &other : ErrorCatalog::knownCodes(Vendor::Verloop))
            same += ErrorCatalog::explain(Vendor::Verloop, other, status) == error.explanation ? 1 : 0;
        QCOMPARE(same, code.contains(QLatin1String("loss")) ? 2 : 1);
        QCOMPARE(error.isRateLimit(), code == QLatin1String("resource_exhausted"));
        QCOMPARE(error.isAuthFailure(), code == QLatin1String("unauthenticated"));
    }

    // A body that is not Twirp's (a proxy's page) gets the code Twirp's own clients give it.
    void twirpErrorFromIntermediary_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("302") << 302 << "internal";
        QTest::newRow("400") << 400 << "internal";
        QTest::newRow("401") << 401 << "unauthenticated";
        QTest::newRow("403") << 403 << "permission_denied";
        QTest::newRow("404") << 404 << "bad_route";
        QTest::newRow("429") << 429 << "unavailable";
        QTest::newRow("502") << 502 << "unavailable";
        QTest::newRow("503") << 503 << "unavailable";
        QTest::newRow("504") << 504 << "unavailable";
        QTest::newRow("500") << 500 << "unknown";
        QTest::newRow("418") << 418 << "unknown";
    }
    void twirpErrorFromIntermediary()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        const ApiError error =
                ErrorCatalog::fromHttpResponse(Vendor::Verloop, status, "<html>Bad Gateway</html>", {});
        QCOMPARE(error.code, code);
        QCOMPARE(error.details.value(QStringLiteral("http_error_from_intermediary")).toString(),
                 QStringLiteral("true"));
        QCOMPARE(error.details.value(QStringLiteral("status_code")).toString(), QString::number(status));
        QCOMPARE(error.vendorMessage, QStringLiteral("<html>Bad Gateway</html>"));
        QCOMPARE(error.explanation, ErrorCatalog::explain(Vendor::Verloop, code, status));
        // A proxy's 429 is still a rate limit to wait out.
        QCOMPARE(error.isRateLimit(), status == 429);
    }

    // S4: logs never show a token, registered or merely token-shaped.
    void redaction()
    {
        Redaction::registerSecret("verloop-raw-token-abcdef123456");
        const QString line = QStringLiteral(
                "GET /x Authorization: Bearer unlpa_live_AbCdEf0123456789xyz key=unl_live_ZZZZZZZZZZZZZZZZ "
                "secret whsec_2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01 raw verloop-raw-token-abcdef123456 "
                "ot2d_k3y999999");
        const QString clean = Redaction::redact(line);
        for (const char *leak :
             {"AbCdEf0123456789xyz", "ZZZZZZZZZZZZZZZZ", "2VR9aBcDeFgHiJkLmNoPqRsTuVwXyZ01",
              "verloop-raw-token-abcdef123456", "k3y999999"})
            QVERIFY2(!clean.contains(QLatin1String(leak)), qPrintable(clean));
        QVERIFY(clean.contains(QStringLiteral("GET /x")));
        QCOMPARE(Redaction::redact(QStringLiteral("AUTHORIZATION: Token abc")),
                 QStringLiteral("AUTHORIZATION: [redacted]"));
        QCOMPARE(Redaction::redact(QStringLiteral("nothing secret here")),
                 QStringLiteral("nothing secret here"));
        Redaction::forgetSecret("verloop-raw-token-abcdef123456");
    }
};

CC_TEST_GUILESS_MAIN(TestHttpPolicy)
#include "tst_httppolicy.moc"

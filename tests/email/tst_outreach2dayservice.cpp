// Outreach2day's service over real HTTP against the sandbox: uploads streamed from a file
// (ApiCall::bodyFile), error answers of any shape read into the one error type, and every
// operation of the campaign flow.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/ApiCall.h"
#include "core/CursorPager.h"
#include "core/ErrorCatalog.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"

#include <QFile>
#include <QTemporaryDir>

namespace {
const QString kUploadPath = QStringLiteral("/uploadtest");
const QString kErrorPath = QStringLiteral("/errortest");
const QByteArray kBoundary = "----cc-test-boundary-7MA4YWxkTrZu0gW";
} // namespace

class TestOutreach2dayService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // ApiCall::bodyFile
    void bodyFileIsStreamedAsTheBody();
    void missingBodyFileSendsNothing();
    void retriedUploadSendsTheWholeFileAgain();

    // Errors
    void errorBodiesOfAnyShape_data();
    void errorBodiesOfAnyShape();
    void everyStatusAndCodeIsExplained_data();
    void everyStatusAndCodeIsExplained();
    void unknownCodesFallBackByStatus();

    // Refused before sending
    void invalidRequestsAreRefusedLocally_data();
    void invalidRequestsAreRefusedLocally();
    void withoutWorkspaceNothingIsSent();
    void launchAndResumeNeedAClearance();

    // Every operation against the sandbox
    void campaignIsCreated();
    void stepsAreAddedListedUpdatedAndDeleted();
    void previewRendersTheContact();
    void directImportIsReplayedByItsKey();
    void stagedImportRunsToCompletion();
    void contactsArePagedToTheEnd();
    void mailboxesAreAttachedListedAndUpdated();
    void preflightFollowsTheCampaign();
    void launchPauseResumeAndStats();
    void suppressionsAreAdded();
    // #11 against the sandbox (the webhook operations are in tst_outreach2dayservice11)
    void runningCampaignIsWatched();
    void suppressionsAreListedCheckedAndDeleted();
    void subsequenceIsCreatedAndRouted();
    void otherShapesOfSuccessAreRead();

private:
    // Every item a pager hands over until it finishes; the end in `end`.
    QList<QJsonObject> drain(CursorPager *pager, std::optional<ApiError> *end);
    QString writeFile(const QString &name, const QByteArray &content);
    ApiResponse send(const ApiCall &call);
    template<typename T, typename Call>
    Result<T> wait(Call call);
    // A multipart/form-data file (boundary kBoundary) with the part "file" holding `csv`, after a
    // part "campaignId" when one is given (staged imports).
    QString multipart(const QString &name, const QByteArray &csv, const QString &campaignId = {});
    QString newCampaign(Outreach2dayService &service, const QString &name);
    QString readyCampaign(Outreach2dayService &service);
    static O2dSchedule weekdaySchedule();
    // The real guard's clearance for a launch or resume (to a contact readyCampaign() imports).
    QString clearance(const QString &action, const QString &campaignId);

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    int m_databases = 0;
    int m_clearances = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    // What the upload route received last.
    QByteArray m_receivedBody;
    QByteArray m_receivedType;
    QByteArray m_receivedKey;
    int m_uploads = 0;
    // What the error route answers.
    SandboxResponse m_errorAnswer;
};

void TestOutreach2dayService::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    QVERIFY(m_dir.isValid());
    m_sandbox.server()->route(Vendor::Outreach2day, "POST", kUploadPath,
                              [this](const SandboxRequest &request) {
                                  ++m_uploads;
                                  m_receivedBody = request.body;
                                  m_receivedType = request.header("Content-Type");
                                  m_receivedKey = request.header("Idempotency-Key");
                                  return SandboxResponse::json(
                                          QJsonObject{{QStringLiteral("bytes"), int(request.body.size())}});
                              });
    m_sandbox.server()->route(Vendor::Outreach2day, "POST", kErrorPath,
                              [this](const SandboxRequest &) { return m_errorAnswer; });
}

void TestOutreach2dayService::init()
{
    m_sandbox.server()->clearFaults();
    m_sandbox.server()->clearRequests();
    m_receivedBody.clear();
    m_receivedType.clear();
    m_receivedKey.clear();
    m_uploads = 0;
    m_store = std::make_unique<SqliteOutboundStore>(
            m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
    m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
    m_sandbox.client(Vendor::Outreach2day)->setOutboundGate(m_guard.get());
}

void TestOutreach2dayService::cleanup()
{
    m_sandbox.client(Vendor::Outreach2day)->setOutboundGate(nullptr);
    m_guard.reset();
    m_store.reset();
}

template<typename T, typename Call>
Result<T> TestOutreach2dayService::wait(Call call)
{
    std::optional<Result<T>> result;
    call([&result](const Result<T> &r) { result.emplace(r); });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60'000);
    }();
    if (!result)
        return ApiError::local(Vendor::Outreach2day, QStringLiteral("test_timeout"),
                               QStringLiteral("no answer"));
    return *result;
}

QString TestOutreach2dayService::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return {};
    return path;
}

ApiResponse TestOutreach2dayService::send(const ApiCall &call)
{
    std::optional<ApiResponse> response;
    m_sandbox.client(Vendor::Outreach2day)->send(call, this, [&response](const ApiResponse &r) {
        response = r;
    });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 60'000);
    }();
    return response.value_or(ApiResponse());
}

// A body bigger than any buffer on the way arrives byte for byte, with the caller's content type
// and headers.
void TestOutreach2dayService::bodyFileIsStreamedAsTheBody()
{
    QByteArray content;
    for (int i = 0; content.size() < 3 * 1024 * 1024; ++i)
        content += "row" + QByteArray::number(i) + "@example.com,First,Last\r\n";
    const QString path = writeFile(QStringLiteral("big.bin"), content);
    QVERIFY(!path.isEmpty());

    ApiCall call = ApiCall::post(kUploadPath, {});
    call.body.clear();
    call.bodyFile = path;
    call.contentType = "multipart/form-data; boundary=test-boundary";
    call.withHeader("Idempotency-Key", "import-batch-001");
    const ApiResponse response = send(call);
    QVERIFY2(response.ok(), qPrintable(response.error.summary()));
    QCOMPARE(m_uploads, 1);
    QCOMPARE(m_receivedBody.size(), content.size());
    QVERIFY(m_receivedBody == content);
    QCOMPARE(m_receivedType, QByteArray("multipart/form-data; boundary=test-boundary"));
    QCOMPARE(m_receivedKey, QByteArray("import-batch-001"));
    QVERIFY(QFile::exists(path)); // the caller's file is left in place
}

void TestOutreach2dayService::missingBodyFileSendsNothing()
{
    ApiCall call = ApiCall::post(kUploadPath, {});
    call.bodyFile = m_dir.filePath(QStringLiteral("not-there.csv"));
    call.contentType = "multipart/form-data; boundary=x";
    const ApiResponse response = send(call);
    QCOMPARE(response.error.kind, ApiError::Kind::Local);
    QCOMPARE(response.error.code, QStringLiteral("upload_file_unreadable"));
    QVERIFY2(response.error.explanation.contains(QStringLiteral("not-there.csv")),
             qPrintable(response.error.explanation));
    QVERIFY2(response.error.explanation.contains(QStringLiteral("Nothing was sent")),
             qPrintable(response.error.explanation));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);
    QCOMPARE(m_uploads, 0);
}

// An upload with an Idempotency-Key may be retried; each attempt reads the file from its start.
void TestOutreach2dayService::retriedUploadSendsTheWholeFileAgain()
{
    const QByteArray content = QByteArray("email,firstName\r\n") + QByteArray(200 * 1024, 'x');
    const QString path = writeFile(QStringLiteral("retry.bin"), content);
    SandboxFault fault;
    fault.kind = SandboxFault::Kind::ServerError;
    fault.vendor = Vendor::Outreach2day;
    fault.pathPrefix = kUploadPath;
    fault.count = 1;
    m_sandbox.server()->addFault(fault);

    ApiCall call = ApiCall::post(kUploadPath, {});
    call.bodyFile = path;
    call.contentType = "multipart/form-data; boundary=b";
    call.withHeader("Idempotency-Key", "import-retry-1");
    QVERIFY(call.mayRetry());
    const ApiResponse response = send(call);
    QVERIFY2(response.ok(), qPrintable(response.error.summary()));
    QCOMPARE(response.attempts, 2);
    QCOMPARE(m_sandbox.server()->requestCount(Vendor::Outreach2day, "POST", kUploadPath), 2);
    QCOMPARE(m_uploads, 1); // the first attempt was answered by the fault
    QVERIFY(m_receivedBody == content);
}

// ---------------------------------------------------------------------------------------------
// Error answers of any shape: the status and whatever readable text the body had, always.
void TestOutreach2dayService::errorBodiesOfAnyShape_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("said"); // what vendorMessage must hold ("" = nothing readable)

    const QByteArray json = "application/json";
    QTest::newRow("sandbox envelope 400")
            << 400 << json
            << QByteArray(
                       R"({"error":"invalid_field","message":"dailyLimit must be between 1 and 5000.","detail":{"field":"dailyLimit"}})")
            << "invalid_field"
            << "dailyLimit must be between 1 and 5000.";
    QTest::newRow("code and message 404")
            << 404 << json << QByteArray(R"({"code":"not_found","message":"No campaign cmp_x."})")
            << "not_found"
            << "No campaign cmp_x.";
    QTest::newRow("nested error object 409")
            << 409 << json
            << QByteArray(
                       R"({"error":{"code":"invalid_state","message":"The campaign is active.","details":{"status":"active"}}})")
            << "invalid_state"
            << "The campaign is active.";
    QTest::newRow("errors list 422")
            << 422 << json
            << QByteArray(R"({"errors":[{"field":"email","message":"is invalid"},"row 3 is empty"]})")
            << "http_422"
            << "email: is invalid; row 3 is empty";
    QTest::newRow("error as a sentence 400")
            << 400 << json << QByteArray(R"({"error":"The limit must be a number."})") << "http_400"
            << "The limit must be a number.";
    QTest::newRow("detail only 403") << 403 << json << QByteArray(R"({"detail":"Not your workspace."})")
                                     << "http_403"
                                     << "Not your workspace.";
    QTest::newRow("json array 400") << 400 << json
                                    << QByteArray(R"(["first problem", {"message": "second"}])") << "http_400"
                                    << "first problem; second";
    QTest::newRow("json of another shape 400")
            << 400 << json << QByteArray(R"({"status":"bad","info":{"hint":"retry"}})") << "http_400"
            << R"({"info":{"hint":"retry"},"status":"bad"})"; // readable as it came, compacted
    QTest::newRow("html from a proxy 502")
            << 502 << QByteArray("text/html")
            << QByteArray("<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>"
                          "<body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>")
            << "http_502"
            << "502 Bad Gateway nginx";
    QTest::newRow("plain text 503") << 503 << QByteArray("text/plain")
                                    << QByteArray("upstream connect error or disconnect/reset before headers")
                                    << "http_503"
                                    << "upstream connect error or disconnect/reset before headers";
    QTest::newRow("empty 500") << 500 << QByteArray() << QByteArray() << "http_500"
                               << "";
    QTest::newRow("empty json 401") << 401 << json << QByteArray("{}") << "http_401"
                                    << "";
    QTest::newRow("binary junk 400") << 400 << QByteArray("application/octet-stream")
                                     << QByteArray("\x01\x02\xff\xfe oops \x7f", 11) << "http_400"
                                     << "oops";
    QTest::newRow("status nobody documents 418")
            << 418 << QByteArray("text/plain") << QByteArray("I'm a teapot") << "http_418"
            << "I'm a teapot";
}

void TestOutreach2dayService::errorBodiesOfAnyShape()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, said);
    m_errorAnswer.status = status;
    m_errorAnswer.contentType = contentType;
    m_errorAnswer.body = body;

    // A POST without an Idempotency-Key: never retried, so each answer is read once.
    const ApiResponse response = send(ApiCall::post(kErrorPath, {}));
    const ApiError &error = response.error;
    QCOMPARE(error.kind, ApiError::Kind::Vendor);
    QCOMPARE(error.vendor, Vendor::Outreach2day);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.code, code);
    QCOMPARE(error.vendorMessage, said);
    // The operator always sees the status and what the answer said, in a sentence with what to do.
    QVERIFY2(error.explanation.contains(QStringLiteral("HTTP %1").arg(status)),
             qPrintable(error.explanation));
    if (said.isEmpty())
        QVERIFY2(error.explanation.contains(QStringLiteral("no readable text")),
                 qPrintable(error.explanation));
    else
        QVERIFY2(error.explanation.contains(said), qPrintable(error.explanation));
    QVERIFY2(!error.explanation.contains(QLatin1Char('<')), qPrintable(error.explanation));
    QVERIFY(error.summary().contains(QStringLiteral("HTTP %1").arg(status)));
    if (QTest::currentDataTag() == QByteArray("sandbox envelope 400"))
        QCOMPARE(error.details.value(QStringLiteral("field")).toString(), QStringLiteral("dailyLimit"));
}

// Each status the sandbox answers with, and each of its codes, has its own sentence with what to
// do next — never the generic fallback.
void TestOutreach2dayService::everyStatusAndCodeIsExplained_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("invalid_field") << "invalid_field" << 400 << "field";
    QTest::newRow("invalid_json") << "invalid_json" << 400 << "report";
    QTest::newRow("workspace_required") << "workspace_required" << 400 << "workspace id";
    QTest::newRow("unauthorized") << "unauthorized" << 401 << "missing or invalid";
    QTest::newRow("forbidden") << "forbidden" << 403 << "workspace";
    QTest::newRow("not_found") << "not_found" << 404 << "refresh";
    QTest::newRow("already_exists") << "already_exists" << 409 << "already";
    QTest::newRow("invalid_state") << "invalid_state" << 409 << "state";
    QTest::newRow("payload_too_large") << "payload_too_large" << 413 << "staged import";
    QTest::newRow("unsupported_media_type") << "unsupported_media_type" << 415 << "report";
    QTest::newRow("preflight_failed") << "preflight_failed" << 422 << "Preflight";
    QTest::newRow("idempotency_key_reused") << "idempotency_key_reused" << 422 << "Idempotency-Key";
    QTest::newRow("idempotency_conflict") << "idempotency_conflict" << 409 << "Idempotency-Key";
    QTest::newRow("rate_limited") << "rate_limited" << 429 << "Wait";
    QTest::newRow("internal_error") << "internal_error" << 500 << "stats";
}

void TestOutreach2dayService::everyStatusAndCodeIsExplained()
{
    QFETCH(QString, code);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    QVERIFY(ErrorCatalog::knownCodes(Vendor::Outreach2day).contains(code));
    const QString sentence = ErrorCatalog::explain(Vendor::Outreach2day, code, status);
    QVERIFY2(sentence.contains(mentions), qPrintable(sentence));
    QVERIFY2(sentence != ErrorCatalog::explain(Vendor::Outreach2day, QStringLiteral("no_such_code"), status),
             qPrintable(sentence));
    QVERIFY(sentence.endsWith(QLatin1Char('.')));
}

void TestOutreach2dayService::unknownCodesFallBackByStatus()
{
    QStringList sentences;
    for (int status : {400, 401, 403, 404, 409, 413, 422, 429, 500, 418}) {
        const QString sentence =
                ErrorCatalog::explain(Vendor::Outreach2day, QStringLiteral("no_such_code"), status);
        QVERIFY2(!sentences.contains(sentence), qPrintable(sentence)); // each status in its own words
        sentences << sentence;
    }
    // 5xx share one sentence; it says what to do after a launch.
    QCOMPARE(ErrorCatalog::explain(Vendor::Outreach2day, QStringLiteral("x"), 503),
             ErrorCatalog::explain(Vendor::Outreach2day, QStringLiteral("x"), 500));
}
// ---------------------------------------------------------------------------------------------
// Every documented limit is checked before sending: the field named, nothing on the wire.
void TestOutreach2dayService::invalidRequestsAreRefusedLocally_data()
{
    QTest::addColumn<int>("operation");
    QTest::addColumn<QString>("field");
    int i = 0;
    QTest::newRow("campaign without name") << i++ << "name";
    QTest::newRow("campaign priority URGENT") << i++ << "priority";
    QTest::newRow("step without subject") << i++ << "subject";
    QTest::newRow("step weights 70+20") << i++ << "variants";
    QTest::newRow("step update negative delay") << i++ << "delayDays";
    QTest::newRow("step id with a slash") << i++ << "stepId";
    QTest::newRow("mailbox dailyLimit 5001") << i++ << "dailyLimit";
    QTest::newRow("mailbox without address") << i++ << "mailboxAddress";
    QTest::newRow("mailbox update weight 0") << i++ << "weight";
    QTest::newRow("mailbox update gapJitterSeconds 86401") << i++ << "gapJitterSeconds";
    QTest::newRow("schedule unknown zone") << i++ << "timezone";
    QTest::newRow("schedule overlapping windows") << i++ << "windows";
    QTest::newRow("launch limit 0") << i++ << "limit";
    QTest::newRow("import without key") << i++ << "Idempotency-Key";
    QTest::newRow("mapping without email") << i++ << "mapping";
    QTest::newRow("suppression not an email") << i++ << "emails[1]";
    QTest::newRow("empty campaign id") << i++ << "campaignId";
    QTest::newRow("preview of nothing") << i++ << "step";
}

void TestOutreach2dayService::invalidRequestsAreRefusedLocally()
{
    QFETCH(int, operation);
    QFETCH(QString, field);
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString campaign = QStringLiteral("cmp_abc123");
    std::optional<ApiError> error;
    auto keep = [&error](const auto &result) {
        if (!result.ok())
            error = result.error();
        else
            error = ApiError();
    };
    O2dStep step;
    step.subject = QStringLiteral("Hello");
    O2dMailbox mailbox;
    mailbox.mailboxAddress = QStringLiteral("john@cooloutreach.com");
    O2dSchedule schedule;
    schedule.timezone = QStringLiteral("America/New_York");
    schedule.weekdays = {QStringLiteral("mon")};
    schedule.windows = {{QTime(9, 0), QTime(12, 0)}};
    const QString file = writeFile(QStringLiteral("upload.bin"), "--b\r\n");
    ApiReply *reply = nullptr;
    switch (operation) {
    case 0:
        reply = service.createCampaign(QStringLiteral("  "), QStringLiteral("HIGH"), this, keep);
        break;
    case 1:
        reply = service.createCampaign(QStringLiteral("Q1"), QStringLiteral("URGENT"), this, keep);
        break;
    case 2:
        step.subject.clear();
        reply = service.addStep(campaign, step, this, keep);
        break;
    case 3: {
        O2dVariant a, b;
        a.subject = b.subject = QStringLiteral("S");
        a.weight = 70;
        b.weight = 20;
        step.variants = {a, b};
        reply = service.addStep(campaign, step, this, keep);
        break;
    }
    case 4: {
        O2dStepUpdate update;
        update.delayDays = -1;
        reply = service.updateStep(QStringLiteral("stp_001"), update, this, keep);
        break;
    }
    case 5:
        reply = service.deleteStep(QStringLiteral("stp_001/../../campaigns"), this, keep);
        break;
    case 6:
        mailbox.dailyLimit = 5001;
        reply = service.attachMailbox(campaign, mailbox, this, keep);
        break;
    case 7:
        mailbox.mailboxAddress.clear();
        reply = service.attachMailbox(campaign, mailbox, this, keep);
        break;
    case 8: {
        O2dMailbox changes;
        changes.weight = 0;
        reply = service.updateMailbox(campaign, QStringLiteral("cmb_001"), changes, this, keep);
        break;
    }
    case 9: {
        O2dMailbox changes;
        changes.gapJitterSeconds = 86401;
        reply = service.updateMailbox(campaign, QStringLiteral("cmb_001"), changes, this, keep);
        break;
    }
    case 10:
        schedule.timezone = QStringLiteral("America/Atlantis");
        reply = service.setSchedule(campaign, schedule, this, keep);
        break;
    case 11:
        schedule.windows = {{QTime(9, 0), QTime(12, 0)}, {QTime(11, 0), QTime(13, 0)}};
        reply = service.setSchedule(campaign, schedule, this, keep);
        break;
    case 12: {
        O2dLaunchOptions options;
        options.limit = 0;
        reply = service.launch(campaign, options, QStringLiteral("clr"), this, keep);
        break;
    }
    case 13:
        reply = service.importContactsDirect(campaign, file, "b", QString(), this, keep);
        break;
    case 14:
        reply = service.confirmMapping(QStringLiteral("imp_1"),
                                       {{QStringLiteral("org"), QStringLiteral("company")}}, this, keep);
        break;
    case 15:
        reply = service.addSuppressions({QStringLiteral("a@b.example"), QStringLiteral("not-an-email")},
                                        QStringLiteral("manual_suppression"), this, keep);
        break;
    case 16:
        reply = service.fetchStats(QString(), this, keep);
        break;
    case 17:
        reply = service.previewStep(O2dVariant(), QJsonObject(), this, keep);
        break;
    }
    QVERIFY(!reply); // nothing was started
    QVERIFY(!error); // and the answer comes later, like every answer
    QTRY_VERIFY(error.has_value());
    QCOMPARE(error->kind, ApiError::Kind::Local);
    QCOMPARE(error->code, QStringLiteral("invalid_field"));
    QCOMPARE(error->details.value(QStringLiteral("field")).toString(), field);
    QVERIFY2(error->explanation.contains(field.section(QLatin1Char('['), 0, 0)),
             qPrintable(error->explanation));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);
}

// Without a workspace id nothing is sent, whatever the operation.
void TestOutreach2dayService::withoutWorkspaceNothingIsSent()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    QList<ApiError> errors;
    auto keep = [&errors](const auto &result) {
        errors << result.error();
    };
    service.createCampaign(QStringLiteral("Q1"), QStringLiteral("HIGH"), this, keep);
    service.listSteps(QStringLiteral("cmp_1"), this, keep);
    service.fetchStats(QStringLiteral("cmp_1"), this, keep);
    service.pause(QStringLiteral("cmp_1"), this, keep);
    service.preflight(QStringLiteral("cmp_1"), this, keep);
    QTRY_COMPARE(errors.size(), 5);
    for (const ApiError &error : std::as_const(errors))
        QCOMPARE(error.code, QStringLiteral("workspace_missing"));

    CursorPager *pager = service.contactsPager(QStringLiteral("cmp_1"), this);
    std::optional<ApiError> end;
    connect(pager, &CursorPager::finished, this, [&end](const ApiError &error) { end = error; });
    pager->start();
    QTRY_VERIFY(end.has_value());
    QCOMPARE(end->code, QStringLiteral("workspace_missing"));
    QCOMPARE(m_sandbox.server()->requests().size(), 0);
    delete pager;
}

// Launch and resume contact people: without the outbound guard's clearance they never leave.
void TestOutreach2dayService::launchAndResumeNeedAClearance()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    // No guard installed, then the guard with a clearance it never issued.
    const QList<OutboundGate *> gates{nullptr, m_guard.get()};
    for (OutboundGate *gate : gates) {
        m_sandbox.client(Vendor::Outreach2day)->setOutboundGate(gate);
        std::optional<ApiError> launched, resumed;
        service.launch(QStringLiteral("cmp_abc123"), O2dLaunchOptions(), QStringLiteral("no-such-clearance"),
                       this, [&launched](const Result<O2dLaunchJob> &r) { launched = r.error(); });
        service.resume(QStringLiteral("cmp_abc123"), QString(), this,
                       [&resumed](const Result<Done> &r) { resumed = r.error(); });
        QTRY_VERIFY(launched && resumed);
        QCOMPARE(launched->code, QStringLiteral("not_cleared"));
        QCOMPARE(resumed->code, QStringLiteral("not_cleared"));
        QCOMPARE(m_sandbox.server()->requests().size(), 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Every operation against the sandbox's stateful Outreach2day.

QString TestOutreach2dayService::multipart(const QString &name, const QByteArray &csv,
                                           const QString &campaignId)
{
    QByteArray body;
    if (!campaignId.isEmpty())
        body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"campaignId\"\r\n\r\n" +
                campaignId.toUtf8() + "\r\n";
    body += "--" + kBoundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\n" +
            "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + kBoundary + "--\r\n";
    return writeFile(name, body);
}

QString TestOutreach2dayService::newCampaign(Outreach2dayService &service, const QString &name)
{
    const auto created = wait<O2dCampaign>(
            [&](auto done) { service.createCampaign(name, QStringLiteral("HIGH"), this, done); });
    return created.ok() ? created->id : QString();
}

// A campaign with a step, two contacts, a verified mailbox and a schedule: ready to launch.
QString TestOutreach2dayService::readyCampaign(Outreach2dayService &service)
{
    const QString id = newCampaign(service, QStringLiteral("Ready"));
    O2dStep step;
    step.subject = QStringLiteral("Hi {{firstName}}");
    step.bodyText = QStringLiteral("Hello");
    O2dMailbox mailbox;
    mailbox.mailboxAddress = QStringLiteral("john@cooloutreach.com");
    bool ok = !id.isEmpty() &&
            wait<O2dStep>([&](auto done) { service.addStep(id, step, this, done); }).ok() &&
            wait<O2dMailbox>([&](auto done) { service.attachMailbox(id, mailbox, this, done); }).ok() &&
            wait<Done>([&](auto done) { service.setSchedule(id, weekdaySchedule(), this, done); }).ok();
    const QString file = multipart(QStringLiteral("ready.mp"),
                                   "email,firstName\r\nsarah@acme.com,Sarah\r\nmike@bigco.io,Mike\r\n");
    ok = ok &&
            wait<O2dImportResult>([&](auto done) {
                service.importContactsDirect(id, file, kBoundary, QStringLiteral("ready-") + id, this, done);
            }).ok();
    return ok ? id : QString();
}

O2dSchedule TestOutreach2dayService::weekdaySchedule()
{
    O2dSchedule schedule;
    schedule.timezone = QStringLiteral("America/New_York");
    schedule.weekdays = {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                         QStringLiteral("thu"), QStringLiteral("fri")};
    schedule.windows = {{QTime(9, 0), QTime(12, 0)}, {QTime(14, 0), QTime(17, 0)}};
    return schedule;
}

QString TestOutreach2dayService::clearance(const QString &action, const QString &campaignId)
{
    // One request that reaches every contact of the campaign: cleared whole, for the campaign.
    OutboundAction outbound;
    outbound.vendor = Vendor::Outreach2day;
    outbound.action = action;
    outbound.target = campaignId;
    outbound.recipients = {Recipient::email(QStringLiteral("sarah@acme.com")),
                           Recipient::email(QStringLiteral("mike@bigco.io"))};
    outbound.requestSummary =
            QStringLiteral("%1 %2 #%3").arg(action, campaignId).arg(++m_clearances).toUtf8();
    return m_guard->clear(outbound).id;
}

void TestOutreach2dayService::campaignIsCreated()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const auto created = wait<O2dCampaign>([&](auto done) {
        service.createCampaign(QStringLiteral(" Q1 SaaS Outreach "), QString(), this, done);
    });
    QVERIFY2(created.ok(), qPrintable(created.error().summary()));
    QVERIFY(created->id.startsWith(QStringLiteral("cmp_")));
    QCOMPARE(created->name, QStringLiteral("Q1 SaaS Outreach"));
    QCOMPARE(created->priority, QStringLiteral("MEDIUM")); // the documented default
    QCOMPARE(created->status, QStringLiteral("draft"));
    QVERIFY(created->createdAt.isValid());
    QCOMPARE(m_sandbox.server()->outreach2day()->campaignStatus(created->id), QStringLiteral("draft"));
    // Scoped by the workspace.
    QVERIFY(m_sandbox.server()->requests().constLast().query.contains(QStringLiteral("workspaceId=") +
                                                                      SandboxFixture::outreachWorkspaceId()));
}

void TestOutreach2dayService::stepsAreAddedListedUpdatedAndDeleted()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Steps"));
    QVERIFY(!id.isEmpty());

    O2dStep first;
    first.order = 1;
    first.subject = QStringLiteral("Quick question about {{company}}");
    first.bodyHtml = QStringLiteral("<p>Hi {{firstName}},</p>");
    const auto added = wait<O2dStep>([&](auto done) { service.addStep(id, first, this, done); });
    QVERIFY2(added.ok(), qPrintable(added.error().summary()));
    QVERIFY(added->id.startsWith(QStringLiteral("stp_")));
    QCOMPARE(added->campaignId, id);
    QCOMPARE(added->delayDays, 0);

    O2dStep second;
    second.delayDays = 3; // sent as delayDays, answered as delaySeconds
    second.subject = QStringLiteral("Re: {{company}}");
    O2dVariant a, b;
    a.subject = QStringLiteral("Quick question about {{company}}");
    a.weight = 50;
    b.subject = QStringLiteral("Idea for {{company}}");
    b.weight = 50;
    second.variants = {a, b};
    const auto ab = wait<O2dStep>([&](auto done) { service.addStep(id, second, this, done); });
    QVERIFY2(ab.ok(), qPrintable(ab.error().summary()));
    QCOMPARE(ab->order, 2); // "the next"
    QCOMPARE(ab->delayDays, 3);
    QCOMPARE(ab->variants.size(), 2);
    QCOMPARE(ab->variants.at(1).weight, 50);

    O2dStepUpdate update;
    update.subject = QStringLiteral("Updated subject line");
    update.delayDays = 2;
    const auto updated = wait<O2dStep>([&](auto done) { service.updateStep(ab->id, update, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error().summary()));
    QCOMPARE(updated->id, ab->id);
    QCOMPARE(updated->subject, QStringLiteral("Updated subject line"));
    QCOMPARE(updated->delayDays, 2);

    auto listed = wait<QList<O2dStep>>([&](auto done) { service.listSteps(id, this, done); });
    QVERIFY2(listed.ok(), qPrintable(listed.error().summary()));
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).id, added->id);
    QCOMPARE(listed->at(1).subject, QStringLiteral("Updated subject line"));
    QCOMPARE(listed->at(1).delayDays, 2);

    QVERIFY(wait<Done>([&](auto done) { service.deleteStep(added->id, this, done); }).ok());
    listed = wait<QList<O2dStep>>([&](auto done) { service.listSteps(id, this, done); });
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->at(0).id, ab->id);

    // Deleting it again: the sandbox's 404, read into the one error type.
    const auto gone = wait<Done>([&](auto done) { service.deleteStep(added->id, this, done); });
    QCOMPARE(gone.error().httpStatus, 404);
    QCOMPARE(gone.error().code, QStringLiteral("not_found"));
    QVERIFY2(gone.error().explanation.contains(QStringLiteral("HTTP 404")),
             qPrintable(gone.error().explanation));
}

void TestOutreach2dayService::previewRendersTheContact()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    O2dVariant content;
    content.subject = QStringLiteral("Quick question about {{company}}");
    content.bodyHtml = QStringLiteral("<p>Hi {{firstName}},</p><p>{{unknownField}}</p>");
    const QJsonObject contact{{QStringLiteral("firstName"), QStringLiteral("Sarah")},
                              {QStringLiteral("company"), QStringLiteral("Acme Corp")},
                              {QStringLiteral("email"), QStringLiteral("sarah@acme.com")}};
    const auto preview =
            wait<O2dPreview>([&](auto done) { service.previewStep(content, contact, this, done); });
    QVERIFY2(preview.ok(), qPrintable(preview.error().summary()));
    QCOMPARE(preview->subject, QStringLiteral("Quick question about Acme Corp"));
    QCOMPARE(preview->bodyHtml, QStringLiteral("<p>Hi Sarah,</p><p></p>"));
}

void TestOutreach2dayService::directImportIsReplayedByItsKey()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Direct"));
    const QString file = multipart(QStringLiteral("direct.mp"),
                                   "email,firstName,lastName,company,title\r\n"
                                   "sarah@acme.com,Sarah,Chen,Acme Corp,VP Sales\r\n"
                                   "mike@bigco.io,Mike,Johnson,BigCo,CTO\r\n"
                                   "not-an-email,Bad,Row,X,Y\r\n");
    const QString key = QStringLiteral("import-batch-001");
    const auto first = wait<O2dImportResult>(
            [&](auto done) { service.importContactsDirect(id, file, kBoundary, key, this, done); });
    QVERIFY2(first.ok(), qPrintable(first.error().summary()));
    QCOMPARE(first->parsed, 3);
    QCOMPARE(first->valid, 2);
    QCOMPARE(first->invalid, 1);
    QCOMPARE(first->imported, 2);
    QCOMPARE(first->errors.size(), 1); // the vendor's per-row error
    QCOMPARE(m_sandbox.server()->outreach2day()->contactCount(id), 2);

    // The same import again (a re-run after a crash): the same answer, no new contact.
    const auto again = wait<O2dImportResult>(
            [&](auto done) { service.importContactsDirect(id, file, kBoundary, key, this, done); });
    QVERIFY2(again.ok(), qPrintable(again.error().summary()));
    QCOMPARE(again->imported, first->imported);
    QCOMPARE(m_sandbox.server()->outreach2day()->contactCount(id), 2);
    const QList<SandboxRecordedRequest> requests = m_sandbox.server()->requests();
    QCOMPARE(m_sandbox.server()->requestCount(Vendor::Outreach2day, "POST",
                                              QStringLiteral("/campaigns/%1/contacts/import").arg(id)),
             2);
    Q_UNUSED(requests);
}

void TestOutreach2dayService::stagedImportRunsToCompletion()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Staged"));
    QByteArray csv = "email,first_name,last,org,role\r\n";
    for (int i = 0; i < 40; ++i)
        csv += "p" + QByteArray::number(i) + "@example.com,First" + QByteArray::number(i) +
                ",Last,Org,Role\r\n";
    csv += "broken,No,Email,Org,Role\r\n";
    const QString file = multipart(QStringLiteral("staged.mp"), csv, id);
    const auto started = wait<O2dImportStatus>([&](auto done) {
        service.startStagedImport(file, kBoundary, QStringLiteral("import-large-001"), this, done);
    });
    QVERIFY2(started.ok(), qPrintable(started.error().summary()));
    QVERIFY(started->importId.startsWith(QStringLiteral("imp_")));
    QCOMPARE(started->status, QStringLiteral("pending_mapping"));
    QCOMPARE(started->campaignId, id);

    const auto preview = wait<O2dMappingPreview>(
            [&](auto done) { service.fetchMappingPreview(started->importId, this, done); });
    QVERIFY2(preview.ok(), qPrintable(preview.error().summary()));
    QCOMPARE(preview->columns,
             (QStringList{QStringLiteral("email"), QStringLiteral("first_name"), QStringLiteral("last"),
                          QStringLiteral("org"), QStringLiteral("role")}));
    QCOMPARE(preview->suggestedMapping.value(QStringLiteral("first_name")), QStringLiteral("firstName"));
    QVERIFY(!preview->sampleRows.isEmpty());

    QMap<QString, QString> mapping = preview->suggestedMapping;
    mapping.insert(QStringLiteral("role"), QStringLiteral("title")); // the operator's edit
    const auto confirmed = wait<O2dImportStatus>(
            [&](auto done) { service.confirmMapping(started->importId, mapping, this, done); });
    QVERIFY2(confirmed.ok(), qPrintable(confirmed.error().summary()));
    QCOMPARE(confirmed->importId, started->importId);
    QVERIFY(!confirmed->isFinished());

    // Polled to its end (the sandbox takes a few polls); never more than a bounded number.
    std::optional<O2dImportStatus> last;
    for (int poll = 0; poll < 20 && !(last && last->isFinished()); ++poll) {
        const auto status = wait<O2dImportStatus>(
                [&](auto done) { service.fetchImportStatus(started->importId, this, done); });
        QVERIFY2(status.ok(), qPrintable(status.error().summary()));
        last = status.value();
    }
    QVERIFY(last && last->succeeded());
    QCOMPARE(last->totalRows, 41);
    QCOMPARE(last->imported, 40);
    QCOMPARE(last->invalid, 1);
    QCOMPARE(m_sandbox.server()->outreach2day()->contactCount(id), 40);
}

void TestOutreach2dayService::contactsArePagedToTheEnd()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Paged"));
    QByteArray csv = "email,firstName\r\n";
    const int count = 2 * Outreach2dayService::pageLimit + 17;
    for (int i = 0; i < count; ++i)
        csv += "c" + QByteArray::number(i) + "@example.com,C" + QByteArray::number(i) + "\r\n";
    const QString file = multipart(QStringLiteral("paged.mp"), csv);
    QVERIFY(wait<O2dImportResult>([&](auto done) {
                service.importContactsDirect(id, file, kBoundary, QStringLiteral("paged-") + id, this, done);
            }).ok());

    CursorPager *pager = service.contactsPager(id, this);
    QList<O2dContact> contacts;
    std::optional<ApiError> end;
    connect(pager, &CursorPager::page, this, [&contacts](const QList<QJsonObject> &items, const QString &) {
        for (const QJsonObject &item : items)
            contacts.append(O2dContact::fromJson(item));
    });
    connect(pager, &CursorPager::finished, this, [&end](const ApiError &error) { end = error; });
    pager->start();
    QTRY_VERIFY_WITH_TIMEOUT(end.has_value(), 60'000);
    QCOMPARE(end->kind, ApiError::Kind::None);
    QCOMPARE(contacts.size(), count);
    QCOMPARE(pager->pages(), 3);
    QCOMPARE(contacts.first().email, QStringLiteral("c0@example.com"));
    QCOMPARE(contacts.first().campaignId, id);
    QCOMPARE(contacts.first().status, QStringLiteral("pending"));
    QSet<QString> ids;
    for (const O2dContact &contact : std::as_const(contacts))
        ids.insert(contact.id);
    QCOMPARE(ids.size(), count);
    for (const SandboxRecordedRequest &request : m_sandbox.server()->requests()) {
        if (request.path.endsWith(QStringLiteral("/contacts")))
            QVERIFY2(request.query.contains(QStringLiteral("limit=%1").arg(Outreach2dayService::pageLimit)),
                     qPrintable(request.query));
    }

    // The sandbox's faulty pages end the run with the pager's errors, never a loop.
    for (const auto &[fault, code] :
         {std::pair{Outreach2daySandbox::PagingFault::RepeatCursor, QStringLiteral("cursor_repeated")},
          std::pair{Outreach2daySandbox::PagingFault::NoProgress, QStringLiteral("no_progress")}}) {
        m_sandbox.server()->outreach2day()->setContactsPagingFault(fault);
        end.reset();
        pager->start();
        QTRY_VERIFY_WITH_TIMEOUT(end.has_value(), 60'000);
        QCOMPARE(end->code, code);
    }
    m_sandbox.server()->outreach2day()->setContactsPagingFault(Outreach2daySandbox::PagingFault::None);
    delete pager;
}

void TestOutreach2dayService::mailboxesAreAttachedListedAndUpdated()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Mailboxes"));
    O2dMailbox mailbox;
    mailbox.mailboxAddress = QStringLiteral("john@cooloutreach.com");
    const auto attached =
            wait<O2dMailbox>([&](auto done) { service.attachMailbox(id, mailbox, this, done); });
    QVERIFY2(attached.ok(), qPrintable(attached.error().summary()));
    QVERIFY(attached->id.startsWith(QStringLiteral("cmb_")));
    QVERIFY(attached->mailboxId.startsWith(QStringLiteral("mbx_")));
    QCOMPARE(attached->mailboxAddress, QStringLiteral("john@cooloutreach.com"));
    QCOMPARE(attached->dailyLimit.value_or(-1), 30); // the defaults
    QCOMPARE(attached->weight.value_or(-1), 100);
    QCOMPARE(attached->gapBaseSeconds.value_or(-1), 120);
    QCOMPARE(attached->gapJitterSeconds.value_or(-1), 60);

    O2dMailbox changes;
    changes.dailyLimit = 50;
    changes.weight = 150;
    const auto updated = wait<O2dMailbox>(
            [&](auto done) { service.updateMailbox(id, attached->id, changes, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error().summary()));
    QCOMPARE(updated->dailyLimit.value_or(-1), 50);
    QCOMPARE(updated->weight.value_or(-1), 150);
    QCOMPARE(updated->gapBaseSeconds.value_or(-1), 120);

    const auto listed = wait<QList<O2dMailbox>>([&](auto done) { service.listMailboxes(id, this, done); });
    QVERIFY2(listed.ok(), qPrintable(listed.error().summary()));
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->at(0).id, attached->id);
    QCOMPARE(listed->at(0).dailyLimit.value_or(-1), 50);

    // Attached twice: the sandbox's 409, in words.
    const auto twice = wait<O2dMailbox>([&](auto done) { service.attachMailbox(id, mailbox, this, done); });
    QCOMPARE(twice.error().httpStatus, 409);
    QCOMPARE(twice.error().code, QStringLiteral("already_exists"));
    QVERIFY2(twice.error().explanation.contains(QStringLiteral("already")),
             qPrintable(twice.error().explanation));
}

void TestOutreach2dayService::preflightFollowsTheCampaign()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Preflight"));
    auto checks = wait<O2dPreflight>([&](auto done) { service.preflight(id, this, done); });
    QVERIFY2(checks.ok(), qPrintable(checks.error().summary()));
    QVERIFY(!checks->canLaunch());
    QVERIFY(checks->blockingFailures.contains(QStringLiteral("has_steps")));
    QVERIFY(checks->blockingFailures.contains(QStringLiteral("schedule_set")));
    QCOMPARE(checks->checks.size(), 5);

    // A mailbox at an unverified domain fails its authentication.
    O2dMailbox unverified;
    unverified.mailboxAddress = QStringLiteral("ann@") + Outreach2daySandbox::unverifiedDomain();
    QVERIFY(wait<O2dMailbox>([&](auto done) { service.attachMailbox(id, unverified, this, done); }).ok());
    const auto mailboxes = wait<O2dPreflight>([&](auto done) { service.mailboxPreflight(id, this, done); });
    QVERIFY2(mailboxes.ok(), qPrintable(mailboxes.error().summary()));
    QVERIFY(!mailboxes->canLaunch());
    bool authFailed = false;
    for (const O2dPreflight::Check &check : mailboxes->checks)
        authFailed |= check.name == QLatin1String("mailbox_auth") && !check.passed;
    QVERIFY(authFailed);

    const QString ready = readyCampaign(service);
    QVERIFY(!ready.isEmpty());
    QVERIFY(wait<Done>([&](auto done) {
                O2dStopRules rules;
                rules.stopOnBounce = false;
                service.setStopRules(ready, rules, this, done);
            }).ok());
    checks = wait<O2dPreflight>([&](auto done) { service.preflight(ready, this, done); });
    QVERIFY2(checks.ok(), qPrintable(checks.error().summary()));
    QVERIFY2(checks->canLaunch(), qPrintable(checks->blockingFailures.join(QStringLiteral(", "))));
    for (const O2dPreflight::Check &check : checks->checks)
        QVERIFY2(check.passed, qPrintable(check.name));
}

void TestOutreach2dayService::launchPauseResumeAndStats()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString blocked = newCampaign(service, QStringLiteral("Blocked"));
    // Preflight failing: the sandbox's 422, in words; the guard's clearance was used up.
    const auto refused = wait<O2dLaunchJob>([&](auto done) {
        service.launch(blocked, O2dLaunchOptions(), clearance(QStringLiteral("campaign_launch"), blocked),
                       this, done);
    });
    QVERIFY2(refused.error().httpStatus == 422, qPrintable(refused.error().summary()));
    QCOMPARE(refused.error().code, QStringLiteral("preflight_failed"));
    QVERIFY2(refused.error().explanation.contains(QStringLiteral("Preflight")),
             qPrintable(refused.error().explanation));

    const QString id = readyCampaign(service);
    QVERIFY(!id.isEmpty());
    // A first tranche of one contact, synchronously.
    O2dLaunchOptions tranche;
    tranche.limit = 1;
    const auto launched = wait<O2dLaunchJob>([&](auto done) {
        service.launch(id, tranche, clearance(QStringLiteral("campaign_launch"), id), this, done);
    });
    QVERIFY2(launched.ok(), qPrintable(launched.error().summary()));
    QVERIFY(launched->succeeded());
    QCOMPARE(launched->campaignId, id);
    QCOMPARE(m_sandbox.server()->outreach2day()->campaignStatus(id), QStringLiteral("active"));
    QCOMPARE(m_sandbox.server()->outreach2day()->contactCount(id, QStringLiteral("active")), 1);
    const QList<SandboxRecordedRequest> requests = m_sandbox.server()->requests();
    QVERIFY2(requests.constLast().query.contains(QStringLiteral("limit=1")),
             qPrintable(requests.constLast().query));
    QVERIFY(requests.constLast().query.contains(QStringLiteral("async=false")));

    // The next tranche asynchronously, followed to its end.
    O2dLaunchOptions async;
    async.async = true;
    const auto queued = wait<O2dLaunchJob>([&](auto done) {
        service.launch(id, async, clearance(QStringLiteral("campaign_launch"), id), this, done);
    });
    QVERIFY2(queued.ok(), qPrintable(queued.error().summary()));
    QVERIFY(!queued->jobId.isEmpty());
    QVERIFY(!queued->isFinished());
    std::optional<O2dLaunchJob> job;
    for (int poll = 0; poll < 20 && !(job && job->isFinished()); ++poll) {
        const auto status =
                wait<O2dLaunchJob>([&](auto done) { service.fetchLaunchJob(id, queued->jobId, this, done); });
        QVERIFY2(status.ok(), qPrintable(status.error().summary()));
        job = status.value();
    }
    QVERIFY(job && job->succeeded());
    QCOMPARE(job->jobId, queued->jobId);
    QCOMPARE(m_sandbox.server()->outreach2day()->contactCount(id, QStringLiteral("active")), 2);

    QVERIFY(wait<Done>([&](auto done) { service.pause(id, this, done); }).ok());
    QCOMPARE(m_sandbox.server()->outreach2day()->campaignStatus(id), QStringLiteral("paused"));
    // Paused twice: the sandbox's 409 invalid_state, in words with the status.
    const auto twice = wait<Done>([&](auto done) { service.pause(id, this, done); });
    QCOMPARE(twice.error().httpStatus, 409);
    QCOMPARE(twice.error().code, QStringLiteral("invalid_state"));
    QVERIFY2(twice.error().explanation.contains(QStringLiteral("HTTP 409")),
             qPrintable(twice.error().explanation));

    QVERIFY(wait<Done>([&](auto done) {
                service.resume(id, clearance(QStringLiteral("campaign_resume"), id), this, done);
            }).ok());
    QCOMPARE(m_sandbox.server()->outreach2day()->campaignStatus(id), QStringLiteral("active"));

    const auto stats = wait<O2dStats>([&](auto done) { service.fetchStats(id, this, done); });
    QVERIFY2(stats.ok(), qPrintable(stats.error().summary()));
    QCOMPARE(stats->campaignId, id);
    QCOMPARE(stats->status, QStringLiteral("active"));
    QCOMPARE(stats->contacts.total, 2);
    QCOMPARE(stats->contacts.active, 2);
    QVERIFY(!stats->raw.isEmpty());

    // Unknown campaign: 404 with the sandbox's sentence.
    const auto unknown =
            wait<O2dStats>([&](auto done) { service.fetchStats(QStringLiteral("cmp_nope"), this, done); });
    QCOMPARE(unknown.error().httpStatus, 404);
    QVERIFY2(unknown.error().explanation.contains(QStringLiteral("cmp_nope")),
             qPrintable(unknown.error().explanation));
}

void TestOutreach2dayService::suppressionsAreAdded()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    QVERIFY(!m_sandbox.server()->outreach2day()->isSuppressed(QStringLiteral("do-not-email@company.com")));
    const auto added = wait<Done>([&](auto done) {
        service.addSuppressions(
                {QStringLiteral("do-not-email@company.com"), QStringLiteral(" unsubscribed@example.com ")},
                QString(), this, done);
    });
    QVERIFY2(added.ok(), qPrintable(added.error().summary()));
    QVERIFY(m_sandbox.server()->outreach2day()->isSuppressed(QStringLiteral("do-not-email@company.com")));
    QVERIFY(m_sandbox.server()->outreach2day()->isSuppressed(QStringLiteral("unsubscribed@example.com")));
}

// ---------------------------------------------------------------------------------------------
// Issue #11 against the sandbox: a launched campaign sends on the sandbox's clock; its sends,
// contact changes, threads and summary are read back through the service.
QList<QJsonObject> TestOutreach2dayService::drain(CursorPager *pager, std::optional<ApiError> *end)
{
    QList<QJsonObject> items;
    connect(pager, &CursorPager::page, this,
            [&items](const QList<QJsonObject> &page, const QString &) { items << page; });
    connect(pager, &CursorPager::finished, this, [end](const ApiError &error) { *end = error; });
    pager->start();
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(end->has_value(), 60'000);
    }();
    pager->disconnect(this);
    return items;
}

void TestOutreach2dayService::runningCampaignIsWatched()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = readyCampaign(service);
    QVERIFY(!id.isEmpty());
    Outreach2daySandbox *sandbox = m_sandbox.server()->outreach2day();
    const QDateTime launchedAt = sandbox->clock().now();
    const auto launched = wait<O2dLaunchJob>([&](auto done) {
        service.launch(id, O2dLaunchOptions(), clearance(QStringLiteral("campaign_launch"), id), this, done);
    });
    QVERIFY2(launched.ok(), qPrintable(launched.error().summary()));
    sandbox->clock().advance(7 * 86400); // a week: both contacts are emailed in a window

    std::optional<ApiError> end;
    std::unique_ptr<CursorPager> pager(service.sendsPager(id, nullptr));
    const QList<QJsonObject> sends = drain(pager.get(), &end);
    QVERIFY2(!end->isError(), qPrintable(end->summary()));
    QVERIFY(sends.size() >= 2);
    QSet<QString> recipients;
    for (const QJsonObject &item : sends) {
        const O2dSend send = O2dSend::fromJson(item);
        QVERIFY(!send.id.isEmpty());
        QVERIFY2(O2dSend::statuses().contains(send.status), qPrintable(send.status));
        recipients.insert(send.to);
    }
    QCOMPARE(recipients, (QSet<QString>{QStringLiteral("sarah@acme.com"), QStringLiteral("mike@bigco.io")}));

    // Changes since the launch: every contact left pending, each change once.
    end.reset();
    pager.reset(service.contactChangesPager(id, launchedAt, nullptr));
    const QList<QJsonObject> changes = drain(pager.get(), &end);
    QVERIFY2(!end->isError(), qPrintable(end->summary()));
    QSet<QString> changed, keys;
    for (const QJsonObject &item : changes) {
        const O2dContactChange change = O2dContactChange::fromJson(item);
        QVERIFY(change.updatedAt >= launchedAt);
        changed.insert(change.contactId);
        keys.insert(change.key());
    }
    QCOMPARE(changed.size(), 2);
    QCOMPARE(keys.size(), changes.size());
    // Since a time after everything: nothing.
    end.reset();
    pager.reset(service.contactChangesPager(id, sandbox->clock().now().addSecs(60), nullptr));
    QVERIFY(drain(pager.get(), &end).isEmpty());
    QVERIFY2(!end->isError(), qPrintable(end->summary()));

    // Threads of this campaign (whatever came back in a week), each linked to it.
    end.reset();
    pager.reset(service.threadsPager(QString(), id, nullptr));
    const QList<QJsonObject> threads = drain(pager.get(), &end);
    QVERIFY2(!end->isError(), qPrintable(end->summary()));
    for (const QJsonObject &item : threads)
        QCOMPARE(O2dThread::fromJson(item).campaignId, id);
    // The sandbox refuses an intent it does not know: its 400 in words, the field named.
    end.reset();
    pager.reset(service.threadsPager(QStringLiteral("no_such_intent"), id, nullptr));
    drain(pager.get(), &end);
    QCOMPARE(end->httpStatus, 400);

    const auto exported = wait<O2dSummaryExport>([&](auto done) { service.exportSummary(id, this, done); });
    QVERIFY2(exported.ok(), qPrintable(exported.error().summary()));
    QVERIFY(!exported->content.isEmpty());
    QVERIFY2(exported->content.contains(id.toUtf8()), exported->content.left(200).constData());
}

void TestOutreach2dayService::suppressionsAreListedCheckedAndDeleted()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString address =
            QStringLiteral("listed-%1@suppress.example").arg(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(wait<Done>([&](auto done) { service.addSuppressions({address}, QString(), this, done); }).ok());

    auto status =
            wait<O2dSuppressionStatus>([&](auto done) { service.suppressionStatus(address, this, done); });
    QVERIFY2(status.ok(), qPrintable(status.error().summary()));
    QVERIFY(status->suppressed);
    QCOMPARE(status->email, address);

    std::optional<ApiError> end;
    std::unique_ptr<CursorPager> pager(service.suppressionsPager(nullptr));
    const QList<QJsonObject> listed = drain(pager.get(), &end);
    QVERIFY2(!end->isError(), qPrintable(end->summary()));
    QStringList emails;
    for (const QJsonObject &item : listed)
        emails << O2dSuppression::fromJson(item).email;
    QVERIFY(emails.contains(address));
    QCOMPARE(emails.removeDuplicates(), 0);

    QVERIFY(wait<Done>([&](auto done) { service.deleteSuppression(address, this, done); }).ok());
    status = wait<O2dSuppressionStatus>([&](auto done) { service.suppressionStatus(address, this, done); });
    QVERIFY2(status.ok(), qPrintable(status.error().summary()));
    QVERIFY(!status->suppressed);
    QVERIFY(!m_sandbox.server()->outreach2day()->isSuppressed(address));

    // Deleting it again: the sandbox's 404, told in words that fit an address.
    const auto again = wait<Done>([&](auto done) { service.deleteSuppression(address, this, done); });
    QCOMPARE(again.error().httpStatus, 404);
    QCOMPARE(again.error().code, QStringLiteral("not_found"));
    QVERIFY(ErrorCatalog::explain(Vendor::Outreach2day, again.error().code, 404)
                    .contains(QStringLiteral("suppressed address")));
}

void TestOutreach2dayService::subsequenceIsCreatedAndRouted()
{
    Outreach2dayService service(m_sandbox.client(Vendor::Outreach2day));
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = newCampaign(service, QStringLiteral("Routed"));
    QVERIFY(!id.isEmpty());
    O2dSubsequence wanted;
    wanted.name = QStringLiteral("Interested Follow-up");
    const auto created =
            wait<O2dSubsequence>([&](auto done) { service.createSubsequence(id, wanted, this, done); });
    QVERIFY2(created.ok(), qPrintable(created.error().summary()));
    QVERIFY(!created->id.isEmpty());
    QCOMPARE(created->campaignId, id);
    QCOMPARE(created->name, wanted.name);

    O2dRoutingRule rule;
    rule.value = QStringLiteral("interested");
    rule.subsequenceId = created->id;
    O2dRoutingPolicy policy;
    policy.rules = {rule};
    const auto routed = wait<Done>([&](auto done) { service.setSubsequenceRouting(id, policy, this, done); });
    QVERIFY2(routed.ok(), qPrintable(routed.error().summary()));

    // A subsequence the campaign does not have: the sandbox's refusal, the rule named.
    policy.rules[0].subsequenceId = QStringLiteral("sub_nope");
    const auto refused =
            wait<Done>([&](auto done) { service.setSubsequenceRouting(id, policy, this, done); });
    QCOMPARE(refused.error().httpStatus, 400);
    QCOMPARE(refused.error().code, QStringLiteral("invalid_field"));
    QVERIFY2(refused.error().explanation.contains(QStringLiteral("rules[0].subsequenceId")),
             qPrintable(refused.error().explanation));
}

// Answers the reference does not show, or shows in one shape only, in the other shapes a vendor
// may use: served under another base path so the sandbox's own routes stay as they are.
void TestOutreach2dayService::otherShapesOfSuccessAreRead()
{
    SandboxServer *server = m_sandbox.server();
    const auto raw = [](int status, const QByteArray &body, const QByteArray &type = "application/json") {
        SandboxResponse response;
        response.status = status;
        response.body = body;
        response.contentType = type;
        return response;
    };
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/alt/campaigns/{id}/steps"),
                  [raw](const SandboxRequest &) {
                      return raw(200, R"([{"id": "stp_2", "order": 2, "subject": "B", "delaySeconds": 172800},
                            {"id": "stp_1", "order": 1, "subject": "A"}])");
                  });
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/alt/campaigns/{id}/mailboxes"),
                  [raw](const SandboxRequest &) {
                      return raw(200, R"({"data": [{"id": "cmb_9", "dailyLimit": 40}]})");
                  });
    server->route(Vendor::Outreach2day, "PATCH", QStringLiteral("/alt/campaigns/steps/{id}"),
                  [](const SandboxRequest &) { return SandboxResponse::noContent(); });
    server->route(Vendor::Outreach2day, "PATCH", QStringLiteral("/alt/campaigns/{id}/mailboxes/{cmb}"),
                  [raw](const SandboxRequest &) { return raw(200, R"({"ok": true, "weight": 7})"); });
    server->route(Vendor::Outreach2day, "POST", QStringLiteral("/alt/campaigns/{id}/lifecycle"),
                  [raw](const SandboxRequest &) { return raw(200, "OK", "text/plain"); });
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/alt/campaigns/{id}/stats"),
                  [raw](const SandboxRequest &) { return raw(200, "[1, 2]"); });

    VendorClient *client =
            m_sandbox.clientWithToken(Vendor::Outreach2day, SandboxFixture::token(Vendor::Outreach2day));
    client->setBaseUrl(QUrl(m_sandbox.baseUrl(Vendor::Outreach2day).toString() + QStringLiteral("/alt")));
    Outreach2dayService service(client);
    service.setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    const QString id = QStringLiteral("cmp_alt");

    const auto steps = wait<QList<O2dStep>>([&](auto done) { service.listSteps(id, this, done); });
    QVERIFY2(steps.ok(), qPrintable(steps.error().summary()));
    QCOMPARE(steps->size(), 2);
    QCOMPARE(steps->at(0).id, QStringLiteral("stp_1")); // in their order
    QCOMPARE(steps->at(1).delayDays, 2);

    const auto mailboxes = wait<QList<O2dMailbox>>([&](auto done) { service.listMailboxes(id, this, done); });
    QVERIFY2(mailboxes.ok(), qPrintable(mailboxes.error().summary()));
    QCOMPARE(mailboxes->size(), 1);
    QCOMPARE(mailboxes->at(0).dailyLimit.value_or(-1), 40);

    O2dStepUpdate update;
    update.subject = QStringLiteral("New");
    update.delayDays = 4;
    const auto updated = wait<O2dStep>(
            [&](auto done) { service.updateStep(QStringLiteral("stp_1"), update, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error().summary()));
    QCOMPARE(updated->id, QStringLiteral("stp_1")); // 204: the changes as sent
    QCOMPARE(updated->subject, QStringLiteral("New"));
    QCOMPARE(updated->delayDays, 4);

    O2dMailbox changes;
    changes.dailyLimit = 45;
    const auto mailbox = wait<O2dMailbox>(
            [&](auto done) { service.updateMailbox(id, QStringLiteral("cmb_9"), changes, this, done); });
    QVERIFY2(mailbox.ok(), qPrintable(mailbox.error().summary()));
    QCOMPARE(mailbox->id, QStringLiteral("cmb_9"));
    QCOMPARE(mailbox->dailyLimit.value_or(-1), 45);
    QCOMPARE(mailbox->weight.value_or(-1), 7); // what the answer added

    QVERIFY(wait<Done>([&](auto done) { service.pause(id, this, done); }).ok()); // any 2xx body

    const auto stats = wait<O2dStats>([&](auto done) { service.fetchStats(id, this, done); });
    QCOMPARE(stats.error().kind, ApiError::Kind::Malformed);
    QVERIFY2(stats.error().explanation.contains(QStringLiteral("statistics")),
             qPrintable(stats.error().explanation));
}

CC_TEST_GUILESS_MAIN(TestOutreach2dayService)
#include "tst_outreach2dayservice.moc"

// Outreach2day's service over real HTTP against the sandbox: uploads streamed from a file
// (ApiCall::bodyFile), error answers of any shape read into the one error type, and every
// operation of the campaign flow.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/ApiCall.h"
#include "core/ErrorCatalog.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QFile>
#include <QTemporaryDir>

namespace {
const QString kUploadPath = QStringLiteral("/uploadtest");
} // namespace

class TestOutreach2dayService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    // ApiCall::bodyFile
    void bodyFileIsStreamedAsTheBody();
    void missingBodyFileSendsNothing();
    void retriedUploadSendsTheWholeFileAgain();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    ApiResponse send(const ApiCall &call);

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    // What the upload route received last.
    QByteArray m_receivedBody;
    QByteArray m_receivedType;
    QByteArray m_receivedKey;
    int m_uploads = 0;
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
}

void TestOutreach2dayService::init()
{
    m_sandbox.server()->clearFaults();
    m_sandbox.server()->clearRequests();
    m_receivedBody.clear();
    m_receivedType.clear();
    m_receivedKey.clear();
    m_uploads = 0;
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

CC_TEST_GUILESS_MAIN(TestOutreach2dayService)
#include "tst_outreach2dayservice.moc"

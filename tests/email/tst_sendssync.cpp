// Complete retrieval of a campaign's sends into the store by cursor, over real HTTP: the sends
// list is a route registered on the sandbox before its own, paging by offset cursors, with a
// switch that fails one page (a 400: never retried) to interrupt a run.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/VendorClient.h"
#include "email/EmailActivityStore.h"
#include "email/SendsSync.h"
#include "outreach2day/Outreach2dayService.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {
const QString kCampaign = QStringLiteral("cmp_sends01");
}

class TestSendsSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void retrievesEverySendOnce();
    void resumesFromTheSavedCursorAfterAnInterruption();
    void staleSavedCursorStartsOver();
    void restartIgnoresTheSavedCursor();
    void cancelKeepsTheCursor();

private:
    struct Outcome
    {
        ApiError error;
        int fetched = 0;
    };
    Outcome run(SendsSync &sync, bool resume = true);

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EmailActivityStore> m_store;
    std::unique_ptr<Outreach2dayService> m_service;
    int m_total = 0;
    QString m_failCursor; // this page answers 400 once
    QStringList m_cursorsAsked; // "" for the first page
    QStringList m_limitsAsked;
};

void TestSendsSync::initTestCase()
{
    m_sandbox.server()->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/{id}/sends"),
            [this](const SandboxRequest &request) {
                const QString cursor = request.queryValue(QStringLiteral("cursor"));
                m_cursorsAsked << cursor;
                m_limitsAsked << request.queryValue(QStringLiteral("limit"));
                if (!m_failCursor.isEmpty() && cursor == m_failCursor) {
                    m_failCursor.clear();
                    return SandboxServer::error(Vendor::Outreach2day, 400, QStringLiteral("invalid_field"),
                                                QStringLiteral("Try again"));
                }
                if (!cursor.isEmpty() && !cursor.startsWith(QLatin1Char('c')))
                    return SandboxServer::error(Vendor::Outreach2day, 400, QStringLiteral("invalid_cursor"),
                                                QStringLiteral("Unknown cursor"));
                const int limit = request.queryValue(QStringLiteral("limit")).toInt();
                const int offset = cursor.isEmpty() ? 0 : cursor.mid(1).toInt();
                const int end = qMin(offset + limit, m_total);
                QJsonArray items;
                for (int i = offset; i < end; ++i) {
                    items.append(QJsonObject{
                            {QStringLiteral("id"), QStringLiteral("snd_%1").arg(i, 6, 10, QLatin1Char('0'))},
                            {QStringLiteral("campaignId"), request.pathArgs.value(QStringLiteral("id"))},
                            {QStringLiteral("contactId"), QStringLiteral("cnt_%1").arg(i)},
                            {QStringLiteral("stepId"), QStringLiteral("stp_001")},
                            {QStringLiteral("mailboxId"), QStringLiteral("mbx_501")},
                            {QStringLiteral("to"), QStringLiteral("c%1@acme.example").arg(i)},
                            {QStringLiteral("status"), QStringLiteral("sent")},
                            {QStringLiteral("attempts"), 1},
                            {QStringLiteral("sentAt"),
                             QDateTime(QDate(2026, 3, 9), QTime(9, 0), Qt::UTC)
                                     .addSecs(i)
                                     .toString(Qt::ISODate)}});
                }
                QJsonObject page{{QStringLiteral("items"), items}};
                page.insert(QStringLiteral("next_cursor"),
                            end < m_total ? QJsonValue(QStringLiteral("c%1").arg(end)) : QJsonValue());
                return SandboxResponse::json(page);
            });
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    QVERIFY(m_dir.isValid());
}

void TestSendsSync::init()
{
    m_total = 1234;
    m_failCursor.clear();
    m_cursorsAsked.clear();
    m_limitsAsked.clear();
    m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("sends-%1.sqlite").arg(++m_counter)));
    m_db->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    QVERIFY(m_db->open().ok());
    QVERIFY(m_db->migrate().ok());
    m_store = std::make_unique<EmailActivityStore>(m_db.get());
    m_service = std::make_unique<Outreach2dayService>(m_sandbox.client(Vendor::Outreach2day));
    m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
}

void TestSendsSync::cleanup()
{
    m_service.reset();
    m_store.reset();
    m_db.reset();
}

TestSendsSync::Outcome TestSendsSync::run(SendsSync &sync, bool resume)
{
    Outcome outcome;
    QEventLoop loop;
    const auto connection =
            connect(&sync, &SendsSync::finished, &loop, [&](const ApiError &error, int fetched) {
                outcome.error = error;
                outcome.fetched = fetched;
                loop.quit();
            });
    sync.start(kCampaign, resume);
    loop.exec();
    disconnect(connection);
    return outcome;
}

void TestSendsSync::retrievesEverySendOnce()
{
    SendsSync sync(m_service.get(), m_store.get());
    QSignalSpy progress(&sync, &SendsSync::progress);
    const Outcome outcome = run(sync);
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.summary()));
    QCOMPARE(outcome.fetched, 1234);
    QCOMPARE(m_store->sendCount(kCampaign), 1234);
    // The largest page the vendor accepts: a cursor cannot be followed in parallel.
    QCOMPARE(m_limitsAsked,
             (QStringList{QStringLiteral("500"), QStringLiteral("500"), QStringLiteral("500")}));
    QCOMPARE(m_cursorsAsked, (QStringList{QString(), QStringLiteral("c500"), QStringLiteral("c1000")}));
    QCOMPARE(progress.size(), 3);
    QVERIFY(m_store->cursor(SendsSync::cursorList(), kCampaign).isEmpty()); // complete: nothing to resume

    // A second run refreshes from the first page and stores nothing twice.
    SendsSync again(m_service.get(), m_store.get());
    QVERIFY(!run(again).error.isError());
    QVERIFY(!again.resumed());
    QCOMPARE(m_store->sendCount(kCampaign), 1234);
}

void TestSendsSync::resumesFromTheSavedCursorAfterAnInterruption()
{
    m_failCursor = QStringLiteral("c1000");
    SendsSync first(m_service.get(), m_store.get());
    const Outcome interrupted = run(first);
    QVERIFY(interrupted.error.isError());
    QCOMPARE(interrupted.error.httpStatus, 400);
    QCOMPARE(m_store->sendCount(kCampaign), 1000);
    QCOMPARE(m_store->cursor(SendsSync::cursorList(), kCampaign), QStringLiteral("c1000"));

    // A later run (a restarted console) goes on from there, not from the first page.
    m_cursorsAsked.clear();
    SendsSync second(m_service.get(), m_store.get());
    const Outcome resumed = run(second);
    QVERIFY2(!resumed.error.isError(), qPrintable(resumed.error.summary()));
    QVERIFY(second.resumed());
    QCOMPARE(m_cursorsAsked, QStringList{QStringLiteral("c1000")});
    QCOMPARE(resumed.fetched, 234);
    QCOMPARE(m_store->sendCount(kCampaign), 1234);
    QVERIFY(m_store->cursor(SendsSync::cursorList(), kCampaign).isEmpty());
}

void TestSendsSync::staleSavedCursorStartsOver()
{
    QVERIFY(m_store->saveCursor(SendsSync::cursorList(), kCampaign, QStringLiteral("expired_42")).ok());
    SendsSync sync(m_service.get(), m_store.get());
    const Outcome outcome = run(sync);
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.summary()));
    QCOMPARE(m_cursorsAsked.first(), QStringLiteral("expired_42"));
    QCOMPARE(m_cursorsAsked.at(1), QString()); // from the first page
    QCOMPARE(m_store->sendCount(kCampaign), 1234);
}

void TestSendsSync::restartIgnoresTheSavedCursor()
{
    QVERIFY(m_store->saveCursor(SendsSync::cursorList(), kCampaign, QStringLiteral("c1000")).ok());
    SendsSync sync(m_service.get(), m_store.get());
    QVERIFY(!run(sync, false).error.isError());
    QCOMPARE(m_cursorsAsked.first(), QString());
    QCOMPARE(m_store->sendCount(kCampaign), 1234);
}

void TestSendsSync::cancelKeepsTheCursor()
{
    SendsSync sync(m_service.get(), m_store.get());
    connect(&sync, &SendsSync::progress, &sync, [&sync](int, int pages) {
        if (pages == 1)
            sync.cancel();
    });
    const Outcome outcome = run(sync);
    QCOMPARE(outcome.error.kind, ApiError::Kind::Cancelled);
    QCOMPARE(m_store->sendCount(kCampaign), 500);
    QCOMPARE(m_store->cursor(SendsSync::cursorList(), kCampaign), QStringLiteral("c500"));
}

CC_TEST_GUILESS_MAIN(TestSendsSync)
#include "tst_sendssync.moc"

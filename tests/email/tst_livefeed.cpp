// The live feed without webhooks, over real HTTP: the changes feed and the interested threads are
// routes registered on the sandbox before its own (so each test decides what the vendor says).
// A reply seen only through the changes feed reaches the GUI (replyReceived); an interested thread
// raises one notification (interestedReply); the overlap between polls never duplicates a change.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/VendorClient.h"
#include "email/EmailActivityStore.h"
#include "email/EmailCampaignStore.h"
#include "email/LiveFeed.h"
#include "outreach2day/Outreach2dayService.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {
const QString kCampaign = QStringLiteral("cmp_live01");
const QDateTime kT0 = QDateTime(QDate(2026, 3, 9), QTime(14, 30), Qt::UTC);

QJsonObject change(const QString &contactId, const QString &email, const QString &status,
                   const QString &previous, const QDateTime &at)
{
    return {{QStringLiteral("contactId"), contactId},
            {QStringLiteral("email"), email},
            {QStringLiteral("status"), status},
            {QStringLiteral("previousStatus"), previous},
            {QStringLiteral("updatedAt"), at.toString(Qt::ISODate)}};
}
} // namespace

class TestLiveFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void replySeenOnlyInTheChangesFeedReachesTheGui();
    void interestedThreadNotifiesOnce();
    void overlapNeverDuplicates();
    void contactStatusFollowsTheFeed();
    void pollsAgainAfterTheInterval();

private:
    void poll(LiveFeed &feed);

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EmailActivityStore> m_store;
    std::unique_ptr<EmailCampaignStore> m_campaigns;
    std::unique_ptr<Outreach2dayService> m_service;
    QList<QJsonObject> m_changes; // what the vendor's feed holds
    QList<QJsonObject> m_threads;
    QStringList m_sinceAsked; // updatedSince of each changes request
};

void TestLiveFeed::initTestCase()
{
    // Registered before start(): these answer before the sandbox's own routes.
    m_sandbox.server()->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/{id}/contacts/changes"),
            [this](const SandboxRequest &request) {
                const QString since = request.queryValue(QStringLiteral("updatedSince"));
                m_sinceAsked << since;
                const QDateTime from = QDateTime::fromString(since, Qt::ISODate);
                QJsonArray items;
                for (const QJsonObject &item : std::as_const(m_changes)) {
                    const QDateTime at = QDateTime::fromString(
                            item.value(QStringLiteral("updatedAt")).toString(), Qt::ISODate);
                    if (!from.isValid() || at >= from)
                        items.append(item);
                }
                // updated_since only echoes the request (as the reference shows).
                return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items},
                                                         {QStringLiteral("next_cursor"), QJsonValue()},
                                                         {QStringLiteral("updated_since"), since}});
            });
    m_sandbox.server()->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/threads"), [this](const SandboxRequest &request) {
                const QString intent = request.queryValue(QStringLiteral("replyIntent"));
                QJsonArray items;
                for (const QJsonObject &thread : std::as_const(m_threads)) {
                    if (intent.isEmpty() || thread.value(QStringLiteral("replyIntent")).toString() == intent)
                        items.append(thread);
                }
                return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
            });
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    QVERIFY(m_dir.isValid());
}

void TestLiveFeed::init()
{
    m_changes.clear();
    m_threads.clear();
    m_sinceAsked.clear();
    m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("live-%1.sqlite").arg(++m_counter)));
    m_db->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    m_db->registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
    QVERIFY(m_db->open().ok());
    QVERIFY(m_db->migrate().ok());
    m_store = std::make_unique<EmailActivityStore>(m_db.get());
    m_campaigns = std::make_unique<EmailCampaignStore>(m_db.get());
    m_service = std::make_unique<Outreach2dayService>(m_sandbox.client(Vendor::Outreach2day));
    m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
}

void TestLiveFeed::cleanup()
{
    m_service.reset();
    m_campaigns.reset();
    m_store.reset();
    m_db.reset();
}

void TestLiveFeed::poll(LiveFeed &feed)
{
    QEventLoop loop;
    ApiError result;
    const auto connection = connect(&feed, &LiveFeed::pollFinished, &loop, [&](const ApiError &error) {
        result = error;
        loop.quit();
    });
    feed.pollNow();
    loop.exec(); // no time limit: ctest's timeout catches a hang
    disconnect(connection);
    QVERIFY2(!result.isError(), qPrintable(result.summary()));
}

void TestLiveFeed::replySeenOnlyInTheChangesFeedReachesTheGui()
{
    // The contact replied; the Unibox's interested list does not show it (its intent is another,
    // or not classified yet): the changes feed alone must bring it to the GUI.
    m_changes << change(QStringLiteral("cnt_001"), QStringLiteral("sarah@acme.com"),
                        QStringLiteral("replied"), QStringLiteral("active"), kT0);
    LiveFeed feed(m_service.get(), m_store.get());
    feed.setCampaigns({kCampaign});
    QSignalSpy replies(&feed, &LiveFeed::replyReceived);
    QSignalSpy interested(&feed, &LiveFeed::interestedReply);
    poll(feed);

    QCOMPARE(replies.size(), 1);
    QCOMPARE(replies.at(0).at(0).toString(), kCampaign);
    const auto reply = replies.at(0).at(1).value<O2dContactChange>();
    QCOMPARE(reply.contactId, QStringLiteral("cnt_001"));
    QCOMPARE(reply.email, QStringLiteral("sarah@acme.com"));
    QCOMPARE(interested.size(), 0);
    QCOMPARE(m_store->changes(kCampaign).size(), 1);

    // Seen once: the next poll (same feed) says nothing new.
    poll(feed);
    QCOMPARE(replies.size(), 1);
}

void TestLiveFeed::interestedThreadNotifiesOnce()
{
    LiveFeed feed(m_service.get(), m_store.get());
    feed.setCampaigns({kCampaign});
    QSignalSpy interested(&feed, &LiveFeed::interestedReply);
    m_threads << QJsonObject{{QStringLiteral("id"), QStringLiteral("thr_1")},
                             {QStringLiteral("campaignId"), kCampaign},
                             {QStringLiteral("contactId"), QStringLiteral("cnt_001")},
                             {QStringLiteral("email"), QStringLiteral("sarah@acme.com")},
                             {QStringLiteral("replyIntent"), QStringLiteral("interested")},
                             {QStringLiteral("subject"), QStringLiteral("Re: Quick question")},
                             {QStringLiteral("lastMessageAt"), kT0.toString(Qt::ISODate)}};
    poll(feed);
    QCOMPARE(interested.size(), 1);
    const auto thread = interested.at(0).at(0).value<O2dThread>();
    QCOMPARE(thread.id, QStringLiteral("thr_1"));
    QCOMPARE(thread.campaignId, kCampaign);
    QVERIFY(m_store->thread(QStringLiteral("thr_1")).has_value());

    poll(feed); // the same thread again: no second notification
    QCOMPARE(interested.size(), 1);

    // A later message in the thread is a new reply.
    m_threads[0].insert(QStringLiteral("lastMessageAt"), kT0.addSecs(600).toString(Qt::ISODate));
    poll(feed);
    QCOMPARE(interested.size(), 2);
}

void TestLiveFeed::overlapNeverDuplicates()
{
    const QDateTime t1 = kT0;
    const QDateTime t2 = kT0.addSecs(30);
    m_changes << change(QStringLiteral("cnt_1"), QStringLiteral("a@x.example"), QStringLiteral("replied"),
                        QStringLiteral("active"), t1)
              << change(QStringLiteral("cnt_2"), QStringLiteral("b@x.example"), QStringLiteral("bounced"),
                        QStringLiteral("active"), t2);
    LiveFeed feed(m_service.get(), m_store.get());
    feed.setCampaigns({kCampaign});
    feed.setOverlapSeconds(60);
    QSignalSpy arrived(&feed, &LiveFeed::changesArrived);
    QSignalSpy replies(&feed, &LiveFeed::replyReceived);
    poll(feed);
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(arrived.at(0).at(1).value<QList<O2dContactChange>>().size(), 2);

    // The next request asks from the latest updatedAt seen minus the overlap: both come again.
    QCOMPARE(feed.nextSince(kCampaign), t2.addSecs(-60));
    const QDateTime t3 = t2.addSecs(5);
    m_changes << change(QStringLiteral("cnt_3"), QStringLiteral("c@x.example"),
                        QStringLiteral("unsubscribed"), QStringLiteral("active"), t3);
    poll(feed);
    QCOMPARE(m_sinceAsked.size(), 2);
    QCOMPARE(QDateTime::fromString(m_sinceAsked.at(1), Qt::ISODate), t2.addSecs(-60));
    QCOMPARE(arrived.size(), 2);
    const auto fresh = arrived.at(1).at(1).value<QList<O2dContactChange>>();
    QCOMPARE(fresh.size(), 1); // only the new one
    QCOMPARE(fresh.at(0).contactId, QStringLiteral("cnt_3"));
    QCOMPARE(m_store->changes(kCampaign).size(), 3);
    QCOMPARE(replies.size(), 1);

    // A contact changing status again at another time is another change (the key has the time).
    m_changes << change(QStringLiteral("cnt_1"), QStringLiteral("a@x.example"), QStringLiteral("replied"),
                        QStringLiteral("replied"), t3.addSecs(1));
    poll(feed);
    QCOMPARE(replies.size(), 2);
    QCOMPARE(m_store->changes(kCampaign).size(), 4);
}

void TestLiveFeed::contactStatusFollowsTheFeed()
{
    O2dContact contact;
    contact.id = QStringLiteral("cnt_9");
    contact.campaignId = kCampaign;
    contact.email = QStringLiteral("z@x.example");
    contact.status = QStringLiteral("active");
    QVERIFY(m_campaigns->saveContacts({contact}).ok());
    m_changes << change(QStringLiteral("cnt_9"), QStringLiteral("z@x.example"),
                        QStringLiteral("unsubscribed"), QStringLiteral("active"), kT0);
    LiveFeed feed(m_service.get(), m_store.get(), m_campaigns.get());
    feed.setCampaigns({kCampaign});
    poll(feed);
    const QList<O2dContact> contacts = m_campaigns->contacts(kCampaign);
    QCOMPARE(contacts.size(), 1);
    QCOMPARE(contacts.at(0).status, QStringLiteral("unsubscribed"));
}

void TestLiveFeed::pollsAgainAfterTheInterval()
{
    LiveFeed feed(m_service.get(), m_store.get());
    feed.setCampaigns({kCampaign});
    feed.setPollIntervalMs(10);
    QSignalSpy finished(&feed, &LiveFeed::pollFinished);
    QSignalSpy replies(&feed, &LiveFeed::replyReceived);
    feed.start();
    QEventLoop loop;
    connect(&feed, &LiveFeed::pollFinished, &loop, [&] {
        if (finished.size() == 1) // after the first poll, a reply appears at the vendor
            m_changes << change(QStringLiteral("cnt_5"), QStringLiteral("e@x.example"),
                                QStringLiteral("replied"), QStringLiteral("active"), kT0);
        if (!replies.isEmpty())
            loop.quit();
    });
    loop.exec();
    feed.stop();
    QCOMPARE(replies.size(), 1);
    QVERIFY(finished.size() >= 2);
}

CC_TEST_GUILESS_MAIN(TestLiveFeed)
#include "tst_livefeed.moc"

// Suppression sync both ways over real HTTP: Outreach2day's suppression endpoints are routes
// registered on the sandbox before its own (a list this test holds), the do-not-contact list is
// the real SQLite outbound store. Additions are mirrored each way with their source and never
// echo back; a removal stays on the side where it was made unless both are asked for.

#include "SandboxFixture.h"
#include "TestMain.h"
#include "core/VendorClient.h"
#include "email/EmailActivityStore.h"
#include "email/SuppressionSync.h"
#include "outbound/SqliteOutboundStore.h"
#include "outreach2day/Outreach2dayService.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>

class TestSuppressionSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void vendorSuppressionLandsInTheLocalList();
    void localAdditionIsSuppressedAtTheVendor();
    void removalAtTheVendorStaysThere();
    void removalHereStaysHere();
    void removalMadeOutsideTheConsoleStaysOnItsSide();
    void removalFromBothSides();
    void unsubscribeInTheChangesFeedLandsLocally();
    void unsubscribeOfAnAddressWhoseDomainIsListed();
    void operatorAdditionOnBothSides();
    void entryFromOutreach2dayWithoutMirrorIsNotEchoed();
    void lastChangeIsWhenTheSidesMoved();
    void statusOfAnAddress();

private:
    SuppressionSync::Summary sync();
    ApiError remove(const QString &email, SuppressionSync::Side side);
    void addLocally(const QString &email);
    std::optional<DncEntry> local(const QString &email)
    {
        return m_outbound->listedEntry(Recipient::email(email));
    }

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EmailActivityStore> m_store;
    std::unique_ptr<SqliteOutboundStore> m_outbound;
    std::unique_ptr<Outreach2dayService> m_service;
    std::unique_ptr<SuppressionSync> m_sync;
    QMap<QString, QString> m_vendor; // Outreach2day's list: address → reason
    QStringList m_posted; // addresses each POST carried, in order
    int m_posts = 0; // POST requests received
    QStringList m_deleted;
};

void TestSuppressionSync::initTestCase()
{
    SandboxServer *server = m_sandbox.server();
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/suppressions/status"),
                  [this](const SandboxRequest &request) {
                      const QString email = request.queryValue(QStringLiteral("email")).toLower();
                      QJsonObject answer{{QStringLiteral("email"), email},
                                         {QStringLiteral("suppressed"), m_vendor.contains(email)}};
                      if (m_vendor.contains(email))
                          answer.insert(QStringLiteral("reason"), m_vendor.value(email));
                      return SandboxResponse::json(answer);
                  });
    server->route(Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/suppressions"),
                  [this](const SandboxRequest &) {
                      QJsonArray items;
                      for (auto it = m_vendor.constBegin(); it != m_vendor.constEnd(); ++it)
                          items.append(QJsonObject{{QStringLiteral("email"), it.key()},
                                                   {QStringLiteral("reason"), it.value()}});
                      return SandboxResponse::json(
                              QJsonObject{{QStringLiteral("items"), items},
                                          {QStringLiteral("next_cursor"), QJsonValue()}});
                  });
    server->route(Vendor::Outreach2day, "POST", QStringLiteral("/campaigns/suppressions"),
                  [this](const SandboxRequest &request) {
                      const QJsonObject body = request.jsonObject();
                      ++m_posts;
                      for (const QJsonValue &email : body.value(QStringLiteral("emails")).toArray()) {
                          m_posted << email.toString();
                          m_vendor.insert(email.toString().toLower(),
                                          body.value(QStringLiteral("reason")).toString());
                      }
                      return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true}});
                  });
    server->route(Vendor::Outreach2day, "DELETE", QStringLiteral("/campaigns/suppressions"),
                  [this](const SandboxRequest &request) {
                      const QString email = request.queryValue(QStringLiteral("email")).toLower();
                      m_deleted << email;
                      if (!m_vendor.remove(email))
                          return SandboxServer::error(Vendor::Outreach2day, 404, QStringLiteral("not_found"),
                                                      QStringLiteral("Not suppressed"));
                      return SandboxResponse::noContent();
                  });
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    QVERIFY(m_dir.isValid());
}

void TestSuppressionSync::init()
{
    m_vendor.clear();
    m_posted.clear();
    m_deleted.clear();
    const QString path = m_dir.filePath(QStringLiteral("sync-%1.sqlite").arg(++m_counter));
    m_db = std::make_unique<Database>(path);
    m_db->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    QVERIFY(m_db->open().ok());
    QVERIFY(m_db->migrate().ok());
    m_store = std::make_unique<EmailActivityStore>(m_db.get());
    m_outbound = std::make_unique<SqliteOutboundStore>(path);
    QVERIFY(m_outbound->open().ok());
    m_service = std::make_unique<Outreach2dayService>(m_sandbox.client(Vendor::Outreach2day));
    m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
    m_sync = std::make_unique<SuppressionSync>(m_service.get(), m_store.get(), m_outbound.get());
}

void TestSuppressionSync::cleanup()
{
    m_sync.reset();
    m_service.reset();
    m_outbound.reset();
    m_store.reset();
    m_db.reset();
}

SuppressionSync::Summary TestSuppressionSync::sync()
{
    QSignalSpy synced(m_sync.get(), &SuppressionSync::synced);
    m_sync->sync();
    // A round that never ends or fails is a failure of the test that asked for it.
    if (!synced.wait(15000)) {
        QTest::qFail("the sync never answered", __FILE__, __LINE__);
        return {};
    }
    const ApiError error = synced.first().at(0).value<ApiError>();
    if (error.isError())
        QTest::qFail(qPrintable(error.summary()), __FILE__, __LINE__);
    return synced.first().at(1).value<SuppressionSync::Summary>();
}

ApiError TestSuppressionSync::remove(const QString &email, SuppressionSync::Side side)
{
    QSignalSpy removed(m_sync.get(), &SuppressionSync::removed);
    m_sync->remove(email, side);
    if (!removed.wait(15000))
        return ApiError::local(Vendor::Outreach2day, QStringLiteral("test_timeout"),
                               QStringLiteral("remove() never answered"));
    return removed.first().at(0).value<ApiError>();
}

void TestSuppressionSync::addLocally(const QString &email)
{
    DncEntry entry;
    entry.kind = DncEntry::Kind::Email;
    entry.value = email;
    entry.source = QStringLiteral("manual");
    entry.reason = QStringLiteral("asked not to be contacted");
    entry.addedAt = QDateTime::currentDateTimeUtc();
    entry.addedBy = QStringLiteral("tester");
    QVERIFY(m_outbound->addToDoNotContact({entry}).ok());
}

void TestSuppressionSync::vendorSuppressionLandsInTheLocalList()
{
    m_vendor.insert(QStringLiteral("blocked@acme.example"), QStringLiteral("manual_suppression"));
    m_vendor.insert(QStringLiteral("gone@acme.example"), QStringLiteral("unsubscribed"));
    const SuppressionSync::Summary first = sync();
    QCOMPARE(first.addedLocally,
             (QStringList{QStringLiteral("blocked@acme.example"), QStringLiteral("gone@acme.example")}));
    QCOMPARE(local(QStringLiteral("blocked@acme.example"))->source, SuppressionSync::suppressionSource());
    QCOMPARE(local(QStringLiteral("gone@acme.example"))->source, SuppressionSync::unsubscribeSource());
    QCOMPARE(m_store->suppression(QStringLiteral("blocked@acme.example"))->source,
             EmailActivityStore::SuppressionSource::Outreach2day);
    QCOMPARE(m_store->suppression(QStringLiteral("gone@acme.example"))->source,
             EmailActivityStore::SuppressionSource::Unsubscribe);
    QVERIFY(m_posted.isEmpty()); // nothing echoed back

    const SuppressionSync::Summary second = sync();
    QVERIFY(second.addedLocally.isEmpty());
    QVERIFY(second.suppressedAtVendor.isEmpty());
    QVERIFY(m_posted.isEmpty());
    QCOMPARE(m_outbound->doNotContactEntries().size(), 2);
}

void TestSuppressionSync::localAdditionIsSuppressedAtTheVendor()
{
    addLocally(QStringLiteral("local@acme.example"));
    const SuppressionSync::Summary first = sync();
    QCOMPARE(first.suppressedAtVendor, QStringList{QStringLiteral("local@acme.example")});
    QCOMPARE(m_posted, QStringList{QStringLiteral("local@acme.example")});
    QCOMPARE(m_vendor.value(QStringLiteral("local@acme.example")), SuppressionSync::consoleReason());
    QCOMPARE(m_store->suppression(QStringLiteral("local@acme.example"))->source,
             EmailActivityStore::SuppressionSource::Console);

    // The vendor now lists it: it is not added locally again (it is there) nor posted again.
    const SuppressionSync::Summary second = sync();
    QVERIFY(second.addedLocally.isEmpty());
    QVERIFY(second.suppressedAtVendor.isEmpty());
    QCOMPARE(m_posted.size(), 1);
    QCOMPARE(m_outbound->doNotContactEntries().size(), 1);
    QCOMPARE(local(QStringLiteral("local@acme.example"))->source, QStringLiteral("manual"));
}

void TestSuppressionSync::removalAtTheVendorStaysThere()
{
    addLocally(QStringLiteral("here@acme.example"));
    sync();
    QVERIFY(m_vendor.contains(QStringLiteral("here@acme.example")));

    QVERIFY(!remove(QStringLiteral("here@acme.example"), SuppressionSync::Side::Outreach2day).isError());
    QVERIFY(!m_vendor.contains(QStringLiteral("here@acme.example")));
    QVERIFY(local(QStringLiteral("here@acme.example")).has_value()); // still on the local list

    const SuppressionSync::Summary after = sync();
    QVERIFY(after.suppressedAtVendor.isEmpty()); // not echoed back to the vendor
    QVERIFY(!m_vendor.contains(QStringLiteral("here@acme.example")));
    QVERIFY(local(QStringLiteral("here@acme.example")).has_value());
}

void TestSuppressionSync::removalHereStaysHere()
{
    m_vendor.insert(QStringLiteral("there@acme.example"), QStringLiteral("manual_suppression"));
    sync();
    QVERIFY(local(QStringLiteral("there@acme.example")).has_value());

    QVERIFY(!remove(QStringLiteral("there@acme.example"), SuppressionSync::Side::Console).isError());
    QVERIFY(!local(QStringLiteral("there@acme.example")).has_value());
    QVERIFY(m_vendor.contains(QStringLiteral("there@acme.example"))); // still at the vendor
    QVERIFY(m_deleted.isEmpty());

    const SuppressionSync::Summary after = sync();
    QVERIFY(after.addedLocally.isEmpty()); // not mirrored back in
    QVERIFY(!local(QStringLiteral("there@acme.example")).has_value());
}

void TestSuppressionSync::removalMadeOutsideTheConsoleStaysOnItsSide()
{
    addLocally(QStringLiteral("mine@acme.example"));
    m_vendor.insert(QStringLiteral("theirs@acme.example"), QStringLiteral("manual_suppression"));
    sync();
    QCOMPARE(m_posted, QStringList{QStringLiteral("mine@acme.example")});

    // The operator removes "mine" in Outreach2day's own UI and "theirs" in the do-not-contact page.
    m_vendor.remove(QStringLiteral("mine@acme.example"));
    QVERIFY(m_outbound
                    ->removeFromDoNotContact(QStringLiteral("theirs@acme.example"), QStringLiteral("test"),
                                             QStringLiteral("tester"))
                    .ok());
    const SuppressionSync::Summary after = sync();
    QCOMPARE(after.removedAtVendor, QStringList{QStringLiteral("mine@acme.example")});
    QCOMPARE(after.removedLocally, QStringList{QStringLiteral("theirs@acme.example")});
    QVERIFY(after.suppressedAtVendor.isEmpty());
    QVERIFY(after.addedLocally.isEmpty());
    QCOMPARE(m_posted.size(), 1);
    QVERIFY(local(QStringLiteral("mine@acme.example")).has_value());
    QVERIFY(!local(QStringLiteral("theirs@acme.example")).has_value());
}

void TestSuppressionSync::removalFromBothSides()
{
    addLocally(QStringLiteral("both@acme.example"));
    sync();
    QVERIFY(m_vendor.contains(QStringLiteral("both@acme.example")));
    QVERIFY(!remove(QStringLiteral("both@acme.example"), SuppressionSync::Side::Both).isError());
    QVERIFY(!m_vendor.contains(QStringLiteral("both@acme.example")));
    QVERIFY(!local(QStringLiteral("both@acme.example")).has_value());
    QVERIFY(!m_store->suppression(QStringLiteral("both@acme.example")).has_value());
    const SuppressionSync::Summary after = sync();
    QVERIFY(after.addedLocally.isEmpty() && after.suppressedAtVendor.isEmpty());

    // Added again later, here: mirrored to the vendor again like any new addition.
    addLocally(QStringLiteral("both@acme.example"));
    QCOMPARE(sync().suppressedAtVendor, QStringList{QStringLiteral("both@acme.example")});
}

void TestSuppressionSync::unsubscribeInTheChangesFeedLandsLocally()
{
    O2dContactChange unsubscribed;
    unsubscribed.contactId = QStringLiteral("cnt_7");
    unsubscribed.email = QStringLiteral("Unsub@Acme.example");
    unsubscribed.status = QStringLiteral("unsubscribed");
    unsubscribed.previousStatus = QStringLiteral("active");
    unsubscribed.updatedAt = QDateTime::currentDateTimeUtc();
    O2dContactChange replied = unsubscribed;
    replied.email = QStringLiteral("reply@acme.example");
    replied.status = QStringLiteral("replied");
    QSignalSpy changed(m_sync.get(), &SuppressionSync::changed);
    const Result<QStringList> taken = m_sync->takeUnsubscribes({unsubscribed, replied});
    QVERIFY(taken.ok());
    QCOMPARE(taken.value(), QStringList{QStringLiteral("unsub@acme.example")});
    QCOMPARE(changed.size(), 1);
    // The same change seen again (the feed's overlap) lists nothing new.
    QCOMPARE(m_sync->takeUnsubscribes({unsubscribed}).value(), QStringList());

    QCOMPARE(local(QStringLiteral("unsub@acme.example"))->source, SuppressionSync::unsubscribeSource());
    QVERIFY(!local(QStringLiteral("reply@acme.example")).has_value());
    QCOMPARE(m_store->suppression(QStringLiteral("unsub@acme.example"))->source,
             EmailActivityStore::SuppressionSource::Unsubscribe);
    // It came from Outreach2day: the next round does not suppress it there as a console addition.
    sync();
    QVERIFY(m_posted.isEmpty());
}

void TestSuppressionSync::unsubscribeOfAnAddressWhoseDomainIsListed()
{
    // The domain listed does not make the address an entry of its own: the unsubscribe is
    // listed as the address, and the next round does not take it for a removal here.
    DncEntry domain;
    domain.kind = DncEntry::Kind::Domain;
    domain.value = QStringLiteral("acme.example");
    domain.source = QStringLiteral("manual");
    domain.addedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_outbound->addToDoNotContact({domain}).ok());
    O2dContactChange unsubscribed;
    unsubscribed.contactId = QStringLiteral("cnt_8");
    unsubscribed.email = QStringLiteral("left@acme.example");
    unsubscribed.status = QStringLiteral("unsubscribed");
    unsubscribed.updatedAt = QDateTime::currentDateTimeUtc();
    const Result<QStringList> taken = m_sync->takeUnsubscribes({unsubscribed});
    QVERIFY(taken.ok());
    QCOMPARE(taken.value(), QStringList{QStringLiteral("left@acme.example")});
    QCOMPARE(local(QStringLiteral("left@acme.example"))->kind, DncEntry::Kind::Email);

    const SuppressionSync::Summary after = sync();
    QVERIFY(after.removedLocally.isEmpty());
    QVERIFY(m_store->suppression(QStringLiteral("left@acme.example"))->inLocalList);
    QVERIFY(m_posted.isEmpty());
}

void TestSuppressionSync::operatorAdditionOnBothSides()
{
    QSignalSpy changed(m_sync.get(), &SuppressionSync::changed);
    QSignalSpy added(m_sync.get(), &SuppressionSync::added);
    m_sync->add({QStringLiteral(" Typed@Acme.example ")}, QStringLiteral("asked_by_phone"));
    // Listed here before Outreach2day answers.
    QVERIFY(local(QStringLiteral("typed@acme.example")).has_value());
    QCOMPARE(local(QStringLiteral("typed@acme.example"))->source, SuppressionSync::manualSource());
    QVERIFY(added.wait(15000));
    QVERIFY2(!added.first().at(0).value<ApiError>().isError(),
             qPrintable(added.first().at(0).value<ApiError>().summary()));
    QCOMPARE(added.first().at(1).toStringList(), QStringList{QStringLiteral("typed@acme.example")});
    QVERIFY(!changed.isEmpty());
    QCOMPARE(m_vendor.value(QStringLiteral("typed@acme.example")), QStringLiteral("asked_by_phone"));
    const auto mirror = m_store->suppression(QStringLiteral("typed@acme.example"));
    QVERIFY(mirror && mirror->atVendor && mirror->inLocalList);
    QCOMPARE(mirror->source, EmailActivityStore::SuppressionSource::Console);
    QCOMPARE(mirror->reason, QStringLiteral("asked_by_phone"));

    // The next round has nothing to do for it (no second POST, no local duplicate).
    const SuppressionSync::Summary after = sync();
    QVERIFY(after.suppressedAtVendor.isEmpty() && after.addedLocally.isEmpty());
    QCOMPARE(m_posted, QStringList{QStringLiteral("typed@acme.example")});

    // Not an address: refused in words, nothing listed, not even the good address beside it.
    added.clear();
    m_sync->add({QStringLiteral("fine@acme.example"), QStringLiteral("nobody")}, QString());
    QVERIFY(added.wait(15000));
    QCOMPARE(added.first().at(0).value<ApiError>().code, QStringLiteral("invalid_email"));
    QCOMPARE(m_outbound->doNotContactEntries().size(), 1);

    // Several at once: one bulk request, each listed once, each mirrored as at Outreach2day.
    added.clear();
    const int posts = m_posts;
    m_posted.clear();
    m_sync->add({QStringLiteral("one@bulk.example"), QStringLiteral(" Two@Bulk.example"),
                 QStringLiteral("ONE@bulk.example")},
                QString());
    QVERIFY(added.wait(15000));
    QVERIFY(!added.first().at(0).value<ApiError>().isError());
    const QStringList both{QStringLiteral("one@bulk.example"), QStringLiteral("two@bulk.example")};
    QCOMPARE(added.first().at(1).toStringList(), both);
    QCOMPARE(m_posts, posts + 1);
    QCOMPARE(m_posted, both);
    for (const QString &email : both) {
        QVERIFY(local(email).has_value());
        QVERIFY(m_store->suppression(email)->atVendor);
        QCOMPARE(m_vendor.value(email), SuppressionSync::manualReason());
    }
    QCOMPARE(m_outbound->doNotContactEntries().size(), 3);
}

void TestSuppressionSync::entryFromOutreach2dayWithoutMirrorIsNotEchoed()
{
    // A do-not-contact entry this sync once made, whose mirror entry is gone (a new database):
    // it is known as Outreach2day's, not taken for a console addition, and not posted.
    DncEntry entry;
    entry.kind = DncEntry::Kind::Email;
    entry.value = QStringLiteral("old@acme.example");
    entry.source = SuppressionSync::suppressionSource();
    entry.reason = QStringLiteral("manual_suppression");
    entry.addedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_outbound->addToDoNotContact({entry}).ok());
    const SuppressionSync::Summary summary = sync();
    QVERIFY(summary.suppressedAtVendor.isEmpty());
    QVERIFY(m_posted.isEmpty());
    QCOMPARE(m_store->suppression(QStringLiteral("old@acme.example"))->source,
             EmailActivityStore::SuppressionSource::Outreach2day);
}

void TestSuppressionSync::lastChangeIsWhenTheSidesMoved()
{
    m_vendor.insert(QStringLiteral("moved@acme.example"), QStringLiteral("manual_suppression"));
    sync();
    EmailActivityStore::Suppression entry = *m_store->suppression(QStringLiteral("moved@acme.example"));
    const QDateTime longAgo = QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    entry.updatedAt = longAgo;
    QVERIFY(m_store->saveSuppression(entry).ok());

    sync(); // nothing moved: the last change stays
    QCOMPARE(m_store->suppression(QStringLiteral("moved@acme.example"))->updatedAt, longAgo);
    QVERIFY(!remove(QStringLiteral("moved@acme.example"), SuppressionSync::Side::Console).isError());
    QVERIFY(m_store->suppression(QStringLiteral("moved@acme.example"))->updatedAt > longAgo);
}

void TestSuppressionSync::statusOfAnAddress()
{
    m_vendor.insert(QStringLiteral("s@acme.example"), QStringLiteral("manual_suppression"));
    sync();
    SuppressionSync::Status status;
    ApiError result;
    QEventLoop loop;
    connect(m_sync.get(), &SuppressionSync::statusReady, &loop,
            [&](const ApiError &error, const SuppressionSync::Status &answer) {
                result = error;
                status = answer;
                loop.quit();
            });
    m_sync->status(QStringLiteral("S@acme.example"));
    loop.exec();
    QVERIFY2(!result.isError(), qPrintable(result.summary()));
    QCOMPARE(status.email, QStringLiteral("s@acme.example"));
    QVERIFY(status.vendor.suppressed);
    QVERIFY(status.local.has_value());
    QVERIFY(status.mirror.has_value());
    QVERIFY(status.mirror->atVendor && status.mirror->inLocalList);
}

CC_TEST_GUILESS_MAIN(TestSuppressionSync)
#include "tst_suppressionsync.moc"

#include "TestMain.h"
#include "events/EventPayload.h"
#include "events/EventStore.h"
#include "table/RecordTableLoader.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

// The event log (README promises W6, D3): one row per distinct event whatever the order and the
// repetition of deliveries, newest occurrence first, the same rows for the table machinery, and a
// busy database reported as a failure with nothing half-written. Real SQLite in a temporary file.
class TestEventStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("events%1.sqlite").arg(++m_files)); }

    static void openAndMigrate(Database &db)
    {
        db.registerMigrations(EventStore::component(), EventStore::migrations());
        QVERIFY2(db.open(), "open");
        const StoreStatus migrated = db.migrate();
        QVERIFY2(migrated.ok(), qPrintable(migrated.summary()));
    }

    static QByteArray vectorBody(int index)
    {
        QFile file(QStringLiteral(CC_SOURCE_DIR "/tests/events/data/webhook-signatures.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QJsonArray vectors =
                QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("vectors")).toArray();
        return QByteArray::fromBase64(
                vectors.at(index).toObject().value(QLatin1String("body_b64")).toString().toLatin1());
    }

    static StoredEvent unlimCall(const QString &eventId, const QString &at,
                                 const QString &type = QStringLiteral("call.ended"))
    {
        StoredEvent event;
        event.vendor = Vendor::UnlimCall;
        event.rawBody = QJsonDocument(QJsonObject{{QStringLiteral("event"), type},
                                                  {QStringLiteral("eventId"), eventId},
                                                  {QStringLiteral("callId"),
                                                   QString(QStringLiteral("call-") + eventId)},
                                                  {QStringLiteral("phone"), QStringLiteral("(415) 555-1234")},
                                                  {QStringLiteral("timestamp"), at}})
                                .toJson(QJsonDocument::Compact);
        event.receivedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 0), Qt::UTC);
        event.verification = QStringLiteral("verified with secret 1 of 1");
        EventPayload::describe(event);
        return event;
    }

    // A call's outcome as the polling fallback records it from a CDR: no call id (a CDR id is
    // not the webhook's callId), the number and the time the call ended.
    static StoredEvent polledCall(const QString &cdrId, const QString &phone, const QDateTime &endedAt,
                                  const QString &type = QStringLiteral("call.ended"))
    {
        StoredEvent event;
        event.vendor = Vendor::UnlimCall;
        event.source = StoredEvent::sourcePoll();
        event.type = type;
        event.eventId = cdrId;
        event.dedupeKey = QStringLiteral("unlimcall:cdr:") + cdrId;
        event.phone = phone;
        event.occurredAt = endedAt;
        event.receivedAt = endedAt.addSecs(30);
        event.verification = QStringLiteral("read from the call records");
        event.summary = QStringLiteral("call.ended · ") + phone + QStringLiteral(" · ANSWERED");
        event.rawBody = QByteArrayLiteral(R"({"id":")") + cdrId.toUtf8() + QByteArrayLiteral(R"("})");
        return event;
    }

    static StoredEvent webhookCall(const QString &eventId, const QString &callId, const QString &phone,
                                   const QDateTime &at, const QString &type = QStringLiteral("call.ended"))
    {
        StoredEvent event;
        event.vendor = Vendor::UnlimCall;
        event.rawBody =
                QJsonDocument(QJsonObject{{QStringLiteral("event"), type},
                                          {QStringLiteral("eventId"), eventId},
                                          {QStringLiteral("callId"), callId},
                                          {QStringLiteral("phone"), phone},
                                          {QStringLiteral("dispositionCode"), QStringLiteral("follow_up")},
                                          {QStringLiteral("occurredAt"), at.toString(Qt::ISODate)}})
                        .toJson(QJsonDocument::Compact);
        event.receivedAt = at.addSecs(1);
        event.verification = QStringLiteral("verified with secret 1 of 1");
        event.headers = QByteArrayLiteral(R"({"x-unlimcall-signature":"t=1,v1=00"})");
        EventPayload::describe(event);
        return event;
    }

    static StoredEvent reply(Vendor vendor, const QString &source, const QString &key, const QString &email,
                             const QDateTime &at)
    {
        StoredEvent event;
        event.vendor = vendor;
        event.source = source;
        event.type = QStringLiteral("reply.received");
        event.dedupeKey = key;
        event.email = email;
        event.occurredAt = at;
        event.receivedAt = at.addSecs(5);
        event.rawBody = key.toUtf8();
        return event;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void theVectorsBodyIsDescribedFromItsFields()
    {
        StoredEvent event;
        event.vendor = Vendor::UnlimCall;
        event.rawBody = vectorBody(0);
        QVERIFY(!event.rawBody.isEmpty());
        event.receivedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 0), Qt::UTC);
        const QDateTime signedAt = QDateTime::fromSecsSinceEpoch(1747852442, Qt::UTC);
        EventPayload::describe(event, signedAt);
        QCOMPARE(event.type, QStringLiteral("call.ended"));
        QCOMPARE(event.eventId, QStringLiteral("evt_0001"));
        QCOMPARE(event.dedupeKey, QStringLiteral("unlimcall:evt_0001"));
        QCOMPARE(event.callId, QStringLiteral("f3c1e8a2-9d7f-4c5b-bd91-6e9f0a3b1c7d"));
        QCOMPARE(event.phone, QStringLiteral("+14155551234"));
        // The payload has no timestamp: the signature's t orders it.
        QCOMPARE(event.occurredAt, signedAt);
        QCOMPARE(event.source, QStringLiteral("webhook"));
        QVERIFY(event.summary.contains(QLatin1String("ANSWERED")));
    }

    void aBodyWithoutAnEventIdIsKeyedByItsHash()
    {
        StoredEvent event;
        event.vendor = Vendor::Verloop;
        event.rawBody = QByteArrayLiteral(
                R"({"message_id":"m-1","status":"completed","timestamp":"2026-01-02T03:04:05Z"})");
        event.receivedAt = QDateTime(QDate(2026, 1, 3), QTime(0, 0), Qt::UTC);
        EventPayload::describe(event);
        QCOMPARE(
                event.dedupeKey,
                QStringLiteral("verloop:sha256:") +
                        QString::fromLatin1(
                                QCryptographicHash::hash(event.rawBody, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(event.callId, QStringLiteral("m-1"));
        QCOMPARE(event.type, QStringLiteral("callback.completed"));
        QCOMPARE(event.occurredAt, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
    }

    void aBodyThatIsNotJsonIsStillAnEvent()
    {
        StoredEvent event;
        event.vendor = Vendor::Outreach2day;
        event.rawBody = QByteArrayLiteral("not json at all");
        event.receivedAt = QDateTime(QDate(2026, 1, 3), QTime(0, 0), Qt::UTC);
        EventPayload::describe(event);
        QCOMPARE(event.type, QStringLiteral("unparsed"));
        QCOMPARE(event.occurredAt, event.receivedAt);
        QVERIFY(event.dedupeKey.startsWith(QLatin1String("outreach2day:sha256:")));
    }

    void theSameEventTwiceIsStoredOnce()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const StoredEvent event = unlimCall(QStringLiteral("evt_1"), QStringLiteral("2026-01-01T10:00:00Z"));
        const EventStore::InsertResult first = store.insert(event);
        QCOMPARE(first.outcome, EventStore::Outcome::Inserted);
        QVERIFY(first.id > 0);
        // A redelivery: the same event id, received later (the bytes may differ: a new signature
        // time is not in the body, but a vendor may also re-serialise).
        StoredEvent again = event;
        again.receivedAt = again.receivedAt.addSecs(60);
        const EventStore::InsertResult second = store.insert(again);
        QCOMPARE(second.outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(second.id, first.id);
        QCOMPARE(store.count(), 1);
        // The first delivery's reception is what stays.
        QCOMPARE(store.event(first.id)->receivedAt, event.receivedAt);
    }

    void everyFieldReadsBackAsStored()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        StoredEvent event = unlimCall(QStringLiteral("evt_rt"), QStringLiteral("2026-01-01T10:00:00.250Z"));
        event.headers = QByteArrayLiteral(R"({"x-unlimcall-signature":"t=1,v1=00"})");
        event.intentId = QStringLiteral("intent-7");
        const EventStore::InsertResult result = store.insert(event);
        QCOMPARE(result.outcome, EventStore::Outcome::Inserted);
        QVERIFY(store.setLeadId(result.id, QStringLiteral("lead-9")).ok());
        const std::optional<StoredEvent> back = store.eventByKey(QStringLiteral("unlimcall:evt_rt"));
        QVERIFY(back);
        QCOMPARE(back->id, result.id);
        QCOMPARE(back->vendor, Vendor::UnlimCall);
        QCOMPARE(back->type, QStringLiteral("call.ended"));
        QCOMPARE(back->eventId, QStringLiteral("evt_rt"));
        QCOMPARE(back->occurredAt, QDateTime(QDate(2026, 1, 1), QTime(10, 0, 0, 250), Qt::UTC));
        QCOMPARE(back->receivedAt, event.receivedAt);
        QCOMPARE(back->source, QStringLiteral("webhook"));
        QCOMPARE(back->verification, QStringLiteral("verified with secret 1 of 1"));
        QCOMPARE(back->callId, QStringLiteral("call-evt_rt"));
        QCOMPARE(back->phone, QStringLiteral("+14155551234"));
        QCOMPARE(back->leadId, QStringLiteral("lead-9"));
        QCOMPARE(back->intentId, QStringLiteral("intent-7"));
        QCOMPARE(back->summary, event.summary);
        QCOMPARE(back->headers, event.headers);
        QCOMPARE(back->rawBody, event.rawBody);
    }

    void eventsAreOrderedByWhenTheyHappenedNotByArrival()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        // UnlimCall does not guarantee ordering (W6): arrival order 2, 3, 1.
        QCOMPARE(store.insert(unlimCall(QStringLiteral("evt_2"), QStringLiteral("2026-01-01T10:02:00Z")))
                         .outcome,
                 EventStore::Outcome::Inserted);
        QCOMPARE(store.insert(unlimCall(QStringLiteral("evt_3"), QStringLiteral("2026-01-01T10:03:00Z"),
                                        QStringLiteral("dnc.added")))
                         .outcome,
                 EventStore::Outcome::Inserted);
        QCOMPARE(store.insert(unlimCall(QStringLiteral("evt_1"), QStringLiteral("2026-01-01T10:01:00Z")))
                         .outcome,
                 EventStore::Outcome::Inserted);
        QStringList order;
        for (const StoredEvent &e : store.events())
            order << e.eventId;
        QCOMPARE(order,
                 (QStringList{QStringLiteral("evt_3"), QStringLiteral("evt_2"), QStringLiteral("evt_1")}));

        EventStore::Filter filter;
        filter.type = QStringLiteral("call.ended");
        filter.since = QDateTime(QDate(2026, 1, 1), QTime(10, 1, 30), Qt::UTC);
        const QList<StoredEvent> filtered = store.events(filter);
        QCOMPARE(filtered.size(), 1);
        QCOMPARE(filtered.first().eventId, QStringLiteral("evt_2"));

        // The table machinery reads the same rows in the same order.
        RecordTable table(EventStore::schema());
        QVariantList binds;
        const QString sql = EventStore::eventsSql({}, &binds);
        const StoreStatus loaded = RecordTableLoader::loadAll(table, db.path(), sql, binds);
        QVERIFY2(loaded.ok(), qPrintable(loaded.summary()));
        const RecordTable expected = EventStore::rows(store.events());
        QCOMPARE(table.rowCount(), 3);
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < EventStore::ColumnCount; ++c)
                QCOMPARE(table.value(r, c), expected.value(r, c));
        }
    }

    // Issue 13: "the same fact seen twice (a call ended, by webhook and by its CDR; matched by
    // call id, number and time) is stored once".
    void aCallSeenByWebhookThenByItsCdrIsOneRow()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const QDateTime ended(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC);
        const StoredEvent hook = webhookCall(QStringLiteral("evt_a"), QStringLiteral("3f0c-uuid"),
                                             QStringLiteral("+14155551234"), ended);
        const EventStore::InsertResult first = store.insert(hook);
        QCOMPARE(first.outcome, EventStore::Outcome::Inserted);
        // Its CDR: start + duration a little after the webhook's time (within the tolerance).
        const StoredEvent cdr =
                polledCall(QStringLiteral("1767261600.7"), QStringLiteral("+14155551234"), ended.addSecs(70));
        const EventStore::InsertResult second = store.insert(cdr);
        QCOMPARE(second.outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(second.id, first.id);
        QVERIFY(!second.upgraded);
        // The next poll reads the record again (the sync's overlap).
        QCOMPARE(store.insert(cdr).outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(store.count(), 1);
        const StoredEvent kept = *store.event(first.id);
        QCOMPARE(kept.source, StoredEvent::sourceWebhook());
        QCOMPARE(kept.rawBody, hook.rawBody);
        QCOMPARE(kept.dedupeKey, QStringLiteral("unlimcall:evt_a"));
    }

    void aWebhookAfterItsPolledRowUpgradesTheRow()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const QDateTime ended(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC);
        const StoredEvent cdr = polledCall(QStringLiteral("1767261600.7"), QStringLiteral("+14155551234"),
                                           ended.addSecs(-40));
        const EventStore::InsertResult polled = store.insert(cdr);
        QCOMPARE(polled.outcome, EventStore::Outcome::Inserted);
        QVERIFY(store.setLeadId(polled.id, QStringLiteral("lead-3")).ok());

        const StoredEvent hook = webhookCall(QStringLiteral("evt_b"), QStringLiteral("3f0c-uuid"),
                                             QStringLiteral("+14155551234"), ended);
        const EventStore::InsertResult delivered = store.insert(hook);
        QCOMPARE(delivered.outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(delivered.id, polled.id);
        QVERIFY(delivered.upgraded);
        QCOMPARE(store.count(), 1);
        const StoredEvent row = *store.event(polled.id);
        QCOMPARE(row.source, StoredEvent::sourceWebhook());
        QCOMPARE(row.eventId, QStringLiteral("evt_b"));
        QCOMPARE(row.dedupeKey, QStringLiteral("unlimcall:evt_b"));
        QCOMPARE(row.callId, QStringLiteral("3f0c-uuid"));
        QCOMPARE(row.verification, hook.verification);
        QCOMPARE(row.headers, hook.headers);
        QCOMPARE(row.rawBody, hook.rawBody);
        QCOMPARE(row.summary, hook.summary);
        QCOMPARE(row.occurredAt, ended);
        // What the console knew stays: the lead link and when it first learned of the call.
        QCOMPARE(row.leadId, QStringLiteral("lead-3"));
        QCOMPARE(row.receivedAt, cdr.receivedAt);

        // A redelivery of the webhook and the next poll of the record are both Duplicates.
        const EventStore::InsertResult again = store.insert(hook);
        QCOMPARE(again.outcome, EventStore::Outcome::Duplicate);
        QVERIFY(!again.upgraded);
        QCOMPARE(store.insert(cdr).outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(store.count(), 1);
    }

    void aReplyByWebhookAndByTheFeedIsOneRow()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const QDateTime at(QDate(2026, 1, 1), QTime(9, 30), Qt::UTC);
        const StoredEvent fed = reply(Vendor::Outreach2day, StoredEvent::sourcePoll(),
                                      QStringLiteral("outreach2day:change:c-1:replied:1"),
                                      QStringLiteral("Ann@Example.com"), at);
        const StoredEvent hooked =
                reply(Vendor::Outreach2day, StoredEvent::sourceWebhook(),
                      QStringLiteral("outreach2day:msg_9"), QStringLiteral("ann@example.com"), at.addSecs(3));
        const EventStore::InsertResult first = store.insert(hooked);
        QCOMPARE(first.outcome, EventStore::Outcome::Inserted);
        const EventStore::InsertResult second = store.insert(fed);
        QCOMPARE(second.outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(second.id, first.id);
        QCOMPARE(store.count(), 1);
    }

    // Outreach2day's webhook events list names each event by the id its deliveries carry.
    void aDeliveryOfAnEventReadBackFromItsListUpgradesTheRow()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const QDateTime at(QDate(2026, 1, 1), QTime(9, 30), Qt::UTC);
        StoredEvent listed =
                reply(Vendor::Outreach2day, StoredEvent::sourcePoll(), QStringLiteral("outreach2day:evt_7"),
                      QStringLiteral("ann@example.com"), at);
        listed.verification = QStringLiteral("read from the webhook events list");
        const EventStore::InsertResult first = store.insert(listed);
        QCOMPARE(first.outcome, EventStore::Outcome::Inserted);
        StoredEvent delivered = listed;
        delivered.source = StoredEvent::sourceWebhook();
        delivered.verification = QStringLiteral("verified with secret 1 of 1");
        delivered.rawBody = QByteArrayLiteral(R"({"id":"evt_7","type":"reply.received"})");
        const EventStore::InsertResult second = store.insert(delivered);
        QCOMPARE(second.outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(second.id, first.id);
        QVERIFY(second.upgraded);
        const StoredEvent row = *store.event(first.id);
        QCOMPARE(row.source, StoredEvent::sourceWebhook());
        QCOMPARE(row.verification, delivered.verification);
        QCOMPARE(row.rawBody, delivered.rawBody);
        // Read back from the list again: nothing changes.
        const EventStore::InsertResult third = store.insert(listed);
        QCOMPARE(third.outcome, EventStore::Outcome::Duplicate);
        QVERIFY(!third.upgraded);
        QCOMPARE(store.event(first.id)->source, StoredEvent::sourceWebhook());
        QCOMPARE(store.count(), 1);
    }

    void differentFactsStayApart_data()
    {
        QTest::addColumn<QString>("polledPhone");
        QTest::addColumn<int>("polledOffsetSecs");
        QTest::addColumn<QString>("polledType");
        QTest::addColumn<QString>("polledCallId");
        QTest::addColumn<QString>("polledSource");

        const QString phone = QStringLiteral("+14155551234");
        const QString poll = StoredEvent::sourcePoll();
        const QString call = QStringLiteral("call.ended");
        QTest::newRow("another number") << QStringLiteral("+14155550000") << 10 << call << QString() << poll;
        QTest::newRow("beyond the tolerance") << phone << 121 << call << QString() << poll;
        QTest::newRow("beyond the tolerance, earlier") << phone << -121 << call << QString() << poll;
        // The webhook's call.transferred and the CDR's call.ended are two facts of one call.
        QTest::newRow("another type")
                << phone << 0 << QStringLiteral("call.transferred") << QString() << poll;
        QTest::newRow("another call id") << phone << 0 << call << QStringLiteral("other-uuid") << poll;
        // Two deliveries with different event ids are two calls (the same source never merges).
        QTest::newRow("the same source") << phone << 0 << call << QString() << StoredEvent::sourceWebhook();
    }

    void differentFactsStayApart()
    {
        QFETCH(QString, polledPhone);
        QFETCH(int, polledOffsetSecs);
        QFETCH(QString, polledType);
        QFETCH(QString, polledCallId);
        QFETCH(QString, polledSource);
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const QDateTime ended(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC);
        QCOMPARE(store.insert(webhookCall(QStringLiteral("evt_c"), QStringLiteral("3f0c-uuid"),
                                          QStringLiteral("+14155551234"), ended))
                         .outcome,
                 EventStore::Outcome::Inserted);
        StoredEvent other = polledCall(QStringLiteral("1767261600.9"), polledPhone,
                                       ended.addSecs(polledOffsetSecs), polledType);
        other.callId = polledCallId;
        other.source = polledSource;
        QCOMPARE(store.insert(other).outcome, EventStore::Outcome::Inserted);
        QCOMPARE(store.count(), 2);
    }

    void theNearestOfTwoCallsToOneNumberIsTheMatch()
    {
        Database db(freshPath());
        openAndMigrate(db);
        EventStore store(&db);
        const QString phone = QStringLiteral("+14155551234");
        const QDateTime first(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC);
        const qint64 a =
                store.insert(webhookCall(QStringLiteral("evt_1"), QStringLiteral("uuid-1"), phone, first)).id;
        const qint64 b = store.insert(webhookCall(QStringLiteral("evt_2"), QStringLiteral("uuid-2"), phone,
                                                  first.addSecs(90)))
                                 .id;
        QVERIFY(a > 0 && b > a);
        QCOMPARE(store.insert(polledCall(QStringLiteral("1.2"), phone, first.addSecs(80))).id, b);
        QCOMPARE(store.insert(polledCall(QStringLiteral("1.1"), phone, first.addSecs(5))).id, a);
        QCOMPARE(store.count(), 2);
    }

    void aBusyDatabaseFailsTheInsertAndLeavesNothing()
    {
        const QString path = freshPath();
        Database db(path);
        openAndMigrate(db);
        db.setBusyTimeout(50);
        EventStore store(&db);
        // Another writer (a second console, the CLI) holds the write lock.
        Database other(path);
        QVERIFY(other.open());
        QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")).ok());
        const StoredEvent event =
                unlimCall(QStringLiteral("evt_busy"), QStringLiteral("2026-01-01T10:00:00Z"));
        const EventStore::InsertResult failed = store.insert(event);
        QCOMPARE(failed.outcome, EventStore::Outcome::Failed);
        QCOMPARE(failed.status.code, StoreStatus::Code::Busy);
        QVERIFY(other.exec(QStringLiteral("ROLLBACK")).ok());
        QCOMPARE(store.count(), 0);
        // The redelivery is stored.
        QCOMPARE(store.insert(event).outcome, EventStore::Outcome::Inserted);
        QCOMPARE(store.count(), 1);
    }
};

CC_TEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"

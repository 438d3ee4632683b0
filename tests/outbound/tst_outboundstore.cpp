#include "TestMain.h"

#include "outbound/SqliteOutboundStore.h"
#include "store/Database.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>

// SqliteOutboundStore on a real SQLite file: the do-not-contact list (all or nothing, domains,
// removal only with a reason and logged), the append-only audit log (the database itself refuses
// UPDATE and DELETE, README promise O6), attempts counted per recipient-local day (O4), intents
// (O7), and durability under SIGKILL (D1).
class TestOutboundStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_counter)); }

    static DncEntry entry(DncEntry::Kind kind, const QString &value, const QString &reason = {})
    {
        DncEntry e;
        e.kind = kind;
        e.value = value;
        e.source = QStringLiteral("manual");
        e.reason = reason;
        e.addedBy = QStringLiteral("tester");
        return e;
    }

    static AuditAttempt attempt(const QString &recipient, const QDateTime &ringsAt, int weight = 1,
                                Vendor vendor = Vendor::UnlimCall,
                                const QString &verdict = QStringLiteral("allowed"))
    {
        AuditAttempt a;
        a.vendor = vendor;
        a.action = vendor == Vendor::Verloop ? QStringLiteral("schedule_call") : QStringLiteral("call");
        a.recipient = recipient;
        a.verdict = verdict;
        a.reasonCode = verdict == QLatin1String("allowed") ? QStringLiteral("allowed")
                                                           : QStringLiteral("outside_calling_window");
        a.reason = QStringLiteral("because");
        a.ringsAt = ringsAt;
        a.attemptWeight = weight;
        return a;
    }

    static QDateTime utc(const QString &iso) { return QDateTime::fromString(iso, Qt::ISODate).toUTC(); }

    static OutboundIntent intent(const QString &id, const QString &key, Vendor vendor = Vendor::Verloop)
    {
        OutboundIntent i;
        i.id = id;
        i.vendor = vendor;
        i.action = QStringLiteral("schedule_call");
        i.recipient = QStringLiteral("+13055550100");
        i.dedupeKey = key;
        i.requestSummary = QByteArrayLiteral("{\"PhoneNumber\":\"13055550100\"}");
        i.ringsAt = utc(QStringLiteral("2026-06-01T15:00:00Z"));
        return i;
    }

    static QStringList values(const QList<DncEntry> &entries)
    {
        QStringList out;
        for (const DncEntry &e : entries)
            out.append(e.value);
        out.sort();
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Start-up does not wait for the store: nothing is opened or created before the first call.
    void opensOnFirstUse()
    {
        const QString path = freshPath();
        SqliteOutboundStore store(path);
        QVERIFY(!QFile::exists(path));
        QVERIFY(!store.listedEntry(Recipient::phone(QStringLiteral("+13055550100"))).has_value());
        QVERIFY(store.lastReadStatus().ok());
        QVERIFY(QFile::exists(path));
    }

    // README promise O6: the database refuses to change or remove audit rows, whoever asks.
    void auditLogRefusesUpdateAndDelete()
    {
        const QString path = freshPath();
        SqliteOutboundStore store(path);
        AuditAttempt a = attempt(QStringLiteral("+13055550100"), utc(QStringLiteral("2026-06-01T15:00:00Z")));
        const StoreStatus appended = store.appendAttempt(a);
        QVERIFY2(appended.ok(), qPrintable(appended.summary()));
        QVERIFY(a.id > 0);
        AuditOutcome o;
        o.attemptId = a.id;
        o.outcome = QStringLiteral("accepted");
        o.vendorRef = QStringLiteral("call-1");
        QVERIFY(store.appendOutcome(o).ok());
        QVERIFY(o.id > 0);

        Database raw(path);
        QVERIFY(raw.open().ok());
        const QStringList tampering = {
                QStringLiteral("UPDATE audit_attempts SET verdict = 'refused'"),
                QStringLiteral("UPDATE audit_attempts SET recipient = '+10000000000' WHERE id = %1")
                        .arg(a.id),
                QStringLiteral("DELETE FROM audit_attempts"),
                QStringLiteral("DELETE FROM audit_attempts WHERE id = %1").arg(a.id),
                QStringLiteral(
                        "INSERT OR REPLACE INTO audit_attempts(id, at_ms, vendor, action, recipient, verdict,"
                        " reason_code, rings_at_ms, attempt_weight) VALUES (%1, 0, 'unlimcall', 'call',"
                        " '+10000000000', 'refused', 'x', 0, 1)")
                        .arg(a.id),
                QStringLiteral("UPDATE audit_outcomes SET outcome = 'failed'"),
                QStringLiteral("DELETE FROM audit_outcomes"),
                QStringLiteral(
                        "REPLACE INTO audit_outcomes(id, attempt_id, at_ms, outcome) VALUES (%1, %2, 0, "
                        "'failed')")
                        .arg(o.id)
                        .arg(a.id),
        };
        for (const QString &sql : tampering) {
            const StoreStatus s = raw.exec(sql);
            QVERIFY2(!s.ok(), qPrintable(sql));
            QVERIFY2(s.detail.contains(QLatin1String("append-only")), qPrintable(s.detail));
        }

        // Nothing changed, as the store reads it back.
        const QList<AuditAttempt> attempts = store.attempts();
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().id, a.id);
        QCOMPARE(attempts.first().recipient, QStringLiteral("+13055550100"));
        QCOMPARE(attempts.first().verdict, QStringLiteral("allowed"));
        QCOMPARE(attempts.first().ringsAt, utc(QStringLiteral("2026-06-01T15:00:00Z")));
        QCOMPARE(attempts.first().vendor, Vendor::UnlimCall);
        QCOMPARE(attempts.first().reason, QStringLiteral("because"));
        const QList<AuditOutcome> outcomes = store.outcomes();
        QCOMPARE(outcomes.size(), 1);
        QCOMPARE(outcomes.first().attemptId, a.id);
        QCOMPARE(outcomes.first().outcome, QStringLiteral("accepted"));
        QCOMPARE(outcomes.first().vendorRef, QStringLiteral("call-1"));
    }

    // An outcome belongs to an attempt (foreign key).
    void outcomeNeedsItsAttempt()
    {
        SqliteOutboundStore store(freshPath());
        AuditOutcome o;
        o.attemptId = 4242;
        o.outcome = QStringLiteral("failed");
        QVERIFY(!store.appendOutcome(o).ok());
        QCOMPARE(o.id, qint64(0));
        QVERIFY(store.outcomes().isEmpty());
    }

    void attemptsSinceAFilterByTime()
    {
        SqliteOutboundStore store(freshPath());
        AuditAttempt old = attempt(QStringLiteral("+13055550100"), {});
        old.at = utc(QStringLiteral("2026-01-01T00:00:00Z"));
        AuditAttempt recent = attempt(QStringLiteral("+13055550101"), {});
        recent.at = utc(QStringLiteral("2026-02-01T00:00:00Z"));
        QVERIFY(store.appendAttempt(old).ok());
        QVERIFY(store.appendAttempt(recent).ok());
        QCOMPARE(store.attempts().size(), 2);
        const QList<AuditAttempt> since = store.attempts(utc(QStringLiteral("2026-01-15T00:00:00Z")));
        QCOMPARE(since.size(), 1);
        QCOMPARE(since.first().recipient, QStringLiteral("+13055550101"));
        // A call that rings at once rings when it was decided.
        QCOMPARE(since.first().ringsAt, recent.at);
    }

    // The list is kept all or nothing: one bad entry and none is added.
    void addIsAllOrNothing()
    {
        SqliteOutboundStore store(freshPath());
        QVERIFY(store.addToDoNotContact({entry(DncEntry::Kind::Phone, QStringLiteral("+13055550100"),
                                               QStringLiteral("first"))})
                        .ok());
        const StoreStatus s = store.addToDoNotContact({
                entry(DncEntry::Kind::Phone, QStringLiteral("+13055550101")),
                entry(DncEntry::Kind::Email, QStringLiteral("a@example.com")),
                entry(DncEntry::Kind::Phone, QStringLiteral("305-555-0102")), // not E.164
                entry(DncEntry::Kind::Domain, QStringLiteral("example.org")),
        });
        QVERIFY(!s.ok());
        QVERIFY2(s.message.contains(QLatin1String("305-555-0102")), qPrintable(s.message));
        QCOMPARE(values(store.doNotContactEntries()), QStringList{QStringLiteral("+13055550100")});

        // An entry already listed keeps its first reason; the others are added.
        QVERIFY(store.addToDoNotContact({
                                                entry(DncEntry::Kind::Phone, QStringLiteral("+13055550100"),
                                                      QStringLiteral("second")),
                                                entry(DncEntry::Kind::Email, QStringLiteral("A@Example.COM")),
                                        })
                        .ok());
        const QList<DncEntry> listed = store.doNotContactEntries();
        QCOMPARE(values(listed),
                 (QStringList{QStringLiteral("+13055550100"), QStringLiteral("a@example.com")}));
        for (const DncEntry &e : listed) {
            if (e.kind == DncEntry::Kind::Phone)
                QCOMPARE(e.reason, QStringLiteral("first"));
            QCOMPARE(e.addedBy, QStringLiteral("tester"));
            QVERIFY(e.addedAt.isValid());
        }
    }

    void listsNumbersAddressesAndDomains()
    {
        SqliteOutboundStore store(freshPath());
        QVERIFY(store
                        .addToDoNotContact({
                                entry(DncEntry::Kind::Phone, QStringLiteral("+13055550100")),
                                entry(DncEntry::Kind::Domain, QStringLiteral("@Example.com"),
                                      QStringLiteral("domain")),
                                entry(DncEntry::Kind::Email, QStringLiteral("boss@example.com"),
                                      QStringLiteral("address")),
                        })
                        .ok());
        const auto listed = [&store](const Recipient &r) {
            const std::optional<DncEntry> e = store.listedEntry(r);
            return e ? e->value : QString();
        };
        QCOMPARE(listed(Recipient::phone(QStringLiteral("+13055550100"))), QStringLiteral("+13055550100"));
        QCOMPARE(listed(Recipient::phone(QStringLiteral("+13055550101"))), QString());
        // The domain lists every address under it, and under its subdomains, whatever the case...
        QCOMPARE(listed(Recipient::email(QStringLiteral("Someone@EXAMPLE.com"))),
                 QStringLiteral("example.com"));
        QCOMPARE(listed({Recipient::Channel::Email, QStringLiteral("Someone@Mail.Example.com"), {}, {}}),
                 QStringLiteral("example.com"));
        // ...the address's own entry is the more specific one...
        QCOMPARE(listed(Recipient::email(QStringLiteral("boss@example.com"))),
                 QStringLiteral("boss@example.com"));
        // ...and a domain that merely ends the same way is another domain.
        QCOMPARE(listed(Recipient::email(QStringLiteral("someone@notexample.com"))), QString());
        QCOMPARE(listed(Recipient::email(QStringLiteral("someone@example.com.au"))), QString());
        QCOMPARE(listed(Recipient::email(QStringLiteral("example.com@elsewhere.org"))), QString());
        QVERIFY(store.lastReadStatus().ok());
    }

    // A removal needs a reason, and is itself an audit row (who, why).
    void removalNeedsAReasonAndIsLogged()
    {
        SqliteOutboundStore store(freshPath());
        QVERIFY(store.addToDoNotContact({entry(DncEntry::Kind::Phone, QStringLiteral("+13055550100")),
                                         entry(DncEntry::Kind::Domain, QStringLiteral("example.com"))})
                        .ok());
        QVERIFY(!store.removeFromDoNotContact(QStringLiteral("+13055550100"), QStringLiteral("  "),
                                              QStringLiteral("ann"))
                         .ok());
        QVERIFY(store.listedEntry(Recipient::phone(QStringLiteral("+13055550100"))).has_value());
        QVERIFY(store.attempts().isEmpty());

        QVERIFY(store.removeFromDoNotContact(QStringLiteral("+13055550100"),
                                             QStringLiteral("asked to be called back"), QStringLiteral("ann"))
                        .ok());
        QVERIFY(!store.listedEntry(Recipient::phone(QStringLiteral("+13055550100"))).has_value());
        QVERIFY(store.removeFromDoNotContact(QStringLiteral("@EXAMPLE.com"), QStringLiteral("customer now"),
                                             QStringLiteral("bob"))
                        .ok());
        QVERIFY(store.doNotContactEntries().isEmpty());
        // Removing what is not listed fails and logs nothing.
        QVERIFY(!store.removeFromDoNotContact(QStringLiteral("+13055550100"), QStringLiteral("again"),
                                              QStringLiteral("ann"))
                         .ok());

        const QList<AuditAttempt> log = store.attempts();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).action, QStringLiteral("dnc_remove"));
        QVERIFY(log.at(0).isListChange());
        QCOMPARE(log.at(0).recipient, QStringLiteral("+13055550100"));
        QCOMPARE(log.at(0).reason, QStringLiteral("asked to be called back"));
        QCOMPARE(log.at(0).actor, QStringLiteral("ann"));
        QCOMPARE(log.at(0).attemptWeight, 0);
        QCOMPARE(log.at(1).recipient, QStringLiteral("example.com"));
        QCOMPARE(log.at(1).actor, QStringLiteral("bob"));
        // A list change is no call attempt.
        QCOMPARE(store.attemptsOnDay(QStringLiteral("+13055550100"), QDate::currentDate(), QTimeZone::utc()),
                 0);
    }

    // README promise O4: attempts are counted on the recipient's own calendar day, across vendors,
    // with each attempt's weight (a Verloop call counts 1 + its campaign's retries).
    void countsAttemptsOnTheRecipientsDay()
    {
        SqliteOutboundStore store(freshPath());
        const QString ny = QStringLiteral("+12125550100");
        const QTimeZone newYork("America/New_York");
        const QTimeZone london("Europe/London");
        QVERIFY(newYork.isValid() && london.isValid());
        QList<AuditAttempt> rows = {
                // 2026-03-09 23:30 in New York (EDT since 8 March), already 10 March in London.
                attempt(ny, utc(QStringLiteral("2026-03-10T03:30:00Z")), 1, Vendor::UnlimCall),
                // 2026-03-10 10:00 in New York, a Verloop call with two retries.
                attempt(ny, utc(QStringLiteral("2026-03-10T14:00:00Z")), 3, Vendor::Verloop),
                // Refused attempts reach nobody: not counted.
                attempt(ny, utc(QStringLiteral("2026-03-10T15:00:00Z")), 1, Vendor::UnlimCall,
                        QStringLiteral("refused")),
                attempt(ny, utc(QStringLiteral("2026-03-10T15:00:00Z")), 1, Vendor::UnlimCall,
                        QStringLiteral("needs_override")),
                // Another recipient.
                attempt(QStringLiteral("+12125550199"), utc(QStringLiteral("2026-03-10T15:00:00Z")), 1),
                // 2026-03-09 00:30 EDT: the day after the DST change, although a fixed EST offset
                // would put it at 23:30 on 8 March.
                attempt(ny, utc(QStringLiteral("2026-03-09T04:30:00Z")), 1),
                // 2026-03-08 23:59 EDT: the last minute of the 23-hour day.
                attempt(ny, utc(QStringLiteral("2026-03-09T03:59:00Z")), 1),
                // 2026-03-07 23:30 EST: the day before.
                attempt(ny, utc(QStringLiteral("2026-03-08T04:30:00Z")), 1),
        };
        for (AuditAttempt &a : rows)
            QVERIFY(store.appendAttempt(a).ok());

        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 10), newYork), 3);
        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 9), newYork), 2); // 23:30 and 00:30
        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 8), newYork), 1); // 23:59 only
        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 7), newYork), 1);
        // The same attempts on a London day.
        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 10), london), 4);
        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 9), london), 2);
        QCOMPARE(store.attemptsOnDay(QStringLiteral("+12125550199"), QDate(2026, 3, 10), newYork), 1);
        QCOMPARE(store.attemptsOnDay(QStringLiteral("+12125550000"), QDate(2026, 3, 10), newYork), 0);
        // No known zone: every instant that is 10 March anywhere counts (never too few).
        QCOMPARE(store.attemptsOnDay(ny, QDate(2026, 3, 10), QTimeZone()), 4);
        QVERIFY(store.lastReadStatus().ok());
    }

    // README promise O7: intents are saved before sending and updated as the vendor answers.
    void keepsIntents()
    {
        SqliteOutboundStore store(freshPath());
        QVERIFY(store.saveIntent(intent(QStringLiteral("i1"), QStringLiteral("k1"))).ok());
        QVERIFY(!store.saveIntent(intent(QStringLiteral("i1"), QStringLiteral("k9"))).ok()); // same id
        QVERIFY(store.saveIntent(intent(QStringLiteral("i2"), QStringLiteral("k2"), Vendor::UnlimCall)).ok());

        std::optional<OutboundIntent> live = store.liveIntentWithKey(QStringLiteral("k1"));
        QVERIFY(live.has_value());
        QCOMPARE(live->id, QStringLiteral("i1"));
        QCOMPARE(live->state, OutboundIntent::State::Pending);
        QCOMPARE(live->requestSummary, QByteArrayLiteral("{\"PhoneNumber\":\"13055550100\"}"));
        QCOMPARE(live->ringsAt, utc(QStringLiteral("2026-06-01T15:00:00Z")));
        QVERIFY(live->createdAt.isValid());

        QVERIFY(store.updateIntent(QStringLiteral("i1"), OutboundIntent::State::Sent, QStringLiteral("msg-7"),
                                   QStringLiteral("scheduled"))
                        .ok());
        // A status update alone keeps the vendor's id.
        QVERIFY(store.updateIntent(QStringLiteral("i1"), OutboundIntent::State::Sent, {},
                                   QStringLiteral("completed"))
                        .ok());
        const std::optional<OutboundIntent> sent = store.intent(QStringLiteral("i1"));
        QVERIFY(sent.has_value());
        QCOMPARE(sent->state, OutboundIntent::State::Sent);
        QCOMPARE(sent->vendorRef, QStringLiteral("msg-7"));
        QCOMPARE(sent->status, QStringLiteral("completed"));
        QVERIFY(store.liveIntentWithKey(QStringLiteral("k1")).has_value());

        // Unknown stays live (never resent); Failed does not.
        QVERIFY(store.updateIntent(QStringLiteral("i2"), OutboundIntent::State::Unknown, {}).ok());
        QCOMPARE(store.liveIntentWithKey(QStringLiteral("k2"))->state, OutboundIntent::State::Unknown);
        QVERIFY(store.updateIntent(QStringLiteral("i2"), OutboundIntent::State::Failed, {}).ok());
        QVERIFY(!store.liveIntentWithKey(QStringLiteral("k2")).has_value());
        QVERIFY(!store.updateIntent(QStringLiteral("nope"), OutboundIntent::State::Sent, QStringLiteral("x"))
                         .ok());

        QCOMPARE(store.intents().size(), 2);
        const QList<OutboundIntent> verloop = store.intents(Vendor::Verloop);
        QCOMPARE(verloop.size(), 1);
        QCOMPARE(verloop.first().id, QStringLiteral("i1"));
        QCOMPARE(store.intents(Vendor::Outreach2day).size(), 0);
    }

    // Everything is in the file: another connection (the next start) reads the same.
    void survivesReopening()
    {
        const QString path = freshPath();
        {
            SqliteOutboundStore store(path);
            QVERIFY(store.addToDoNotContact({entry(DncEntry::Kind::Email, QStringLiteral("a@example.com"))})
                            .ok());
            AuditAttempt a = attempt(QStringLiteral("+13055550100"), {});
            QVERIFY(store.appendAttempt(a).ok());
            QVERIFY(store.saveIntent(intent(QStringLiteral("i1"), QStringLiteral("k1"))).ok());
        }
        SqliteOutboundStore again(path);
        QCOMPARE(values(again.doNotContactEntries()), QStringList{QStringLiteral("a@example.com")});
        QCOMPARE(again.attempts().size(), 1);
        QVERIFY(again.intent(QStringLiteral("i1")).has_value());
    }

    // A list that cannot be read is not an empty list: the guard sees why (and refuses).
    void reportsWhenItCannotRead()
    {
        QFile blocker(m_dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        SqliteOutboundStore store(blocker.fileName() + QStringLiteral("/console.sqlite"));
        QVERIFY(!store.listedEntry(Recipient::phone(QStringLiteral("+13055550100"))).has_value());
        QCOMPARE(store.lastReadStatus().code, StoreStatus::Code::OpenFailed);
        QCOMPARE(store.attemptsOnDay(QStringLiteral("+13055550100"), QDate(2026, 3, 10), QTimeZone::utc()),
                 0);
        QVERIFY(!store.lastReadStatus().ok());
        AuditAttempt a = attempt(QStringLiteral("+13055550100"), {});
        QVERIFY(!store.appendAttempt(a).ok());
        QCOMPARE(a.id, qint64(0));
    }

    // README promises O6 and D1: a process killed while appending loses nothing it reported.
    void killedWriterLosesNoAuditRow_data()
    {
        QTest::addColumn<int>("killAfter");
        QTest::newRow("early") << 3;
        QTest::newRow("random") << int(10 + QRandomGenerator::global()->bounded(60));
    }

    void killedWriterLosesNoAuditRow()
    {
        QFETCH(int, killAfter);
        const QString path = freshPath();
        QProcess writer;
        writer.setProcessChannelMode(QProcess::SeparateChannels);
        writer.start(QStringLiteral(CC_OUTBOUND_KILLWRITER), {path});
        QVERIFY2(writer.waitForStarted(30000), qPrintable(writer.errorString()));

        QByteArray output;
        const auto reported = [&output]() {
            QList<QPair<qint64, qint64>> rows;
            for (const QByteArray &line : output.split('\n')) {
                const QList<QByteArray> words = line.split(' ');
                if (words.size() == 3 && words.at(0) == "appended")
                    rows.append({words.at(1).toLongLong(), words.at(2).toLongLong()});
            }
            return rows;
        };
        while (reported().size() < killAfter) {
            QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
            writer.waitForReadyRead(1000);
            output += writer.readAllStandardOutput();
        }
        writer.kill(); // SIGKILL: no destructor, no rollback, no checkpoint
        QVERIFY(writer.waitForFinished(30000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        output += writer.readAllStandardOutput();
        const QList<QPair<qint64, qint64>> committed = reported();
        QVERIFY(committed.size() >= killAfter);

        {
            Database check(path);
            QVERIFY(check.open().ok());
            QVERIFY2(check.integrityCheck().ok(), qPrintable(check.integrityCheck().summary()));
        }
        SqliteOutboundStore store(path);
        QHash<qint64, qint64> outcomeOf;
        for (const AuditOutcome &o : store.outcomes())
            outcomeOf.insert(o.id, o.attemptId);
        QSet<qint64> attemptIds;
        for (const AuditAttempt &a : store.attempts())
            attemptIds.insert(a.id);
        for (const auto &[attemptId, outcomeId] : committed) {
            QVERIFY2(attemptIds.contains(attemptId),
                     qPrintable(QStringLiteral("attempt %1 lost").arg(attemptId)));
            QCOMPARE(outcomeOf.value(outcomeId), attemptId);
        }
        // At most the attempt in flight when the kill came may be there unreported.
        QVERIFY(attemptIds.size() <= committed.size() + 1);
    }
};

CC_TEST_GUILESS_MAIN(TestOutboundStore)
#include "tst_outboundstore.moc"

// What the console keeps of running Outreach2day campaigns: sends for the one table machinery
// (round trip through the loader SQL, upserts), the changes feed de-duplicated by contact +
// status + time, threads that keep what was seen (and each state), the suppression mirror with
// its source tags, webhook subscriptions without their secret (no column for it, not a byte in
// the file), subsequences and routing, and saved cursors that survive a reopen.

#include "TestMain.h"

#include "email/EmailActivityStore.h"
#include "table/RecordTableLoader.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace {

QDateTime at(int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 3, 9), QTime(hour, minute), Qt::UTC);
}

O2dSend makeSend(int n, const QString &campaignId, const QString &status, const QDateTime &sentAt)
{
    O2dSend s;
    s.id = QStringLiteral("snd_%1").arg(n, 3, 10, QLatin1Char('0'));
    s.campaignId = campaignId;
    s.contactId = QStringLiteral("cnt_%1").arg(n);
    s.stepId = QStringLiteral("stp_001");
    s.mailboxId = QStringLiteral("mbx_501");
    s.to = QStringLiteral("person%1@acme.example").arg(n);
    s.status = status;
    s.attempts = 1;
    s.sentAt = sentAt;
    return s;
}

O2dContactChange makeChange(const QString &contactId, const QString &status, const QDateTime &when)
{
    O2dContactChange c;
    c.contactId = contactId;
    c.email = contactId + QStringLiteral("@acme.example");
    c.status = status;
    c.previousStatus = QStringLiteral("active");
    c.updatedAt = when;
    return c;
}

O2dThread makeThread(const QString &id, const QString &campaignId, const QString &intent,
                     const QDateTime &last)
{
    O2dThread t =
            O2dThread::fromJson(QJsonObject{{QStringLiteral("id"), id},
                                            {QStringLiteral("campaignId"), campaignId},
                                            {QStringLiteral("contactId"), QStringLiteral("cnt_1")},
                                            {QStringLiteral("email"), QStringLiteral("sarah@acme.example")},
                                            {QStringLiteral("replyIntent"), intent},
                                            {QStringLiteral("subject"), QStringLiteral("Re: Quick question")},
                                            {QStringLiteral("labels"), QJsonArray{QStringLiteral("hot")}}});
    t.lastMessageAt = last;
    t.raw.insert(QStringLiteral("lastMessageAt"), last.toString(Qt::ISODateWithMs));
    return t;
}

QStringList threadIds(const QList<O2dThread> &threads)
{
    QStringList ids;
    for (const O2dThread &t : threads)
        ids.append(t.id);
    return ids;
}

} // namespace

class TestEmailActivityStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("activity-%1.sqlite").arg(++m_counter)); }

    static bool openMigrated(Database &db)
    {
        db.registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
        return db.open().ok() && db.migrate().ok();
    }

private Q_SLOTS:
    void migrationsApplyOnce()
    {
        const QString path = newPath();
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            QCOMPARE(EmailActivityStore::component(), QStringLiteral("email_activity"));
            QCOMPARE(db.schemaVersion(QStringLiteral("email_activity")),
                     EmailActivityStore::migrations().last().version);
        }
        Database again(path);
        QVERIFY(openMigrated(again));
    }

    // The loader SQL reads back what saveSends wrote, aliased to the schema's keys, newest first,
    // for one campaign; unsent ones last.
    void sendsRoundTripThroughTheLoader()
    {
        const QString path = newPath();
        Database db(path);
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        const QString cmp = QStringLiteral("cmp_abc123");
        QList<O2dSend> sends = {makeSend(1, cmp, QStringLiteral("sent"), at(9, 15)),
                                makeSend(2, cmp, QStringLiteral("queued"), {}),
                                makeSend(3, cmp, QStringLiteral("bounced"), at(11, 0)),
                                makeSend(4, QStringLiteral("cmp_other"), QStringLiteral("sent"), at(12, 0))};
        sends[2].attempts = 3;
        QVERIFY(store.saveSends(sends));
        QCOMPARE(store.sendCount(cmp), 3);
        QCOMPARE(store.sendCount(QStringLiteral("cmp_other")), 1);

        RecordTable table(EmailActivityStore::sendSchema());
        QVERIFY(RecordTableLoader::loadAll(table, path, EmailActivityStore::sendsSql(), {cmp}));
        QCOMPARE(table.rowCount(), 3);
        using S = EmailActivityStore;
        QCOMPARE(table.text(0, S::SendId), QStringLiteral("snd_003"));
        QCOMPARE(table.text(1, S::SendId), QStringLiteral("snd_001"));
        QCOMPARE(table.text(2, S::SendId), QStringLiteral("snd_002"));
        QVERIFY(table.isNull(2, S::SentAt));
        QCOMPARE(table.integer(0, S::SentAt), at(11, 0).toMSecsSinceEpoch());
        QCOMPARE(table.text(0, S::To), QStringLiteral("person3@acme.example"));
        QCOMPARE(table.text(0, S::Status), QStringLiteral("bounced"));
        QCOMPARE(table.text(0, S::Step), QStringLiteral("stp_001"));
        QCOMPARE(table.text(0, S::Mailbox), QStringLiteral("mbx_501"));
        QCOMPARE(table.integer(0, S::Attempts), 3);
        QCOMPARE(table.text(0, S::Contact), QStringLiteral("cnt_3"));

        // What the loader read equals what sendRows() builds from the API's answers (a model
        // merges fresh pages with the same columns).
        const RecordTable fresh = EmailActivityStore::sendRows({sends[2]});
        for (int c = 0; c < S::SendColumnCount; ++c)
            QCOMPARE(fresh.value(0, c), table.value(0, c));
    }

    // The search box looks in what the table shows: typing a digit must not match every row
    // through the hidden send and contact ids.
    void sendSearchLooksInWhatTheOperatorReads()
    {
        using S = EmailActivityStore;
        const RecordSchema schema = S::sendSchema();
        QCOMPARE(schema.searchableColumns(), QList<int>({S::To, S::Status, S::Step, S::Mailbox}));
        QCOMPARE(schema.idColumn(), int(S::SendId));
        QCOMPARE(schema.defaultVisibleColumns(),
                 QList<int>({S::SentAt, S::To, S::Status, S::Step, S::Mailbox, S::Attempts}));
    }

    // A send moves on (queued → sent → replied): the row is updated, not duplicated; a later
    // answer without sentAt keeps the time known.
    void sendsUpsertById()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        const QString cmp = QStringLiteral("cmp_a");
        QVERIFY(store.saveSends({makeSend(1, cmp, QStringLiteral("queued"), {})}));
        QVERIFY(store.saveSends({makeSend(1, cmp, QStringLiteral("sent"), at(9))}));
        O2dSend replied = makeSend(1, cmp, QStringLiteral("replied"), {});
        replied.attempts = 2;
        QVERIFY(store.saveSends({replied, makeSend(2, cmp, QStringLiteral("sent"), at(10))}));
        QCOMPARE(store.sendCount(cmp), 2);
        const QMap<QString, qint64> counts = store.sendStatusCounts(cmp);
        QCOMPARE(counts.value(QStringLiteral("replied")), 1);
        QCOMPARE(counts.value(QStringLiteral("sent")), 1);
        QCOMPARE(counts.size(), 2);

        RecordTable table(EmailActivityStore::sendSchema());
        QVERIFY(RecordTableLoader::loadAll(table, db.path(), EmailActivityStore::sendsSql(), {cmp}));
        const int row = table.findRow(QStringView(u"snd_001"));
        QVERIFY(row >= 0);
        QCOMPARE(table.integer(row, EmailActivityStore::SentAt), at(9).toMSecsSinceEpoch());
        QCOMPARE(table.integer(row, EmailActivityStore::Attempts), 2);
    }

    // The feed is polled with an overlap: the same change arrives again and is kept once; the
    // same contact changing again (another status, or the same at another time) is new.
    void changesAreDedupedByContactStatusAndTime()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        const QString cmp = QStringLiteral("cmp_a");
        QList<O2dContactChange> fresh;
        const O2dContactChange replied =
                makeChange(QStringLiteral("cnt_1"), QStringLiteral("replied"), at(14, 30));
        QVERIFY(store.saveChanges(
                cmp, {replied, makeChange(QStringLiteral("cnt_2"), QStringLiteral("bounced"), at(14))},
                &fresh));
        QCOMPARE(fresh.size(), 2);
        QCOMPARE(store.latestChangeAt(cmp), at(14, 30));

        // The overlap page: both seen, one new (the same contact, unsubscribed later).
        const O2dContactChange unsubscribed =
                makeChange(QStringLiteral("cnt_1"), QStringLiteral("unsubscribed"), at(14, 45));
        QVERIFY(store.saveChanges(cmp, {replied, unsubscribed}, &fresh));
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.first().key(), unsubscribed.key());
        // The same status again at another time is another change.
        QVERIFY(store.saveChanges(
                cmp, {makeChange(QStringLiteral("cnt_1"), QStringLiteral("replied"), at(15))}, &fresh));
        QCOMPARE(fresh.size(), 1);

        const QList<O2dContactChange> all = store.changes(cmp);
        QCOMPARE(all.size(), 4);
        QCOMPARE(all.first().contactId, QStringLiteral("cnt_2")); // oldest first
        QCOMPARE(all.last().updatedAt, at(15));
        QCOMPARE(all.at(1).email, QStringLiteral("cnt_1@acme.example"));
        QCOMPARE(all.at(1).previousStatus, QStringLiteral("active"));
        QCOMPARE(store.changes(cmp, at(14, 45)).size(), 2);
        QCOMPARE(store.latestChangeAt(cmp), at(15));
        QVERIFY(!store.latestChangeAt(QStringLiteral("cmp_none")).isValid());
    }

    // A thread keeps what was seen: a later answer without the body keeps the body; each distinct
    // state is a snapshot; `fresh` names new threads and ones that moved.
    void threadsKeepWhatWasSeen()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        QList<O2dThread> fresh;
        O2dThread first = makeThread(QStringLiteral("thr_1"), QStringLiteral("cmp_a"),
                                     QStringLiteral("interested"), at(14, 30));
        first.body = QStringLiteral("Sounds good, let's talk Tuesday.");
        first.snippet = QStringLiteral("Sounds good");
        const O2dThread other = makeThread(QStringLiteral("thr_2"), QStringLiteral("cmp_b"),
                                           QStringLiteral("not_interested"), at(10));
        QVERIFY(store.saveThreads({first, other}, &fresh));
        QCOMPARE(threadIds(fresh), QStringList({QStringLiteral("thr_1"), QStringLiteral("thr_2")}));

        // Seen again unchanged: nothing fresh.
        QVERIFY(store.saveThreads({first}, &fresh));
        QVERIFY(fresh.isEmpty());

        // A later answer: a new message, no body in it.
        O2dThread later =
                makeThread(QStringLiteral("thr_1"), QString(), QStringLiteral("interested"), at(16));
        later.snippet = QStringLiteral("Also, could you send pricing?");
        QVERIFY(store.saveThreads({later}, &fresh));
        QCOMPARE(threadIds(fresh), QStringList{QStringLiteral("thr_1")});

        const O2dThread kept = *store.thread(QStringLiteral("thr_1"));
        QCOMPARE(kept.campaignId, QStringLiteral("cmp_a")); // left out later, kept
        QCOMPARE(kept.body, QStringLiteral("Sounds good, let's talk Tuesday."));
        QCOMPARE(kept.snippet, QStringLiteral("Also, could you send pricing?"));
        QCOMPARE(kept.lastMessageAt, at(16));
        QCOMPARE(kept.raw.value(QStringLiteral("labels")).toArray().size(), 1); // fields without a column

        const QList<O2dThread> history = store.threadHistory(QStringLiteral("thr_1"));
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.first().snippet, QStringLiteral("Sounds good"));
        QCOMPARE(history.last().snippet, QStringLiteral("Also, could you send pricing?"));

        // The Unibox's queries: latest first, by campaign, by intent.
        QCOMPARE(threadIds(store.threads()), QStringList({QStringLiteral("thr_1"), QStringLiteral("thr_2")}));
        QCOMPARE(threadIds(store.threads(QStringLiteral("cmp_b"))), QStringList{QStringLiteral("thr_2")});
        QCOMPARE(threadIds(store.threads({}, QStringLiteral("Interested"))),
                 QStringList{QStringLiteral("thr_1")});

        // Another intent is a move, too.
        O2dThread changed = later;
        changed.replyIntent = QStringLiteral("meeting_booked");
        QVERIFY(store.saveThreads({changed}, &fresh));
        QCOMPARE(threadIds(fresh), QStringList{QStringLiteral("thr_1")});
        QCOMPARE(store.thread(QStringLiteral("thr_1"))->replyIntent, QStringLiteral("meeting_booked"));
    }

    // Each entry keeps its first source (a mirrored entry never becomes the other side's own
    // addition), the sides' state and the operator's removals.
    void suppressionMirrorKeepsSourceTags()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        using Src = EmailActivityStore::SuppressionSource;
        for (Src source : {Src::Console, Src::Outreach2day, Src::Unsubscribe})
            QCOMPARE(EmailActivityStore::sourceFromTag(EmailActivityStore::sourceTag(source)), source);
        QCOMPARE(EmailActivityStore::sourceTag(Src::Unsubscribe), QStringLiteral("unsubscribe"));
        QVERIFY(!EmailActivityStore::sourceFromTag(QStringLiteral("elsewhere")));

        EmailActivityStore::Suppression vendor;
        vendor.email = QStringLiteral(" Do-Not-Email@Company.example ");
        vendor.source = Src::Outreach2day;
        vendor.reason = QStringLiteral("manual_suppression");
        vendor.createdAt = at(9);
        vendor.atVendor = true;
        QVERIFY(store.saveSuppression(vendor));

        // Mirrored into the local list: saved again by the other side's code, source stays.
        EmailActivityStore::Suppression mirrored;
        mirrored.email = QStringLiteral("do-not-email@company.example");
        mirrored.source = Src::Console;
        mirrored.atVendor = true;
        mirrored.inLocalList = true;
        QVERIFY(store.saveSuppression(mirrored));
        auto entry = store.suppression(QStringLiteral("DO-NOT-EMAIL@company.example"));
        QVERIFY(entry);
        QCOMPARE(entry->email, QStringLiteral("do-not-email@company.example"));
        QCOMPARE(entry->source, Src::Outreach2day);
        QCOMPARE(entry->reason, QStringLiteral("manual_suppression")); // not said again: kept
        QCOMPARE(entry->createdAt, at(9));
        QVERIFY(entry->atVendor);
        QVERIFY(entry->inLocalList);

        // The operator removes it locally only: remembered, so the sync does not mirror it back.
        entry->inLocalList = false;
        entry->removedLocally = at(10);
        QVERIFY(store.saveSuppression(*entry));
        entry = store.suppression(QStringLiteral("do-not-email@company.example"));
        QCOMPARE(entry->removedLocally, at(10));
        QVERIFY(!entry->removedAtVendor.isValid());
        QVERIFY(entry->atVendor);

        EmailActivityStore::Suppression unsubscribed;
        unsubscribed.email = QStringLiteral("gone@acme.example");
        unsubscribed.source = Src::Unsubscribe;
        QVERIFY(store.saveSuppression(unsubscribed));
        QCOMPARE(store.suppressions().size(), 2);
        QCOMPARE(store.suppressions().first().email, QStringLiteral("do-not-email@company.example"));
        QVERIFY(store.removeSuppression(QStringLiteral("Gone@acme.example")));
        QCOMPARE(store.suppressions().size(), 1);

        EmailActivityStore::Suppression nobody;
        QVERIFY(!store.saveSuppression(nobody));
    }

    // The secret never reaches the database: no column could hold it, and its bytes are nowhere
    // in the file (WAL included) after saving a subscription that carries one.
    void webhookSecretIsNeverStored()
    {
        const QString path = newPath();
        const QString secret = QStringLiteral("whsec_c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1iZS1zdG9yZWQ=");
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            EmailActivityStore store(&db);
            EmailActivityStore::Hook hook;
            hook.subscription.id = QStringLiteral("wh_sub_001");
            hook.subscription.endpoint = QStringLiteral("https://hooks.example/o2d");
            hook.subscription.eventTypes = {QStringLiteral("reply.received"),
                                            QStringLiteral("contact.bounced")};
            hook.subscription.replyIntents = {QStringLiteral("interested")};
            hook.subscription.campaignIds = {QStringLiteral("cmp_abc123")};
            hook.subscription.ignoreOoo = true;
            hook.subscription.status = QStringLiteral("active");
            hook.subscription.secret = secret;
            hook.secretSetAt = at(9);
            hook.graceUntil = at(21);
            QVERIFY(store.saveHook(hook));

            const auto back = store.hook(QStringLiteral("wh_sub_001"));
            QVERIFY(back);
            QVERIFY(back->subscription.secret.isEmpty());
            QCOMPARE(back->subscription.toJson(), hook.subscription.toJson());
            QCOMPARE(back->secretSetAt, at(9));
            QCOMPARE(back->graceUntil, at(21));
            QVERIFY(!back->removedAt.isValid());

            // No column of any table is named for a secret, token or key material.
            QSqlQuery tables = db.query();
            QVERIFY(tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")));
            int checked = 0;
            while (tables.next()) {
                QSqlQuery columns = db.query();
                QVERIFY(columns.exec(
                        QStringLiteral("PRAGMA table_info(%1)").arg(tables.value(0).toString())));
                while (columns.next()) {
                    const QString name = columns.value(1).toString().toLower();
                    QVERIFY2(!name.contains(QLatin1String("secret")) &&
                                     !name.contains(QLatin1String("token")) &&
                                     !name.contains(QLatin1String("password")),
                             qPrintable(name));
                    ++checked;
                }
            }
            QVERIFY(checked > 40);

            // Removed at the vendor: kept, marked.
            hook.removedAt = at(22);
            QVERIFY(store.saveHook(hook));
            QCOMPARE(store.hook(QStringLiteral("wh_sub_001"))->removedAt, at(22));
            QCOMPARE(store.hooks().size(), 1);
        }
        // Every file SQLite wrote (database, WAL, shared memory).
        const QByteArray needle = secret.toUtf8();
        int files = 0;
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QFile file(path + suffix);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++files;
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(needle), qPrintable(path + suffix));
            QVERIFY2(!bytes.contains(QByteArray("whsec_")), qPrintable(path + suffix));
        }
        QVERIFY(files >= 1);
    }

    void subsequencesAndRoutingRoundTrip()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        const QString cmp = QStringLiteral("cmp_abc123");
        O2dSubsequence interested;
        interested.id = QStringLiteral("sub_001");
        interested.campaignId = cmp;
        interested.name = QStringLiteral("Interested Follow-up");
        O2dSubsequence later = interested;
        later.id = QStringLiteral("sub_002");
        later.name = QStringLiteral("Later");
        QVERIFY(store.saveSubsequence(interested));
        QVERIFY(store.saveSubsequence(later));
        // An answer without the name keeps it; order is as first saved.
        O2dSubsequence renamedless = interested;
        renamedless.name.clear();
        QVERIFY(store.saveSubsequence(renamedless));
        const QList<O2dSubsequence> subs = store.subsequences(cmp);
        QCOMPARE(subs.size(), 2);
        QCOMPARE(subs.first().id, QStringLiteral("sub_001"));
        QCOMPARE(subs.first().name, QStringLiteral("Interested Follow-up"));
        QCOMPARE(subs.first().enrollmentMode, QStringLiteral("manual"));

        O2dRoutingPolicy policy;
        O2dRoutingRule rule;
        rule.value = QStringLiteral("interested");
        rule.subsequenceId = QStringLiteral("sub_001");
        policy.rules.append(rule);
        rule.value = QStringLiteral("not_now");
        rule.subsequenceId = QStringLiteral("sub_002");
        policy.rules.append(rule);
        QVERIFY(store.saveRouting(cmp, policy, {}));
        QCOMPARE(store.routing(cmp).rules, policy.rules);
        QVERIFY(!store.routingAppliedAt(cmp).isValid());
        // Edited as a list: replaced whole.
        policy.rules.removeFirst();
        QVERIFY(store.saveRouting(cmp, policy, at(12)));
        QCOMPARE(store.routing(cmp).rules, policy.rules);
        QCOMPARE(store.routingAppliedAt(cmp), at(12));
        QVERIFY(store.routing(QStringLiteral("cmp_other")).rules.isEmpty());
    }

    // Saved cursors, threads, changes and suppressions are there after a restart.
    void cursorsAndEverythingSurviveReopen()
    {
        const QString path = newPath();
        const QString cmp = QStringLiteral("cmp_a");
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            EmailActivityStore store(&db);
            QVERIFY(store.saveCursor(QStringLiteral("sends"), cmp, QStringLiteral("cursor_xyz")));
            QVERIFY(store.saveCursor(QStringLiteral("sends"), QStringLiteral("cmp_b"),
                                     QStringLiteral("cursor_b")));
            QVERIFY(store.saveCursor(QStringLiteral("suppressions"), {}, QStringLiteral("cursor_s1")));
            QVERIFY(store.saveCursor(QStringLiteral("suppressions"), {}, QStringLiteral("cursor_s2")));
            QVERIFY(store.saveCursor(QStringLiteral("events"), {}, QStringLiteral("cursor_e")));
            QVERIFY(store.saveCursor(QStringLiteral("events"), {}, QString())); // finished: cleared
            QVERIFY(store.saveSends({makeSend(1, cmp, QStringLiteral("sent"), at(9))}));
            QVERIFY(store.saveChanges(
                    cmp, {makeChange(QStringLiteral("cnt_1"), QStringLiteral("replied"), at(14))}));
            QVERIFY(store.saveThreads(
                    {makeThread(QStringLiteral("thr_1"), cmp, QStringLiteral("interested"), at(14))}));
        }
        Database db(path);
        QVERIFY(openMigrated(db));
        EmailActivityStore store(&db);
        QCOMPARE(store.cursor(QStringLiteral("sends"), cmp), QStringLiteral("cursor_xyz"));
        QCOMPARE(store.cursor(QStringLiteral("sends"), QStringLiteral("cmp_b")), QStringLiteral("cursor_b"));
        QCOMPARE(store.cursor(QStringLiteral("suppressions")), QStringLiteral("cursor_s2"));
        QVERIFY(store.cursor(QStringLiteral("events")).isEmpty());
        QVERIFY(store.cursor(QStringLiteral("changes"), cmp).isEmpty());
        QCOMPARE(store.sendCount(cmp), 1);
        QCOMPARE(store.latestChangeAt(cmp), at(14));
        QCOMPARE(store.threads().size(), 1);

        // Forgetting the campaign takes its rows and cursors, not the others'.
        QVERIFY(store.removeCampaign(cmp));
        QCOMPARE(store.sendCount(cmp), 0);
        QVERIFY(store.changes(cmp).isEmpty());
        QVERIFY(store.threads().isEmpty());
        QVERIFY(store.threadHistory(QStringLiteral("thr_1")).isEmpty());
        QVERIFY(store.cursor(QStringLiteral("sends"), cmp).isEmpty());
        QCOMPARE(store.cursor(QStringLiteral("sends"), QStringLiteral("cmp_b")), QStringLiteral("cursor_b"));
        QCOMPARE(store.cursor(QStringLiteral("suppressions")), QStringLiteral("cursor_s2"));
    }
};

CC_TEST_GUILESS_MAIN(TestEmailActivityStore)
#include "tst_emailactivitystore.moc"

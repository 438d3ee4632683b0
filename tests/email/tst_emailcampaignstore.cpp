#include "TestMain.h"

#include "email/EmailCampaignStore.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace {

O2dCampaign makeCampaign(const QString &id, const QString &name)
{
    O2dCampaign c;
    c.id = id;
    c.workspaceId = QStringLiteral("42");
    c.name = name;
    c.priority = QStringLiteral("HIGH");
    c.status = QStringLiteral("draft");
    c.createdAt = QDateTime(QDate(2026, 3, 9), QTime(10, 0), Qt::UTC);
    c.updatedAt = c.createdAt.addSecs(60);
    return c;
}

O2dStep makeStep(const QString &id, const QString &campaignId, int order, int delayDays)
{
    O2dStep s;
    s.id = id;
    s.campaignId = campaignId;
    s.order = order;
    s.delayDays = delayDays;
    s.subject = QStringLiteral("Quick question about {{company}} (%1)").arg(order);
    s.bodyHtml = QStringLiteral("<p>Hi {{firstName}},</p>");
    s.bodyText = QStringLiteral("Hi {{firstName}},\n");
    return s;
}

O2dVariant makeVariant(const QString &subject, int weight)
{
    O2dVariant v;
    v.subject = subject;
    v.bodyHtml = QStringLiteral("<p>%1</p>").arg(subject);
    v.weight = weight;
    return v;
}

O2dMailbox makeMailbox(const QString &id, const QString &campaignId, const QString &address)
{
    O2dMailbox m;
    m.id = id;
    m.campaignId = campaignId;
    m.mailboxId = QStringLiteral("mbx_") + id;
    m.mailboxAddress = address;
    m.state = QStringLiteral("active");
    m.dailyLimit = 30;
    m.weight = 100;
    m.gapBaseSeconds = 120;
    m.gapJitterSeconds = 60;
    return m;
}

O2dContact makeContact(int n, const QString &campaignId)
{
    O2dContact c;
    c.id = QStringLiteral("cnt_%1").arg(n, 3, 10, QLatin1Char('0'));
    c.campaignId = campaignId;
    c.email = QStringLiteral("person%1@acme.example").arg(n);
    c.name = QStringLiteral("Person %1").arg(n);
    c.status = QStringLiteral("pending");
    c.customJson = {{QStringLiteral("company"), QStringLiteral("Acme %1").arg(n)},
                    {QStringLiteral("title"), QStringLiteral("VP Sales")}};
    c.createdAt = QDateTime(QDate(2026, 3, 9), QTime(10, 30), Qt::UTC).addSecs(n);
    return c;
}

// A GET /stats answer as the Outreach2day public API reference shows it.
O2dStats makeStats(const QString &campaignId)
{
    const QString json = QStringLiteral(R"({"campaignId": "%1", "status": "active",
        "contacts": {"total": 500, "active": 200, "completed": 150, "replied": 45, "bounced": 5},
        "sends": {"total": 800, "sent": 750, "failed": 10, "bounced": 20, "replied": 44}})")
                                 .arg(campaignId);
    return O2dStats::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
}

QStringList ids(const QList<EmailCampaignStore::CampaignRow> &rows)
{
    QStringList out;
    for (const auto &row : rows)
        out.append(row.campaign.id);
    return out;
}

} // namespace

// The console's memory of Outreach2day campaigns (the API cannot list or read them back):
// round trips of everything the editor keeps, upserts that keep what an answer leaves out, the
// campaigns list for the one table machinery, import keys (H9) and launches that survive a
// restart, and forgetting a campaign with all its rows.
class TestEmailCampaignStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("email-%1.sqlite").arg(++m_counter)); }

    static bool openMigrated(Database &db)
    {
        db.registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
        return db.open().ok() && db.migrate().ok();
    }

private Q_SLOTS:
    void migrationsApplyOnce()
    {
        const QString path = newPath();
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            QCOMPARE(EmailCampaignStore::component(), QStringLiteral("email"));
            QCOMPARE(db.schemaVersion(QStringLiteral("email")),
                     EmailCampaignStore::migrations().last().version);
            QVERIFY(EmailCampaignStore(&db).saveCampaign(
                    makeCampaign(QStringLiteral("cmp_a"), QStringLiteral("A"))));
        }
        Database again(path);
        QVERIFY(openMigrated(again)); // nothing pending, nothing lost
        QCOMPARE(EmailCampaignStore(&again).campaigns().size(), 1);
    }

    void campaignRoundTripAndUpsert()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const O2dCampaign in = makeCampaign(QStringLiteral("cmp_abc123"), QStringLiteral("Q1 SaaS Outreach"));
        QVERIFY(store.saveCampaign(in));
        auto row = store.campaign(in.id);
        QVERIFY(row);
        QCOMPARE(row->campaign.id, in.id);
        QCOMPARE(row->campaign.workspaceId, in.workspaceId);
        QCOMPARE(row->campaign.name, in.name);
        QCOMPARE(row->campaign.priority, in.priority);
        QCOMPARE(row->campaign.status, in.status);
        QCOMPARE(row->campaign.createdAt, in.createdAt);
        QCOMPARE(row->campaign.updatedAt, in.updatedAt);
        QVERIFY(!row->registered);
        QVERIFY(!row->stats);
        QVERIFY(row->lastChange.isValid());
        QVERIFY(!store.campaign(QStringLiteral("cmp_missing")));

        // An answer that only knows the id and the new status keeps the rest; how the campaign
        // became known (created here) does not change.
        O2dCampaign partial;
        partial.id = in.id;
        partial.status = QStringLiteral("active");
        QVERIFY(store.saveCampaign(partial, true));
        row = store.campaign(in.id);
        QCOMPARE(row->campaign.status, QStringLiteral("active"));
        QCOMPARE(row->campaign.name, in.name);
        QCOMPARE(row->campaign.priority, in.priority);
        QCOMPARE(row->campaign.createdAt, in.createdAt);
        QVERIFY(!row->registered);

        // A campaign registered by id (created elsewhere), later named.
        O2dCampaign registered;
        registered.id = QStringLiteral("cmp_elsewhere");
        QVERIFY(store.saveCampaign(registered, true));
        QVERIFY(store.campaign(registered.id)->registered);
        QVERIFY(store.campaign(registered.id)->campaign.name.isEmpty());
        registered.name = QStringLiteral("Named later");
        QVERIFY(store.saveCampaign(registered));
        QCOMPARE(store.campaign(registered.id)->campaign.name, QStringLiteral("Named later"));
        QVERIFY(store.campaign(registered.id)->registered);
        QCOMPARE(store.campaigns().size(), 2);
    }

    void newestChangeFirst()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        QVERIFY(store.saveCampaign(makeCampaign(QStringLiteral("cmp_a"), QStringLiteral("A"))));
        QVERIFY(store.saveCampaign(makeCampaign(QStringLiteral("cmp_b"), QStringLiteral("B"))));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_b"), QStringLiteral("cmp_a")}));

        // Any change inside a campaign counts: a step, a schedule, mailboxes.
        QVERIFY(store.saveSteps(QStringLiteral("cmp_a"), {makeStep(QStringLiteral("stp_1"), {}, 1, 0)}));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_a"), QStringLiteral("cmp_b")}));
        QVERIFY(store.saveMailbox(makeMailbox(QStringLiteral("cmb_1"), QStringLiteral("cmp_b"),
                                              QStringLiteral("john@cooloutreach.example"))));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_b"), QStringLiteral("cmp_a")}));
        QVERIFY(store.removeStep(QStringLiteral("stp_1")));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_a"), QStringLiteral("cmp_b")}));
        QVERIFY(store.saveStep(makeStep(QStringLiteral("stp_2"), QStringLiteral("cmp_b"), 1, 0)));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_b"), QStringLiteral("cmp_a")}));
        O2dSchedule schedule;
        schedule.timezone = QStringLiteral("UTC");
        QVERIFY(store.saveSchedule(QStringLiteral("cmp_a"), schedule));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_a"), QStringLiteral("cmp_b")}));

        // Fetched stats are not a change made here: the order stays, the status follows.
        QVERIFY(store.saveStats(makeStats(QStringLiteral("cmp_b")), QDateTime::currentDateTimeUtc()));
        QCOMPARE(ids(store.campaigns()), (QStringList{QStringLiteral("cmp_a"), QStringLiteral("cmp_b")}));
        QCOMPARE(store.campaign(QStringLiteral("cmp_b"))->campaign.status, QStringLiteral("active"));
    }

    void changesWithinOneMillisecondKeepTheirOrder()
    {
        // Saved faster than the clock ticks: still newest first, never by id.
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        QStringList expected;
        for (int i = 0; i < 50; ++i) {
            const QString id = QStringLiteral("cmp_%1").arg(i, 2, 10, QLatin1Char('0'));
            QVERIFY(store.saveCampaign(makeCampaign(id, id)));
            expected.prepend(id);
        }
        QCOMPARE(ids(store.campaigns()), expected);
    }

    void statsAndTheCampaignsTable()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        QVERIFY(store.saveCampaign(makeCampaign(QStringLiteral("cmp_a"), QStringLiteral("With stats"))));
        QVERIFY(store.saveCampaign(makeCampaign(QStringLiteral("cmp_b"), QStringLiteral("Without stats"))));
        const QDateTime at(QDate(2026, 3, 10), QTime(8, 0), Qt::UTC);
        QVERIFY(store.saveStats(makeStats(QStringLiteral("cmp_a")), at));
        QVERIFY(store.saveContacts(
                {makeContact(1, QStringLiteral("cmp_b")), makeContact(2, QStringLiteral("cmp_b"))}));

        const auto row = store.campaign(QStringLiteral("cmp_a"));
        QVERIFY(row->stats);
        QCOMPARE(row->stats->contacts.total, 500);
        QCOMPARE(row->stats->contacts.replied, 45);
        QCOMPARE(row->stats->sends.sent, 750);
        QCOMPARE(row->stats->sends.replied, 44);
        QCOMPARE(row->stats->raw.value(QStringLiteral("sends"))
                         .toObject()
                         .value(QStringLiteral("failed"))
                         .toInt(),
                 10);
        QCOMPARE(row->statsAt, at);

        // Stats built by hand (no raw answer) keep their numbers too.
        O2dStats manual;
        manual.campaignId = QStringLiteral("cmp_b");
        manual.contacts.total = 7;
        manual.sends.sent = 3;
        QVERIFY(store.saveStats(manual, at));
        QCOMPARE(store.campaign(QStringLiteral("cmp_b"))->stats->contacts.total, 7);
        QCOMPARE(store.campaign(QStringLiteral("cmp_b"))->stats->sends.sent, 3);
        QCOMPARE(store.campaign(QStringLiteral("cmp_b"))->campaign.status, QStringLiteral("draft"));
        QVERIFY(store.saveCampaign(makeCampaign(QStringLiteral("cmp_c"), QStringLiteral("Contacts only"))));
        QVERIFY(store.saveContacts(
                {makeContact(3, QStringLiteral("cmp_c")), makeContact(4, QStringLiteral("cmp_c"))}));

        const RecordSchema schema = EmailCampaignStore::campaignSchema();
        QStringList keys;
        for (const ColumnSpec &c : schema.columns())
            keys.append(c.key);
        QCOMPARE(keys,
                 (QStringList{QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("status"),
                              QStringLiteral("priority"), QStringLiteral("contacts"), QStringLiteral("sent"),
                              QStringLiteral("replies"), QStringLiteral("lastChange")}));
        QCOMPARE(schema.idColumn(), 0);
        QVERIFY(!schema.column(0).visible);

        const RecordTable table = store.campaignTable();
        QCOMPARE(table.rowCount(), 3);
        const int a = table.findRow(QStringView(u"cmp_a")), b = table.findRow(QStringView(u"cmp_b")),
                  c = table.findRow(QStringView(u"cmp_c"));
        QCOMPARE(c, 0); // newest change first
        auto col = [&schema](const char *key) {
            return schema.indexOf(QString::fromLatin1(key));
        };
        QCOMPARE(table.text(a, col("name")), QStringLiteral("With stats"));
        QCOMPARE(table.text(a, col("status")), QStringLiteral("active"));
        QCOMPARE(table.text(a, col("priority")), QStringLiteral("HIGH"));
        QCOMPARE(table.integer(a, col("contacts")), 500);
        QCOMPARE(table.integer(a, col("sent")), 750);
        QCOMPARE(table.integer(a, col("replies")), 45);
        QCOMPARE(table.integer(a, col("lastChange")),
                 store.campaign(QStringLiteral("cmp_a"))->lastChange.toMSecsSinceEpoch());
        QCOMPARE(table.integer(b, col("contacts")), 7);
        // No stats yet: the contacts listed here, and no sent/replies rather than 0.
        QCOMPARE(table.integer(c, col("contacts")), 2);
        QVERIFY(table.isNull(c, col("sent")));
        QVERIFY(table.isNull(c, col("replies")));
    }

    void stepsRoundTripUpsertAndRemove()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const QString cmp = QStringLiteral("cmp_a");
        QVERIFY(store.saveCampaign(makeCampaign(cmp, QStringLiteral("A"))));
        O2dStep ab = makeStep(QStringLiteral("stp_002"), cmp, 2, 3);
        ab.variants = {makeVariant(QStringLiteral("Variant A"), 50),
                       makeVariant(QStringLiteral("Variant B"), 50)};
        const O2dStep first = makeStep(QStringLiteral("stp_001"), cmp, 1, 0);
        QVERIFY(store.saveSteps(cmp, {ab, first})); // any order in, by order out
        QList<O2dStep> steps = store.steps(cmp);
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps.at(0).id, first.id);
        QCOMPARE(steps.at(0).subject, first.subject);
        QCOMPARE(steps.at(0).bodyHtml, first.bodyHtml);
        QCOMPARE(steps.at(0).bodyText, first.bodyText);
        QCOMPARE(steps.at(0).campaignId, cmp);
        QCOMPARE(steps.at(1).id, ab.id);
        QCOMPARE(steps.at(1).order, 2);
        QCOMPARE(steps.at(1).delayDays, 3);
        QCOMPARE(steps.at(1).variants.size(), 2);
        QCOMPARE(steps.at(1).variants.at(1).subject, QStringLiteral("Variant B"));
        QCOMPARE(steps.at(1).variants.at(1).bodyHtml, QStringLiteral("<p>Variant B</p>"));
        QCOMPARE(steps.at(1).variants.at(1).weight, 50);

        // A PATCH answer without the campaign updates the step where it is.
        O2dStep patched = *store.step(first.id);
        patched.campaignId.clear();
        patched.subject = QStringLiteral("Updated subject line");
        patched.delayDays = 2;
        QVERIFY(store.saveStep(patched));
        QCOMPARE(store.step(first.id)->subject, QStringLiteral("Updated subject line"));
        QCOMPARE(store.step(first.id)->delayDays, 2);
        QCOMPARE(store.step(first.id)->campaignId, cmp);
        QCOMPARE(store.steps(cmp).size(), 2);

        QVERIFY(store.removeStep(ab.id));
        QCOMPARE(store.steps(cmp).size(), 1);
        QVERIFY(!store.step(ab.id));

        // saveSteps replaces the campaign's list (steps deleted at the vendor disappear here).
        QVERIFY(store.saveSteps(cmp, {makeStep(QStringLiteral("stp_003"), cmp, 1, 0)}));
        QCOMPARE(store.steps(cmp).size(), 1);
        QCOMPARE(store.steps(cmp).first().id, QStringLiteral("stp_003"));
        QVERIFY(!store.step(first.id));
    }

    void mailboxesKeepWhatAPatchLeavesOut()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const QString cmp = QStringLiteral("cmp_a");
        O2dMailbox unset =
                makeMailbox(QStringLiteral("cmb_2"), cmp, QStringLiteral("jane@cooloutreach.example"));
        unset.gapBaseSeconds.reset();
        unset.gapJitterSeconds.reset();
        const O2dMailbox full =
                makeMailbox(QStringLiteral("cmb_1"), cmp, QStringLiteral("john@cooloutreach.example"));
        QVERIFY(store.saveMailboxes(cmp, {full, unset}));
        QList<O2dMailbox> boxes = store.mailboxes(cmp);
        QCOMPARE(boxes.size(), 2);
        QCOMPARE(boxes.at(0).id, full.id); // as attached
        QCOMPARE(boxes.at(0).mailboxId, full.mailboxId);
        QCOMPARE(boxes.at(0).mailboxAddress, full.mailboxAddress);
        QCOMPARE(boxes.at(0).state, full.state);
        QCOMPARE(boxes.at(0).dailyLimit, std::optional<int>(30));
        QCOMPARE(boxes.at(0).weight, std::optional<int>(100));
        QCOMPARE(boxes.at(0).gapBaseSeconds, std::optional<int>(120));
        QCOMPARE(boxes.at(0).gapJitterSeconds, std::optional<int>(60));
        QCOMPARE(boxes.at(1).gapBaseSeconds, std::optional<int>());
        QCOMPARE(boxes.at(1).gapJitterSeconds, std::optional<int>());

        O2dMailbox patch;
        patch.id = full.id;
        patch.dailyLimit = 50;
        patch.weight = 150;
        QVERIFY(store.saveMailbox(patch));
        boxes = store.mailboxes(cmp);
        QCOMPARE(boxes.size(), 2);
        QCOMPARE(boxes.at(0).dailyLimit, std::optional<int>(50));
        QCOMPARE(boxes.at(0).weight, std::optional<int>(150));
        QCOMPARE(boxes.at(0).gapBaseSeconds, std::optional<int>(120));
        QCOMPARE(boxes.at(0).mailboxAddress, full.mailboxAddress);
        QCOMPARE(boxes.at(0).campaignId, cmp);

        QVERIFY(store.saveMailboxes(cmp, {unset}));
        QCOMPARE(store.mailboxes(cmp).size(), 1);
        QVERIFY(store.mailboxes(QStringLiteral("cmp_other")).isEmpty());
    }

    void scheduleStopRulesAndPreflight()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const QString cmp = QStringLiteral("cmp_a");
        QVERIFY(store.saveCampaign(makeCampaign(cmp, QStringLiteral("A"))));
        QVERIFY(!store.schedule(cmp));
        QVERIFY(!store.stopRules(cmp));
        QVERIFY(!store.preflight(cmp));

        O2dSchedule schedule;
        schedule.timezone = QStringLiteral("America/New_York");
        schedule.weekdays = {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("fri")};
        schedule.windows = {{QTime(9, 0), QTime(12, 0)}, {QTime(14, 0), QTime(17, 30)}};
        QVERIFY(store.saveSchedule(cmp, schedule));
        const std::optional<O2dSchedule> s = store.schedule(cmp);
        QVERIFY(s);
        QCOMPARE(s->timezone, schedule.timezone);
        QCOMPARE(s->weekdays, schedule.weekdays);
        QCOMPARE(s->windows.size(), 2);
        QCOMPARE(s->windows.at(1).start, QTime(14, 0));
        QCOMPARE(s->windows.at(1).end, QTime(17, 30));

        O2dStopRules rules;
        rules.stopOnReply = true;
        rules.stopOnUnsub = false;
        rules.stopOnBounce = true;
        QVERIFY(store.saveStopRules(cmp, rules));
        QCOMPARE(store.stopRules(cmp)->stopOnReply, true);
        QCOMPARE(store.stopRules(cmp)->stopOnUnsub, false);
        QCOMPARE(store.stopRules(cmp)->stopOnBounce, true);

        O2dPreflight preflight;
        preflight.checks = {{QStringLiteral("has_steps"), true, {}},
                            {QStringLiteral("mailbox_auth"), false, {}}};
        preflight.blockingFailures = {QStringLiteral("mailbox_auth")};
        preflight.summary = QStringLiteral("1 blocking failure.");
        QVERIFY(store.savePreflight(cmp, preflight, QDateTime::currentDateTimeUtc()));
        const std::optional<O2dPreflight> p = store.preflight(cmp);
        QVERIFY(p);
        QCOMPARE(p->checks.size(), 2);
        QCOMPARE(p->checks.at(1).name, QStringLiteral("mailbox_auth"));
        QVERIFY(!p->checks.at(1).passed);
        QVERIFY(p->checks.at(0).passed);
        QCOMPARE(p->blockingFailures, preflight.blockingFailures);
        QCOMPARE(p->summary, preflight.summary);
        QVERIFY(!p->canLaunch());

        // Another campaign's settings are its own.
        QVERIFY(!store.schedule(QStringLiteral("cmp_other")));
    }

    void contactsUpsertById()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const QString cmp = QStringLiteral("cmp_a");
        QList<O2dContact> page;
        for (int n = 1; n <= 5; ++n)
            page.append(makeContact(n, cmp));
        QVERIFY(store.saveContacts(page));
        QVERIFY(store.saveContacts({makeContact(9, QStringLiteral("cmp_b"))}));

        // A later listing: contact 2 replied, a new contact 6 came in.
        O2dContact replied = makeContact(2, cmp);
        replied.status = QStringLiteral("replied");
        QVERIFY(store.saveContacts({replied, makeContact(6, cmp)}));
        QCOMPARE(store.contactCount(cmp), 6);
        QCOMPARE(store.contactCount(QStringLiteral("cmp_b")), 1);
        const QList<O2dContact> out = store.contacts(cmp);
        QCOMPARE(out.size(), 6);
        QCOMPARE(out.at(0).id, page.at(0).id); // the order first listed
        QCOMPARE(out.at(1).status, QStringLiteral("replied"));
        QCOMPARE(out.at(5).id, QStringLiteral("cnt_006"));
        QCOMPARE(out.at(0).email, page.at(0).email);
        QCOMPARE(out.at(0).name, page.at(0).name);
        QCOMPARE(out.at(0).customJson, page.at(0).customJson);
        QCOMPARE(out.at(0).createdAt, page.at(0).createdAt);
        QCOMPARE(out.at(0).campaignId, cmp);
    }

    void importsSurviveReopen()
    {
        const QString path = newPath();
        const QString key = QStringLiteral("o2d-import-3f1c0a");
        const QDateTime created(QDate(2026, 3, 9), QTime(11, 0), Qt::UTC);
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            EmailCampaignStore store(&db);
            EmailCampaignStore::ImportRecord sending;
            sending.idempotencyKey = key;
            sending.campaignId = QStringLiteral("cmp_a");
            sending.fileName = QStringLiteral("leads.csv");
            sending.fileSha256 = QStringLiteral("ab12");
            sending.mappingJson = QStringLiteral(R"({"org":"company"})");
            sending.mode = QStringLiteral("staged");
            sending.state = QStringLiteral("sending");
            sending.createdAt = created;
            QVERIFY(store.saveImport(sending)); // before the first byte is sent
        }
        {
            // After a crash: the key is there for the re-run.
            Database db(path);
            QVERIFY(openMigrated(db));
            EmailCampaignStore store(&db);
            const auto record = store.import(key);
            QVERIFY(record);
            QCOMPARE(record->state, QStringLiteral("sending"));
            QCOMPARE(record->campaignId, QStringLiteral("cmp_a"));
            QCOMPARE(record->fileName, QStringLiteral("leads.csv"));
            QCOMPARE(record->fileSha256, QStringLiteral("ab12"));
            QCOMPARE(record->mappingJson, QStringLiteral(R"({"org":"company"})"));
            QCOMPARE(record->mode, QStringLiteral("staged"));
            QVERIFY(record->importId.isEmpty());
            QCOMPARE(record->createdAt, created);

            // Progress with the vendor's id, then the result; a save without them keeps them.
            EmailCampaignStore::ImportRecord update = *record;
            update.importId = QStringLiteral("imp_xyz789");
            update.state = QStringLiteral("processing");
            update.createdAt = QDateTime();
            QVERIFY(store.saveImport(update));
            update.importId.clear();
            update.state = QStringLiteral("completed");
            update.resultJson = QStringLiteral(R"({"imported":4950,"invalid":50})");
            QVERIFY(store.saveImport(update));
        }
        Database db(path);
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const auto done = store.import(key);
        QVERIFY(done);
        QCOMPARE(done->state, QStringLiteral("completed"));
        QCOMPARE(done->importId, QStringLiteral("imp_xyz789"));
        QCOMPARE(done->resultJson, QStringLiteral(R"({"imported":4950,"invalid":50})"));
        QCOMPARE(done->createdAt, created); // the import's identity does not move
        QVERIFY(done->updatedAt >= created);
        QVERIFY(!store.import(QStringLiteral("o2d-import-other")));

        EmailCampaignStore::ImportRecord later;
        later.idempotencyKey = QStringLiteral("o2d-import-later");
        later.campaignId = QStringLiteral("cmp_a");
        later.mode = QStringLiteral("direct");
        later.state = QStringLiteral("sending");
        later.createdAt = created.addSecs(3600);
        QVERIFY(store.saveImport(later));
        const auto all = store.imports(QStringLiteral("cmp_a"));
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).idempotencyKey, later.idempotencyKey); // newest first
        QCOMPARE(all.at(1).idempotencyKey, key);
        QVERIFY(store.imports(QStringLiteral("cmp_b")).isEmpty());
    }

    void launchesSurviveReopen()
    {
        const QString path = newPath();
        const QDateTime at(QDate(2026, 3, 9), QTime(11, 0), Qt::UTC);
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            EmailCampaignStore store(&db);
            EmailCampaignStore::LaunchRecord first;
            first.campaignId = QStringLiteral("cmp_a");
            first.clearanceId = QStringLiteral("intent-1");
            first.limit = 100;
            first.async = true;
            first.status = QStringLiteral("unknown"); // saved before the request
            first.at = at;
            QVERIFY(store.saveLaunch(first));
            first.jobId = QStringLiteral("job_launch_001");
            first.status = QStringLiteral("queued");
            first.limit.reset();
            QVERIFY(store.saveLaunch(first));
            first.jobId.clear();
            first.status = QStringLiteral("completed");
            QVERIFY(store.saveLaunch(first));

            EmailCampaignStore::LaunchRecord tranche;
            tranche.campaignId = QStringLiteral("cmp_a");
            tranche.clearanceId = QStringLiteral("intent-2");
            tranche.status = QStringLiteral("launched");
            tranche.at = at.addSecs(600);
            QVERIFY(store.saveLaunch(tranche));
        }
        Database db(path);
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        const auto launches = store.launches(QStringLiteral("cmp_a"));
        QCOMPARE(launches.size(), 2);
        QCOMPARE(launches.at(0).clearanceId, QStringLiteral("intent-1")); // oldest first
        QCOMPARE(launches.at(0).limit, std::optional<int>(100)); // the tranche as confirmed
        QVERIFY(launches.at(0).async);
        QCOMPARE(launches.at(0).jobId, QStringLiteral("job_launch_001"));
        QCOMPARE(launches.at(0).status, QStringLiteral("completed"));
        QCOMPARE(launches.at(0).at, at);
        QCOMPARE(launches.at(1).clearanceId, QStringLiteral("intent-2"));
        QCOMPARE(launches.at(1).limit, std::optional<int>());
        QVERIFY(!launches.at(1).async);
        QVERIFY(store.launches(QStringLiteral("cmp_b")).isEmpty());
    }

    void everythingSurvivesReopen()
    {
        const QString path = newPath();
        const QString cmp = QStringLiteral("cmp_a");
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            EmailCampaignStore store(&db);
            QVERIFY(store.saveCampaign(makeCampaign(cmp, QStringLiteral("A")), true));
            QVERIFY(store.saveSteps(cmp, {makeStep(QStringLiteral("stp_1"), cmp, 1, 0)}));
            QVERIFY(store.saveMailboxes(cmp,
                                        {makeMailbox(QStringLiteral("cmb_1"), cmp,
                                                     QStringLiteral("john@cooloutreach.example"))}));
            O2dSchedule schedule;
            schedule.timezone = QStringLiteral("Europe/Berlin");
            schedule.weekdays = {QStringLiteral("mon")};
            schedule.windows = {{QTime(9, 0), QTime(10, 0)}};
            QVERIFY(store.saveSchedule(cmp, schedule));
            QVERIFY(store.saveStopRules(cmp, O2dStopRules()));
            QVERIFY(store.saveStats(makeStats(cmp), QDateTime::currentDateTimeUtc()));
            QVERIFY(store.saveContacts({makeContact(1, cmp)}));
        }
        Database db(path);
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        QVERIFY(store.campaign(cmp)->registered);
        QCOMPARE(store.campaign(cmp)->stats->sends.sent, 750);
        QCOMPARE(store.steps(cmp).size(), 1);
        QCOMPARE(store.mailboxes(cmp).size(), 1);
        QCOMPARE(store.schedule(cmp)->timezone, QStringLiteral("Europe/Berlin"));
        QVERIFY(store.stopRules(cmp));
        QCOMPARE(store.contactCount(cmp), 1);
    }

    void removeCampaignForgetsItsRowsOnly()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        EmailCampaignStore store(&db);
        for (const QString &cmp : {QStringLiteral("cmp_a"), QStringLiteral("cmp_b")}) {
            QVERIFY(store.saveCampaign(makeCampaign(cmp, cmp)));
            QVERIFY(store.saveSteps(cmp, {makeStep(cmp + QStringLiteral("_stp"), cmp, 1, 0)}));
            QVERIFY(store.saveMailboxes(cmp,
                                        {makeMailbox(cmp + QStringLiteral("_cmb"), cmp,
                                                     QStringLiteral("john@cooloutreach.example"))}));
            O2dContact contact = makeContact(1, cmp);
            contact.id = cmp + QStringLiteral("_cnt");
            QVERIFY(store.saveContacts({contact}));
            EmailCampaignStore::ImportRecord import;
            import.idempotencyKey = cmp + QStringLiteral("_key");
            import.campaignId = cmp;
            import.state = QStringLiteral("completed");
            QVERIFY(store.saveImport(import));
            EmailCampaignStore::LaunchRecord launch;
            launch.campaignId = cmp;
            launch.clearanceId = cmp + QStringLiteral("_intent");
            QVERIFY(store.saveLaunch(launch));
        }
        QVERIFY(store.removeCampaign(QStringLiteral("cmp_a")));
        QVERIFY(!store.campaign(QStringLiteral("cmp_a")));
        QCOMPARE(ids(store.campaigns()), QStringList{QStringLiteral("cmp_b")});
        for (const char *table :
             {"email_steps", "email_mailboxes", "email_contacts", "email_imports", "email_launches"}) {
            QSqlQuery q = db.query();
            QVERIFY(q.exec(QStringLiteral("SELECT campaign_id FROM %1").arg(QLatin1String(table))));
            QStringList left;
            while (q.next())
                left.append(q.value(0).toString());
            QCOMPARE(left, QStringList{QStringLiteral("cmp_b")});
        }
        QCOMPARE(store.steps(QStringLiteral("cmp_b")).size(), 1);
        QCOMPARE(store.campaignTable().rowCount(), 1);
    }
};

CC_TEST_GUILESS_MAIN(TestEmailCampaignStore)
#include "tst_emailcampaignstore.moc"

// Unloopa Voice's memory on a real SQLite file: calls with transcripts and analysis kept across
// list and detail answers, the loader SQL feeding the one table machinery (filters, transcript
// search), campaigns whose configuration survives a list refresh, and the leads each campaign was
// created with, found again by number for the pause-on-newly-listed rule.

#include "TestMain.h"

#include "store/UnloopaCallStore.h"
#include "table/RecordTableLoader.h"
#include "table/RecordView.h"

#include <QTemporaryDir>

namespace {

QDateTime at(int minutes)
{
    return QDateTime(QDate(2026, 3, 2), QTime(15, 0), Qt::UTC).addSecs(minutes * 60);
}

UnloopaTranscriptTurn turn(const QString &role, const QString &text, double secs)
{
    UnloopaTranscriptTurn t;
    t.role = role;
    t.text = text;
    t.atSecs = secs;
    return t;
}

// A finished call as GET /voice/calls lists it: transcript and analysis included.
UnloopaCall listedCall(int n, const QString &campaignId = QStringLiteral("camp-1"))
{
    UnloopaCall call;
    call.id = QStringLiteral("call-%1").arg(n, 3, 10, QLatin1Char('0'));
    call.campaignId = campaignId;
    call.businessName = QStringLiteral("Acme Plumbing %1").arg(n);
    call.phoneNumber = QStringLiteral("+1305555%1").arg(n, 4, 10, QLatin1Char('0'));
    call.status = QStringLiteral("completed");
    call.outcome = n % 2 ? QStringLiteral("interested") : QStringLiteral("not_interested");
    call.outcomeNotes = QStringLiteral("Notes %1").arg(n);
    call.durationSecs = 30 + n;
    call.transcript = {turn(QStringLiteral("agent"), QStringLiteral("Hi, is this Acme %1?").arg(n), 0.5),
                       turn(QStringLiteral("user"), QStringLiteral("Yes, speaking."), 2.0)};
    call.analysis = QJsonObject{{QStringLiteral("summary"), QStringLiteral("Summary %1").arg(n)},
                                {QStringLiteral("sentiment"), QStringLiteral("positive")}};
    call.startedAt = at(n);
    call.completedAt = at(n).addSecs(call.durationSecs);
    call.createdAt = at(n).addSecs(-60);
    return call;
}

UnloopaCampaign detailedCampaign()
{
    UnloopaCampaign c;
    c.id = QStringLiteral("camp-1");
    c.name = QStringLiteral("Miami Plumbers");
    c.status = QStringLiteral("draft");
    c.agentId = QStringLiteral("agent-1");
    c.phoneNumberId = QStringLiteral("num-1");
    c.script = QStringLiteral("You call {{business_name}}.");
    c.timezone = QStringLiteral("America/New_York");
    c.windowStart = QTime(9, 0);
    c.windowEnd = QTime(17, 0);
    c.callingDays = {QStringLiteral("mon"), QStringLiteral("tue")};
    c.callsPerHour = 10;
    c.maxCalls = 50;
    c.leadsCount = 3;
    c.callableLeads = 2;
    c.stats.total = 2;
    c.stats.pending = 2;
    c.createdAt = at(0);
    c.updatedAt = at(0);
    return c;
}

} // namespace

class TestUnloopaCallStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("voice-%1.sqlite").arg(++m_counter)); }

    static bool openMigrated(Database &db)
    {
        db.registerMigrations(UnloopaCallStore::component(), UnloopaCallStore::migrations());
        return db.open().ok() && db.migrate().ok();
    }

    static RecordTable load(const Database &db, const UnloopaCallStore::CallFilter &filter = {})
    {
        QVariantList binds;
        const QString sql = UnloopaCallStore::callsSql(filter, &binds);
        RecordTable table(UnloopaCallStore::callSchema());
        const StoreStatus status = RecordTableLoader::loadAll(table, db.path(), sql, binds);
        if (!status)
            qWarning() << status.summary();
        return table;
    }

    static QStringList ids(const RecordTable &table, const std::vector<int> &rows)
    {
        QStringList list;
        for (int row : rows)
            list << table.text(row, UnloopaCallStore::Id);
        return list;
    }

    static std::vector<int> allRows(const RecordTable &table)
    {
        std::vector<int> rows(size_t(table.rowCount()));
        std::iota(rows.begin(), rows.end(), 0);
        return rows;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void migrationsApplyOnce()
    {
        const QString path = newPath();
        {
            Database db(path);
            QVERIFY(openMigrated(db));
            QVERIFY(UnloopaCallStore(&db).saveCalls({listedCall(1)}).ok());
        }
        Database again(path);
        QVERIFY(openMigrated(again));
        QCOMPARE(again.schemaVersion(UnloopaCallStore::component()),
                 UnloopaCallStore::migrations().last().version);
        QCOMPARE(UnloopaCallStore(&again).callCount(), 1);
    }

    void callRoundTrip()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        const UnloopaCall sent = listedCall(7);
        QVERIFY(store.saveCalls({sent}).ok());
        const auto back = store.call(sent.id);
        QVERIFY(back);
        QCOMPARE(back->toJson(), sent.toJson());
        QCOMPARE(back->transcript.size(), 2);
        QCOMPARE(back->transcript.at(1).role, QStringLiteral("user"));
        QCOMPARE(back->transcript.at(1).atSecs, std::optional<double>(2.0));
        QCOMPARE(back->analysis.value(QLatin1String("sentiment")).toString(), QStringLiteral("positive"));
        QVERIFY(!store.call(QStringLiteral("nope")));
    }

    // The detail names no campaign; a list item of a call still running has no transcript yet.
    // Neither answer erases what the other brought.
    void listAndDetailKeepEachOthersFields()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        UnloopaCall running = listedCall(3);
        running.status = QStringLiteral("in_progress");
        running.outcome.clear();
        running.transcript.clear();
        running.analysis = {};
        running.completedAt = {};
        QVERIFY(store.saveCalls({running}).ok());

        UnloopaCall detail = listedCall(3);
        detail.campaignId.clear();
        QVERIFY(store.saveCalls({detail}).ok());
        auto stored = store.call(detail.id);
        QVERIFY(stored);
        QCOMPARE(stored->campaignId, QStringLiteral("camp-1"));
        QCOMPARE(stored->status, QStringLiteral("completed"));
        QCOMPARE(stored->transcriptText(), listedCall(3).transcriptText());

        // A stale list page read while the call was running arrives late: the transcript stays.
        QVERIFY(store.saveCalls({running}).ok());
        stored = store.call(detail.id);
        QCOMPARE(stored->transcriptText(), listedCall(3).transcriptText());
        QCOMPARE(stored->analysisSummary(), QStringLiteral("Summary 3"));
        QCOMPARE(store.callCount(), 1);
    }

    // What the loader reads back is what callRows() builds from the API's calls, newest first;
    // the filters narrow it like GET /voice/calls does.
    void loaderMatchesCallRowsAndFilters()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        QList<UnloopaCall> calls;
        for (int n = 1; n <= 6; ++n)
            calls << listedCall(n, n <= 4 ? QStringLiteral("camp-1") : QStringLiteral("camp-2"));
        calls[5].status = QStringLiteral("failed");
        calls[5].outcome.clear();
        QVERIFY(store.saveCalls(calls).ok());

        const RecordTable loaded = load(db);
        QCOMPARE(loaded.rowCount(), 6);
        QList<UnloopaCall> newestFirst(calls.crbegin(), calls.crend());
        const RecordTable built = UnloopaCallStore::callRows(newestFirst);
        for (int r = 0; r < built.rowCount(); ++r)
            for (int c = 0; c < built.columnCount(); ++c)
                QCOMPARE(loaded.value(r, c), built.value(r, c));
        QVERIFY(loaded.text(0, UnloopaCallStore::Transcript).contains(QLatin1String("Acme 6")));

        UnloopaCallStore::CallFilter filter;
        filter.campaignId = QStringLiteral("camp-1");
        filter.outcome = QStringLiteral("interested");
        RecordTable narrowed = load(db, filter);
        QCOMPARE(ids(narrowed, allRows(narrowed)),
                 (QStringList{QStringLiteral("call-003"), QStringLiteral("call-001")}));
        filter = {};
        filter.status = QStringLiteral("failed");
        narrowed = load(db, filter);
        QCOMPARE(ids(narrowed, allRows(narrowed)), QStringList{QStringLiteral("call-006")});
    }

    // The table machinery's free-text filter reaches into the transcripts (hidden, but searched).
    void transcriptIsSearchable()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        QList<UnloopaCall> calls{listedCall(1), listedCall(2), listedCall(3)};
        calls[1].transcript << turn(QStringLiteral("user"), QStringLiteral("Call me back about the REFUND."),
                                    9);
        QVERIFY(store.saveCalls(calls).ok());
        const RecordTable table = load(db);
        RecordFilter filter;
        filter.text = QStringLiteral("refund");
        const RecordView::Matcher matcher(table, filter);
        QCOMPARE(ids(table, RecordView::filterRows(matcher, nullptr, size_t(table.rowCount()))),
                 QStringList{QStringLiteral("call-002")});
    }

    // A list refresh brings status and stats but no configuration: the detail's stays.
    void campaignListKeepsTheDetail()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        QVERIFY(store.saveCampaigns({detailedCampaign()}).ok());

        UnloopaCampaign listed;
        listed.id = QStringLiteral("camp-1");
        listed.name = QStringLiteral("Miami Plumbers");
        listed.status = QStringLiteral("active");
        listed.stats.total = 2;
        listed.stats.connected = 1;
        listed.createdAt = at(0);
        listed.updatedAt = at(5);
        UnloopaCampaign other;
        other.id = QStringLiteral("camp-2");
        other.name = QStringLiteral("Tampa");
        other.status = QStringLiteral("draft");
        other.createdAt = at(10);
        QVERIFY(store.saveCampaigns({listed, other}).ok());

        const auto stored = store.campaign(QStringLiteral("camp-1"));
        QVERIFY(stored);
        QCOMPARE(stored->status, QStringLiteral("active"));
        QCOMPARE(stored->stats.connected, 1);
        QCOMPARE(stored->updatedAt, at(5));
        QCOMPARE(stored->timezone, QStringLiteral("America/New_York"));
        QCOMPARE(stored->windowStart, QTime(9, 0));
        QCOMPARE(stored->windowEnd, QTime(17, 0));
        QCOMPARE(stored->callingDays, (QStringList{QStringLiteral("mon"), QStringLiteral("tue")}));
        QCOMPARE(stored->agentId, QStringLiteral("agent-1"));
        QCOMPARE(stored->phoneNumberId, QStringLiteral("num-1"));
        QCOMPARE(stored->callsPerHour, 10);
        QCOMPARE(stored->maxCalls, 50);
        QCOMPARE(stored->callableLeads, 2);

        const QList<UnloopaCampaign> all = store.campaigns();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first().id, QStringLiteral("camp-2")); // newest first
    }

    // The leads a campaign was created with, found again by number whatever their campaign's state.
    void campaignLeadsAndReach()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        UnloopaCampaign active = detailedCampaign();
        active.status = QStringLiteral("active");
        UnloopaCampaign draft = detailedCampaign();
        draft.id = QStringLiteral("camp-2");
        QVERIFY(store.saveCampaigns({active, draft}).ok());
        const QString shared = QStringLiteral("+13055550001");
        QVERIFY(store.saveCampaignLeads(QStringLiteral("camp-1"),
                                        {{QStringLiteral("lead-a"), shared, QStringLiteral("Acme")},
                                         {QStringLiteral("lead-b"), QStringLiteral("+13055550002"),
                                          QStringLiteral("Bolt")}})
                        .ok());
        QVERIFY(store.saveCampaignLeads(QStringLiteral("camp-2"), {{QStringLiteral("lead-a"), shared, {}}})
                        .ok());

        const QList<UnloopaCallStore::CampaignLead> leads = store.campaignLeads(QStringLiteral("camp-1"));
        QCOMPARE(leads.size(), 2);
        QCOMPARE(leads.at(0).leadId, QStringLiteral("lead-a"));
        QCOMPARE(leads.at(1).phone, QStringLiteral("+13055550002"));

        QList<UnloopaCallStore::CampaignReach> reach = store.campaignsReaching(shared);
        QCOMPARE(reach.size(), 2);
        QCOMPARE(reach.at(0).campaignId, QStringLiteral("camp-1"));
        QCOMPARE(reach.at(0).status, QStringLiteral("active"));
        QCOMPARE(reach.at(0).leadId, QStringLiteral("lead-a"));
        QCOMPARE(reach.at(1).campaignId, QStringLiteral("camp-2"));
        QCOMPARE(reach.at(1).status, QStringLiteral("draft"));
        QVERIFY(store.campaignsReaching(QStringLiteral("+13055559999")).isEmpty());
        QVERIFY(store.campaignsReaching(QString()).isEmpty());

        // Saving a campaign's leads again replaces its list.
        QVERIFY(store.saveCampaignLeads(QStringLiteral("camp-2"), {}).ok());
        reach = store.campaignsReaching(shared);
        QCOMPARE(reach.size(), 1);
        QCOMPARE(reach.at(0).campaignId, QStringLiteral("camp-1"));
    }

    void lastSyncedPerDataset()
    {
        Database db(newPath());
        QVERIFY(openMigrated(db));
        UnloopaCallStore store(&db);
        QVERIFY(!store.lastSynced(QStringLiteral("calls")).isValid());
        QVERIFY(store.setLastSynced(QStringLiteral("calls"), at(1)).ok());
        QVERIFY(store.setLastSynced(QStringLiteral("calls"), at(2)).ok());
        QCOMPARE(store.lastSynced(QStringLiteral("calls")), at(2));
        QVERIFY(!store.lastSynced(QStringLiteral("campaigns")).isValid());
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaCallStore)
#include "tst_unloopacallstore.moc"

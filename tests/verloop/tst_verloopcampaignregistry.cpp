// The Verloop campaign registry on real SQLite: Verloop cannot list campaigns, so the console
// keeps name <-> Campaign ID per client id, with the dashboard's retries and the campaign's
// window, which the guard uses.

#include "TestMain.h"
#include "verloop/VerloopCampaignRegistry.h"

#include <QTemporaryDir>

#include <memory>

class TestVerloopCampaignRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void addFindList();
    void refusedEntriesWriteNothing_data();
    void refusedEntriesWriteNothing();
    void duplicatesAreRefused();
    void updateAndRemove();
    void eachClientIdHasItsOwn();
    void survivesReopening();
    void attemptWeightAndWindow();

private:
    static VerloopCampaignEntry entry(const QString &name, const QString &id, int retries = 0);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<VerloopCampaignRegistry> m_registry;
};

namespace {
const QString kRenewals = QStringLiteral("ac3bf462-ec44-46d4-9e8e-8edda9cffe58");
const QString kDemo = QStringLiteral("0b6f2f0e-5d55-4c1e-9a59-3d0c64f1f7aa");
} // namespace

VerloopCampaignEntry TestVerloopCampaignRegistry::entry(const QString &name, const QString &id, int retries)
{
    VerloopCampaignEntry e;
    e.name = name;
    e.campaignId = id;
    e.retries = retries;
    return e;
}

void TestVerloopCampaignRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>(m_dir->filePath(QStringLiteral("console.sqlite")));
    const StoreStatus status = VerloopCampaignRegistry::prepare(*m_db);
    QVERIFY2(status.ok(), qPrintable(status.summary()));
    m_registry = std::make_unique<VerloopCampaignRegistry>(m_db.get(), QStringLiteral("acme"));
}

void TestVerloopCampaignRegistry::cleanup()
{
    m_registry.reset();
    m_db.reset();
    m_dir.reset();
}

void TestVerloopCampaignRegistry::addFindList()
{
    const StoreStatus s = m_registry->add(entry(QStringLiteral("Renewals"), kRenewals.toUpper(), 2));
    QVERIFY2(s.ok(), qPrintable(s.summary()));
    QVERIFY(m_registry
                    ->add(entry(QStringLiteral("demo follow-up"),
                                QLatin1Char('{') + kDemo + QLatin1Char('}')))
                    .ok());

    const QList<VerloopCampaignEntry> all = m_registry->campaigns();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).name, QStringLiteral("demo follow-up")); // by name, case-insensitive
    QCOMPARE(all.at(1).name, QStringLiteral("Renewals"));
    QCOMPARE(all.at(1).campaignId, kRenewals); // canonical: lower-case, no braces
    QCOMPARE(all.at(0).campaignId, kDemo);
    QVERIFY(all.at(1).addedAt.isValid());

    QCOMPARE(m_registry->find(QStringLiteral("renewals"))->campaignId, kRenewals);
    QCOMPARE(m_registry->find(kRenewals)->name, QStringLiteral("Renewals"));
    QCOMPARE(m_registry->find(kRenewals.toUpper())->name, QStringLiteral("Renewals"));
    QCOMPARE(m_registry->find(QStringLiteral("  Renewals "))->retries, 2);
    QVERIFY(!m_registry->find(QStringLiteral("Renewal")));
    QVERIFY(!m_registry->find(QStringLiteral("11111111-2222-4333-8444-555555555555")));
}

void TestVerloopCampaignRegistry::refusedEntriesWriteNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("retries");
    QTest::addColumn<QTime>("start");
    QTest::addColumn<QTime>("end");
    QTest::addColumn<int>("day");
    QTest::addColumn<QString>("words");
    QTest::newRow("blank name") << "  " << kRenewals << 0 << QTime() << QTime() << 0 << "name";
    QTest::newRow("not a uuid") << "Renewals"
                                << "summer-promo" << 0 << QTime() << QTime() << 0 << "UUID";
    QTest::newRow("negative retries")
            << "Renewals" << kRenewals << -1 << QTime() << QTime() << 0 << "between 0 and 10";
    QTest::newRow("eleven retries") << "Renewals" << kRenewals << 11 << QTime() << QTime() << 0
                                    << "between 0 and 10";
    QTest::newRow("half a window") << "Renewals" << kRenewals << 0 << QTime(9, 0) << QTime() << 0 << "both";
    QTest::newRow("empty window") << "Renewals" << kRenewals << 0 << QTime(9, 0) << QTime(9, 0) << 0
                                  << "same time";
    QTest::newRow("day 8") << "Renewals" << kRenewals << 0 << QTime() << QTime() << 8 << "Monday";
}

void TestVerloopCampaignRegistry::refusedEntriesWriteNothing()
{
    QFETCH(QString, name);
    QFETCH(QString, id);
    QFETCH(int, retries);
    QFETCH(QTime, start);
    QFETCH(QTime, end);
    QFETCH(int, day);
    QFETCH(QString, words);
    VerloopCampaignEntry e = entry(name, id, retries);
    e.window.start = start;
    e.window.end = end;
    if (day)
        e.window.days = {day};
    const StoreStatus status = m_registry->add(e);
    QVERIFY(!status.ok());
    QVERIFY2(status.message.contains(words), qPrintable(status.message));
    QCOMPARE(m_registry->campaigns().size(), 0);
}

void TestVerloopCampaignRegistry::duplicatesAreRefused()
{
    QVERIFY(m_registry->add(entry(QStringLiteral("Renewals"), kRenewals)).ok());
    const StoreStatus sameName = m_registry->add(entry(QStringLiteral("RENEWALS"), kDemo));
    QVERIFY(!sameName.ok());
    QVERIFY2(sameName.message.contains(QStringLiteral("already registered")), qPrintable(sameName.message));
    const StoreStatus sameId = m_registry->add(entry(QStringLiteral("Other"), kRenewals.toUpper()));
    QVERIFY(!sameId.ok());
    QVERIFY2(sameId.message.contains(QStringLiteral("\"Renewals\"")), qPrintable(sameId.message));
    QCOMPARE(m_registry->campaigns().size(), 1);
}

void TestVerloopCampaignRegistry::updateAndRemove()
{
    QVERIFY(m_registry->add(entry(QStringLiteral("Renewals"), kRenewals, 1)).ok());
    QVERIFY(m_registry->add(entry(QStringLiteral("Demo"), kDemo)).ok());
    const QDateTime added = m_registry->find(kRenewals)->addedAt;

    VerloopCampaignEntry changed = entry(QStringLiteral("Renewals 2027"), kRenewals, 3);
    QVERIFY(m_registry->update(QStringLiteral("renewals"), changed).ok());
    QCOMPARE(m_registry->find(kRenewals)->name, QStringLiteral("Renewals 2027"));
    QCOMPARE(m_registry->find(kRenewals)->retries, 3);
    QCOMPARE(m_registry->find(kRenewals)->addedAt, added);
    QVERIFY(!m_registry->find(QStringLiteral("Renewals")));
    // Renaming onto another campaign's name is refused.
    QVERIFY(!m_registry->update(QStringLiteral("Renewals 2027"), entry(QStringLiteral("demo"), kRenewals))
                     .ok());
    QVERIFY(!m_registry->update(QStringLiteral("Nope"), changed).ok());

    QVERIFY(m_registry->remove(QStringLiteral("RENEWALS 2027")).ok());
    QVERIFY(!m_registry->find(kRenewals));
    QVERIFY(m_registry->remove(kDemo).ok());
    const StoreStatus missing = m_registry->remove(QStringLiteral("Demo"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.message.contains(QStringLiteral("No Verloop campaign")), qPrintable(missing.message));
    QCOMPARE(m_registry->campaigns().size(), 0);
}

void TestVerloopCampaignRegistry::eachClientIdHasItsOwn()
{
    QVERIFY(m_registry->add(entry(QStringLiteral("Renewals"), kRenewals)).ok());
    VerloopCampaignRegistry other(m_db.get(), QStringLiteral("globex"));
    QCOMPARE(other.campaigns().size(), 0);
    QVERIFY(!other.find(QStringLiteral("Renewals")));
    // The same name and id may exist under another account.
    QVERIFY(other.add(entry(QStringLiteral("Renewals"), kRenewals)).ok());
    QVERIFY(other.remove(QStringLiteral("Renewals")).ok());
    QCOMPARE(m_registry->campaigns().size(), 1);
    // The client id is the dashboard's subdomain: its case does not matter.
    VerloopCampaignRegistry same(m_db.get(), QStringLiteral("ACME"));
    QCOMPARE(same.campaigns().size(), 1);
}

void TestVerloopCampaignRegistry::survivesReopening()
{
    VerloopCampaignEntry e = entry(QStringLiteral("Renewals"), kRenewals, 4);
    e.window.start = QTime(10, 0);
    e.window.end = QTime(17, 30);
    e.window.days = {1, 2, 3, 4, 5};
    QVERIFY(m_registry->add(e).ok());
    m_registry.reset();
    m_db.reset();

    Database reopened(m_dir->filePath(QStringLiteral("console.sqlite")));
    QVERIFY(VerloopCampaignRegistry::prepare(reopened).ok());
    const VerloopCampaignRegistry registry(&reopened, QStringLiteral("acme"));
    const auto found = registry.find(QStringLiteral("Renewals"));
    QVERIFY(found);
    QCOMPARE(found->retries, 4);
    QCOMPARE(found->window.start, QTime(10, 0));
    QCOMPARE(found->window.end, QTime(17, 30));
    QCOMPARE(found->window.days, (QList<int>{1, 2, 3, 4, 5}));
}

void TestVerloopCampaignRegistry::attemptWeightAndWindow()
{
    VerloopCampaignEntry e = entry(QStringLiteral("Renewals"), kRenewals, 0);
    QCOMPARE(e.attemptWeight(), 1);
    QVERIFY(!e.campaignWindow()); // neither hours nor days: only the legal window applies
    e.retries = 10;
    QCOMPARE(e.attemptWeight(), 11);
    e.window.days = {6, 7};
    QVERIFY(e.campaignWindow());
    QVERIFY(!e.campaignWindow()->start.isValid());
    e.window.start = QTime(9, 0);
    e.window.end = QTime(12, 0);
    QCOMPARE(e.campaignWindow()->end, QTime(12, 0));
}

CC_TEST_GUILESS_MAIN(TestVerloopCampaignRegistry)
#include "tst_verloopcampaignregistry.moc"

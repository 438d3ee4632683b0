// Helper for tst_leadstore's durability test (README promise D1): writes leads in batches of 50,
// one transaction each, and prints "committed <rows>" after each commit, until it is killed.
#include "store/LeadStore.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: leadstore_writer <database path>\n");
        return 2;
    }
    Database db(QString::fromLocal8Bit(argv[1]));
    db.registerMigrations(LeadStore::component(), LeadStore::migrations());
    if (StoreStatus s = db.open(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
        return 1;
    }
    if (StoreStatus s = db.migrate(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
        return 1;
    }
    LeadStore store(&db);
    int rows = 0;
    for (int batch = 0; batch < 100'000; ++batch) {
        QList<UnloopaLead> leads;
        for (int i = 0; i < 50; ++i) {
            UnloopaLead lead;
            lead.id = QStringLiteral("w-%1").arg(rows + i);
            lead.businessName = QStringLiteral("Writer lead %1").arg(rows + i);
            lead.city = QStringLiteral("Miami");
            lead.createdAt = QDateTime::currentDateTimeUtc();
            leads.append(lead);
        }
        if (StoreStatus s = store.saveLeads(leads); !s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
            return 1;
        }
        rows += 50;
        std::printf("committed %d\n", rows);
        std::fflush(stdout);
    }
    return 0;
}

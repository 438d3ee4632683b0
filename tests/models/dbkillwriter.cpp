// A child process for tst_database's durability test (README promise D1): writes batches in
// one transaction each, through PreparedStatement as the stores' bulk writes do, and prints
// "committed N" only after the commit returned. The test kills
// it with SIGKILL at an arbitrary moment and checks that every reported batch survived.
//   cc_db_killwriter <database> <rows per batch>
#include "store/Database.h"
#include "store/PreparedStatement.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: cc_db_killwriter <database> <rows per batch>\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const int rowsPerBatch = QByteArray(argv[2]).toInt();
    Database db(path);
    db.registerMigrations(
            QStringLiteral("d1"),
            {{1,
              {QStringLiteral("CREATE TABLE items(batch INTEGER NOT NULL, seq INTEGER NOT NULL, "
                              "payload TEXT NOT NULL, PRIMARY KEY(batch, seq))")},
              {}}});
    if (StoreStatus s = db.open(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
        return 1;
    }
    if (StoreStatus s = db.migrate(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
        return 1;
    }
    const QString payload(200, QLatin1Char('x'));
    for (int batch = 0;; ++batch) {
        const StoreStatus s = db.transaction([&]() -> StoreStatus {
            PreparedStatement insert(
                    db, QStringLiteral("INSERT INTO items(batch, seq, payload) VALUES (?, ?, ?)"));
            for (int seq = 0; seq < rowsPerBatch; ++seq) {
                insert.bindInt64(0, batch);
                insert.bindInt64(1, seq);
                insert.bindText(2, payload);
                if (StoreStatus e = insert.exec(); !e)
                    return e;
            }
            return insert.status();
        });
        if (!s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
            return 1;
        }
        std::printf("committed %d\n", batch);
        std::fflush(stdout);
    }
}

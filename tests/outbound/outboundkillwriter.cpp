// A child process for tst_outboundstore's durability test (README promises O6, D1): appends audit
// attempts and their outcomes through SqliteOutboundStore, and prints "appended <attempt id>
// <outcome id>" only after both returned Ok. The test kills it with SIGKILL at an arbitrary moment
// and checks that every reported row survived.
//   cc_outbound_killwriter <database>
#include "outbound/SqliteOutboundStore.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: cc_outbound_killwriter <database>\n");
        return 2;
    }
    SqliteOutboundStore store(QString::fromLocal8Bit(argv[1]));
    for (int n = 0;; ++n) {
        AuditAttempt attempt;
        attempt.vendor = Vendor::Verloop;
        attempt.action = QStringLiteral("schedule_call");
        attempt.recipient = QStringLiteral("+1212555%1").arg(n % 10000, 4, 10, QLatin1Char('0'));
        attempt.verdict = QStringLiteral("allowed");
        attempt.reasonCode = QStringLiteral("allowed");
        attempt.attemptWeight = 2;
        if (StoreStatus s = store.appendAttempt(attempt); !s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
            return 1;
        }
        AuditOutcome outcome;
        outcome.attemptId = attempt.id;
        outcome.outcome = QStringLiteral("accepted");
        outcome.vendorRef = QStringLiteral("msg-%1").arg(n);
        if (StoreStatus s = store.appendOutcome(outcome); !s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
            return 1;
        }
        std::printf("appended %lld %lld\n", attempt.id, outcome.id);
        std::fflush(stdout);
    }
}

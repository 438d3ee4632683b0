// A child process for tst_contactimporter's crash-and-rerun test (README promise H9): runs one
// contact import through ContactImporter against the sandbox and its own database. The test
// kills it with SIGKILL once the sandbox has received the upload, before the answer arrives, and
// then runs the same import again in its own process.
//   cc_import_killwriter <database> <base url> <campaign id> <file.csv> [column=field]...
// The sandbox's token comes from the environment (CC_IMPORT_TOKEN), the workspace from
// CC_IMPORT_WORKSPACE.
#include "core/Authenticator.h"
#include "core/VendorClient.h"
#include "email/ContactImporter.h"
#include "email/EmailCampaignStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QUrl>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: cc_import_killwriter <database> <base url> <campaign id> <file.csv> "
                     "[column=field]...\n");
        return 2;
    }
    Database db(QString::fromLocal8Bit(argv[1]));
    db.registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
    if (StoreStatus s = db.open(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
        return 1;
    }
    if (StoreStatus s = db.migrate(); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.summary()));
        return 1;
    }
    EmailCampaignStore store(&db);

    QNetworkAccessManager network;
    VendorClient client(Vendor::Outreach2day, &network);
    client.setBaseUrl(QUrl(QString::fromLocal8Bit(argv[2])));
    client.setAuthenticator(std::make_shared<TokenAuthenticator>(TokenAuthenticator::Scheme::Bearer,
                                                                 qgetenv("CC_IMPORT_TOKEN")));
    Outreach2dayService service(&client);
    service.setWorkspaceId(qEnvironmentVariable("CC_IMPORT_WORKSPACE"));

    QMap<QString, QString> mapping;
    for (int i = 5; i < argc; ++i) {
        const QString pair = QString::fromLocal8Bit(argv[i]);
        mapping.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    }
    ContactImporter importer(&service, &store, nullptr);
    QObject::connect(&importer, &ContactImporter::progress, &app, [](const QString &phase, qint64, qint64) {
        std::printf("phase %s\n", qPrintable(phase));
        std::fflush(stdout);
    });
    QObject::connect(&importer, &ContactImporter::finished, &app,
                     [](const ContactImporter::Summary &summary) {
                         std::printf("finished %s\n", qPrintable(summary.error.summary()));
                         std::fflush(stdout);
                         QCoreApplication::exit(summary.error.isError() ? 1 : 0);
                     });
    importer.start(QString::fromLocal8Bit(argv[3]), QString::fromLocal8Bit(argv[4]), mapping);
    return app.exec();
}

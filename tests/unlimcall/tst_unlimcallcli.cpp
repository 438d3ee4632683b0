// campaign-console-cli's UnlimCall commands as a script runs them: the built program against the
// built sandbox program, URL and token from the environment.

#include "CliHarness.h"
#include "TestMain.h"
#include "sandbox/UnlimCallSandbox.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

using CliHarness::Run;

class TestUnlimCallCli : public QObject
{
    Q_OBJECT
private:
    CliHarness::SandboxProcess m_sandbox;
    QUrl m_base;
    QUrl m_control;
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    Run run(const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        CliHarness::addVendorUrl(env, Vendor::UnlimCall, m_base.toString());
        CliHarness::addDemoCredentials(env, Vendor::UnlimCall);
        return CliHarness::run(arguments, env);
    }

    QByteArray control(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        QUrl url = m_control;
        url.setPath(QStringLiteral("/_sandbox") + path);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        return answer;
    }

    // Calls that must reach the sandbox whatever the hour the test runs at: the calling window has
    // its own tests (tst_callingrules, tst_outboundguard), so these use the operator's explicit
    // override, which the CLI accepts only with a reason.
    static QStringList atAnyHour()
    {
        return {QStringLiteral("--bypass-calling-window"), QStringLiteral("--reason"),
                QStringLiteral("CLI test: placed whatever the hour")};
    }

    static QJsonObject firstVerdict(const Run &r)
    {
        return r.json().value(QLatin1String("recipients")).toArray().first().toObject();
    }

    int posts(const QString &path)
    {
        int count = 0;
        const QJsonArray requests = QJsonDocument::fromJson(control("GET", QStringLiteral("/requests")))
                                            .object()
                                            .value(QLatin1String("requests"))
                                            .toArray();
        for (const QJsonValue &r : requests) {
            const QJsonObject o = r.toObject();
            count += o.value(QLatin1String("method")).toString() == QLatin1String("POST") &&
                            o.value(QLatin1String("path")).toString() == path
                    ? 1
                    : 0;
        }
        return count;
    }

    static qint64 pythonCount(const QString &path, const QString &column)
    {
        QProcess python;
        python.start(QStringLiteral("python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral(
                              "import csv,sys\n"
                              "rows=list(csv.DictReader(open(sys.argv[1],newline='',encoding='utf-8-sig')))\n"
                              "ids=[r[sys.argv[2]] for r in rows]\n"
                              "assert len(ids)==len(set(ids)), 'duplicate ids'\n"
                              "print(len(rows))\n"),
                      path, column});
        if (!python.waitForFinished(120'000) || python.exitCode() != 0)
            return -1;
        return python.readAllStandardOutput().trimmed().toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_sandbox.start({QStringLiteral("--cdr-days"), QStringLiteral("20"),
                                  QStringLiteral("--cdrs-per-day"), QStringLiteral("900")}),
                 qPrintable(m_sandbox.errorString()));
        m_base = QUrl(m_sandbox.urls().value(QLatin1String("unlimcall")).toString());
        QVERIFY(m_base.isValid());
        m_control = m_base;
        m_control.setPath(QString());
    }

    void init() { control("POST", QStringLiteral("/reset")); }

    // Scripts sign in with OAuth client credentials from the environment when no token is set;
    // the token URL comes from CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL (here the sandbox's).
    void oauthClientCredentialsFromTheEnvironment()
    {
        const QString secret = QString::fromUtf8(UnlimCallSandbox::demoClientSecret());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : CliHarness::credentialVariables())
            env.remove(name);
        CliHarness::addVendorUrl(env, Vendor::UnlimCall, m_base.toString());
        env.insert(QStringLiteral("UNLIMCALL_CLIENT_ID"), UnlimCallSandbox::demoClientId());
        env.insert(QStringLiteral("UNLIMCALL_CLIENT_SECRET"), secret);
        env.insert(QStringLiteral("CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL"),
                   m_sandbox.urls().value(QLatin1String("unlimcallTokenUrl")).toString());

        const Run me = CliHarness::run({QStringLiteral("me")}, env);
        QVERIFY2(me.exitCode == 0, me.err.constData());
        QVERIFY(!me.json().value(QLatin1String("companyName")).toString().isEmpty());
        QCOMPARE(posts(QStringLiteral("/oauth/token")), 1);
        for (const QByteArray &output : {me.out, me.err}) {
            QVERIFY(!output.contains(secret.toUtf8()));
            QVERIFY(!output.contains("unl_oat_")); // the sandbox's access tokens
        }

        // --unlimcall-token-url wins over the variable, as --unlimcall-url does over its own.
        control("POST", QStringLiteral("/reset"));
        QProcessEnvironment elsewhere = env;
        elsewhere.insert(QStringLiteral("CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL"),
                         QStringLiteral("http://127.0.0.1:9/oauth/token"));
        const Run withOption = CliHarness::run(
                {QStringLiteral("--unlimcall-token-url"),
                 m_sandbox.urls().value(QLatin1String("unlimcallTokenUrl")).toString(), QStringLiteral("me")},
                elsewhere);
        QVERIFY2(withOption.exitCode == 0, withOption.err.constData());
        QCOMPARE(posts(QStringLiteral("/oauth/token")), 1);

        // A wrong secret: the token endpoint's code, explained, and nothing else sent.
        control("POST", QStringLiteral("/reset"));
        env.insert(QStringLiteral("UNLIMCALL_CLIENT_SECRET"), QStringLiteral("wrong-secret"));
        const Run refused = CliHarness::run({QStringLiteral("me")}, env);
        QCOMPARE(refused.exitCode, 3);
        QCOMPARE(refused.json()
                         .value(QLatin1String("error"))
                         .toObject()
                         .value(QLatin1String("code"))
                         .toString(),
                 QStringLiteral("invalid_client"));
        QVERIFY2(refused.err.contains("client ID or secret"), refused.err.constData());
        QVERIFY(!refused.err.contains("wrong-secret"));

        // A token, when set too, wins: no token request.
        control("POST", QStringLiteral("/reset"));
        CliHarness::addDemoCredentials(env, Vendor::UnlimCall);
        const Run withToken = CliHarness::run({QStringLiteral("me")}, env);
        QVERIFY2(withToken.exitCode == 0, withToken.err.constData());
        QCOMPARE(posts(QStringLiteral("/oauth/token")), 0);
    }

    void agentsListsTheLines()
    {
        const Run r = run({QStringLiteral("agents")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.json().value(QLatin1String("count")).toInt() >= 12);
        QCOMPARE(r.json().value(QLatin1String("agents"))
                         .toArray()
                         .first()
                         .toObject()
                         .value(QLatin1String("sipUsername"))
                         .toString(),
                 QStringLiteral("unl_001"));
    }

    void cdrsStreamsEveryRecordAsCsv()
    {
        const QString path = m_dir.filePath(QStringLiteral("cdrs.csv"));
        const Run r = run({QStringLiteral("cdrs"), QStringLiteral("--days"), QStringLiteral("10"),
                           QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("-o"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const qint64 records = r.json().value(QLatin1String("records")).toInteger();
        QVERIFY(records > 5'000); // more than five requests' worth: the window was split
        QCOMPARE(pythonCount(path, QStringLiteral("id")), records);
        QVERIFY(r.json().value(QLatin1String("requests")).toInt() >= records / 1000);
        QVERIFY(QFile(path).permissions().testFlag(QFileDevice::ReadOwner));
        QVERIFY(!QFile(path).permissions().testFlag(QFileDevice::ReadOther));
    }

    // The CLI writes through the exporter's atomic, owner-only writer: a run that fails leaves a
    // previous file byte-identical and nothing beside it; one that succeeds replaces it whole,
    // owner-only even though the previous file was readable by everyone.
    void cdrsFileAppearsWholeAndOwnerOnly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("cdrs.csv"));
        {
            QFile previous(path);
            QVERIFY(previous.open(QIODevice::WriteOnly));
            previous.write("previous\n");
        }
        QVERIFY(QFile::setPermissions(path,
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ReadGroup | QFileDevice::ReadOther));
        const QStringList arguments{QStringLiteral("cdrs"),
                                    QStringLiteral("--days"),
                                    QStringLiteral("10"),
                                    QStringLiteral("--format"),
                                    QStringLiteral("csv"),
                                    QStringLiteral("-o"),
                                    path};
        const auto contents = [&path] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        const auto filesInDir = [&dir] {
            return QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
        };

        control("POST", QStringLiteral("/faults"),
                R"({"kind":"malformed_json","vendor":"unlimcall","pathPrefix":"/cdrs"})");
        const Run failed = run(arguments);
        QVERIFY2(failed.exitCode == 1, failed.err.constData());
        QCOMPARE(contents(), QByteArray("previous\n"));
        QCOMPARE(filesInDir(), QStringList{QStringLiteral("cdrs.csv")});

        control("POST", QStringLiteral("/reset"));
        const Run written = run(arguments);
        QVERIFY2(written.exitCode == 0, written.err.constData());
        QVERIFY(!contents().startsWith("previous"));
        QCOMPARE(pythonCount(path, QStringLiteral("id")),
                 written.json().value(QLatin1String("records")).toInteger());
        QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(filesInDir(), QStringList{QStringLiteral("cdrs.csv")});
    }

    void cdrsAsJsonOnStdout()
    {
        const Run r = run({QStringLiteral("cdrs"), QStringLiteral("--from"),
                           QDate::currentDate().addDays(-2).toString(Qt::ISODate), QStringLiteral("--till"),
                           QDate::currentDate().addDays(-1).toString(Qt::ISODate)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray calls = QJsonDocument::fromJson(r.out).array();
        QVERIFY(calls.size() > 300);
        QSet<QString> ids;
        for (const QJsonValue &c : calls)
            ids.insert(c.toObject().value(QLatin1String("id")).toString());
        QCOMPARE(ids.size(), calls.size());
        QVERIFY(r.err.contains("complete"));
    }

    void cdrsUsageErrors()
    {
        QCOMPARE(
                run({QStringLiteral("cdrs"), QStringLiteral("--from"), QStringLiteral("yesterday")}).exitCode,
                2);
        QCOMPARE(run({QStringLiteral("cdrs"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("cdrs"), QStringLiteral("--from"), QStringLiteral("2026-05-02"),
                      QStringLiteral("--till"), QStringLiteral("2026-05-01")})
                         .exitCode,
                 2);
    }

    void callNeverSendsAnInvalidNumberOrWithoutConfirmation()
    {
        Run r = run({QStringLiteral("call"), QStringLiteral("--agent"), QStringLiteral("30"),
                     QStringLiteral("--to"), QStringLiteral("12"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 2);
        r = run({QStringLiteral("call"), QStringLiteral("--agent"), QStringLiteral("30"),
                 QStringLiteral("--to"), QStringLiteral("(415) 555-0132")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--yes"));
        QCOMPARE(posts(QStringLiteral("/calls")), 0);

        r = run(QStringList{QStringLiteral("call"), QStringLiteral("--agent"), QStringLiteral("30"),
                            QStringLiteral("--to"), QStringLiteral("020 7946 0958"),
                            QStringLiteral("--region"), QStringLiteral("GB"), QStringLiteral("--yes")} +
                atAnyHour());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("toNumber")).toString(), QStringLiteral("+442079460958"));
        QCOMPARE(r.json().value(QLatin1String("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(posts(QStringLiteral("/calls")), 1);
    }

    void callServerErrorIsNotRetried()
    {
        control("POST", QStringLiteral("/faults"),
                R"({"kind":"server_error","vendor":"unlimcall","pathPrefix":"/calls","status":503,"count":1})");
        const Run r = run(QStringList{QStringLiteral("call"), QStringLiteral("--agent"), QStringLiteral("30"),
                                      QStringLiteral("--to"), QStringLiteral("+14155550132"),
                                      QStringLiteral("--yes")} +
                          atAnyHour());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(posts(QStringLiteral("/calls")), 1);
    }

    void callVendorErrorIsExplained()
    {
        const Run r = run(QStringList{QStringLiteral("call"), QStringLiteral("--agent"),
                                      QStringLiteral("999"), QStringLiteral("--to"),
                                      QStringLiteral("+14155550132"), QStringLiteral("--yes")} +
                          atAnyHour());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("ai_agent_not_found"));
        QVERIFY(r.err.contains("agent"));
    }

    // The call goes through the outbound guard: a listed number exits 5 with the verdict and
    // nothing reaches the vendor; a bypass without a reason is a usage error; --dry-run sends
    // nothing; the fourth attempt of the day on a number is refused.
    void callGoesThroughTheGuard()
    {
        const QString listed = QStringLiteral("+14155550140");
        Run r = run({QStringLiteral("dnc"), QStringLiteral("add"), listed, QStringLiteral("--reason"),
                     QStringLiteral("asked not to be called")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList callListed{QStringLiteral("call"), QStringLiteral("--agent"), QStringLiteral("30"),
                                     QStringLiteral("--to"), listed};
        r = run(callListed + QStringList{QStringLiteral("--dry-run")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(r.json().value(QLatin1String("refused")).toInt(), 1);
        QCOMPARE(firstVerdict(r).value(QLatin1String("recipient")).toString(), listed);
        QCOMPARE(firstVerdict(r).value(QLatin1String("verdict")).toString(), QStringLiteral("refused"));
        QCOMPARE(firstVerdict(r).value(QLatin1String("reasonCode")).toString(),
                 QStringLiteral("do_not_contact"));
        r = run(callListed + QStringList{QStringLiteral("--yes")} + atAnyHour());
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(firstVerdict(r).value(QLatin1String("reasonCode")).toString(),
                 QStringLiteral("do_not_contact"));
        QVERIFY(r.err.contains("do-not-contact"));

        const QStringList callOther{QStringLiteral("call"),         QStringLiteral("--agent"),
                                    QStringLiteral("30"),           QStringLiteral("--to"),
                                    QStringLiteral("+14155550141"), QStringLiteral("--yes")};
        r = run(callOther + QStringList{QStringLiteral("--bypass-calling-window")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--reason"));
        r = run(callOther +
                QStringList{QStringLiteral("--bypass-calling-window"), QStringLiteral("--reason"),
                            QStringLiteral("   ")});
        QCOMPARE(r.exitCode, 2);
        r = run(callOther + QStringList{QStringLiteral("--dry-run")} + atAnyHour());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("allowed")).toInt(), 1);
        QCOMPARE(posts(QStringLiteral("/calls")), 0);

        for (int i = 0; i < 3; ++i) {
            r = run(callOther + atAnyHour());
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        r = run(callOther + atAnyHour());
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(firstVerdict(r).value(QLatin1String("reasonCode")).toString(),
                 QStringLiteral("attempt_cap"));
        QCOMPARE(posts(QStringLiteral("/calls")), 3);
    }

    void hooksAddAndRemove()
    {
        Run r = run({QStringLiteral("hooks"), QStringLiteral("add"), QStringLiteral("--event"),
                     QStringLiteral("call.ended"), QStringLiteral("--url"),
                     QStringLiteral("https://example.com/hooks/unlimcall")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = r.json().value(QLatin1String("id")).toString();
        QVERIFY(r.json().value(QLatin1String("secret")).toString().startsWith(QLatin1String("whsec_")));
        r = run({QStringLiteral("hooks"), QStringLiteral("add"), QStringLiteral("--event"),
                 QStringLiteral("call.ended"), QStringLiteral("--url"),
                 QStringLiteral("http://example.com/insecure")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(posts(QStringLiteral("/hooks")), 1);

        QCOMPARE(run({QStringLiteral("hooks"), QStringLiteral("rm"), id}).exitCode, 0);
        r = run({QStringLiteral("hooks"), QStringLiteral("rm"), id});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
                 QStringLiteral("not_found"));
    }
};

CC_TEST_GUILESS_MAIN(TestUnlimCallCli)
#include "tst_unlimcallcli.moc"

#include "TestMain.h"

#include "outbound/CallingRules.h"

#include <QSettings>
#include <QTemporaryDir>

#include <optional>

#include <time.h>

Q_DECLARE_METATYPE(CallingRules)

// The calling window is judged in the recipient's local time (README promise O3): 20:59 may ring,
// 21:00 may not, whatever zone the operator's machine is in, across DST changes, and a number that
// may be in several zones only when every one of them allows it. The expected local times below
// were worked out independently (Python's zoneinfo), not with the code under test.
class TestCallingRules : public QObject
{
    Q_OBJECT
private:
    const QString newYork = QStringLiteral("+12125551234"); // America/New_York
    const QString losAngeles = QStringLiteral("+13105551234"); // America/Los_Angeles
    const QString honolulu = QStringLiteral("+18085550123"); // Pacific/Honolulu
    const QString london = QStringLiteral("+442071838750"); // Europe/London
    const QString paris = QStringLiteral("+33142685300"); // Europe/Paris
    const QString sydney = QStringLiteral("+61212345678"); // Australia/Sydney
    const QString miami = QStringLiteral("+13055551234"); // America/New_York, Florida
    const QString alaska = QStringLiteral("+19075550123"); // America/Adak or America/Anchorage
    const QString tollFree = QStringLiteral("+18005551234"); // every NANP zone, Guam to St John's

    // Operator machines on both sides of every recipient zone used here (and one that shares
    // New York's zone): the verdict must be the same on each.
    const QList<QByteArray> operatorZones = {"Asia/Tokyo", "America/Denver", "Pacific/Kiritimati",
                                             "America/New_York"};

    static QDateTime utc(const char *iso)
    {
        const QDateTime at = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
        if (!at.isValid() || at.timeSpec() != Qt::UTC)
            qFatal("not a UTC time: %s", iso);
        return at;
    }

    static void setOperatorZone(const QByteArray &zone)
    {
        qputenv("TZ", zone);
#ifdef Q_OS_WIN
        _tzset();
#else
        tzset();
#endif
    }

    // Judges under every operator zone, checks they agree, and returns the verdict.
    CallingWindow::Judgement judgeEverywhere(const CallingWindow &window, const QString &e164,
                                             const QDateTime &at,
                                             const std::optional<CampaignWindow> &campaign = std::nullopt)
    {
        std::optional<CallingWindow::Judgement> first;
        for (const QByteArray &zone : operatorZones) {
            setOperatorZone(zone);
            // The operator's zone really changed (else this proves nothing).
            const QDateTime probe(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC);
            if (probe.toLocalTime().offsetFromUtc() != QTimeZone(zone).offsetFromUtc(probe))
                qFatal("TZ=%s did not take effect", zone.constData());
            const CallingWindow::Judgement judgement = window.judge(e164, at, campaign);
            if (!first) {
                first = judgement;
            } else if (judgement.allowed != first->allowed || judgement.reasonCode != first->reasonCode) {
                qWarning("operator zone %s changed the verdict on %s", zone.constData(), qPrintable(e164));
                return CallingWindow::Judgement{false, QStringLiteral("depends_on_operator_zone"), {}, {}};
            }
        }
        return *first;
    }

    static QString zoneIds(const QList<QTimeZone> &zones)
    {
        QStringList ids;
        for (const QTimeZone &zone : zones)
            ids.append(QString::fromUtf8(zone.id()));
        return ids.join(u' ');
    }

    static CallingRules floridaRules()
    {
        CallingRules rules;
        rules.regions.append(RegionWindow{QStringLiteral("Florida"),
                                          {},
                                          {QStringLiteral("1305"), QStringLiteral("+1786")},
                                          QTime(8, 0),
                                          QTime(20, 0)});
        return rules;
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        setOperatorZone("UTC");
    }

    void legalWindowInRecipientsTime_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QString>("reasonCode");

        // A summer Monday, zones west and east of the operator's.
        QTest::newRow("New York 20:59 EDT") << newYork << utc("2026-06-16T00:59:00Z") << "allowed";
        QTest::newRow("New York 21:00 EDT")
                << newYork << utc("2026-06-16T01:00:00Z") << "outside_calling_window";
        QTest::newRow("New York 07:59 EDT")
                << newYork << utc("2026-06-15T11:59:00Z") << "outside_calling_window";
        QTest::newRow("New York 08:00 EDT") << newYork << utc("2026-06-15T12:00:00Z") << "allowed";
        QTest::newRow("Los Angeles 20:59 PDT") << losAngeles << utc("2026-06-16T03:59:00Z") << "allowed";
        QTest::newRow("Los Angeles 21:00 PDT")
                << losAngeles << utc("2026-06-16T04:00:00Z") << "outside_calling_window";
        QTest::newRow("Honolulu 20:59 HST") << honolulu << utc("2026-06-16T06:59:00Z") << "allowed";
        QTest::newRow("Honolulu 21:00 HST")
                << honolulu << utc("2026-06-16T07:00:00Z") << "outside_calling_window";
        QTest::newRow("London 20:59 BST") << london << utc("2026-06-15T19:59:00Z") << "allowed";
        QTest::newRow("London 21:00 BST")
                << london << utc("2026-06-15T20:00:00Z") << "outside_calling_window";
        QTest::newRow("Sydney 20:59 AEST") << sydney << utc("2026-06-15T10:59:00Z") << "allowed";
        QTest::newRow("Sydney 21:00 AEST")
                << sydney << utc("2026-06-15T11:00:00Z") << "outside_calling_window";

        // New York springs forward on 2026-03-08: the same UTC hour is 20:00 the evening before
        // and 21:00 that evening. A fixed offset from either side gets one of these wrong.
        QTest::newRow("NY Sat 7 Mar 20:00 EST") << newYork << utc("2026-03-08T01:00:00Z") << "allowed";
        QTest::newRow("NY Sat 7 Mar 20:59 EST") << newYork << utc("2026-03-08T01:59:00Z") << "allowed";
        QTest::newRow("NY Sat 7 Mar 21:00 EST")
                << newYork << utc("2026-03-08T02:00:00Z") << "outside_calling_window";
        QTest::newRow("NY Sun 8 Mar 07:59 EDT")
                << newYork << utc("2026-03-08T11:59:00Z") << "outside_calling_window";
        QTest::newRow("NY Sun 8 Mar 08:00 EDT") << newYork << utc("2026-03-08T12:00:00Z") << "allowed";
        QTest::newRow("NY Sun 8 Mar 20:59 EDT") << newYork << utc("2026-03-09T00:59:00Z") << "allowed";
        QTest::newRow("NY Sun 8 Mar 21:00 EDT")
                << newYork << utc("2026-03-09T01:00:00Z") << "outside_calling_window";
        // ...and falls back on 2026-11-01.
        QTest::newRow("NY Sat 31 Oct 20:59 EDT") << newYork << utc("2026-11-01T00:59:00Z") << "allowed";
        QTest::newRow("NY Sat 31 Oct 21:00 EDT")
                << newYork << utc("2026-11-01T01:00:00Z") << "outside_calling_window";
        QTest::newRow("NY Sun 1 Nov 07:59 EST")
                << newYork << utc("2026-11-01T12:59:00Z") << "outside_calling_window";
        QTest::newRow("NY Sun 1 Nov 08:00 EST") << newYork << utc("2026-11-01T13:00:00Z") << "allowed";
        QTest::newRow("NY Sun 1 Nov 20:59 EST") << newYork << utc("2026-11-02T01:59:00Z") << "allowed";
        QTest::newRow("NY Sun 1 Nov 21:00 EST")
                << newYork << utc("2026-11-02T02:00:00Z") << "outside_calling_window";
        // London: summer time from 2026-03-29, winter time from 2026-10-25.
        QTest::newRow("London Sun 29 Mar 20:59 BST") << london << utc("2026-03-29T19:59:00Z") << "allowed";
        QTest::newRow("London Sun 29 Mar 21:00 BST")
                << london << utc("2026-03-29T20:00:00Z") << "outside_calling_window";
        QTest::newRow("London Sun 25 Oct 20:30 GMT") << london << utc("2026-10-25T20:30:00Z") << "allowed";
        QTest::newRow("London Sun 25 Oct 20:59 GMT") << london << utc("2026-10-25T20:59:00Z") << "allowed";
        QTest::newRow("London Sun 25 Oct 21:00 GMT")
                << london << utc("2026-10-25T21:00:00Z") << "outside_calling_window";
        // Sydney: daylight time from 2026-10-04 (southern spring).
        QTest::newRow("Sydney Sun 4 Oct 20:59 AEDT") << sydney << utc("2026-10-04T09:59:00Z") << "allowed";
        QTest::newRow("Sydney Sun 4 Oct 21:00 AEDT")
                << sydney << utc("2026-10-04T10:00:00Z") << "outside_calling_window";

        // Several possible zones: allowed only when every one allows. Adak is an hour behind
        // Anchorage, so each end of the window is set by a different zone.
        QTest::newRow("Alaska 07:30 Adak / 08:30 Anchorage")
                << alaska << utc("2026-06-15T16:30:00Z") << "outside_calling_window";
        QTest::newRow("Alaska 08:00 Adak / 09:00 Anchorage")
                << alaska << utc("2026-06-15T17:00:00Z") << "allowed";
        QTest::newRow("Alaska 19:59 Adak / 20:59 Anchorage")
                << alaska << utc("2026-06-16T04:59:00Z") << "allowed";
        QTest::newRow("Alaska 20:00 Adak / 21:00 Anchorage")
                << alaska << utc("2026-06-16T05:00:00Z") << "outside_calling_window";
        // A toll-free number may ring anywhere from Guam to St John's: in June only 22:00-23:29 UTC
        // is daytime in all 42 zones (Guam wakes at 22:00, St John's reaches 21:00 at 23:30).
        QTest::newRow("toll-free at New York noon (02:00 in Guam)")
                << tollFree << utc("2026-06-15T16:00:00Z") << "outside_calling_window";
        QTest::newRow("toll-free 21:59 UTC")
                << tollFree << utc("2026-06-15T21:59:00Z") << "outside_calling_window";
        QTest::newRow("toll-free 22:00 UTC") << tollFree << utc("2026-06-15T22:00:00Z") << "allowed";
        QTest::newRow("toll-free 23:29 UTC") << tollFree << utc("2026-06-15T23:29:00Z") << "allowed";
        QTest::newRow("toll-free 23:30 UTC")
                << tollFree << utc("2026-06-15T23:30:00Z") << "outside_calling_window";

        // No zone, no call.
        QTest::newRow("international freephone")
                << "+80012345678" << utc("2026-06-15T16:00:00Z") << "unknown_time_zone";
        QTest::newRow("invalid number")
                << "+447700900123" << utc("2026-06-15T16:00:00Z") << "unknown_time_zone";
    }
    void legalWindowInRecipientsTime()
    {
        QFETCH(QString, number);
        QFETCH(QDateTime, at);
        QFETCH(QString, reasonCode);
        const CallingWindow window{CallingRules()};
        const CallingWindow::Judgement judgement = judgeEverywhere(window, number, at);
        QCOMPARE(judgement.reasonCode, reasonCode);
        QCOMPARE(judgement.allowed, reasonCode == QLatin1String("allowed"));
        QVERIFY2(!judgement.reason.isEmpty(), "every verdict comes with a sentence");
    }

    void refusalNamesTheLocalTimeAndTheZone()
    {
        const CallingWindow window{CallingRules()};
        const CallingWindow::Judgement late = window.judge(losAngeles, utc("2026-06-16T04:00:00Z"));
        QVERIFY2(late.reason.contains(QLatin1String("21:00")), qPrintable(late.reason));
        QVERIFY2(late.reason.contains(QLatin1String("America/Los_Angeles")), qPrintable(late.reason));
        QVERIFY2(late.reason.contains(QStringLiteral("08:00–21:00")), qPrintable(late.reason));
        QCOMPARE(zoneIds(late.zones), QStringLiteral("America/Los_Angeles"));

        // Ambiguous: the sentence names the zone that refuses, not the first one listed.
        const CallingWindow::Judgement alaskaLate = window.judge(alaska, utc("2026-06-16T05:00:00Z"));
        QVERIFY2(alaskaLate.reason.contains(QLatin1String("America/Anchorage")),
                 qPrintable(alaskaLate.reason));
        QCOMPARE(zoneIds(alaskaLate.zones), QStringLiteral("America/Adak America/Anchorage"));
    }

    void regionWindowIsStricter_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QString>("reasonCode");
        QTest::newRow("Miami 19:59 EDT") << miami << utc("2026-06-15T23:59:00Z") << "allowed";
        QTest::newRow("Miami 20:00 EDT") << miami << utc("2026-06-16T00:00:00Z") << "outside_calling_window";
        QTest::newRow("Miami (786, typed with +) 20:00 EDT")
                << "+17865551234" << utc("2026-06-16T00:00:00Z") << "outside_calling_window";
        QTest::newRow("New York 20:00 EDT: not Florida")
                << newYork << utc("2026-06-16T00:00:00Z") << "allowed";
        QTest::newRow("Miami 08:00 EDT") << miami << utc("2026-06-15T12:00:00Z") << "allowed";
    }
    void regionWindowIsStricter()
    {
        QFETCH(QString, number);
        QFETCH(QDateTime, at);
        QFETCH(QString, reasonCode);
        const CallingWindow window{floridaRules()};
        const CallingWindow::Judgement judgement = judgeEverywhere(window, number, at);
        QCOMPARE(judgement.reasonCode, reasonCode);
        if (!judgement.allowed)
            QVERIFY2(judgement.reason.contains(QStringLiteral("08:00–20:00 (Florida)")),
                     qPrintable(judgement.reason));
    }

    void regionsNarrowButNeverWiden()
    {
        CallingRules rules;
        // Two regions match a Miami number; together they leave 09:00-20:00.
        rules.regions.append(RegionWindow{
                QStringLiteral("Miami"), {}, {QStringLiteral("1305")}, QTime(9, 0), QTime(21, 0)});
        rules.regions.append(RegionWindow{
                QStringLiteral("United States"), QStringLiteral("US"), {}, QTime(8, 0), QTime(20, 0)});
        // A region that would widen the window does not.
        rules.regions.append(
                RegionWindow{QStringLiteral("Late"), {}, {QStringLiteral("1")}, QTime(7, 0), QTime(22, 0)});
        const CallingWindow window{rules};
        QCOMPARE(judgeEverywhere(window, miami, utc("2026-06-15T12:30:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window")); // 08:30
        QCOMPARE(judgeEverywhere(window, miami, utc("2026-06-15T13:00:00Z")).reasonCode,
                 QStringLiteral("allowed"));
        QCOMPARE(judgeEverywhere(window, miami, utc("2026-06-15T23:59:00Z")).reasonCode,
                 QStringLiteral("allowed"));
        QCOMPARE(judgeEverywhere(window, miami, utc("2026-06-16T00:30:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window")); // 20:30
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-16T00:30:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window")); // US rule
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-15T12:30:00Z")).reasonCode,
                 QStringLiteral("allowed")); // 08:30: the Miami rule is not New York's
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-16T01:30:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window")); // 21:30, "Late" widens nothing
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-15T11:30:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window")); // 07:30
    }

    void regionByCountry()
    {
        CallingRules rules;
        rules.regions.append(RegionWindow{
                QStringLiteral("United Kingdom"), QStringLiteral("GB"), {}, QTime(9, 0), QTime(20, 0)});
        const CallingWindow window{rules};
        // 08:30 in London and in Paris (different zones, same wall time).
        QCOMPARE(judgeEverywhere(window, london, utc("2026-06-15T07:30:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window"));
        QCOMPARE(judgeEverywhere(window, paris, utc("2026-06-15T06:30:00Z")).reasonCode,
                 QStringLiteral("allowed"));
        QCOMPARE(judgeEverywhere(window, london, utc("2026-06-15T08:00:00Z")).reasonCode,
                 QStringLiteral("allowed"));
    }

    void campaignWindowAndDays_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QString>("reasonCode");
        // Campaign: weekdays 10:00-17:00 recipient time.
        QTest::newRow("NY Mon 16:59") << newYork << utc("2026-06-15T20:59:00Z") << "allowed";
        QTest::newRow("NY Mon 17:00") << newYork << utc("2026-06-15T21:00:00Z") << "outside_campaign_window";
        QTest::newRow("NY Mon 09:59") << newYork << utc("2026-06-15T13:59:00Z") << "outside_campaign_window";
        QTest::newRow("NY Mon 10:00") << newYork << utc("2026-06-15T14:00:00Z") << "allowed";
        QTest::newRow("NY Sat 12:00") << newYork << utc("2026-06-20T16:00:00Z") << "outside_campaign_window";
        // The day is the recipient's, not UTC's nor the operator's: Friday afternoon in Honolulu
        // is Saturday in UTC; Saturday morning in Sydney is Friday in Denver.
        QTest::newRow("Honolulu Fri 16:00 (Sat in UTC)")
                << honolulu << utc("2026-06-20T02:00:00Z") << "allowed";
        QTest::newRow("Honolulu Sun 16:00 (Mon in UTC)")
                << honolulu << utc("2026-06-22T02:00:00Z") << "outside_campaign_window";
        QTest::newRow("Sydney Sat 10:30 (Fri in Denver)")
                << sydney << utc("2026-06-20T00:30:00Z") << "outside_campaign_window";
        QTest::newRow("Sydney Mon 10:30 (Sun in Denver)")
                << sydney << utc("2026-06-15T00:30:00Z") << "allowed";
        // The law comes first: at 21:30 the legal window is the reason.
        QTest::newRow("NY Mon 21:30") << newYork << utc("2026-06-16T01:30:00Z") << "outside_calling_window";
        // Ambiguous: 16:30 in Adak is 17:30 in Anchorage, past the campaign's end.
        QTest::newRow("Alaska Mon 16:30 Adak / 17:30 Anchorage")
                << alaska << utc("2026-06-16T01:30:00Z") << "outside_campaign_window";
        QTest::newRow("Alaska Mon 15:30 Adak / 16:30 Anchorage")
                << alaska << utc("2026-06-16T00:30:00Z") << "allowed";
    }
    void campaignWindowAndDays()
    {
        QFETCH(QString, number);
        QFETCH(QDateTime, at);
        QFETCH(QString, reasonCode);
        const CampaignWindow campaign{QTime(10, 0), QTime(17, 0), {1, 2, 3, 4, 5}};
        const CallingWindow window{CallingRules()};
        QCOMPARE(judgeEverywhere(window, number, at, campaign).reasonCode, reasonCode);
    }

    void campaignDaysWithoutHours()
    {
        const CampaignWindow weekdays{QTime(), QTime(), {1, 2, 3, 4, 5}};
        const CallingWindow window{CallingRules()};
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-15T12:30:00Z"), weekdays).reasonCode,
                 QStringLiteral("allowed")); // Mon 08:30
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-21T12:30:00Z"), weekdays).reasonCode,
                 QStringLiteral("outside_campaign_window")); // Sun 08:30
        const CampaignWindow everyDay{QTime(10, 0), QTime(17, 0), {}};
        QCOMPARE(judgeEverywhere(window, newYork, utc("2026-06-21T14:30:00Z"), everyDay).reasonCode,
                 QStringLiteral("allowed")); // Sun 10:30
    }

    // The attempt cap counts per recipient-local day: one day per possible zone.
    void localDaysAreTheRecipients()
    {
        const CallingWindow window{CallingRules()};
        setOperatorZone("Asia/Tokyo");
        const auto newYorkDays = window.localDays(newYork, utc("2026-06-16T02:00:00Z"));
        QCOMPARE(newYorkDays.size(), 1);
        QCOMPARE(newYorkDays.at(0).first, QDate(2026, 6, 15));
        QCOMPARE(newYorkDays.at(0).second.id(), QByteArray("America/New_York"));

        // 23:30 Monday in Adak is 00:30 Tuesday in Anchorage.
        const auto alaskaDays = window.localDays(alaska, utc("2026-06-16T08:30:00Z"));
        QCOMPARE(alaskaDays.size(), 2);
        QCOMPARE(alaskaDays.at(0).first, QDate(2026, 6, 15));
        QCOMPARE(alaskaDays.at(0).second.id(), QByteArray("America/Adak"));
        QCOMPARE(alaskaDays.at(1).first, QDate(2026, 6, 16));
        QCOMPARE(alaskaDays.at(1).second.id(), QByteArray("America/Anchorage"));

        QVERIFY(window.localDays(QStringLiteral("+80012345678"), utc("2026-06-16T08:30:00Z")).isEmpty());
    }

    void defaultsAreTheUsFederalRule()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        const CallingRules rules = CallingRules::load(settings);
        QCOMPARE(rules.start, QTime(8, 0));
        QCOMPARE(rules.end, QTime(21, 0));
        QCOMPARE(rules.maxAttemptsPerDay, 3);
        QVERIFY(rules.regions.isEmpty());
        QCOMPARE(rules.problem(), QString());
    }

    void savesAndLoads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rules.ini"));
        CallingRules rules = floridaRules();
        rules.start = QTime(9, 0);
        rules.end = QTime(20, 30);
        rules.maxAttemptsPerDay = 2;
        rules.regions.append(RegionWindow{
                QStringLiteral("United Kingdom"), QStringLiteral("GB"), {}, QTime(9, 30), QTime(20, 0)});
        {
            QSettings settings(path, QSettings::IniFormat);
            rules.save(settings);
        }
        {
            QSettings settings(path, QSettings::IniFormat);
            const CallingRules loaded = CallingRules::load(settings);
            QCOMPARE(loaded.start, QTime(9, 0));
            QCOMPARE(loaded.end, QTime(20, 30));
            QCOMPARE(loaded.maxAttemptsPerDay, 2);
            QCOMPARE(loaded.regions.size(), 2);
            QCOMPARE(loaded.regions.at(0).name, QStringLiteral("Florida"));
            QCOMPARE(loaded.regions.at(0).prefixes,
                     QStringList({QStringLiteral("1305"), QStringLiteral("+1786")}));
            QVERIFY(loaded.regions.at(0).country.isEmpty());
            QCOMPARE(loaded.regions.at(0).start, QTime(8, 0));
            QCOMPARE(loaded.regions.at(0).end, QTime(20, 0));
            QCOMPARE(loaded.regions.at(1).country, QStringLiteral("GB"));
            QVERIFY(loaded.regions.at(1).prefixes.isEmpty());
            QCOMPARE(loaded.regions.at(1).start, QTime(9, 30));
        }
        // A shorter list replaces the longer one entirely.
        rules.regions.removeFirst();
        {
            QSettings settings(path, QSettings::IniFormat);
            rules.save(settings);
        }
        QSettings settings(path, QSettings::IniFormat);
        const CallingRules loaded = CallingRules::load(settings);
        QCOMPARE(loaded.regions.size(), 1);
        QCOMPARE(loaded.regions.at(0).name, QStringLiteral("United Kingdom"));
    }

    // A setting that does not parse must not open the window: it is reported and nothing rings.
    void brokenSettingRefusesEverything()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("broken.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("outbound/windowStart"), QStringLiteral("eight"));
        const CallingRules rules = CallingRules::load(settings);
        QVERIFY(!rules.problem().isEmpty());
        QCOMPARE(CallingWindow(rules).judge(newYork, utc("2026-06-15T16:00:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window")); // noon

        CallingRules brokenRegion = floridaRules();
        brokenRegion.regions[0].end = QTime();
        QVERIFY(!brokenRegion.problem().isEmpty());
        QCOMPARE(CallingWindow(brokenRegion).judge(miami, utc("2026-06-15T16:00:00Z")).reasonCode,
                 QStringLiteral("outside_calling_window"));
        QCOMPARE(CallingWindow(brokenRegion).judge(newYork, utc("2026-06-15T16:00:00Z")).reasonCode,
                 QStringLiteral("allowed"));
    }

    void problems_data()
    {
        QTest::addColumn<CallingRules>("rules");
        CallingRules base = floridaRules();
        QTest::newRow("fine") << base;
        CallingRules r = base;
        r.start = QTime(21, 0);
        QTest::newRow("start at end") << r;
        r = base;
        r.end = QTime();
        QTest::newRow("no end") << r;
        r = base;
        r.maxAttemptsPerDay = 0;
        QTest::newRow("no attempts") << r;
        r = base;
        r.regions[0].name = QStringLiteral("  ");
        QTest::newRow("region without a name") << r;
        r = base;
        r.regions[0].prefixes.clear();
        QTest::newRow("region with neither country nor prefixes") << r;
        r = base;
        r.regions[0].country = QStringLiteral("US");
        QTest::newRow("region with both") << r;
        r = base;
        r.regions[0].prefixes.append(QStringLiteral("13a5"));
        QTest::newRow("prefix with a letter") << r;
        r = base;
        r.regions[0].prefixes.append(QString());
        QTest::newRow("empty prefix") << r;
        r = base;
        r.regions[0].prefixes.clear();
        r.regions[0].country = QStringLiteral("USA");
        QTest::newRow("three-letter country") << r;
        r = base;
        r.regions[0].start = QTime(20, 0);
        QTest::newRow("region start at end") << r;
        r = base;
        r.regions[0].end = QTime(22, 0);
        QTest::newRow("region wider than the law") << r;
    }
    void problems()
    {
        QFETCH(CallingRules, rules);
        const bool fine = QByteArray(QTest::currentDataTag()) == "fine";
        QCOMPARE(rules.problem().isEmpty(), fine);
    }
};

CC_TEST_GUILESS_MAIN(TestCallingRules)
#include "tst_callingrules.moc"

// The one ISO 8601 reader and its one rule (a time without a zone is UTC), the civil-date
// arithmetic every hot path shares, the one "malformed answer" error — and each place that used
// to read timestamps its own way now reading them the same way.

#include "TestMain.h"

#include "core/ApiError.h"
#include "core/CivilDate.h"
#include "core/Iso8601.h"
#include "core/JsonRead.h"
#include "table/RecordTable.h"
#include "unlimcall/UnlimCallTypes.h"
#include "unloopa/UnloopaTypes.h"

#include <QJsonObject>
#include <QTimeZone>

#include <ctime>

namespace {
const qint64 kBase = QDateTime(QDate(2026, 5, 24), QTime(18, 14, 2), Qt::UTC).toMSecsSinceEpoch();
} // namespace

class TestIso8601 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // A machine far from UTC: reading a zoneless time as local time would show here.
        qputenv("TZ", "America/New_York");
        tzset();
        QVERIFY(QDateTime(QDate(2026, 5, 24), QTime(12, 0)).offsetFromUtc() != 0);
    }

    void reads_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("msecs"); // -2: not a timestamp
        QTest::newRow("Z") << "2026-05-24T18:14:02Z" << kBase;
        QTest::newRow("lower-case z and t") << "2026-05-24t18:14:02z" << kBase;
        QTest::newRow("space separator") << "2026-05-24 18:14:02Z" << kBase;
        QTest::newRow("no zone is UTC") << "2026-05-24T18:14:02" << kBase;
        QTest::newRow("no zone, no seconds") << "2026-05-24T18:14" << kBase - 2000;
        QTest::newRow("date alone is UTC midnight")
                << "2026-05-24" << QDateTime(QDate(2026, 5, 24), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("ms") << "2026-05-24T18:14:02.123Z" << kBase + 123;
        QTest::newRow("one fraction digit") << "2026-05-24T18:14:02.5Z" << kBase + 500;
        QTest::newRow("two fraction digits") << "2026-05-24T18:14:02.25" << kBase + 250;
        QTest::newRow("microseconds dropped, not rounded") << "2026-05-24T18:14:02.123999Z" << kBase + 123;
        QTest::newRow("nanoseconds") << "2026-05-24T18:14:02.000000001+00:00" << kBase;
        QTest::newRow("comma fraction") << "2026-05-24T18:14:02,5Z" << kBase + 500;
        QTest::newRow("offset") << "2026-05-24T20:14:02+02:00" << kBase;
        QTest::newRow("negative offset with ms") << "2026-05-24T13:14:02.5-05:00" << kBase + 500;
        QTest::newRow("offset without colon") << "2026-05-24T20:14:02+0200" << kBase;
        QTest::newRow("offset hours only") << "2026-05-24T20:14:02+02" << kBase;
        QTest::newRow("half-hour offset") << "2026-05-24T23:44:02+05:30" << kBase;
        QTest::newRow("offset crosses the day") << "2026-05-25T03:14:02+09:00" << kBase;
        QTest::newRow("leap day") << "2024-02-29T00:00:00Z"
                                  << QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("before 1970") << "1969-12-31T23:59:59.999Z" << qint64(-1);
        QTest::newRow("no such day") << "2026-02-30T00:00:00Z" << qint64(-2);
        QTest::newRow("no leap day") << "2025-02-29" << qint64(-2);
        QTest::newRow("month 13") << "2026-13-01" << qint64(-2);
        QTest::newRow("no such hour") << "2026-05-24T24:00:01Z" << qint64(-2);
        QTest::newRow("no such minute") << "2026-05-24T18:60:00Z" << qint64(-2);
        QTest::newRow("leap second") << "2026-05-24T23:59:60Z" << qint64(-2);
        QTest::newRow("empty fraction") << "2026-05-24T18:14:02.Z" << qint64(-2);
        QTest::newRow("offset out of range") << "2026-05-24T18:14:02+24:00" << qint64(-2);
        QTest::newRow("half an offset") << "2026-05-24T18:14:02+02:" << qint64(-2);
        QTest::newRow("trailing junk") << "2026-05-24T18:14:02Zjunk" << qint64(-2);
        QTest::newRow("trailing T") << "2026-05-24T" << qint64(-2);
        QTest::newRow("short year") << "26-05-24" << qint64(-2);
        QTest::newRow("garbage") << "yesterday" << qint64(-2);
        QTest::newRow("empty") << "" << qint64(-2);
    }

    void reads()
    {
        QFETCH(QString, text);
        QFETCH(qint64, msecs);
        const std::optional<qint64> read = Iso8601::toMsecs(text);
        const QDateTime time = Iso8601::toDateTime(text);
        if (msecs == -2) {
            QVERIFY2(!read, qPrintable(text));
            QVERIFY2(!time.isValid(), qPrintable(text));
            return;
        }
        QVERIFY2(read, qPrintable(text));
        QCOMPARE(*read, msecs);
        QCOMPARE(time.toMSecsSinceEpoch(), msecs);
        QCOMPARE(time.timeSpec(), Qt::UTC);
    }

    void agreesWithQtWhereQtHasAZone()
    {
        // Where a zone is given, Qt's own reading (what the copies used) is the same instant.
        for (const char *text : {"2026-05-24T18:14:02Z", "2026-05-24T18:14:02.123Z",
                                 "2026-05-24T20:14:02+02:00", "1999-12-31T23:59:59.999-08:00"}) {
            const QString s = QString::fromLatin1(text);
            QCOMPARE(Iso8601::toMsecs(s),
                     std::optional<qint64>(QDateTime::fromString(s, Qt::ISODateWithMs).toMSecsSinceEpoch()));
        }
    }

    void civilDateRoundTrips()
    {
        // Every day from 1600 to 2400 against QDate, both ways.
        const qint64 epochJulian = QDate(1970, 1, 1).toJulianDay();
        for (QDate d(1600, 1, 1); d.year() < 2400; d = d.addDays(1)) {
            const qint64 days = CivilDate::daysFromCivil(d.year(), unsigned(d.month()), unsigned(d.day()));
            QCOMPARE(days, d.toJulianDay() - epochJulian);
            const CivilDate::Ymd back = CivilDate::civilFromDays(days);
            QCOMPARE(back.year, qint64(d.year()));
            QCOMPARE(back.month, unsigned(d.month()));
            QCOMPARE(back.day, unsigned(d.day()));
            QCOMPARE(CivilDate::daysInMonth(d.year(), unsigned(d.month())), unsigned(d.daysInMonth()));
        }
        QCOMPARE(CivilDate::dayOfMsecs(-1), qint64(-1));
        QCOMPARE(CivilDate::dayOfMsecs(0), qint64(0));
        QCOMPARE(CivilDate::dayOfMsecs(86400000 - 1), qint64(0));
        QCOMPARE(CivilDate::dayOfMsecs(-86400000), qint64(-1));
        QCOMPARE(CivilDate::dayOfMsecs(-86400001), qint64(-2));
    }

    // --- the former copies' callers, fed the same zoneless and offset texts -----------------
    void formerCopiesReadTheSameInstant_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("msecs");
        QTest::newRow("zoneless") << "2026-05-24T18:14:02" << kBase;
        QTest::newRow("zoneless with ms") << "2026-05-24T18:14:02.123" << kBase + 123;
        QTest::newRow("offset") << "2026-05-24T13:14:02-05:00" << kBase;
        QTest::newRow("Z with microseconds") << "2026-05-24T18:14:02.123999Z" << kBase + 123;
    }

    void formerCopiesReadTheSameInstant()
    {
        QFETCH(QString, text);
        QFETCH(qint64, msecs);
        // UnlimCall call record (was JsonRead::isoMsecs: zoneless = local time).
        const auto cdr = UnlimCall::Cdr::fromJson(QJsonObject{{QStringLiteral("id"), QStringLiteral("1.1")},
                                                              {QStringLiteral("startTime"), text}});
        QVERIFY(cdr);
        QCOMPARE(cdr->startMs, msecs);
        // UnlimCall agent (was JsonRead::isoTime).
        const auto agent = UnlimCall::Agent::fromJson(QJsonObject{
                {QStringLiteral("id"), QStringLiteral("27")}, {QStringLiteral("createdAt"), text}});
        QVERIFY(agent);
        QCOMPARE(agent->createdAt.toMSecsSinceEpoch(), msecs);
        // Unloopa lead, job and quota (was UnloopaTypes' own dateTime()).
        const UnloopaLead lead = UnloopaLead::fromJson(QJsonObject{
                {QStringLiteral("id"), QStringLiteral("l1")}, {QStringLiteral("created_at"), text}});
        QCOMPARE(lead.createdAt.toMSecsSinceEpoch(), msecs);
        const UnloopaJob job = UnloopaJob::fromJson(QJsonObject{
                {QStringLiteral("job_id"), QStringLiteral("j1")}, {QStringLiteral("updated_at"), text}});
        QCOMPARE(job.updatedAt.toMSecsSinceEpoch(), msecs);
        // The table's text dates (was QDateTime::fromString: zoneless = local time).
        RecordTable table(RecordSchema(
                {ColumnSpec::make(ColumnType::DateTime, QStringLiteral("at"), QStringLiteral("At"))}));
        const int row = table.appendRow();
        table.setValue(row, 0, QVariant(text));
        QVERIFY(!table.isNull(row, 0));
        QCOMPARE(table.integer(row, 0), msecs);
    }

    void unreadableTimesStayUnset()
    {
        const UnloopaLead lead =
                UnloopaLead::fromJson(QJsonObject{{QStringLiteral("id"), QStringLiteral("l1")},
                                                  {QStringLiteral("created_at"), QStringLiteral("soon")}});
        QVERIFY(!lead.createdAt.isValid());
        QVERIFY(!UnlimCall::Cdr::fromJson(
                QJsonObject{{QStringLiteral("id"), QStringLiteral("1.1")},
                            {QStringLiteral("startTime"), QStringLiteral("soon")}}));
        RecordTable table(RecordSchema(
                {ColumnSpec::make(ColumnType::DateTime, QStringLiteral("at"), QStringLiteral("At"))}));
        const int row = table.appendRow();
        table.setValue(row, 0, QVariant(QStringLiteral("2026-02-30T00:00:00Z")));
        QVERIFY(table.isNull(row, 0));
    }

    void oneMalformedError()
    {
        const ApiError plain = ApiError::malformed(Vendor::Unloopa, QStringLiteral("a list of leads"));
        QCOMPARE(plain.kind, ApiError::Kind::Malformed);
        QCOMPARE(plain.code, QStringLiteral("malformed_response"));
        QCOMPARE(plain.vendor, Vendor::Unloopa);
        QCOMPARE(plain.httpStatus, 0);
        QCOMPARE(plain.explanation,
                 QStringLiteral("Unloopa answered, but not with a list of leads. Nothing was "
                                "changed; try again later, and report it if it persists."));
        const ApiError advised = ApiError::malformed(Vendor::Verloop, QStringLiteral("a message_id"),
                                                     QStringLiteral("Check the campaign."), 200);
        QCOMPARE(advised.httpStatus, 200);
        QCOMPARE(advised.explanation,
                 QStringLiteral("Verloop answered, but not with a message_id. Check the campaign."));
        QCOMPARE(advised.summary(),
                 QStringLiteral("Verloop: Verloop answered, but not with a message_id. Check the campaign. "
                                "(malformed_response, HTTP 200)"));
    }
};

CC_TEST_GUILESS_MAIN(TestIso8601)
#include "tst_iso8601.moc"

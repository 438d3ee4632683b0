#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

// When scheduled Verloop calls ring, as the operator gave it: now, a wall-clock time in each
// recipient's own zone ("2026-03-04T10:00": ten in the morning wherever each one lives), or one
// instant with an explicit offset ("2026-03-04T10:00:00-05:00", "...Z"). Verloop itself reads a
// zone-less time in its dashboard's zone; the console never sends one (VerloopMessage writes an
// offset), so a zone-less time always means the recipient's.
class VerloopTimeSpec
{
    Q_DECLARE_TR_FUNCTIONS(VerloopTimeSpec)

public:
    enum class Kind { Now, RecipientLocal, Instant };

    static VerloopTimeSpec now();
    // `date` and `time` on each recipient's own clock.
    static VerloopTimeSpec recipientLocal(const QDate &date, const QTime &time);
    static VerloopTimeSpec instant(const QDateTime &when);
    // "now"; "YYYY-MM-DDTHH:MM[:SS]" (recipient's zone); the same with "Z" or "+HH:MM" (instant).
    // Nothing, with a sentence in `problem`, for anything else.
    static std::optional<VerloopTimeSpec> parse(const QString &text, QString *problem = nullptr);

    Kind kind() const { return m_kind; }
    // As parse() reads it back.
    QString toString() const;

    struct Resolved
    {
        QDateTime at; // in the recipient's zone (RecipientLocal), as given (Instant), UTC (Now)
        // "time_needs_offset": the number may be in several zones, so a zone-less time is
        // ambiguous (a usage error: give an offset); "unknown_time_zone": no zone known for it;
        // "time_skipped" / "time_repeated": a DST change skips or repeats that wall time.
        QString problemCode;
        QString problem; // a sentence
        bool ok() const { return at.isValid(); }
    };
    // The instant the call to `e164` rings.
    Resolved resolve(const QString &e164, const QDateTime &nowUtc) const;

private:
    Kind m_kind = Kind::Now;
    QDate m_date;
    QTime m_time;
    QDateTime m_instant;
};

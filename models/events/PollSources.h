#pragma once

#include "core/ApiError.h"
#include "events/EventStore.h"
#include "unlimcall/UnlimCallTypes.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

class CdrSync;
class CursorPager;
class Outreach2dayService;
class UnlimCallService;
class UnloopaPagedFetch;
class UnloopaService;

// One vendor's read-back for the polling fallback: what its API can say happened since a moment,
// as StoredEvents with source "poll", through the sync or pager the console already has for it.
// One poll at a time; found() any number of times, then finished() once.
class PollSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual Vendor vendor() const = 0;
    // Reads what ended or happened at or after `since`. False when a poll runs already.
    virtual bool poll(const QDateTime &since) = 0;
    virtual void cancel() = 0;
    virtual bool isRunning() const = 0;

Q_SIGNALS:
    void found(const QList<StoredEvent> &events);
    // Kind None when the poll read everything; Cancelled after cancel().
    void finished(const ApiError &error);
};

// UnlimCall: the incremental CDR sync (the Calls page's records stay complete: CdrSync writes
// what it reads into the shared call records). A record is a call's outcome only: whether it was
// transferred or put on do-not-call has no read endpoint, so every polled call says that needs
// the webhook.
class CdrPollSource : public PollSource
{
    Q_OBJECT
public:
    // `databasePath`: the console database the call records live in.
    CdrPollSource(UnlimCallService *service, const QString &databasePath, QObject *parent = nullptr);
    ~CdrPollSource() override;

    Vendor vendor() const override { return Vendor::UnlimCall; }
    bool poll(const QDateTime &since) override;
    void cancel() override;
    bool isRunning() const override;

    // call.ended at start + duration, keyed "unlimcall:cdr:<id>", with no call id (a CDR id is
    // not the webhook's callId: EventStore matches the two by number and time).
    static StoredEvent eventFor(const UnlimCall::Cdr &cdr, const QDateTime &receivedAt);
    static QString needsTheWebhook();

private:
    CdrSync *m_sync;
    qint64 m_sinceMs = 0;
};

// Outreach2day: GET /campaigns/webhooks/events, the very events its deliveries carry (with their
// ids, so a delivery and its listed event share one key), read by the one cursor pager and the
// one payload reader. Only replies, bounces and unsubscribes become events.
class O2dEventsPollSource : public PollSource
{
    Q_OBJECT
public:
    explicit O2dEventsPollSource(Outreach2dayService *service, QObject *parent = nullptr);

    Vendor vendor() const override { return Vendor::Outreach2day; }
    bool poll(const QDateTime &since) override;
    void cancel() override;
    bool isRunning() const override;

    static QStringList polledTypes(); // reply.received, contact.bounced, contact.unsubscribed
    // Empty type when the item is not one of polledTypes().
    static StoredEvent eventFor(const QJsonObject &item, const QDateTime &receivedAt);

private:
    QPointer<Outreach2dayService> m_service;
    QPointer<CursorPager> m_pager;
};

// Unloopa: every page of GET /voice/calls (the one offset pager); a call that has finished is an
// event ("call.completed", "call.failed", "call.cancelled") keyed by its id.
class UnloopaCallsPollSource : public PollSource
{
    Q_OBJECT
public:
    explicit UnloopaCallsPollSource(UnloopaService *service, QObject *parent = nullptr);

    Vendor vendor() const override { return Vendor::Unloopa; }
    bool poll(const QDateTime &since) override;
    void cancel() override;
    bool isRunning() const override;

    // Empty type when the call has not finished.
    static StoredEvent eventFor(const UnloopaCall &call, const QDateTime &receivedAt);

private:
    QPointer<UnloopaService> m_service;
    QPointer<UnloopaPagedFetch> m_fetch;
};

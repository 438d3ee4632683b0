// The Unloopa commands that contact people or spend money, each through the outbound guard's
// controllers (the same ones the console's pages use), each needing --yes and sent once, never
// retried: outreach send (batches of at most 100, the do-not-contact list, never beyond today's
// capacity unless told), numbers buy ($1/month, its intent saved before it leaves), voice call
// (1 credit), voice campaigns create (only the leads the guard clears, as lead_ids), activate (the
// campaign's window and days inside every lead's calling window) and trigger (every pending lead
// cleared first, 1 credit per call). A refusal exits 5 with the guard's verdicts and sends nothing.

#include "CliCommand.h"
#include "CliContext.h"
#include "UnloopaCliSupport.h"
#include "accounts/ServiceHub.h"
#include "outbound/OutboundSafety.h"
#include "phone/PhoneNumbers.h"
#include "unloopa/NumberBuyer.h"
#include "unloopa/OutreachSender.h"
#include "unloopa/QuotaGate.h"
#include "unloopa/UnloopaOutreachService.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCallPlacer.h"
#include "unloopa/VoiceCampaignController.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

namespace {

const QList<Vendor> kUnloopa{Vendor::Unloopa};

// ---- outreach send ------------------------------------------------------------------------------

int outreachSend(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("lead"),
                      QStringLiteral("A lead to email (repeatable, or comma-separated)."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("template"),
                      QStringLiteral("The template's id (see 'outreach templates list')."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("subject"), QStringLiteral("A subject of its own (with --body)."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("body"), QStringLiteral("A body of its own (with --subject)."),
                      QStringLiteral("text")});
    parser.addOption(
            {QStringLiteral("beyond-remaining-today"),
             QStringLiteral("Send to more leads than the accounts have left today (for this send only).")});
    parser.addOption({QStringLiteral("dry-run"),
                      QStringLiteral("Print the batches and the outbound guard's verdicts; send nothing.")});
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm: Unloopa emails these leads.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'outreach send' takes options only (see --help)."));
    const QStringList ids = UnloopaCli::listOption(parser, QStringLiteral("lead"));
    if (ids.isEmpty())
        return context.usageError(QStringLiteral("Give the leads to email: --lead <id> (repeatable)."));
    OutreachSender::Request request;
    request.templateId = parser.value(QStringLiteral("template"));
    request.customSubject = parser.value(QStringLiteral("subject"));
    request.customBody = parser.value(QStringLiteral("body"));
    request.beyondRemainingToday = parser.isSet(QStringLiteral("beyond-remaining-today"));
    if (request.templateId.isEmpty() && (request.customSubject.isEmpty() || request.customBody.isEmpty()))
        return context.usageError(
                QStringLiteral("Give a template (--template <id>) or both --subject and --body."));

    const Result<QList<UnloopaLead>> leads = UnloopaCli::fetchLeads(context, ids);
    if (!leads.ok())
        return context.fail(leads.error());
    request.leads = leads.value();

    UnloopaOutreachService outreach(context.hub().unloopa());
    OutreachSender sender(&outreach, context.outbound().guard());
    if (parser.isSet(QStringLiteral("dry-run"))) {
        const Result<UnloopaOutreachStatus> status = context.await<UnloopaOutreachStatus>(
                [&](const QObject *receiver, auto done) { outreach.fetchStatus(receiver, done); });
        if (!status.ok())
            return context.fail(status.error());
        const OutreachSender::Plan plan = sender.plan(request, status.value());
        QJsonArray batches;
        for (const QList<UnloopaLead> &batch : plan.batches) {
            QJsonArray batchIds;
            for (const UnloopaLead &lead : batch)
                batchIds.append(lead.id);
            batches.append(batchIds);
        }
        QJsonArray refused;
        for (const RecipientVerdict &verdict : plan.refused)
            refused.append(verdict.toJson());
        auto idsOf = [](const QList<UnloopaLead> &list) {
            QJsonArray array;
            for (const UnloopaLead &lead : list)
                array.append(lead.id);
            return array;
        };
        const QJsonObject json{{QStringLiteral("batches"), batches},
                               {QStringLiteral("withoutEmail"), idsOf(plan.withoutEmail)},
                               {QStringLiteral("overRemaining"), idsOf(plan.overRemaining)},
                               {QStringLiteral("refused"), refused},
                               {QStringLiteral("remainingToday"), plan.remainingToday}};
        const QString sentence = QStringLiteral("Dry run: %1 lead(s) in %2 batch(es) would be emailed; %3 "
                                                "refused, %4 without email, %5 beyond today's capacity. "
                                                "Nothing was sent.")
                                         .arg(plan.leadCount())
                                         .arg(plan.batches.size())
                                         .arg(plan.refused.size())
                                         .arg(plan.withoutEmail.size())
                                         .arg(plan.overRemaining.size());
        if (!plan.refused.isEmpty())
            return context.refused(json, sentence);
        return context.succeed(json, sentence);
    }
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would have Unloopa email %1 lead(s). Add --yes to confirm (or --dry-run "
                               "to see the batches first).")
                        .arg(request.leads.size()));

    std::optional<ApiError> stopped;
    QEventLoop loop;
    QObject::connect(&sender, &OutreachSender::batchChanged, &loop, [&context, &sender](int index) {
        const OutreachSender::Batch batch = sender.batches().value(index);
        if (batch.state != OutreachSender::Batch::State::Sending)
            context.say(QStringLiteral("Batch %1 (%2 lead(s)): %3")
                                .arg(index + 1)
                                .arg(batch.leads.size())
                                .arg(OutreachSender::stateName(batch.state)));
    });
    QObject::connect(&sender, &OutreachSender::finished, &loop, [&stopped, &loop](const ApiError &error) {
        stopped = error;
        loop.quit();
    });
    if (!sender.send(request))
        return context.usageError(QStringLiteral("A send is already running."));
    if (!stopped)
        loop.exec();
    const QJsonObject results = sender.resultsJson();
    if (stopped->isError() && sender.batches().isEmpty())
        return context.fail(*stopped);
    // Per batch: sent, refused by the guard, failed at Unloopa, or unknown (never resent).
    int sent = 0;
    int refusedBatches = 0;
    std::optional<ApiError> vendorError;
    for (const OutreachSender::Batch &batch : sender.batches()) {
        switch (batch.state) {
        case OutreachSender::Batch::State::Sent:
            ++sent;
            break;
        case OutreachSender::Batch::State::Refused:
            ++refusedBatches;
            break;
        case OutreachSender::Batch::State::Failed:
        case OutreachSender::Batch::State::Unknown:
            if (!vendorError)
                vendorError = batch.error;
            break;
        default:
            break;
        }
    }
    const OutreachSender::Plan plan = sender.lastPlan();
    const QString sentence = QStringLiteral("%1 of %2 batch(es) sent (each once, never retried); %3 lead(s) "
                                            "refused by the guard, %4 without email, %5 kept back beyond "
                                            "today's capacity.")
                                     .arg(sent)
                                     .arg(sender.batches().size())
                                     .arg(plan.refused.size())
                                     .arg(plan.withoutEmail.size())
                                     .arg(plan.overRemaining.size());
    if (vendorError) {
        // Every batch's result on stdout as with success; the exit status says one failed.
        context.succeed(results, sentence);
        context.say(vendorError->summary());
        return CliContext::exitCodeFor(*vendorError);
    }
    if (refusedBatches > 0 || !plan.refused.isEmpty())
        return context.refused(results, sentence);
    return context.succeed(results, sentence);
}

// ---- numbers buy --------------------------------------------------------------------------------

QString dollars(int cents)
{
    return QStringLiteral("$%1").arg(cents / 100.0, 0, 'f', cents % 100 ? 2 : 0);
}

int numbersBuy(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("e164"), QStringLiteral("A number from 'numbers search'."));
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm: this rents the number for $1/month.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one number in E.164 format, from 'numbers search'."));
    const QString given = parser.positionalArguments().first();
    // The reference requires E.164 from the search results: a number that is not one never leaves.
    const auto e164 = PhoneNumbers::toE164(given);
    if (!e164 || *e164 != given)
        return context.usageError(
                QStringLiteral(
                        "%1 is not an E.164 number (like +13055551234): copy it from 'numbers search'.")
                        .arg(given));
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(QStringLiteral("This would rent %1 for $1/month. Add --yes to confirm.")
                                          .arg(PhoneNumbers::formatInternational(*e164)));
    // Spends money: the guard saves the purchase's intent before it leaves, so a crash in between
    // leaves it unknown and the same number is never bought twice.
    UnloopaVoiceService voice(context.hub().unloopa());
    NumberBuyer buyer(&voice, context.outbound().guard());
    const Result<UnloopaPhoneNumber> bought = context.await<UnloopaPhoneNumber>(
            [&](const QObject *receiver, auto done) { buyer.buy(*e164, receiver, done); });
    if (!bought.ok())
        return context.fail(bought.error());
    return context.succeed(bought->toJson(),
                           QStringLiteral("Bought %1 (%2/month, id %3; sent once, never retried).")
                                   .arg(bought->phoneNumber, dollars(bought->monthlyCostCents), bought->id));
}

// ---- voice call ---------------------------------------------------------------------------------

// GET /quota, then whether it lets the console spend `credits` voice credits: nothing, or the exit
// status after the refusal was printed. A refusal reads like the vendor's own (plan_required,
// insufficient_credits with the purchase links) and exits 1 like it, though nothing was sent.
std::optional<int> quotaRefusal(CliContext &context, int credits)
{
    const Result<UnloopaQuota> quota = context.await<UnloopaQuota>(
            [&](const QObject *receiver, auto done) { context.hub().unloopa()->fetchQuota(receiver, done); });
    if (!quota.ok())
        return context.fail(quota.error());
    if (const QuotaGate::Verdict verdict = QuotaGate(quota.value()).calls(credits); !verdict) {
        context.fail(verdict.toError());
        return int(CliExit::VendorError);
    }
    return std::nullopt;
}

int placeCall(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("agent"),
                      QStringLiteral("The voice agent's id (see 'voice agents list')."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("The number to call, any format."),
                      QStringLiteral("number")});
    parser.addOption(
            {QStringLiteral("lead"),
             QStringLiteral("The lead called: its business name, city, industry and website fill the "
                            "script's variables."),
             QStringLiteral("id")});
    parser.addOption({QStringLiteral("var"),
                      QStringLiteral("A script variable, key=value (repeatable; wins over "
                                     "the lead's)."),
                      QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("region"),
                      QStringLiteral("Country (ISO code) for numbers without a country code (default US)."),
                      QStringLiteral("code"), QStringLiteral("US")});
    parser.addOption({QStringLiteral("yes"),
                      QStringLiteral("Confirm: this calls a person and costs 1 voice credit.")});
    CliContext::addOutboundOptions(
            parser, QStringLiteral("Call outside the recipient's calling window (needs --reason)."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'voice call' takes options only (see --help)."));
    const auto typed = context.typedOverride(parser);
    if (!typed)
        return CliExit::Usage;
    OutboundOverrides overrides;
    overrides.callingWindow = typed->first;
    overrides.reason = typed->second;

    UnloopaCallRequest request;
    request.agentId = parser.value(QStringLiteral("agent"));
    request.phoneNumber = parser.value(QStringLiteral("to"));
    if (request.agentId.isEmpty() || request.phoneNumber.isEmpty())
        return context.usageError(
                QStringLiteral("Give the agent and the number: --agent <id> --to <number>."));
    QMap<QString, QString> variables;
    for (const QString &pair : parser.values(QStringLiteral("var"))) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return context.usageError(QStringLiteral("--var must be key=value, e.g. --var city=Miami."));
        variables.insert(pair.left(eq).trimmed(), pair.mid(eq + 1));
    }
    QString problem;
    // Parsed, validated and normalised before anything is sent: an invalid number never leaves.
    auto normalised =
            VoiceCallPlacer::normalised(request, &problem, parser.value(QStringLiteral("region")).toUpper());
    if (!normalised)
        return context.usageError(QStringLiteral("--to: %1").arg(problem));
    request = *normalised;

    if (parser.isSet(QStringLiteral("lead"))) {
        const QString leadId = parser.value(QStringLiteral("lead"));
        const Result<UnloopaLead> lead = context.await<UnloopaLead>([&](const QObject *receiver, auto done) {
            context.hub().unloopa()->fetchLead(leadId, receiver, done);
        });
        if (!lead.ok())
            return context.fail(lead.error());
        request.dynamicVariables.insert(VoiceCallPlacer::variablesFor(lead.value()));
    }
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        request.dynamicVariables.insert(it.key(), it.value());
    if (problem = request.problem(); !problem.isEmpty())
        return context.usageError(problem);

    UnloopaVoiceService voice(context.hub().unloopa());
    VoiceCallPlacer placer(&voice, context.outbound().guard());
    const GuardDecision decision = placer.verdict(request, overrides);
    const QString verdict = decision.verdicts.value(0).reason;
    if (parser.isSet(QStringLiteral("dry-run"))) {
        if (!decision.allAllowed())
            return context.refused(
                    decision.toJson(),
                    QStringLiteral("Dry run: %1 would not be called. %2").arg(request.phoneNumber, verdict));
        return context.succeed(
                decision.toJson(),
                QStringLiteral("Dry run: %1 would be called; nothing was sent.").arg(request.phoneNumber));
    }
    if (!decision.allAllowed())
        return context.refused(decision.toJson(), QStringLiteral("Not called: %1").arg(verdict));
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would call %1 now and spend 1 voice credit. Add --yes to confirm.")
                        .arg(PhoneNumbers::formatInternational(request.phoneNumber)));
    if (const auto refused = quotaRefusal(context, 1))
        return *refused;

    std::optional<VoiceCallPlacer::Outcome> outcome;
    QEventLoop loop;
    placer.place(request, overrides, context.receiver(), [&](const VoiceCallPlacer::Outcome &placed) {
        outcome = placed;
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    if (outcome->refusedByGuard())
        return context.refused(
                outcome->decision.toJson(),
                QStringLiteral("Not called: %1").arg(outcome->decision.verdicts.value(0).reason));
    const Result<UnloopaCallStarted> &started = *outcome->result;
    if (!started.ok())
        return context.fail(started.error());
    return context.succeed(
            started->toJson(),
            QStringLiteral("Call %1 to %2: %3 (1 credit; sent once, never retried). Follow it with: "
                           "campaign-console-cli voice calls show %1")
                    .arg(started->callId, request.phoneNumber, started->status));
}

// --- create, activate, trigger (through the outbound guard) -------------------------------------

// The campaign controller with the services, the guard and the store it needs, for one command.
struct Campaigns
{
    explicit Campaigns(CliContext &context)
        : opened(UnloopaCli::openVoiceStore()),
          voice(context.hub().unloopa()),
          controller(context.hub().unloopa(), &voice, context.outbound().guard(), opened->store.get())
    { }
    std::unique_ptr<UnloopaCli::VoiceStore> opened;
    UnloopaVoiceService voice;
    VoiceCampaignController controller;
};

template<typename T, typename Start>
Result<T> awaitController(CliContext &context, Start &&start)
{
    return context.await<T>([&](const QObject *receiver, auto done) { start(receiver, done); });
}

QJsonArray leadIds(const QList<UnloopaLead> &leads)
{
    QJsonArray ids;
    for (const UnloopaLead &lead : leads)
        ids.append(lead.id);
    return ids;
}

QJsonObject planJson(const VoiceCampaignController::Plan &plan)
{
    QJsonArray refused;
    for (const RecipientVerdict &verdict : plan.refused)
        refused.append(verdict.toJson());
    QStringList days;
    for (int day : plan.schedule.days)
        days << UnloopaCampaignFields::dayNames().value(day - 1);
    const QString window = plan.schedule.start.toString(QStringLiteral("HH:mm")) + QLatin1Char('-') +
            plan.schedule.end.toString(QStringLiteral("HH:mm"));
    const QJsonObject schedule{{QStringLiteral("timezone"), QString::fromUtf8(plan.schedule.zone.id())},
                               {QStringLiteral("window"), window},
                               {QStringLiteral("days"), days.join(QLatin1Char(','))}};
    return {{QStringLiteral("callable"), leadIds(plan.callable)},
            {QStringLiteral("withoutPhone"), leadIds(plan.withoutPhone)},
            {QStringLiteral("refused"), refused},
            {QStringLiteral("schedule"), schedule}};
}

int campaignsCreate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    UnloopaCli::addCampaignFieldOptions(parser);
    parser.addOption({QStringLiteral("lead"),
                      QStringLiteral("A lead to call (repeatable, or comma-separated)."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("dry-run"),
                      QStringLiteral("Print the callable leads and what the outbound guard refuses; create "
                                     "nothing.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(
                QStringLiteral("'voice campaigns create' takes options only (see --help)."));
    QString problem;
    auto fields = UnloopaCli::campaignFields(parser, &problem);
    if (!fields)
        return context.usageError(problem);
    const QStringList ids = UnloopaCli::listOption(parser, QStringLiteral("lead"));
    if (ids.isEmpty())
        return context.usageError(QStringLiteral("Give the leads to call: --lead <id> (repeatable)."));
    // Checked with the leads the dry run will clear, once they are known.
    fields->leadIds = ids;
    if (problem = fields->createProblem(); !problem.isEmpty())
        return context.usageError(problem);

    const Result<QList<UnloopaLead>> leads = UnloopaCli::fetchLeads(context, ids);
    if (!leads.ok())
        return context.fail(leads.error());
    Campaigns campaigns(context);
    if (!campaigns.opened->status)
        return UnloopaCli::storeFailed(context, campaigns.opened->status);
    const VoiceCampaignController::Plan plan = campaigns.controller.plan(leads.value(), *fields);
    const QJsonObject planned = planJson(plan);
    const QString summary = QStringLiteral("%1 of %2 lead(s) callable; %3 refused by the guard, %4 without a "
                                           "phone number.")
                                    .arg(plan.callable.size())
                                    .arg(ids.size())
                                    .arg(plan.refused.size())
                                    .arg(plan.withoutPhone.size());
    if (parser.isSet(QStringLiteral("dry-run"))) {
        if (!plan.refused.isEmpty())
            return context.refused(planned, QStringLiteral("Dry run: ") + summary);
        return context.succeed(planned, QStringLiteral("Dry run: %1 Nothing was created.").arg(summary));
    }
    if (plan.callable.isEmpty())
        return context.refused(planned, QStringLiteral("Not created: no lead is callable. ") + summary);

    const Result<UnloopaCampaign> created =
            awaitController<UnloopaCampaign>(context, [&](const QObject *receiver, auto done) {
                campaigns.controller.create(*fields, leads.value(), receiver, done);
            });
    if (!created.ok())
        return context.fail(created.error());
    QJsonObject json = UnloopaCli::campaignJson(created.value(), campaigns.opened->store.get());
    json.insert(QStringLiteral("plan"), planned);
    return context.succeed(json,
                           QStringLiteral("Draft campaign %1 created for %2 lead(s). %3 Activate it with: "
                                          "campaign-console-cli voice campaigns activate %1 --yes")
                                   .arg(created->id)
                                   .arg(plan.callable.size())
                                   .arg(summary));
}

int campaignsActivate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The campaign's id."));
    parser.addOption({QStringLiteral("yes"),
                      QStringLiteral("Confirm: Unloopa then dials the campaign's leads on its own, spending "
                                     "credits.")});
    parser.addOption(
            {QStringLiteral("bypass-calling-window"),
             QStringLiteral("Activate although the campaign's window reaches outside a lead's calling "
                            "window (needs --reason).")});
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why the window may be bypassed (audit log)."),
                      QStringLiteral("text")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one campaign id."));
    const auto typed = context.typedOverride(parser);
    if (!typed)
        return CliExit::Usage;
    OutboundOverrides overrides;
    overrides.callingWindow = typed->first;
    overrides.reason = typed->second;
    const QString id = parser.positionalArguments().first();
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral(
                        "Activating lets Unloopa dial campaign %1's leads on its own within its window, "
                        "1 credit per call. Add --yes to confirm.")
                        .arg(id));
    Campaigns campaigns(context);
    if (!campaigns.opened->status)
        return UnloopaCli::storeFailed(context, campaigns.opened->status);
    const Result<UnloopaCampaign> activated =
            awaitController<UnloopaCampaign>(context, [&](const QObject *receiver, auto done) {
                campaigns.controller.activate(id, overrides, receiver, done);
            });
    if (!activated.ok()) {
        if (activated.error().code == QLatin1String("outbound_refused"))
            return context.refused(campaigns.controller.lastDecision().toJson(),
                                   QStringLiteral("Not activated: %1").arg(activated.error().explanation));
        return context.fail(activated.error());
    }
    return context.succeed(
            UnloopaCli::campaignJson(activated.value(), campaigns.opened->store.get()),
            QStringLiteral("Campaign %1 is %2 (sent once, never retried).").arg(id, activated->status));
}

int campaignsTrigger(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The campaign's id."));
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Calls to start now, 1-10 (default 10)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm: the calls start now, 1 credit each.")});
    CliContext::addOutboundOptions(
            parser, QStringLiteral("Call outside the leads' calling windows (needs --reason)."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one campaign id."));
    const QString id = parser.positionalArguments().first();
    QString problem;
    const std::optional<int> limit = UnloopaCli::intOption(
            parser, QStringLiteral("limit"), 1, UnloopaTriggerResult::maxLimit, std::nullopt, &problem);
    if (!problem.isEmpty())
        return context.usageError(problem);
    const auto typed = context.typedOverride(parser);
    if (!typed)
        return CliExit::Usage;
    OutboundOverrides overrides;
    overrides.callingWindow = typed->first;
    overrides.reason = typed->second;

    Campaigns campaigns(context);
    if (!campaigns.opened->status)
        return UnloopaCli::storeFailed(context, campaigns.opened->status);
    // The confirmation's figures, and the guard's verdict on every pending lead (Unloopa picks).
    const Result<VoiceCampaignController::TriggerPlan> planned =
            awaitController<VoiceCampaignController::TriggerPlan>(
                    context, [&](const QObject *receiver, auto done) {
                        campaigns.controller.prepareTrigger(id, limit, overrides, receiver, done);
                    });
    if (!planned.ok())
        return context.fail(planned.error());
    const VoiceCampaignController::TriggerPlan &plan = planned.value();
    QJsonObject figures{{QStringLiteral("campaign"), id},
                        {QStringLiteral("pending"), int(plan.pending.size())},
                        {QStringLiteral("calls"), plan.calls},
                        {QStringLiteral("credits"), plan.credits},
                        {QStringLiteral("guard"), plan.decision.toJson()}};
    if (!plan.decision.allAllowed()) {
        return context.refused(figures,
                               QStringLiteral("Not triggered: %1 of %2 pending lead(s) may not be called "
                                              "now, and Unloopa picks which it calls.")
                                       .arg(plan.decision.refusedCount())
                                       .arg(plan.pending.size()));
    }
    if (parser.isSet(QStringLiteral("dry-run")))
        return context.succeed(figures,
                               QStringLiteral("Dry run: %1 call(s) would start, spending %2 credit(s); "
                                              "nothing was sent.")
                                       .arg(plan.calls)
                                       .arg(plan.credits));
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would start %1 call(s) now, spending %2 voice credit(s). Add "
                               "--yes to confirm.")
                        .arg(plan.calls)
                        .arg(plan.credits));
    if (const auto refused = quotaRefusal(context, qMax(1, plan.credits)))
        return *refused;

    const Result<UnloopaTriggerResult> triggered =
            awaitController<UnloopaTriggerResult>(context, [&](const QObject *receiver, auto done) {
                campaigns.controller.trigger(id, limit, overrides, receiver, done);
            });
    if (!triggered.ok()) {
        if (triggered.error().code == QLatin1String("outbound_refused"))
            return context.refused(campaigns.controller.lastDecision().toJson(),
                                   QStringLiteral("Not triggered: %1").arg(triggered.error().explanation));
        return context.fail(triggered.error());
    }
    return context.succeed(triggered->toJson(),
                           QStringLiteral("%1 call(s) started (1 credit each; sent once, never retried).")
                                   .arg(triggered->triggered));
}

const CliRegistration registration({
        {QStringLiteral("outreach send"),
         QStringLiteral(
                 "Has Unloopa email the leads through the outbound guard (do-not-contact list), in batches "
                 "of at most 100, never beyond today's capacity unless told; each batch sent once."),
         QStringLiteral("--lead <id>... [--template <id> | --subject <text> --body <text>] "
                        "[--beyond-remaining-today] [--dry-run] --yes"),
         kUnloopa, outreachSend},
        {QStringLiteral("numbers buy"),
         QStringLiteral("Rents a number from the search results ($1/month; sent once, never retried)."),
         QStringLiteral("<e164> --yes"), kUnloopa, numbersBuy},
        {QStringLiteral("voice call"),
         QStringLiteral(
                 "Places one Unloopa voice call through the outbound guard (POST /voice/call, 1 credit; "
                 "never retried)."),
         QStringLiteral("--agent <id> --to <number> [--lead <id>] [--var key=value]... [--region <code>] "
                        "[--bypass-calling-window --reason <text>] [--dry-run] --yes"),
         kUnloopa, placeCall},
        {QStringLiteral("voice campaigns create"),
         QStringLiteral(
                 "Creates a draft campaign for the leads the outbound guard clears (dry run first; sent "
                 "as lead_ids, never as a filter)."),
         QStringLiteral("--name <text> --number <id> (--agent <id> | --voice-id <id> --script <text>) --lead "
                        "<id>... ") +
                 UnloopaCli::campaignFieldUsage() + QStringLiteral(" [--dry-run]"),
         kUnloopa, campaignsCreate},
        {QStringLiteral("voice campaigns activate"),
         QStringLiteral("Lets Unloopa dial the campaign's leads, once its window and days lie inside every "
                        "lead's calling window."),
         QStringLiteral("<id> [--bypass-calling-window --reason <text>] --yes"), kUnloopa, campaignsActivate},
        {QStringLiteral("voice campaigns trigger"),
         QStringLiteral(
                 "Starts up to 10 of an active campaign's pending calls now, every pending lead cleared "
                 "first (1 credit each)."),
         QStringLiteral("<id> [--limit <1-10>] [--bypass-calling-window --reason <text>] [--dry-run] --yes"),
         kUnloopa, campaignsTrigger},
});

} // namespace

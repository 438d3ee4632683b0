#include "Pages.h"

#include "DashboardPage.h"
#include "PlaceholderPage.h"
#include "SettingsPage.h"
#include "accounts/AccountsPage.h"
#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "leads/LeadsPage.h"

namespace Pages {

QList<PageEntry> all()
{
    return {
            {QStringLiteral("dashboard"), QStringLiteral("Dashboard"), QStringLiteral("dashboard"),
             [](const PageContext &context) {
                 return new DashboardPage(context.hub);
             }},
            {QStringLiteral("leads"), QStringLiteral("Leads"), QStringLiteral("leads"),
             [](const PageContext &context) {
                 return new LeadsPage(context.hub->unloopa(), nullptr, context.notifier, nullptr,
                                      context.databasePath);
             }},
            {QStringLiteral("email"), QStringLiteral("Email campaigns"), QStringLiteral("email"),
             [](const PageContext &) {
                 return new PlaceholderPage(
                         QStringLiteral("email"), QStringLiteral("Email campaigns"),
                         QStringLiteral(
                                 "A later version runs Outreach2day cold-email campaigns here: steps with "
                                 "A/B variants, contact import, mailboxes, schedule, preflight and "
                                 "launch, then stats and replies."),
                         QStringLiteral("Today: save your Outreach2day key and workspace under Accounts and "
                                        "test the connection."));
             }},
            {QStringLiteral("voice"), QStringLiteral("Voice"), QStringLiteral("voice"),
             [](const PageContext &) {
                 return new PlaceholderPage(
                         QStringLiteral("voice"), QStringLiteral("Voice"),
                         QStringLiteral(
                                 "A later version schedules voice-AI calls here: Verloop campaign calls "
                                 "with variables, callback and calling-window rules."),
                         QStringLiteral(
                                 "Today: save your Verloop token and client ID under Accounts (Verloop "
                                 "has no test endpoint, so their format is checked)."));
             }},
            {QStringLiteral("calls"), QStringLiteral("Calls & costs"), QStringLiteral("calls"),
             [](const PageContext &context) {
                 return new CallsPage(context.hub, context.notifier, nullptr, context.databasePath);
             }},
            {QStringLiteral("events"), QStringLiteral("Events"), QStringLiteral("events"),
             [](const PageContext &) {
                 return new PlaceholderPage(
                         QStringLiteral("events"), QStringLiteral("Events"),
                         QStringLiteral(
                                 "A later version receives the vendors' webhooks here — call results from "
                                 "UnlimCall, replies and bounces from Outreach2day — verified, stored and "
                                 "listed."),
                         QString());
             }},
            {QStringLiteral("accounts"), QStringLiteral("Accounts"), QStringLiteral("accounts"),
             [](const PageContext &context) {
                 return new AccountsPage(context.hub);
             }},
            {QStringLiteral("settings"), QStringLiteral("Settings"), QStringLiteral("settings"),
             [](const PageContext &context) {
                 return new SettingsPage(context.hub);
             }},
    };
}

} // namespace Pages

#include "Pages.h"

#include "DashboardPage.h"
#include "SettingsPage.h"
#include "accounts/AccountsPage.h"
#include "accounts/ServiceHub.h"
#include "calls/CallsPage.h"
#include "email/EmailPage.h"
#include "events/EventsPage.h"
#include "leads/LeadsPage.h"
#include "outbound/OutboundSafety.h"
#include "safety/SafetyPage.h"
#include "unloopa/UnloopaOutreachPage.h"
#include "unloopa/UnloopaVoicePage.h"
#include "voice/VoicePage.h"

#include <QCoreApplication>

namespace Pages {

QList<PageEntry> all()
{
    return {
            {QStringLiteral("dashboard"), QCoreApplication::translate("Pages", "Dashboard"),
             QStringLiteral("dashboard"),
             [](const PageContext &context) {
                 return new DashboardPage(context.hub);
             }},
            {QStringLiteral("leads"), QCoreApplication::translate("Pages", "Leads"), QStringLiteral("leads"),
             [](const PageContext &context) {
                 return new LeadsPage(context.hub->unloopa(), nullptr, context.notifier, nullptr,
                                      context.databasePath);
             }},
            {QStringLiteral("email"), QCoreApplication::translate("Pages", "Email campaigns"),
             QStringLiteral("email"),
             [](const PageContext &context) {
                 auto *page = new EmailPage(context.hub->outreach2day(), context.outbound, context.notifier,
                                            context.hub->credentialStore(), context.databasePath);
                 if (context.hub->isDemo())
                     page->setDemoCampaigns(context.hub->demoCampaigns(Vendor::Outreach2day));
                 return page;
             }},
            {QStringLiteral("voice"), QCoreApplication::translate("Pages", "Voice"), QStringLiteral("voice"),
             [](const PageContext &context) {
                 return new VoicePage(context.hub, context.outbound ? context.outbound->guard() : nullptr,
                                      context.notifier, context.databasePath);
             }},
            {QStringLiteral("calls"), QCoreApplication::translate("Pages", "Calls & costs"),
             QStringLiteral("calls"),
             [](const PageContext &context) {
                 auto *page = new CallsPage(context.hub, context.notifier, nullptr, context.databasePath);
                 if (context.outbound)
                     page->setOutboundGuard(context.outbound->guard());
                 return page;
             }},
            {QStringLiteral("events"), QCoreApplication::translate("Pages", "Events"),
             QStringLiteral("events"),
             [](const PageContext &context) {
                 return new EventsPage(context.liveEvents, context.notifier);
             }},
            {QStringLiteral("accounts"), QCoreApplication::translate("Pages", "Accounts"),
             QStringLiteral("accounts"),
             [](const PageContext &context) {
                 return new AccountsPage(context.hub);
             }},
            {QStringLiteral("settings"), QCoreApplication::translate("Pages", "Settings"),
             QStringLiteral("settings"),
             [](const PageContext &context) {
                 return new SettingsPage(context.hub, context.outbound, context.liveEvents);
             }},
            {QStringLiteral("safety"), QCoreApplication::translate("Pages", "Safety"),
             QStringLiteral("safety"),
             [](const PageContext &context) {
                 return new SafetyPage(context.outbound, context.notifier);
             }},
            {QStringLiteral("unloopa-voice"), QCoreApplication::translate("Pages", "Unloopa Voice"),
             QStringLiteral("voice"),
             [](const PageContext &context) {
                 return new UnloopaVoicePage(context.hub->unloopa(),
                                             context.outbound ? context.outbound->guard() : nullptr,
                                             context.databasePath);
             }},
            {QStringLiteral("unloopa-outreach"), QCoreApplication::translate("Pages", "Unloopa Outreach"),
             QStringLiteral("email"),
             [](const PageContext &context) {
                 return new UnloopaOutreachPage(context.hub->unloopa(), nullptr, context.databasePath);
             }},
    };
}

} // namespace Pages

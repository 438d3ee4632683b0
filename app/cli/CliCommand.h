#pragma once

#include "core/Vendor.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class CliContext;

// Exit status of campaign-console-cli. Scripts rely on these: keep them stable.
namespace CliExit {
enum Code : int {
    Ok = 0,
    VendorError = 1, // the vendor answered with an error (or an answer the console cannot read)
    Usage = 2, // unknown command, bad option or argument
    NotConfigured = 3, // credentials missing or refused (401) / keychain unavailable or locked / URL refused
    Network = 4, // no connection, timeout, redirect refused, cancelled
    Refused = 5, // the outbound guard refused a recipient (do-not-contact, calling window, cap...)
    Preflight = 6, // `email preflight`: the campaign's launch checks still have blocking failures
};
} // namespace CliExit

// One subcommand of campaign-console-cli ("quota", "leads list", "accounts test").
//
// A file adds its commands with a CliRegistration at namespace scope (the file is compiled into
// the executable, so the registration always runs before main()):
//
//   namespace {
//   int leadsList(CliContext &context, const QStringList &arguments) { ... }
//   const CliRegistration registration({
//       {QStringLiteral("leads list"), QStringLiteral("Lists generated leads"),
//        QStringLiteral("[--city <text>] [--limit <1-100>]"), {Vendor::Unloopa}, leadsList},
//   });
//   } // namespace
//
// and lists the file in app/cli/CMakeLists.txt.
struct CliCommand
{
    QString name; // one or more words separated by single spaces: "leads export"
    QString summary; // one line for `campaign-console-cli help`
    QString usage; // what follows the name: "[--limit <n>] <job-id>"
    // The vendors whose credentials run() needs. Before run() the dispatcher loads them
    // (environment variables first, else the keychain; the sandbox's demo tokens with --demo) and
    // installs them on the vendor clients; a vendor without usable credentials ends the command
    // with exit status 3 and the reason, so run() can assume they are there.
    QList<Vendor> vendors;
    // Gets the arguments after the name (global options such as --demo and --<vendor>-url are
    // already removed). Returns the exit status: use CliContext::succeed()/fail()/usageError().
    std::function<int(CliContext &context, const QStringList &arguments)> run;
};

// Registers commands at static-initialisation time (see CliCommand).
struct CliRegistration
{
    explicit CliRegistration(const QList<CliCommand> &commands);
};

namespace CliCommands {
// Every registered command, sorted by name.
QList<CliCommand> all();
// The command whose name matches the longest run of leading `arguments`; `*consumed` is the
// number of words that matched. Null when none does.
const CliCommand *find(const QStringList &arguments, int *consumed);
} // namespace CliCommands

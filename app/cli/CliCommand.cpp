#include "CliCommand.h"

#include <algorithm>

namespace {
// A function-local static: registrations run during static initialisation, in any order.
QList<CliCommand> &registry()
{
    static QList<CliCommand> commands;
    return commands;
}
} // namespace

CliRegistration::CliRegistration(const QList<CliCommand> &commands)
{
    registry().append(commands);
}

namespace CliCommands {

QList<CliCommand> all()
{
    QList<CliCommand> commands = registry();
    std::sort(commands.begin(), commands.end(),
              [](const CliCommand &a, const CliCommand &b) { return a.name < b.name; });
    return commands;
}

const CliCommand *find(const QStringList &arguments, int *consumed)
{
    const CliCommand *best = nullptr;
    int bestWords = 0;
    for (const CliCommand &command : registry()) {
        const QStringList words = command.name.split(QLatin1Char(' '));
        if (words.size() <= bestWords || words.size() > arguments.size())
            continue;
        if (std::equal(words.cbegin(), words.cend(), arguments.cbegin())) {
            best = &command;
            bestWords = int(words.size());
        }
    }
    if (consumed)
        *consumed = bestWords;
    return best;
}

} // namespace CliCommands

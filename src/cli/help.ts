import { type Command, Help, type Option } from 'commander';

/**
 * The top-level help shows the default command's arguments and options, grouped as in
 * `check --help` (Inputs, Config, Output, Fixing, Caching, Baseline, Miscellaneous), then the
 * commands; every other command's help is commander's own. For `configureHelp`.
 */
export function topLevelHelp(program: Command, defaultCommand: Command): Partial<Help> {
  return {
    formatHelp(cmd: Command, helper: Help): string {
      if (cmd !== program) return Help.prototype.formatHelp.call(helper, cmd, helper);
      const options = unique([...helper.visibleOptions(defaultCommand), ...helper.visibleOptions(program)]);
      const args = helper.visibleArguments(defaultCommand);
      const commands = helper.visibleCommands(program);
      const width = Math.max(
        ...options.map((o) => helper.displayWidth(helper.styleOptionTerm(helper.optionTerm(o)))),
        ...args.map((a) => helper.displayWidth(helper.styleArgumentTerm(helper.argumentTerm(a)))),
        ...commands.map((c) => helper.displayWidth(helper.styleSubcommandTerm(helper.subcommandTerm(c)))),
      );
      const item = (term: string, description: string): string => helper.formatItem(term, width, description, helper);
      const section = (title: string, items: [string, string][]): string[] =>
        helper.formatItemList(
          title,
          items.map(([term, text]) => item(term, text)),
          helper,
        );
      let out = [`${helper.styleTitle('Usage:')} ${helper.styleUsage(helper.commandUsage(program))}`, ''];
      const description = helper.commandDescription(program);
      if (description)
        out.push(helper.boxWrap(helper.styleCommandDescription(description), helper.helpWidth ?? 80), '');
      out = out.concat(
        section(
          'Arguments (of the default command, check):',
          args.map((a) => [
            helper.styleArgumentTerm(helper.argumentTerm(a)),
            helper.styleArgumentDescription(helper.argumentDescription(a)),
          ]),
        ),
      );
      for (const [group, list] of helper.groupItems(options, options, (o) => o.helpGroupHeading ?? 'Options:'))
        out = out.concat(
          section(
            group,
            list.map((o) => [
              helper.styleOptionTerm(helper.optionTerm(o)),
              helper.styleOptionDescription(helper.optionDescription(o)),
            ]),
          ),
        );
      out = out.concat(
        section(
          'Commands:',
          commands.map((c) => [
            helper.styleSubcommandTerm(helper.subcommandTerm(c)),
            helper.styleSubcommandDescription(helper.subcommandDescription(c)),
          ]),
        ),
      );
      return out.join('\n');
    },
  };
}

/** The help option appears in both lists: keep the first of each flag. */
function unique(options: Option[]): Option[] {
  const seen = new Set<string>();
  return options.filter((o) => {
    const key = o.flags;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';

export interface SubCommand {
  name: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A command with sub-commands (`penumbra links create …`): dispatch, and help listing them all. */
export function groupCommand(name: string, summary: string, subCommands: readonly SubCommand[]): Command {
  const help = [
    `Usage: penumbra ${name} <${subCommands.map((sub) => sub.name).join('|')}> [options]`,
    '',
    summary,
    '',
    ...subCommands.map((sub) => sub.usage),
  ].join('\n');
  return {
    name,
    summary,
    help,
    async run(args, io) {
      const [subName, ...rest] = args;
      if (subName === undefined || subName === '--help' || subName === '-h') {
        io.stdout.write(`${help}\n`);
        return subName === undefined ? 2 : 0;
      }
      const sub = subCommands.find((candidate) => candidate.name === subName);
      if (!sub) throw new UsageError(`unknown sub-command "${subName}"`);
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout.write(`Usage: penumbra ${name}\n${sub.usage}\n`);
        return 0;
      }
      return sub.run(rest, io);
    },
  };
}

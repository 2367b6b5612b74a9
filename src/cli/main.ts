import { ConfigError } from '../config.js';
import { packageVersion } from '../package-version.js';
import { alertsCommand } from './alerts-command.js';
import { backupCommand } from './backup-command.js';
import { classifyCommand } from './classify-command.js';
import { type CliIo, type Command, UsageError } from './command.js';
import { funnelsCommand } from './funnels-command.js';
import { goalsCommand } from './goals-command.js';
import { importLogCommand } from './import-log-command.js';
import { linksCommand } from './links-command.js';
import { previewCommand } from './preview-command.js';
import { privacyCommand } from './privacy-command.js';
import { reportsCommand } from './reports-command.js';
import { UnknownSiteError } from './require-site.js';
import { seedCommand } from './seed-command.js';
import { serveCommand } from './serve-command.js';
import { sitesCommand } from './sites-command.js';
import { tokenCommand } from './token-command.js';
import { webhooksCommand } from './webhooks-command.js';

const COMMANDS: readonly Command[] = [
  serveCommand,
  classifyCommand,
  sitesCommand,
  linksCommand,
  previewCommand,
  tokenCommand,
  webhooksCommand,
  reportsCommand,
  alertsCommand,
  goalsCommand,
  funnelsCommand,
  importLogCommand,
  seedCommand,
  privacyCommand,
  backupCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: penumbra <command> [options]',
    '',
    'Penumbra measures dark social: links shared in private channels that analytics call "direct".',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "penumbra <command> --help" for the options of one command, "penumbra --version" for the version.',
  ].join('\n');
}

const processIo: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

function isFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).path === 'string';
}

/** Runs one CLI invocation; resolves to the exit status. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`penumbra ${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`penumbra: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`penumbra ${name}: ${error.message}\nRun "penumbra ${name} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof UnknownSiteError) {
      io.stderr.write(`penumbra ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`penumbra ${name}: configuration error: ${error.message}\n`);
      return 2;
    }
    if (isFileError(error)) {
      io.stderr.write(`penumbra ${name}: cannot read ${error.path}: ${error.code}\n`);
      return 1;
    }
    throw error;
  }
}

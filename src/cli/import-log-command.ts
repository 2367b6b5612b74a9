import { type ImportSummary, importAccessLog } from '../import-log/import-access-log.js';
import { isLogFormat, LOG_FORMATS } from '../import-log/parse-line.js';
import { ProgressBar } from '../import-log/progress-bar.js';
import { totalSourceBytes } from '../import-log/read-log-lines.js';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import type { Services } from '../services.js';
import { findOrCreateSite } from '../sites/find-or-create-site.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { withServices } from './with-services.js';

const HELP = `Usage: penumbra import-log --site DOMAIN [--format ${LOG_FORMATS.join('|')}] FILE…

Reads nginx/Apache access logs (FILE.gz is read directly; "-" reads standard input) and
classifies every request: link-preview fetchers become share signals per app, people become
visits per channel, bots are counted apart; static assets, redirects and errors are skipped.
The site is created if it does not exist. Importing the same lines twice stores them once.
Bad lines are counted and the first few shown; the import never stops for them.
IP addresses and user agents are used in memory only, never stored.

Options:
  --site DOMAIN    The site the log belongs to (required).
  --format NAME    combined (default: Apache/nginx combined), vhost_combined (Apache), or json
                   (one object per line; nginx log_format … escape=json field names).
  --json           Print the summary as JSON.
  -h, --help       Show this help.`;

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${count}`).join(', ');
}

function printSummary(summary: ImportSummary, io: CliIo, json: boolean): void {
  if (json) {
    const { bad, ...rest } = summary;
    io.stdout.write(
      `${JSON.stringify({ ...rest, bad: bad.total, badByCode: Object.fromEntries(bad.counts) })}\n`,
    );
    return;
  }
  io.stdout.write(
    [
      `${summary.lines} lines: ${summary.stored} events stored, ${summary.duplicates} already imported`,
      `visits by channel: ${formatCounts(summary.visits)}`,
      `shares (link previews) by app: ${formatCounts(summary.previews)}`,
      `bots: ${summary.bots}`,
      `skipped: ${formatCounts(summary.skipped)}`,
      `bad lines: ${summary.bad.summary() || 'none'}`,
      '',
    ].join('\n'),
  );
}

function siteFor(services: Services, domain: string) {
  return findOrCreateSite(services, CLI_ACTOR, { domain });
}

export const importLogCommand: Command = {
  name: 'import-log',
  summary: 'Import nginx/Apache access logs: shares, visits per channel, bots',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      site: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const domain = values.site as string | undefined;
    if (!domain) throw new UsageError('--site DOMAIN is required');
    const format = (values.format as string | undefined) ?? 'combined';
    if (!isLogFormat(format)) throw new UsageError(`--format is one of ${LOG_FORMATS.join(', ')}`);
    if (positionals.length === 0) throw new UsageError('give at least one log file, or - for standard input');
    const stderr = io.stderr as CliIo['stderr'] & { isTTY?: boolean; columns?: number };
    const progress = new ProgressBar({
      stream: stderr,
      totalBytes: await totalSourceBytes(positionals),
      label: 'penumbra import-log',
    });
    return reportInputErrors(io, 'import-log', () =>
      withServices(io, async (services) => {
        const site = await siteFor(services, domain);
        const summary = await importAccessLog(services.store, {
          site,
          format,
          sources: positionals,
          stdin: io.stdin,
          progress,
          onBadLine: (text) => progress.message(`bad line ${text}`),
        });
        progress.finish();
        printSummary(summary, io, Boolean(values.json));
        return 0;
      }),
    );
  },
};

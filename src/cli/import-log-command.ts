import { bulkEventWriter } from '../events/bulk-event-writer.js';
import { type ImportSummary, importAccessLog } from '../import-log/import-access-log.js';
import { isLogFormat, LOG_FORMATS } from '../import-log/parse-line.js';
import { countOf, ProgressBar } from '../import-log/progress-bar.js';
import { totalSourceBytes } from '../import-log/read-log-lines.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { withServices } from './with-services.js';

const HELP = `Usage: penumbra import-log --site DOMAIN [--create-site] [--format ${LOG_FORMATS.join('|')}]
       [--max-bad-ratio R] FILE…

Reads nginx/Apache access logs (FILE.gz is read directly; "-" reads standard input) and
classifies every request: link-preview fetchers become share signals per app, people become
visits per channel, bots are counted apart; static assets, redirects and errors are skipped.
Importing the same lines twice stores them once.
Bad lines are counted and the first few shown; the import does not stop for them, but when no
line could be read, or more than --max-bad-ratio of them were bad (the wrong --format, or not
an access log at all), it ends with exit status 1 (the good lines are stored all the same).
IP addresses and user agents are used in memory only, never stored.

Options:
  --site DOMAIN      The site the log belongs to (required). An unknown site stops the import
                     (exit status 2, the known sites listed) unless --create-site is given.
  --create-site      Create the site if it does not exist.
  --format NAME      combined (default: Apache/nginx combined), vhost_combined (Apache), or json
                     (one object per line; nginx log_format … escape=json field names).
  --max-bad-ratio R  The share of bad lines, 0 to 1, above which the import fails (default 0.5).
  --json             Print the summary as JSON.
  -h, --help         Show this help.

Exit status: 0 imported; 1 no valid line, too many bad lines, or an unreadable file; 2 usage
error or unknown site.`;

const DEFAULT_MAX_BAD_RATIO = 0.5;

function readRatio(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BAD_RATIO;
  const ratio = Number(value);
  if (String(value).trim() === '' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new UsageError(`--max-bad-ratio is a number from 0 to 1 (0.5 is 50 %), got "${value}"`);
  }
  return ratio;
}

/**
 * Why the import counts as failed, or undefined: no line could be read, or too many were bad
 * (issue 16: a README or a PNG gave "255 bad lines, 0 events stored" and exit status 0).
 */
export function importFailure(summary: ImportSummary, maxBadRatio: number): string | undefined {
  const bad = summary.bad.total;
  const good = summary.lines - bad;
  const hint = 'Is it an access log, and in that --format (combined, vhost_combined or json)?';
  if (good <= 0) {
    return summary.lines === 0
      ? 'the input holds no line: nothing was imported.'
      : `none of the ${countOf(summary.lines, 'line')} could be read: nothing was imported. ${hint}`;
  }
  const ratio = bad / summary.lines;
  if (ratio > maxBadRatio) {
    return `${Math.round(ratio * 100)} % of the lines were bad (${bad} of ${summary.lines}), over --max-bad-ratio ${maxBadRatio}. ${hint} The ${countOf(good, 'good line')} ${good === 1 ? 'was' : 'were'} imported.`;
  }
  return undefined;
}

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
      `${countOf(summary.lines, 'line')}: ${countOf(summary.stored, 'event')} stored, ${summary.duplicates} already imported`,
      `visits by channel: ${formatCounts(summary.visits)}`,
      `shares (link previews) by app: ${formatCounts(summary.previews)}`,
      `bots: ${summary.bots}`,
      `skipped: ${formatCounts(summary.skipped)}`,
      `bad lines: ${summary.bad.summary() || 'none'}`,
      '',
    ].join('\n'),
  );
}

export const importLogCommand: Command = {
  name: 'import-log',
  summary: 'Import nginx/Apache access logs: shares, visits per channel, bots',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      site: { type: 'string' },
      'create-site': { type: 'boolean' },
      format: { type: 'string' },
      'max-bad-ratio': { type: 'string' },
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
    const maxBadRatio = readRatio(values['max-bad-ratio']);
    if (positionals.length === 0) throw new UsageError('give at least one log file, or - for standard input');
    const stderr = io.stderr as CliIo['stderr'] & { isTTY?: boolean; columns?: number };
    const progress = new ProgressBar({
      stream: stderr,
      totalBytes: await totalSourceBytes(positionals),
      label: 'penumbra import-log',
    });
    return reportInputErrors(io, 'import-log', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, domain, {
          create: values['create-site'] === true,
          createOption: '--create-site',
        });
        const writer = bulkEventWriter(services.config, services.store);
        const summary = await importAccessLog(services.store, {
          site,
          format,
          sources: positionals,
          stdin: io.stdin,
          progress,
          onBadLine: (text) => progress.message(`bad line ${text}`),
          writer,
        }).finally(() => writer.writer.close?.());
        progress.finish();
        printSummary(summary, io, Boolean(values.json));
        const failure = importFailure(summary, maxBadRatio);
        if (failure === undefined) return 0;
        io.stderr.write(`penumbra import-log: ${failure}\n`);
        return 1;
      }),
    );
  },
};

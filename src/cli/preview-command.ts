import { loadConfig } from '../config.js';
import type { PreviewCard } from '../previews/build-card.js';
import { isPreviewAppId, PREVIEW_APP_IDS, type PreviewAppId } from '../previews/preview-apps.js';
import { type AppReport, PreviewLab, type PreviewReport, PreviewUrlError } from '../previews/preview-lab.js';
import { type CliIo, type Command, UsageError } from './command.js';
import { parseOptions } from './parse-options.js';

const HELP = `Usage: penumbra preview URL [--app APP]... [--lang en|fr] [--json]

Fetches URL the way each chat app's link-preview fetcher does (its user agent, redirects,
bytes read, image limits) and prints each app's card as text, then what is wrong with it
and how to fix it. For publishers' CI pipelines: the exit status is 1 when any app has an
error-level warning (no card, or a broken one), 0 otherwise, 2 on a usage error.

Apps: ${PREVIEW_APP_IDS.join(', ')}.
Loopback URLs are refused unless PENUMBRA_OUTBOUND_ALLOW_LOOPBACK=true (docs/operations.md).

Options:
  --app APP    Only this app; repeat for several. Default: every app.
  --lang L     Language of the warnings and fixes: en (default) or fr.
  --json       Print the report as JSON (the answer of POST /api/previews/check).
  -h, --help   Show this help.`;

const MARK = { error: '✗', warning: '!', info: 'i' } as const;
const LABEL = {
  en: { none: 'no card', text: 'text card, no image', small: 'small image card', large: 'large image card' },
  fr: {
    none: 'pas d’aperçu',
    text: 'aperçu texte, sans image',
    small: 'aperçu petite image',
    large: 'aperçu grande image',
  },
} as const;

type Lang = keyof typeof LABEL;

function readApps(raw: string[] | undefined): PreviewAppId[] | undefined {
  if (!raw) return undefined;
  for (const app of raw) {
    if (!isPreviewAppId(app))
      throw new UsageError(`Unknown app "${app}". Apps: ${PREVIEW_APP_IDS.join(', ')}.`);
  }
  return raw as PreviewAppId[];
}

function imageLine(card: PreviewCard): string | undefined {
  const image = card.image;
  if (!image) return undefined;
  const size = image.width && image.height ? `${image.width}×${image.height}` : '?×?';
  const weight = image.bytes === undefined ? '' : `, ${Math.round(image.bytes / 1024)} KB`;
  return `[image ${size}${weight}] ${image.url}`;
}

function cardLines(card: PreviewCard): string[] {
  if (card.layout === 'none') return [];
  const lines = [
    card.layout === 'large' ? imageLine(card) : undefined,
    card.siteName,
    card.layout === 'small' ? `${card.title ?? ''}  ${imageLine(card) ?? ''}`.trim() : card.title,
    card.description,
    card.domain,
  ];
  return lines.filter((line): line is string => Boolean(line)).map((line) => `  │ ${line}`);
}

function appLines(report: AppReport, lang: Lang): string[] {
  const status =
    report.fetch.status === undefined ? (report.fetch.error?.code ?? '?') : `HTTP ${report.fetch.status}`;
  const hops = report.fetch.redirects.length > 0 ? `, ${report.fetch.redirects.length} redirect(s)` : '';
  const lines = [
    `${report.name} — ${LABEL[lang][report.card.layout]} (${status}${hops})`,
    ...cardLines(report.card),
  ];
  for (const warning of report.warnings) {
    lines.push(`  ${MARK[warning.severity]} ${warning.severity}: ${warning.message[lang]}`);
    lines.push(`      → ${warning.fix[lang]}`);
  }
  return lines;
}

function textReport(report: PreviewReport, lang: Lang): string {
  const blocks = report.apps.map((entry) => appLines(entry, lang).join('\n'));
  const { error, warning, info } = report.counts;
  const summary =
    lang === 'fr'
      ? `${report.url} : ${error} erreur(s), ${warning} avertissement(s), ${info} info(s), vérifié en ${report.elapsedMs} ms`
      : `${report.url}: ${error} error(s), ${warning} warning(s), ${info} info, checked in ${report.elapsedMs} ms`;
  return `${blocks.join('\n\n')}\n\n${summary}\n`;
}

export const previewCommand: Command = {
  name: 'preview',
  summary: 'Show how each chat app draws the link preview of a URL, and what to fix (exit 1 on errors)',
  help: HELP,
  async run(args: string[], io: CliIo) {
    const { values, positionals } = parseOptions(args, {
      app: { type: 'string', multiple: true },
      lang: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [url, ...extra] = positionals;
    if (!url || extra.length > 0) throw new UsageError('Give one URL.');
    const lang = (values.lang ?? 'en') as string;
    if (lang !== 'en' && lang !== 'fr') throw new UsageError('--lang is en or fr.');
    const apps = readApps(values.app as string[] | undefined);
    const lab = new PreviewLab({ allowLoopback: loadConfig(io.env).outboundAllowLoopback, cacheTtlMs: 0 });
    let report: PreviewReport;
    try {
      report = await lab.check({ url, apps });
    } catch (error) {
      if (error instanceof PreviewUrlError) throw new UsageError(error.message);
      throw error;
    }
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : textReport(report, lang));
    return report.counts.error > 0 ? 1 : 0;
  },
};

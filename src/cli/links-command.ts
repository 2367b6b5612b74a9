import { type LinkStats, linkStats } from '../links/link-stats.js';
import type { LinkView } from '../links/link-view.js';
import type { DayRange } from '../stats/query-model.js';
import { readStatsQuery, StatsQueryError } from '../stats/stats-query-schema.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { rangeOption } from './goals-command.js';
import { importKits } from './links-import-command.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const CREATE_USAGE = `  create URL [--site DOMAIN] [--slug SLUG] [--channels whatsapp,sms,…] [--title TEXT]
         [--description TEXT] [--image URL] [--tag TAG]… [--utm utm_campaign=spring]…
         [--expires ISO-DATE] [--max-clicks N] [--autofill] [--json]
      Create a short link; with --channels, a share kit with one tracked link per channel.
      --autofill fills the title, description and image not given from the page's own tags.`;
const LIST_USAGE = `  list [--site DOMAIN] [--tag TAG] [--limit N] [--offset N] [--json]
      List links, newest first.`;
const STATS_USAGE = `  stats SLUG [--period all|30d|…] [--from DAY --to DAY] [--json]
      All-time clicks, previews (shares) and bots of a link's kit: per variant, with its clicks per
      preview and the apps that drew its previews; and by source. With goals on the site, the kit's
      conversions over the period (all by default), per goal.`;

function printLink(link: LinkView): string {
  const rows = [
    ['(main)', link.shortUrl, ''],
    ...link.variants.map((variant) => [variant.channel, variant.shortUrl, variant.shareUrl ?? '']),
  ];
  return `${link.url}\n${formatTable(['CHANNEL', 'SHORT URL', 'SHARE URL'], rows)}`;
}

function parseUtm(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs) return undefined;
  const entries = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--utm takes KEY=VALUE, got "${pair}"`);
    return [pair.slice(0, eq), pair.slice(eq + 1)] as const;
  });
  return Object.fromEntries(entries);
}

function parseCount(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isInteger(count)) throw new UsageError(`${option} takes a whole number, got "${value}"`);
  return count;
}

const create: SubCommand = {
  name: 'create',
  usage: CREATE_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      site: { type: 'string' },
      slug: { type: 'string' },
      channels: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      image: { type: 'string' },
      tag: { type: 'string', multiple: true },
      utm: { type: 'string', multiple: true },
      expires: { type: 'string' },
      'max-clicks': { type: 'string' },
      autofill: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [url] = positionals;
    if (!url)
      throw new UsageError('give the target URL, e.g. "penumbra links create https://example.org/story"');
    const channels = (values.channels as string | undefined)?.split(',').filter(Boolean);
    return reportInputErrors(io, 'links create', () =>
      withServices(io, async (services) => {
        if (typeof values.site === 'string') await requireSite(services, values.site);
        const link = await services.links.create({
          url,
          site: values.site as string | undefined,
          slug: values.slug as string | undefined,
          channels,
          title: values.title as string | undefined,
          description: values.description as string | undefined,
          image: values.image as string | undefined,
          tags: values.tag as string[] | undefined,
          utm: parseUtm(values.utm as string[] | undefined),
          expiresAt: values.expires as string | undefined,
          maxClicks: parseCount(values['max-clicks'], '--max-clicks'),
          autofill: values.autofill === true,
        });
        io.stdout.write(values.json ? `${JSON.stringify(link)}\n` : `${printLink(link)}\n`);
        return 0;
      }),
    );
  },
};

const list: SubCommand = {
  name: 'list',
  usage: LIST_USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, {
      site: { type: 'string' },
      tag: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      json: { type: 'boolean' },
    });
    return withServices(io, async (services) => {
      if (typeof values.site === 'string') await requireSite(services, values.site);
      const page = await services.links.list({
        site: values.site as string | undefined,
        tag: values.tag as string | undefined,
        limit: parseCount(values.limit, '--limit') ?? 50,
        offset: parseCount(values.offset, '--offset') ?? 0,
      });
      if (values.json) io.stdout.write(`${JSON.stringify(page)}\n`);
      else {
        const rows = page.items.map((link) => [link.slug, link.variants.length, link.title ?? '', link.url]);
        io.stdout.write(
          `${formatTable(['SLUG', 'VARIANTS', 'TITLE', 'TARGET'], rows)}\n${page.total} link(s)\n`,
        );
      }
      return 0;
    });
  },
};

const stats: SubCommand = {
  name: 'stats',
  usage: STATS_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [slug] = positionals;
    if (!slug) throw new UsageError('give the slug of the link');
    const dateRange = rangeOption({ ...values, period: values.period ?? 'all' });
    return withServices(io, async ({ links, store, stats: statsService }) => {
      const found = await store.getLinkBySlug(slug);
      const link = found ? await links.get(found.id) : undefined;
      if (!link) {
        io.stderr.write(`penumbra links stats: no link with slug "${slug}"\n`);
        return 1;
      }
      let range: DayRange;
      try {
        // Checked as the stats API checks it: a real day, not reversed, not ten years long.
        const input = readStatsQuery({ site: link.siteId, metrics: ['visits'], date_range: dateRange });
        range = await statsService.range(await statsService.site(link.siteId), input.date_range);
      } catch (error) {
        if (!(error instanceof StatsQueryError)) throw error;
        io.stderr.write(`penumbra links stats: ${error.problems[0]?.code}: ${error.message}\n`);
        return 1;
      }
      const result = await linkStats(store, link, range);
      if (values.json) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
        return 0;
      }
      const counts = (row: { clicks: number; previews: number; bots: number }) => [
        row.clicks,
        row.previews,
        row.bots,
      ];
      // Each link of the kit beside its own clicks, with the apps that drew its previews (issue 16):
      // per source, a preview is filed under the fetching app and a click under the link's channel.
      const variantRows = result.byVariant.map((row) => [
        row.variant,
        row.slug,
        ...counts(row),
        row.clicksPerPreview === null ? '-' : String(Math.round(row.clicksPerPreview * 100) / 100),
        row.previewsByApp.map((app) => `${app.source} ${app.previews}`).join(', '),
      ]);
      const sourceRows = result.bySource.map((row) => [row.source, ...counts(row)]);
      io.stdout.write(
        [
          `${link.shortUrl} → ${link.url}`,
          `all time: clicks ${result.totals.clicks}   previews (shares) ${result.totals.previews}   bots ${result.totals.bots}`,
          '',
          formatTable(
            ['VARIANT', 'SLUG', 'CLICKS', 'PREVIEWS', 'BOTS', 'CLICKS/PREVIEW', 'PREVIEWS DRAWN BY'],
            variantRows,
          ),
          '',
          "By source: a preview counts under the app that fetched the link, a click under the link's channel (compare them per variant, above).",
          formatTable(['SOURCE', 'CLICKS', 'PREVIEWS', 'BOTS'], sourceRows),
          '',
          ...conversionLines(result.conversions),
        ].join('\n'),
      );
      return 0;
    });
  },
};

/** The kit's conversions over the period, per goal; a hint when the site has no goal. */
function conversionLines(conversions: LinkStats['conversions']): string[] {
  if (!conversions) return ['Conversions: the site has no goal (penumbra goals add).', ''];
  return [
    `Conversions from ${conversions.from} to ${conversions.to} (visits its variants brought): ${conversions.total}   converters ${conversions.converters}`,
    formatTable(
      ['GOAL', 'CONVERSIONS', 'CONVERTERS'],
      conversions.byGoal.map((row) => [row.goal, row.conversions, row.converters]),
    ),
    '',
  ];
}

export const linksCommand = groupCommand(
  'links',
  'Create short links and share kits (one at a time or from a CSV), list them, see their stats.',
  [create, list, stats, importKits],
);

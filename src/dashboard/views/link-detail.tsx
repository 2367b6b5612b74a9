import { useMemo, useState } from 'preact/hooks';
import type { Dimension, Filter, Metric, StatsQueryInput } from '../../stats/query-model';
import { Chart, type ChartSpec } from '../components/chart';
import { CheckPreviewsLink } from '../components/check-previews-link';
import { CopyButton } from '../components/copy-button';
import { DataTable } from '../components/data-table';
import { Control } from '../components/field';
import { KeyNumber } from '../components/headline';
import { Link } from '../components/link';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading } from '../components/states';
import { StatsTable } from '../components/stats-table';
import { useI18n } from '../i18n/i18n';
import { seriesColour, sourceLabel } from '../i18n/labels';
import { api, seg } from '../lib/api';
import { bucketsOf, type DateRange } from '../lib/dates';
import { keepContext, navigate, setQuery, useRoute } from '../lib/router';
import { siteStatsSource } from '../lib/stats-source';
import { pastPart } from '../lib/timeline';
import type { LinkStats, Link as ShareLink, Site, StatsResult } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { VariantPreviews } from './variant-previews';

/** Clicks and previews per day as two lines (previews dashed): shares in a chat, then people coming. */
function clicksVsPreviews(i18n: ReturnType<typeof useI18n>, result: StatsResult): ChartSpec {
  const buckets = bucketsOf('time:day', pastPart(result.meta));
  const at = new Map(buckets.map((bucket, index) => [bucket, index]));
  const clicks = buckets.map(() => 0);
  const previews = buckets.map(() => 0);
  for (const row of result.results) {
    const index = at.get(row.dimensions[0] ?? '');
    if (index === undefined) continue;
    previews[index] = row.metrics[0] ?? 0;
    clicks[index] = row.metrics[1] ?? 0;
  }
  return {
    kind: 'lines',
    xLabel: i18n.t('dimension.time:day'),
    labels: buckets,
    formatX: (label) => i18n.day(label),
    formatY: (value) => i18n.number(value),
    series: [
      {
        label: i18n.t('metric.previews'),
        values: previews,
        colour: seriesColour('previews', 0),
        dashed: true,
      },
      { label: i18n.t('metric.clicks'), values: clicks, colour: seriesColour('clicks', 1) },
    ],
  };
}

function KitTable(props: { link: ShareLink }) {
  const i18n = useI18n();
  const { t } = i18n;
  const rows = [
    { id: props.link.id, channel: '', slug: props.link.slug, shortUrl: props.link.shortUrl, shareUrl: null },
    ...props.link.variants,
  ];
  return (
    <DataTable
      id="kit"
      title={t('link.kit')}
      description={t('link.kitNote')}
      rows={rows}
      rowKey={(row) => row.id}
      empty={t('table.empty')}
      columns={[
        {
          label: t('link.channel'),
          cell: (row) => (row.channel ? sourceLabel(i18n, row.channel) : t('link.main')),
        },
        {
          label: t('link.shortUrl'),
          cell: (row) => (
            <span class="nowrap">
              <code>{row.shortUrl}</code>{' '}
              <CopyButton
                text={row.shortUrl}
                label={t('link.copyShortOf', {
                  channel: row.channel ? sourceLabel(i18n, row.channel) : t('link.main'),
                })}
              />
            </span>
          ),
        },
        {
          label: t('link.shareUrl'),
          cell: (row) =>
            row.shareUrl ? (
              <span class="nowrap">
                <a href={row.shareUrl} target="_blank" rel="noopener noreferrer">
                  {t('link.openComposer')}
                </a>{' '}
                <CopyButton
                  text={row.shareUrl}
                  label={t('link.copyShareOf', { channel: sourceLabel(i18n, row.channel) })}
                />
              </span>
            ) : (
              <span class="muted">{t('link.noComposer')}</span>
            ),
        },
      ]}
    />
  );
}

/**
 * One share kit: its links per channel, QR codes, and each link's previews against its own clicks
 * over the period chosen at the top (issue 16: every figure follows it; the one all-time line says so).
 */
export function LinkDetailView(props: {
  id: string;
  sites: Site[];
  range: DateRange;
  canEdit: boolean;
  /** Deleting a kit (and its numbers) is the owner's. */
  canDelete: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useRoute();
  // One link of the kit (a variant's slug), or all of them: a link's previews and clicks belong
  // together, where an app's would not (a preview is filed under the app that fetched it).
  const variant = query.get('variant') ?? '';
  const [actionError, setActionError] = useState<Error>();
  const link = useAsync(
    (signal) => api.get<ShareLink>(`/api/links/${seg(props.id)}`, { signal }),
    [props.id],
  );
  /** Counts all time, since the kit was created (said so on screen); conversions over the period. */
  const stats = useAsync(
    (signal) =>
      api.get<LinkStats>(`/api/links/${seg(props.id)}/stats?${periodQuery(props.range)}`, { signal }),
    [props.id, props.range.search],
  );
  const site = props.sites.find((candidate) => candidate.id === link.data?.siteId);
  const source = useMemo(() => site && siteStatsSource(site), [site]);
  const ask = (metrics: Metric[], dimensions: Dimension[], filters: Filter[] = []) =>
    site && link.data
      ? ({
          site: site.domain,
          date_range: props.range.input,
          metrics,
          dimensions,
          filters: [['is', 'link', [link.data.slug]], ...filters],
        } satisfies StatsQueryInput)
      : undefined;
  const ready = `${site?.domain}|${link.data?.slug}|${props.range.search}`;
  const questions = useMemo(
    () => ({
      totals: ask(['previews', 'clicks', 'clicks_per_preview', 'bots'], []),
      timeline: ask(['previews', 'clicks'], ['time:day'], variant ? [['is', 'variant', [variant]]] : []),
      perVariant: ask(['previews', 'clicks', 'clicks_per_preview', 'bots'], ['variant']),
      appsOfVariant: ask(['previews'], ['variant', 'source']),
      apps: ask(['previews'], ['source']),
    }),
    [ready, variant],
  );
  const post = (question: StatsQueryInput | undefined) => (signal: AbortSignal) =>
    question ? api.post<StatsResult>('/api/stats/query', question, { signal }) : new Promise<never>(() => {});
  const totals = useAsync(post(questions.totals), [questions.totals]);
  const timeline = useAsync(post(questions.timeline), [questions.timeline]);
  const perVariant = useAsync(post(questions.perVariant), [questions.perVariant]);
  const appsOfVariant = useAsync(post(questions.appsOfVariant), [questions.appsOfVariant]);
  const apps = useAsync(post(questions.apps), [questions.apps]);
  const chart = useMemo(() => timeline.data && clicksVsPreviews(i18n, timeline.data), [timeline.data, i18n]);

  if (link.error) return <ErrorMessage error={link.error} onRetry={link.reload} />;
  if (!link.data) return <Loading />;
  const kit = link.data;
  const toggle = async () => {
    setActionError(undefined);
    try {
      await api.patch(`/api/links/${seg(kit.id)}`, { disabled: !kit.disabled });
      link.reload();
    } catch (error) {
      setActionError(error as Error);
    }
  };
  const remove = async () => {
    if (!window.confirm(t('link.deleteConfirm'))) return;
    try {
      await api.delete(`/api/links/${seg(kit.id)}`);
      navigate(keepContext('/app/links'));
    } catch (error) {
      setActionError(error as Error);
    }
  };
  const created = query.get('created') !== null;
  // Just made: the links to copy come first; later, the numbers do.
  const sharing = (
    <>
      <KitTable link={kit} />
      <VariantPreviews link={kit} canEdit={props.canEdit} onSaved={link.reload} />
      <section class="panel wide" aria-labelledby="qr-title">
        <h2 id="qr-title">{t('link.qr')}</h2>
        <div class="qr">
          <img
            src={`/api/links/${seg(kit.id)}/qr.svg?size=192`}
            width={192}
            height={192}
            alt={t('link.qrAlt', { url: kit.shortUrl })}
          />
          <div>
            <p>{t('link.qrNote')}</p>
            <p class="form-actions">
              <a
                class="button secondary"
                href={`/api/links/${seg(kit.id)}/qr.svg`}
                download={`${kit.slug}.svg`}
              >
                {t('link.qrSvg')}
              </a>
              <a
                class="button secondary"
                href={`/api/links/${seg(kit.id)}/qr.png?size=1024`}
                download={`${kit.slug}.png`}
              >
                {t('link.qrPng')}
              </a>
            </p>
          </div>
        </div>
      </section>
    </>
  );
  const kitLinks = [{ slug: kit.slug, channel: 'main' }, ...kit.variants];
  const channelOf = (slug: string) => kitLinks.find((candidate) => candidate.slug === slug)?.channel;
  const linkName = (slug: string) => {
    const channel = channelOf(slug);
    return channel === undefined ? slug : channel === 'main' ? t('link.main') : sourceLabel(i18n, channel);
  };
  const periodRow = totals.data?.results[0];
  const conversions = stats.data?.conversions;
  const period = totals.data?.meta.date_range ?? perVariant.data?.meta.date_range;
  const variantRows = perVariantRows(kitLinks, perVariant.data, appsOfVariant.data);

  return (
    <>
      <p class="breadcrumb">
        <Link href={keepContext('/app/links')}>{t('links.title')}</Link>
      </p>
      <PageHeader title={kit.title || kit.url} siteName={site?.name}>
        <CheckPreviewsLink url={kit.url} kitId={kit.id} />
        {props.canEdit && (
          <>
            <button type="button" class="button secondary" onClick={toggle}>
              {kit.disabled ? t('link.enable') : t('link.disable')}
            </button>
            {props.canDelete && (
              <button type="button" class="button danger" onClick={remove}>
                {t('action.delete')}
              </button>
            )}
          </>
        )}
      </PageHeader>
      {created && (
        <p class="notice" role="status">
          {t('link.created')}
        </p>
      )}
      {actionError && <ErrorMessage error={actionError} />}
      <p class="target">
        {t('link.target')}{' '}
        <a href={kit.url} rel="noopener noreferrer" target="_blank">
          {kit.url}
        </a>
        {kit.disabled && <span class="badge">{t('links.disabled')}</span>}
      </p>
      {created && sharing}
      {totals.error && <ErrorMessage error={totals.error} onRetry={totals.reload} />}
      <section class="key-numbers" aria-label={t('link.totals')}>
        <KeyNumber label={t('metric.previews')} value={periodRow?.metrics[0] ?? 0} lead help="previews" />
        <KeyNumber label={t('metric.clicks')} value={periodRow?.metrics[1] ?? 0} help="clicks" />
        <KeyNumber
          label={t('metric.clicks_per_preview')}
          value={periodRow?.metrics[2] ?? null}
          help="clicks_per_preview"
          kind="decimal"
        />
        <KeyNumber label={t('metric.bots')} value={periodRow?.metrics[3] ?? 0} help="bots" />
        {conversions && (
          <KeyNumber label={t('link.conversions')} value={conversions.total} help="kit_conversions" />
        )}
      </section>
      {period && (
        <p class="panel-note" data-testid="link-period">
          {t('link.periodNote', { from: i18n.day(period.from, 'long'), to: i18n.day(period.to, 'long') })}
        </p>
      )}
      {stats.error && <ErrorMessage error={stats.error} onRetry={stats.reload} />}
      {stats.data && (
        <p class="panel-note" data-testid="link-all-time">
          {t('link.allTimeTotals', {
            previews: i18n.number(stats.data.totals.previews),
            clicks: i18n.number(stats.data.totals.clicks),
            bots: i18n.number(stats.data.totals.bots),
          })}
        </p>
      )}
      {conversions && <KitConversions conversions={conversions} />}
      {stats.data && !conversions && (
        <p class="panel-note" data-testid="link-no-goals">
          {t('link.noGoals')} <Link href={keepContext('/app/goals')}>{t('link.setUpGoals')}</Link>
        </p>
      )}
      <section class="panel wide" aria-labelledby="link-chart">
        <h2 id="link-chart">{t('link.overTime')}</h2>
        <Control label={t('link.variantPick')}>
          {(ids) => (
            <select
              {...ids}
              value={variant}
              onChange={(event) => setQuery({ variant: event.currentTarget.value || undefined })}
            >
              <option value="">{t('link.allLinks')}</option>
              {kitLinks.map((row) => (
                <option key={row.slug} value={row.slug}>
                  {linkName(row.slug)} ({row.slug})
                </option>
              ))}
            </select>
          )}
        </Control>
        {timeline.error && <ErrorMessage error={timeline.error} onRetry={timeline.reload} />}
        {!chart && !timeline.error && <Loading />}
        {chart && (
          <Chart
            spec={chart}
            title={t('link.overTimeCaption', { link: variant ? linkName(variant) : t('link.allLinks') })}
            summary={`${t('metric.previews')} ${i18n.number(chart.series[0]?.values.reduce<number>((a, b) => a + (b ?? 0), 0))}; ${t('metric.clicks')} ${i18n.number(chart.series[1]?.values.reduce<number>((a, b) => a + (b ?? 0), 0))}`}
          />
        )}
      </section>
      <div class="grid">
        {perVariant.error && <ErrorMessage error={perVariant.error} onRetry={perVariant.reload} />}
        <DataTable
          id="link-variants"
          title={t('link.perVariant')}
          description={t('link.perVariantNote')}
          rows={variantRows}
          rowKey={(row) => row.slug}
          empty={t('link.noActivity')}
          columns={[
            { label: t('link.channel'), cell: (row) => linkName(row.slug) },
            { label: t('link.slug'), cell: (row) => <code>{row.slug}</code> },
            { label: t('metric.previews'), numeric: true, cell: (row) => i18n.number(row.previews) },
            { label: t('metric.clicks'), numeric: true, cell: (row) => i18n.number(row.clicks) },
            {
              label: t('metric.clicks_per_preview'),
              numeric: true,
              cell: (row) => i18n.decimal(row.clicksPerPreview),
            },
            { label: t('metric.bots'), numeric: true, cell: (row) => i18n.number(row.bots) },
            {
              label: t('link.previewsBy'),
              cell: (row) =>
                row.apps.map(([app, count]) => `${sourceLabel(i18n, app)} ${i18n.number(count)}`).join(', '),
            },
          ]}
        />
        {source && questions.apps && (
          <StatsTable
            id="link-apps"
            title={t('link.perApp')}
            description={t('link.perAppNote')}
            source={source}
            range={props.range}
            question={questions.apps}
            state={apps}
            empty={t('link.noActivity')}
          />
        )}
      </div>
      {!created && sharing}
    </>
  );
}

/** The period's bounds for `GET /api/links/:id/stats`: a preset, or its first and last day. */
function periodQuery(range: DateRange): string {
  const input = range.input;
  return typeof input === 'string'
    ? `date_range=${encodeURIComponent(input)}`
    : `from=${encodeURIComponent(input[0])}&to=${encodeURIComponent(input[1])}`;
}

/** The kit's conversions per goal of the site over the period, and its converters on any goal. */
function KitConversions(props: { conversions: NonNullable<LinkStats['conversions']> }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <DataTable
      id="link-conversions"
      title={t('link.conversionsByGoal')}
      description={t('link.convertersNote', { converters: i18n.number(props.conversions.converters) })}
      rows={props.conversions.byGoal}
      rowKey={(row) => row.goalId}
      empty={t('table.empty')}
      columns={[
        { label: t('nav.goals'), cell: (row) => row.goal },
        { label: t('metric.conversions'), numeric: true, cell: (row) => i18n.number(row.conversions) },
        { label: t('metric.converters'), numeric: true, cell: (row) => i18n.number(row.converters) },
      ]}
    />
  );
}

interface VariantRow {
  slug: string;
  previews: number;
  clicks: number;
  clicksPerPreview: number | null;
  bots: number;
  /** The apps that drew this link's previews, most first. */
  apps: [string, number][];
}

/** Every link of the kit, those without activity too, with the period's counts and preview apps. */
function perVariantRows(
  links: readonly { slug: string }[],
  counts: StatsResult | undefined,
  apps: StatsResult | undefined,
): VariantRow[] {
  const bySlug = new Map((counts?.results ?? []).map((row) => [row.dimensions[0] ?? '', row.metrics]));
  const appsBySlug = new Map<string, [string, number][]>();
  for (const row of apps?.results ?? []) {
    const [slug = '', app = ''] = row.dimensions;
    appsBySlug.set(slug, [...(appsBySlug.get(slug) ?? []), [app, row.metrics[0] ?? 0]]);
  }
  return links.map(({ slug }) => {
    const [previews = 0, clicks = 0, clicksPerPreview = null, bots = 0] = bySlug.get(slug) ?? [];
    return {
      slug,
      previews: previews ?? 0,
      clicks: clicks ?? 0,
      clicksPerPreview,
      bots: bots ?? 0,
      apps: (appsBySlug.get(slug) ?? []).sort((a, b) => b[1] - a[1]),
    };
  });
}

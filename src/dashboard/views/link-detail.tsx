import { useMemo, useState } from 'preact/hooks';
import type { StatsQueryInput } from '../../stats/query-model';
import { Chart, type ChartSpec } from '../components/chart';
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
import type { LinkStats, Link as ShareLink, Site, StatsResult } from '../lib/types';
import { useAsync } from '../lib/use-async';

/** Clicks and previews per day as two lines (previews dashed): shares in a chat, then people coming. */
function clicksVsPreviews(i18n: ReturnType<typeof useI18n>, result: StatsResult): ChartSpec {
  const buckets = bucketsOf('time:day', result.meta.date_range);
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

/** One share kit: its links per channel, QR codes, and clicks against previews per app over time. */
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
  const app = query.get('app') ?? '';
  const [actionError, setActionError] = useState<Error>();
  const link = useAsync(
    (signal) => api.get<ShareLink>(`/api/links/${seg(props.id)}`, { signal }),
    [props.id],
  );
  const stats = useAsync(
    (signal) => api.get<LinkStats>(`/api/links/${seg(props.id)}/stats`, { signal }),
    [props.id],
  );
  const site = props.sites.find((candidate) => candidate.id === link.data?.siteId);
  const source = useMemo(() => site && siteStatsSource(site), [site]);
  const filters = useMemo(() => {
    if (!link.data) return [];
    const own: NonNullable<StatsQueryInput['filters']>[number][] = [['is', 'link', [link.data.slug]]];
    if (app) own.push(['is', 'source', [app]]);
    return own;
  }, [link.data, app]);
  const timelineQuestion = useMemo(
    (): StatsQueryInput | undefined =>
      site && {
        site: site.domain,
        date_range: props.range.input,
        metrics: ['previews', 'clicks'],
        dimensions: ['time:day'],
        filters,
      },
    [site, props.range.search, filters],
  );
  const appsQuestion = useMemo(
    (): StatsQueryInput | undefined =>
      site &&
      link.data && {
        site: site.domain,
        date_range: props.range.input,
        metrics: ['previews', 'clicks', 'clicks_per_preview', 'bots'],
        dimensions: ['source'],
        filters: [['is', 'link', [link.data.slug]]],
      },
    [site, props.range.search, link.data],
  );
  const timeline = useAsync(
    (signal) =>
      timelineQuestion
        ? api.post<StatsResult>('/api/stats/query', timelineQuestion, { signal })
        : new Promise<never>(() => {}),
    [timelineQuestion],
  );
  const apps = useAsync(
    (signal) =>
      appsQuestion
        ? api.post<StatsResult>('/api/stats/query', appsQuestion, { signal })
        : new Promise<never>(() => {}),
    [appsQuestion],
  );
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
  const appChoices = (stats.data?.bySource ?? []).filter((row) => row.clicks + row.previews > 0);

  return (
    <>
      <p class="breadcrumb">
        <Link href={keepContext('/app/links')}>{t('links.title')}</Link>
      </p>
      <PageHeader title={kit.title || kit.url} siteName={site?.name}>
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
      {stats.error && <ErrorMessage error={stats.error} onRetry={stats.reload} />}
      {stats.data && (
        <section class="key-numbers" aria-label={t('link.totals')}>
          <KeyNumber label={t('metric.previews')} value={stats.data.totals.previews} lead help="previews" />
          <KeyNumber label={t('metric.clicks')} value={stats.data.totals.clicks} help="clicks" />
          <KeyNumber label={t('metric.bots')} value={stats.data.totals.bots} help="bots" />
        </section>
      )}
      <section class="panel wide" aria-labelledby="link-chart">
        <h2 id="link-chart">{t('link.overTime')}</h2>
        <Control label={t('link.app')}>
          {(ids) => (
            <select {...ids} value={app} onChange={(event) => setQuery({ app: event.currentTarget.value })}>
              <option value="">{t('link.allApps')}</option>
              {appChoices.map((row) => (
                <option key={row.source} value={row.source}>
                  {sourceLabel(i18n, row.source)}
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
            title={t('link.overTimeCaption', { app: app ? sourceLabel(i18n, app) : t('link.allApps') })}
            summary={`${t('metric.previews')} ${i18n.number(chart.series[0]?.values.reduce<number>((a, b) => a + (b ?? 0), 0))}; ${t('metric.clicks')} ${i18n.number(chart.series[1]?.values.reduce<number>((a, b) => a + (b ?? 0), 0))}`}
          />
        )}
      </section>
      <div class="grid">
        {source && appsQuestion && (
          <StatsTable
            id="link-apps"
            title={t('link.perApp')}
            source={source}
            range={props.range}
            question={appsQuestion}
            state={apps}
            empty={t('link.noActivity')}
          />
        )}
        {stats.data && (
          <DataTable
            id="link-variants"
            title={t('link.perVariant')}
            description={t('link.allTime')}
            rows={stats.data.byVariant}
            rowKey={(row) => row.slug}
            empty={t('link.noActivity')}
            columns={[
              {
                label: t('link.channel'),
                cell: (row) => (row.variant === 'main' ? t('link.main') : sourceLabel(i18n, row.variant)),
              },
              { label: t('link.slug'), cell: (row) => <code>{row.slug}</code> },
              { label: t('metric.previews'), numeric: true, cell: (row) => i18n.number(row.previews) },
              { label: t('metric.clicks'), numeric: true, cell: (row) => i18n.number(row.clicks) },
              { label: t('metric.bots'), numeric: true, cell: (row) => i18n.number(row.bots) },
            ]}
          />
        )}
      </div>
      {!created && sharing}
    </>
  );
}

import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { dashboardQueries } from '../../stats/dashboard-queries';
import type { StatsQueryInput } from '../../stats/query-model';
import { Chart } from '../components/chart';
import { CheckPreviewsLink } from '../components/check-previews-link';
import { FilterBar, FilterNote, filterCell } from '../components/controls';
import { KeyNumber } from '../components/headline';
import { Link } from '../components/link';
import { DarkSocialDefinition, Glossary } from '../components/metric-help';
import { PageHeader } from '../components/page';
import { EmptyState, ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { StatsTable } from '../components/stats-table';
import { useI18n } from '../i18n/i18n';
import { channelLabel, sourceLabel } from '../i18n/labels';
import { PREVIEW_LAB_WORDS } from '../i18n/preview-lab-words';
import type { DateRange } from '../lib/dates';
import { type ActiveFilter, withFilters } from '../lib/filters';
import { keepContext } from '../lib/router';
import type { StatsSource } from '../lib/stats-source';
import { seriesSummary, timelineSpec } from '../lib/timeline';
import type { StatsResult } from '../lib/types';
import { useAsync } from '../lib/use-async';

export interface StatsViewProps {
  source: StatsSource;
  range: DateRange;
  filters: ActiveFilter[];
  /** The admin page of a share kit by its slug (signed-in views only). */
  linkHref?: ((slug: string) => string | undefined) | undefined;
  /** A share kit's title by its slug (signed-in views only): the funnel names kits by title. */
  linkTitle?: ((slug: string) => string | undefined) | undefined;
  /** The channel of a kit's link by its slug (`main` for the kit's own; signed-in views only). */
  variantChannel?: ((slug: string) => string | undefined) | undefined;
  /** A page's full URL by its path: top pages get a "Check previews" link (signed-in views only). */
  pageUrl?: ((path: string) => string) | undefined;
  /** The demo site is being filled: its progress, shown instead of "No data yet". */
  filling?: ComponentChildren;
}

/** The top pages' "Check previews" column, when the view knows the pages' URLs. */
function previewColumn(pageUrl: (path: string) => string, label: string) {
  return [
    {
      label,
      cell: (row: StatsResult['results'][number]) => {
        const path = row.dimensions[0] ?? '/';
        return <CheckPreviewsLink url={pageUrl(path)} describe={path} />;
      },
    },
  ];
}

const CHANNEL_ORDER = ['dark-social', 'social', 'search', 'referral', 'paid', 'direct'];

/** The questions of src/stats/dashboard-queries.ts, with the URL's filters. */
export function useQuestions(props: StatsViewProps): Record<string, StatsQueryInput> {
  const key = `${props.source.site}|${JSON.stringify(props.range.input)}|${JSON.stringify(props.filters)}`;
  return useMemo(() => {
    const questions = dashboardQueries(props.source.site, props.range.input);
    const ga4: StatsQueryInput = {
      site: props.source.site,
      date_range: props.range.input,
      metrics: ['ga4_direct_visits'],
      dimensions: ['channel'],
    };
    return Object.fromEntries(
      Object.entries({ ...questions, ga4 }).map(([name, question]) => [
        name,
        withFilters(question, props.filters),
      ]),
    );
  }, [key]);
}

function useStats(props: StatsViewProps, question: StatsQueryInput | undefined) {
  return useAsync(
    (signal) => (question ? props.source.query(question, signal) : Promise.reject(new Error('no question'))),
    [question],
  );
}

export function OverviewView(props: StatsViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { source, range } = props;
  const questions = useQuestions(props);
  const headline = useStats(props, questions.headline);
  const timeline = useStats(props, questions['visits by channel over time']);
  const sources = useStats(props, questions.sources);
  const pages = useStats(props, questions['top pages']);
  const funnel = useStats(props, questions['share funnel']);
  const funnelApps = useStats(props, questions['share funnel apps']);
  const appsOfLink = useMemo(() => previewApps(funnelApps.data), [funnelApps.data]);
  const ga4 = useStats(props, questions.ga4);
  const countries = useStats(props, questions.countries);
  const devices = useStats(props, questions.devices);
  const browsers = useStats(props, questions.browsers);
  const report = useAsync((signal) => source.darkSocial(range, signal), [source.site, range.search]);

  const chart = useMemo(
    () =>
      timeline.data &&
      timelineSpec(i18n, timeline.data, {
        timeline:
          (questions['visits by channel over time']?.dimensions?.[0] as
            | 'time:hour'
            | 'time:day'
            | 'time:week') ?? 'time:day',
        label: (channel) => channelLabel(i18n, channel),
        kind: 'stacked',
        order: CHANNEL_ORDER,
      }),
    [timeline.data, i18n],
  );

  const row = headline.data?.results[0];
  const metric = (index: number) => row?.metrics[index] ?? 0;
  const previous = (index: number) => row?.comparison?.[index] ?? null;
  const empty =
    !props.filling &&
    headline.data &&
    funnel.data &&
    metric(1) === 0 &&
    metric(2) === 0 &&
    funnel.data.results.length === 0;

  return (
    <>
      <PageHeader title={t('overview.title')} siteName={source.name} />
      {props.filling}
      <FilterBar filters={props.filters} />
      <RoundedNotice roundedTo={report.data?.roundedTo} />
      {headline.error && <ErrorMessage error={headline.error} onRetry={headline.reload} />}
      {!headline.data && !headline.error && <Loading />}
      {empty && (
        <EmptyState title={t('overview.empty.title')}>
          {source.readOnly ? (
            <p>{t('overview.empty.public')}</p>
          ) : (
            <ol class="next-steps">
              <li>
                {t('overview.empty.install')}{' '}
                <Link href={keepContext('/app/sites')}>{t('overview.empty.installLink')}</Link>
              </li>
              <li>
                {t('overview.empty.kit')}{' '}
                <Link href={keepContext('/app/links/new')}>{t('overview.empty.kitLink')}</Link>
              </li>
            </ol>
          )}
        </EmptyState>
      )}
      <FilterNote question={questions.headline} filters={props.filters} />
      <DarkSocialDefinition />
      {row && (
        <section class="key-numbers" aria-label={t('overview.keyNumbers')}>
          <KeyNumber
            label={t('metric.dark_social_index')}
            value={row.metrics[3]}
            previous={previous(3)}
            kind="share"
            lead
            help="dark_social_index"
          />
          <KeyNumber label={t('metric.visitors')} value={metric(0)} previous={previous(0)} help="visitors" />
          <KeyNumber label={t('metric.visits')} value={metric(1)} previous={previous(1)} help="visits" />
          <KeyNumber
            label={t('metric.pageviews')}
            value={metric(2)}
            previous={previous(2)}
            help="pageviews"
          />
          <KeyNumber
            label={t('metric.ga4_direct_visits')}
            value={metric(4)}
            previous={previous(4)}
            help="ga4_direct_visits"
          />
        </section>
      )}
      <section class="panel wide" aria-labelledby="channels-chart">
        <h2 id="channels-chart">{t('overview.byChannel')}</h2>
        <FilterNote question={questions['visits by channel over time']} filters={props.filters} />
        {timeline.error && <ErrorMessage error={timeline.error} onRetry={timeline.reload} />}
        {!chart && !timeline.error && <Loading />}
        {chart &&
          (chart.series.length === 0 ? (
            <p class="panel-empty">{t('table.empty')}</p>
          ) : (
            <Chart spec={chart} title={t('overview.byChannelCaption')} summary={seriesSummary(chart, i18n)} />
          ))}
      </section>
      <div class="grid">
        <StatsTable
          id="sources"
          title={t('overview.sources')}
          source={source}
          range={range}
          question={questions.sources as StatsQueryInput}
          filters={props.filters}
          state={sources}
          empty={t('table.empty')}
          cell={filterCell}
        />
        <StatsTable
          id="top-pages"
          title={t('overview.pages')}
          source={source}
          range={range}
          question={questions['top pages'] as StatsQueryInput}
          filters={props.filters}
          state={pages}
          empty={t('table.empty')}
          cell={filterCell}
          {...(props.pageUrl
            ? { extraColumns: previewColumn(props.pageUrl, PREVIEW_LAB_WORDS[i18n.lang].title) }
            : {})}
        />
        <StatsTable
          id="share-funnel"
          title={t('overview.funnel')}
          description={t('overview.funnelNote')}
          source={source}
          range={range}
          question={questions['share funnel'] as StatsQueryInput}
          filters={props.filters}
          state={funnel}
          empty={source.readOnly ? t('table.empty') : t('overview.funnelEmpty')}
          cell={(dimension, value) => {
            if (dimension === 'variant')
              return <VariantName slug={value} channel={props.variantChannel?.(value)} />;
            if (dimension !== 'link') return undefined;
            return <KitName slug={value} title={props.linkTitle?.(value)} href={props.linkHref?.(value)} />;
          }}
          extraColumns={[
            {
              label: t('link.previewsBy'),
              cell: (row) =>
                (appsOfLink.get(row.dimensions.join('\u0000')) ?? [])
                  .map(([app, previews]) => `${sourceLabel(i18n, app)} ${i18n.number(previews)}`)
                  .join(', '),
            },
          ]}
        />
        {(
          [
            ['countries', countries],
            ['devices', devices],
            ['browsers', browsers],
          ] as const
        ).map(([name, state]) => (
          <StatsTable
            key={name}
            id={name}
            title={t(`overview.${name}`)}
            description={t(`overview.${name}Note`)}
            source={source}
            range={range}
            question={questions[name] as StatsQueryInput}
            filters={props.filters}
            state={state}
            empty={t('table.empty')}
          />
        ))}
        <section class="panel" aria-labelledby="ga4-title">
          <h2 id="ga4-title">{t('overview.ga4')}</h2>
          {report.error && <ErrorMessage error={report.error} onRetry={report.reload} />}
          {!report.data && !report.error && <Loading />}
          {report.data && (
            <p class="ga4-summary">
              {report.data.ga4.directVisits === 0
                ? t('overview.ga4None')
                : t('overview.ga4Summary', {
                    direct: report.data.ga4.directVisits,
                    dark: report.data.ga4.darkSocialInDirect,
                    share: i18n.percent(report.data.ga4.share),
                  })}
            </p>
          )}
          {props.filters.length > 0 && <p class="panel-note">{t('overview.ga4Unfiltered')}</p>}
        </section>
        <StatsTable
          id="ga4-direct"
          title={t('overview.ga4ByChannel')}
          source={source}
          range={range}
          question={questions.ga4 as StatsQueryInput}
          filters={props.filters}
          state={ga4}
          empty={t('table.empty')}
        />
      </div>
      <Glossary
        topics={[
          { topic: 'dark_social', label: t('channel.dark-social') },
          { topic: 'dark_social_index', label: t('metric.dark_social_index') },
          { topic: 'visitors', label: t('metric.visitors') },
          { topic: 'visits', label: t('metric.visits') },
          { topic: 'pageviews', label: t('metric.pageviews') },
          { topic: 'ga4_direct_visits', label: t('metric.ga4_direct_visits') },
          { topic: 'previews', label: t('metric.previews') },
          { topic: 'clicks', label: t('metric.clicks') },
          { topic: 'clicks_per_preview', label: t('metric.clicks_per_preview') },
        ]}
      />
    </>
  );
}

/** A share kit as its title, with its slug as secondary text (the slug alone when it has no title). */
function KitName(props: { slug: string; title: string | undefined; href: string | undefined }) {
  const name = props.title ? (
    <>
      {props.title} <span class="secondary-text">{props.slug}</span>
    </>
  ) : (
    props.slug
  );
  return props.href ? <Link href={props.href}>{name}</Link> : name;
}

/** A link of a kit as its channel ("WhatsApp", "Main link"), with its slug as secondary text. */
function VariantName(props: { slug: string; channel: string | undefined }) {
  const i18n = useI18n();
  if (!props.channel) return <>{props.slug}</>;
  return (
    <>
      {props.channel === 'main' ? i18n.t('link.main') : sourceLabel(i18n, props.channel)}{' '}
      <span class="secondary-text">{props.slug}</span>
    </>
  );
}

/** The apps that drew each kit link's previews, most first, keyed by kit and link slugs. */
function previewApps(result: StatsResult | undefined): Map<string, [string, number][]> {
  const apps = new Map<string, [string, number][]>();
  for (const row of result?.results ?? []) {
    const [link = '', variant = '', app = ''] = row.dimensions;
    const key = `${link}\u0000${variant}`;
    apps.set(key, [...(apps.get(key) ?? []), [app, row.metrics[0] ?? 0]]);
  }
  for (const list of apps.values()) list.sort((a, b) => b[1] - a[1]);
  return apps;
}

import { useMemo } from 'preact/hooks';
import type { StatsQueryInput } from '../../stats/query-model';
import { Chart, type ChartSpec } from '../components/chart';
import { FilterBar, FilterNote, filterCell } from '../components/controls';
import { KeyNumber } from '../components/headline';
import { DarkSocialDefinition } from '../components/metric-help';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { StatsTable } from '../components/stats-table';
import { useI18n } from '../i18n/i18n';
import { confidenceLabel, mediumLabel, seriesColour } from '../i18n/labels';
import { withFilters } from '../lib/filters';
import { seriesSummary, timelineSpec } from '../lib/timeline';
import type { DarkSocialReport } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { type StatsViewProps, useQuestions } from './overview';
import { ShareCascadesPanel } from './share-cascades';

const CONFIDENCES = ['certain', 'likely', 'inferred'] as const;
/** The private channels people ask about first; the others (QR, unattributed) follow when present. */
const MAIN_MEDIUMS = ['messaging', 'email', 'sms', 'copy-paste'];

function ConfidenceBar(props: { report: DarkSocialReport }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { byConfidence, darkVisits } = props.report.index;
  return (
    <div class="confidence">
      <div class="bar" aria-hidden="true">
        {CONFIDENCES.map((name) => (
          <span
            key={name}
            class={`bar-part ${name}`}
            style={{ width: `${darkVisits === 0 ? 0 : (byConfidence[name] / darkVisits) * 100}%` }}
          />
        ))}
      </div>
      <dl class="confidence-list">
        {CONFIDENCES.map((name) => (
          <div key={name} class="confidence-item">
            <dt>
              <span class={`swatch ${name}`} aria-hidden="true" />
              {confidenceLabel(i18n, name)}
            </dt>
            <dd>
              <strong>{i18n.number(byConfidence[name])}</strong> (
              {i18n.percent(darkVisits === 0 ? null : byConfidence[name] / darkVisits)})
              <span class="hint">{t(`confidence.${name}.help`)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function MediumCards(props: { report: DarkSocialReport }) {
  const i18n = useI18n();
  const visits = new Map(props.report.index.byMedium.map((row) => [row.medium, row.visits]));
  const mediums = [...MAIN_MEDIUMS, ...[...visits.keys()].filter((medium) => !MAIN_MEDIUMS.includes(medium))];
  return (
    <ul class="medium-cards">
      {mediums.map((medium) => (
        <li key={medium} class="key-number">
          <p class="key-label">{mediumLabel(i18n, medium)}</p>
          <p class="key-value">{i18n.number(visits.get(medium) ?? 0)}</p>
          <p class="key-trend flat">
            {i18n.percent(
              props.report.index.darkVisits === 0
                ? null
                : (visits.get(medium) ?? 0) / props.report.index.darkVisits,
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function DarkSocialView(props: StatsViewProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { source, range } = props;
  const questions = useQuestions(props);
  const perPage = useMemo(
    () =>
      withFilters(
        {
          site: source.site,
          date_range: range.input,
          metrics: ['visits', 'amplification'],
          dimensions: ['page'],
          limit: 20,
        },
        props.filters,
      ),
    [questions],
  );
  const report = useAsync((signal) => source.darkSocial(range, signal), [source.site, range.search]);
  const timeline = useAsync(
    (signal) => source.query(questions['dark social over time'] as StatsQueryInput, signal),
    [questions],
  );
  const apps = useAsync(
    (signal) => source.query(questions['dark social apps'] as StatsQueryInput, signal),
    [questions],
  );
  const pages = useAsync(
    (signal) => source.query(questions['top pages by dark visits'] as StatsQueryInput, signal),
    [questions],
  );
  // Visits by generation (with the URL's filters: a page filter draws that page's generations).
  const byGeneration = useMemo(
    () =>
      withFilters(
        { site: source.site, date_range: range.input, metrics: ['visits'], dimensions: ['generation'] },
        props.filters,
      ),
    [questions],
  );
  const generations = useAsync((signal) => source.query(byGeneration, signal), [byGeneration]);
  const pageGenerations = useAsync((signal) => source.query(perPage, signal), [perPage]);

  const confidenceChart = useMemo(
    () =>
      timeline.data &&
      timelineSpec(i18n, timeline.data, {
        timeline:
          (questions['dark social over time']?.dimensions?.[0] as 'time:hour' | 'time:day' | 'time:week') ??
          'time:day',
        label: (name) => confidenceLabel(i18n, name),
        kind: 'stacked',
        order: CONFIDENCES,
      }),
    [timeline.data, i18n],
  );
  const generationChart = useMemo((): ChartSpec | undefined => {
    if (!generations.data) return undefined;
    const rows = generations.data.results
      .map((row) => ({ generation: Number(row.dimensions[0]), visits: row.metrics[0] ?? 0 }))
      .filter((row) => Number.isFinite(row.generation))
      .sort((a, b) => a.generation - b.generation);
    const depth = rows.at(-1)?.generation ?? 0;
    const labels = Array.from({ length: depth + 1 }, (_, index) => String(index));
    const values = labels.map((label) => rows.find((row) => String(row.generation) === label)?.visits ?? 0);
    return {
      kind: 'bars',
      xLabel: t('dimension.generation'),
      labels,
      formatX: (label) => t('generation.label', { n: Number(label) }),
      formatY: (value) => i18n.number(value),
      series: [{ label: t('metric.visits'), values, colour: seriesColour('dark-social', 0) }],
    };
  }, [generations.data, i18n]);
  const pageFilter = props.filters.find((filter) => filter.param === 'page');

  return (
    <>
      <PageHeader title={t('dark.title')} siteName={source.name} />
      <FilterBar filters={props.filters} />
      <RoundedNotice roundedTo={report.data?.roundedTo} />
      <section class="panel wide" aria-labelledby="dark-index">
        <h2 id="dark-index">{t('dark.index')}</h2>
        <DarkSocialDefinition />
        {report.error && <ErrorMessage error={report.error} onRetry={report.reload} />}
        {!report.data && !report.error && <Loading />}
        {report.data && (
          <>
            <div class="key-numbers">
              <KeyNumber
                label={t('metric.dark_social_index')}
                value={report.data.index.share}
                kind="share"
                lead
                help="dark_social_index"
              />
              <KeyNumber
                label={t('dark.darkVisits')}
                value={report.data.index.darkVisits}
                help="dark_visits"
              />
              <KeyNumber label={t('metric.visits')} value={report.data.index.visits} help="visits" />
            </div>
            {props.filters.length > 0 && <p class="panel-note">{t('dark.reportUnfiltered')}</p>}
            <h3>{t('dark.byMedium')}</h3>
            <MediumCards report={report.data} />
            <h3>{t('dark.byConfidence')}</h3>
            <ConfidenceBar report={report.data} />
          </>
        )}
      </section>
      <section class="panel wide" aria-labelledby="dark-chart">
        <h2 id="dark-chart">{t('dark.overTime')}</h2>
        <FilterNote question={questions['dark social over time']} filters={props.filters} />
        {timeline.error && <ErrorMessage error={timeline.error} onRetry={timeline.reload} />}
        {!confidenceChart && !timeline.error && <Loading />}
        {confidenceChart &&
          (confidenceChart.series.length === 0 ? (
            <p class="panel-empty">{t('table.empty')}</p>
          ) : (
            <Chart
              spec={confidenceChart}
              title={t('dark.overTimeCaption')}
              summary={seriesSummary(confidenceChart, i18n)}
            />
          ))}
      </section>
      <div class="grid">
        <StatsTable
          id="dark-apps"
          title={t('dark.apps')}
          source={source}
          range={range}
          question={questions['dark social apps'] as StatsQueryInput}
          filters={props.filters}
          state={apps}
          empty={t('table.empty')}
          cell={filterCell}
        />
        <StatsTable
          id="dark-pages"
          title={t('dark.pages')}
          source={source}
          range={range}
          question={questions['top pages by dark visits'] as StatsQueryInput}
          filters={props.filters}
          state={pages}
          empty={t('table.empty')}
          cell={filterCell}
        />
      </div>
      <section class="panel wide" aria-labelledby="generations">
        <h2 id="generations">{t('dark.generations')}</h2>
        <FilterNote question={byGeneration} filters={props.filters} />
        <p class="panel-note">
          {pageFilter ? t('dark.generationsOfPage', { page: pageFilter.value }) : t('dark.generationsNote')}
        </p>
        {report.data && props.filters.length === 0 && (
          <p>
            {t('dark.amplification', {
              amplification: i18n.decimal(report.data.generations.amplification),
              depth: report.data.generations.depth,
            })}
          </p>
        )}
        {generations.error && <ErrorMessage error={generations.error} onRetry={generations.reload} />}
        {!generationChart && !generations.error && <Loading />}
        {generationChart &&
          (generationChart.series[0]?.values.every((value) => !value) ? (
            <p class="panel-empty">{t('table.empty')}</p>
          ) : (
            <Chart
              spec={generationChart}
              title={t('dark.generationsCaption')}
              summary={generationChart.labels
                .map(
                  (label, index) =>
                    `${t('generation.label', { n: Number(label) })}: ${i18n.number(generationChart.series[0]?.values[index] ?? 0)}`,
                )
                .join('; ')}
            />
          ))}
      </section>
      <div class="grid">
        <StatsTable
          id="generations-table"
          title={t('dark.generationsTable')}
          source={source}
          range={range}
          question={byGeneration}
          filters={props.filters}
          state={generations}
          empty={t('table.empty')}
        />
        <StatsTable
          id="generations-per-page"
          title={t('dark.generationsPerPage')}
          description={t('dark.generationsPerPageNote')}
          source={source}
          range={range}
          question={perPage}
          filters={props.filters}
          state={pageGenerations}
          empty={t('table.empty')}
          cell={filterCell}
        />
      </div>
      <ShareCascadesPanel source={source} range={range} filters={props.filters} />
    </>
  );
}

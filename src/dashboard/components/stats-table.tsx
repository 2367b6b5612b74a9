import type { ComponentChildren } from 'preact';
import type { Metric, StatsQueryInput } from '../../stats/query-model';
import { type I18n, useI18n } from '../i18n/i18n';
import { dimensionLabel } from '../i18n/labels';
import type { DateRange } from '../lib/dates';
import type { ActiveFilter } from '../lib/filters';
import { csvName, type StatsSource } from '../lib/stats-source';
import type { StatsResult, StatsRow } from '../lib/types';
import type { AsyncState } from '../lib/use-async';
import { FilterNote } from './controls';
import { DataTable } from './data-table';
import { ErrorMessage, Loading } from './states';

const RATIOS: ReadonlySet<Metric> = new Set(['dark_social_share', 'conversion_rate']);
const DECIMALS: ReadonlySet<Metric> = new Set(['clicks_per_preview', 'amplification']);

export function formatMetric(i18n: I18n, metric: string, value: number | null | undefined): string {
  if (RATIOS.has(metric as Metric)) return i18n.percent(value);
  if (DECIMALS.has(metric as Metric)) return i18n.decimal(value);
  return i18n.number(value);
}

/**
 * One stats question as a table: a column per dimension and per metric, and a CSV export that
 * POSTs the very same question with `Accept: text/csv`.
 */
export function StatsTable(props: {
  id: string;
  title: string;
  description?: ComponentChildren;
  source: StatsSource;
  range: DateRange;
  question: StatsQueryInput;
  state: AsyncState<StatsResult>;
  empty: ComponentChildren;
  /** The URL's filters: a note says which of them this question could not take. */
  filters?: readonly ActiveFilter[];
  /** A dimension cell of one's own (a filter button, a link); the plain label otherwise. */
  cell?: (dimension: string, value: string, row: StatsRow) => ComponentChildren | undefined;
  /** Columns after the metrics, made from each row (a breakdown asked apart). */
  extraColumns?: readonly { label: string; cell: (row: StatsRow) => ComponentChildren }[];
}) {
  const i18n = useI18n();
  const { question, state } = props;
  const dimensions = question.dimensions ?? [];
  const columns = [
    ...dimensions.map((dimension, index) => ({
      label: i18n.label(`dimension.${dimension}`, dimension),
      cell: (row: StatsRow) => {
        const value = row.dimensions[index] ?? '';
        return props.cell?.(dimension, value, row) ?? dimensionLabel(i18n, dimension, value);
      },
    })),
    ...question.metrics.map((metric, index) => ({
      label: i18n.label(`metric.${metric}`, metric),
      numeric: true,
      cell: (row: StatsRow) => formatMetric(i18n, metric, row.metrics[index]),
    })),
    ...(props.extraColumns ?? []),
  ];
  if (state.error && !state.data) {
    return (
      <section class="panel" aria-label={props.title}>
        <h2>{props.title}</h2>
        <ErrorMessage error={state.error} onRetry={state.reload} />
      </section>
    );
  }
  if (!state.data) {
    return (
      <section class="panel" aria-label={props.title}>
        <h2>{props.title}</h2>
        <Loading />
      </section>
    );
  }
  return (
    <DataTable
      id={props.id}
      title={props.title}
      description={
        props.description || (props.filters?.length ?? 0) > 0 ? (
          <>
            {props.description}
            <FilterNote question={question} filters={props.filters ?? []} />
          </>
        ) : undefined
      }
      columns={columns}
      rows={state.data.results}
      empty={props.empty}
      rowKey={(row, index) => `${row.dimensions.join('\u0000')}#${index}`}
      onCsv={() => props.source.csv(question, csvName(props.source.site, props.id, props.range))}
    />
  );
}

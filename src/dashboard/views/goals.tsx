import { useMemo } from 'preact/hooks';
import { goalQueries } from '../../stats/dashboard-queries';
import type { StatsQueryInput } from '../../stats/query-model';
import type { Goal } from '../../store/goal-store';
import { FilterBar, FilterNote, filterCell } from '../components/controls';
import { DataTable } from '../components/data-table';
import { Control } from '../components/field';
import { KeyNumber, trendOf } from '../components/headline';
import { MetricHelp } from '../components/metric-help';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { StatsTable } from '../components/stats-table';
import { GOALS_WORDS, type GoalsWords } from '../i18n/goals-words';
import { type I18n, useI18n } from '../i18n/i18n';
import { channelLabel } from '../i18n/labels';
import { fillWords } from '../i18n/preview-lab-words';
import { api, seg } from '../lib/api';
import type { DateRange } from '../lib/dates';
import { type ActiveFilter, withFilters } from '../lib/filters';
import { setQuery } from '../lib/router';
import { csvName, type StatsSource, siteStatsSource } from '../lib/stats-source';
import type { Site, StatsResult, StatsRow } from '../lib/types';
import { type AsyncState, useAsync } from '../lib/use-async';
import { GoalManager } from './goal-manager';

/** The snippet lines the empty state and the revenue table show. */
export const EVENT_EXAMPLE = "penumbra('event', 'signup')";
export const REVENUE_EXAMPLE = "penumbra('event', 'subscribe', {revenue: {amount: 9.99, currency: 'EUR'}})";

/** One goal's figures of the period and of the previous one, and its revenue per currency. */
interface GoalFigures {
  goal: Goal;
  conversions: number;
  previous: number | null;
  converters: number | null;
  rate: number | null;
  revenue: { currency: string; amount: number }[];
}

/**
 * The Goals view (issue 14, docs/goals.md): the site's goals with their conversions, converters,
 * conversion rate and revenue per currency against the previous period; for the chosen goal (or
 * all), conversions by channel with dark social split by app (source) and by way of sharing
 * (medium) — which private channel brings sign-ups and sales —, and revenue by channel per
 * currency. Editors manage the goals here. The goal is `?goal=<name>` in the URL, beside the
 * site, the period and the filters.
 */
export function GoalsView(props: {
  site: Site;
  range: DateRange;
  filters: ActiveFilter[];
  chosen: string | undefined;
  canEdit: boolean;
}) {
  const i18n = useI18n();
  const words = GOALS_WORDS[i18n.lang];
  const { site, range, filters } = props;
  const source = useMemo(() => siteStatsSource(site), [site]);
  const goals = useAsync(
    (signal) =>
      api
        .get<{ goals: Goal[] }>(`/api/sites/${seg(site.id)}/goals`, { signal })
        .then((answer) => answer.goals),
    [site.id],
  );
  // A goal of the URL that this site does not have (another site's, deleted) means all goals.
  const chosen = goals.data?.find((goal) => goal.name === props.chosen)?.name;
  const questions = useGoalQuestions(source.site, range, filters, chosen);
  const perGoal = useStats(source, goals.data && goals.data.length > 0 ? questions.perGoal : undefined);
  const perGoalRevenue = useStats(
    source,
    goals.data && goals.data.length > 0 ? questions.perGoalRevenue : undefined,
  );
  const ready = goals.data !== undefined && goals.data.length > 0;
  const headline = useStats(source, ready ? questions.headline : undefined);
  const headlineRevenue = useStats(source, ready ? questions.headlineRevenue : undefined);
  const byChannel = useStats(source, ready ? questions.byChannel : undefined);
  const darkByApp = useStats(source, ready ? questions.darkByApp : undefined);
  const darkByMedium = useStats(source, ready ? questions.darkByMedium : undefined);
  const revenueByChannel = useStats(source, ready ? questions.revenueByChannel : undefined);
  const figures = useMemo(
    () => goalFigures(goals.data ?? [], perGoal.data, perGoalRevenue.data),
    [goals.data, perGoal.data, perGoalRevenue.data],
  );

  return (
    <>
      <PageHeader title={words.title} siteName={site.name} />
      <p class="lede">{words.intro}</p>
      <div class="attribution">
        <p class="panel-note">{words.attribution}</p>
        <MetricHelp topic="attribution" label={words.attributionLabel} />
      </div>
      <FilterBar filters={filters} />
      <RoundedNotice roundedTo={perGoal.data?.meta.rounded_to ?? headline.data?.meta.rounded_to} />
      {goals.error && <ErrorMessage error={goals.error} onRetry={goals.reload} />}
      {!goals.data && !goals.error && <Loading />}
      {goals.data && goals.data.length === 0 && <NoGoalYet words={words} canEdit={props.canEdit} />}
      {ready && (
        <>
          <GoalList
            words={words}
            figures={figures}
            state={perGoal}
            chosen={chosen}
            onCsv={() => source.csv(questions.perGoal, csvName(site.domain, 'goals', range))}
          />
          <section class="panel wide" aria-labelledby="goal-chosen-title">
            <header class="panel-header">
              <h2 id="goal-chosen-title">{fillWords(words.ofGoal, { goal: chosen ?? words.allGoals })}</h2>
              <Control label={words.goal}>
                {(ids) => (
                  <select
                    {...ids}
                    value={chosen ?? ''}
                    onChange={(event) => setQuery({ goal: event.currentTarget.value || undefined })}
                  >
                    <option value="">{words.allGoals}</option>
                    {(goals.data ?? []).map((goal) => (
                      <option key={goal.id} value={goal.name}>
                        {goal.name}
                      </option>
                    ))}
                  </select>
                )}
              </Control>
            </header>
            <FilterNote question={questions.headline} filters={filters} />
            <Headline words={words} chosen={chosen} conversions={headline} revenue={headlineRevenue} />
          </section>
          <div class="grid">
            {[
              {
                id: 'goal-channels',
                title: words.byChannel,
                description: chosen ? words.byChannelNote : words.byChannelAll,
                question: questions.byChannel,
                state: byChannel,
                empty: words.noConversion,
                cell: filterCell,
              },
              {
                id: 'goal-dark-apps',
                title: words.darkByApp,
                description: words.darkByAppNote,
                question: questions.darkByApp,
                state: darkByApp,
                empty: words.noDarkConversion,
                cell: filterCell,
              },
              {
                id: 'goal-dark-mediums',
                title: words.darkByMedium,
                description: words.darkByMediumNote,
                question: questions.darkByMedium,
                state: darkByMedium,
                empty: words.noDarkConversion,
              },
            ].map((table) => (
              <StatsTable key={table.id} {...table} source={source} range={range} filters={filters} />
            ))}
            <RevenueByChannel
              words={words}
              state={revenueByChannel}
              onCsv={() =>
                source.csv(questions.revenueByChannel, csvName(site.domain, 'goal-revenue', range))
              }
            />
          </div>
        </>
      )}
      {goals.data && (
        <GoalManager
          site={site}
          goals={goals.data}
          canEdit={props.canEdit}
          onChanged={goals.reload}
          onDeleted={(name) => {
            if (name === chosen) setQuery({ goal: undefined }, { replace: true });
          }}
        />
      )}
    </>
  );
}

/** The view's names for the questions of goalQueries (src/stats/dashboard-queries.ts). */
const QUESTION_NAMES = {
  perGoal: 'conversions by goal',
  perGoalRevenue: 'revenue by goal',
  headline: 'goal headline',
  headlineRevenue: 'goal revenue headline',
  byChannel: 'goal by channel',
  darkByApp: 'goal dark social by app',
  darkByMedium: 'goal dark social by way of sharing',
  revenueByChannel: 'revenue by channel',
} as const;

/**
 * The view's questions to `POST /api/stats/query`: goalQueries, which bench/stats times, with the
 * URL's filters they can take.
 */
function useGoalQuestions(
  site: string,
  range: DateRange,
  filters: readonly ActiveFilter[],
  chosen: string | undefined,
): Record<keyof typeof QUESTION_NAMES, StatsQueryInput> {
  const key = `${site}|${JSON.stringify(range.input)}|${JSON.stringify(filters)}|${chosen ?? ''}`;
  return useMemo(() => {
    const questions = goalQueries(site, range.input, chosen);
    const ask = (name: string) => {
      const question = questions[name];
      if (!question) throw new Error(`goalQueries has no question “${name}”`);
      return withFilters(question, filters);
    };
    return {
      perGoal: ask(QUESTION_NAMES.perGoal),
      perGoalRevenue: ask(QUESTION_NAMES.perGoalRevenue),
      headline: ask(QUESTION_NAMES.headline),
      headlineRevenue: ask(QUESTION_NAMES.headlineRevenue),
      byChannel: ask(QUESTION_NAMES.byChannel),
      darkByApp: ask(QUESTION_NAMES.darkByApp),
      darkByMedium: ask(QUESTION_NAMES.darkByMedium),
      revenueByChannel: ask(QUESTION_NAMES.revenueByChannel),
    };
  }, [key]);
}

function useStats(source: StatsSource, question: StatsQueryInput | undefined): AsyncState<StatsResult> {
  return useAsync(
    (signal) => (question ? source.query(question, signal) : new Promise<StatsResult>(() => undefined)),
    [question],
  );
}

/** Every goal of the site (those without a conversion too), with its row of the answers. */
function goalFigures(
  goals: readonly Goal[],
  perGoal: StatsResult | undefined,
  revenue: StatsResult | undefined,
): GoalFigures[] {
  const rows = new Map((perGoal?.results ?? []).map((row) => [row.dimensions[0] ?? '', row]));
  return goals.map((goal) => {
    const row = rows.get(goal.name);
    return {
      goal,
      conversions: row?.metrics[0] ?? 0,
      previous: row ? (row.comparison?.[0] ?? 0) : perGoal ? 0 : null,
      converters: row?.metrics[1] ?? 0,
      rate: row?.metrics[2] ?? null,
      revenue: (revenue?.results ?? [])
        .filter((line) => line.dimensions[0] === goal.name && line.dimensions[1])
        .map((line) => ({ currency: line.dimensions[1] ?? '', amount: line.metrics[0] ?? 0 })),
    };
  });
}

/** An amount in its currency, in the reader's way of writing it ("9,99 €", "€9.99"). */
export function money(i18n: I18n, amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  try {
    return new Intl.NumberFormat(i18n.locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${i18n.decimal(amount)} ${currency}`;
  }
}

function GoalList(props: {
  words: GoalsWords;
  figures: GoalFigures[];
  state: AsyncState<StatsResult>;
  chosen: string | undefined;
  onCsv: () => Promise<void>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { words } = props;
  if (props.state.error) return <ErrorMessage error={props.state.error} onRetry={props.state.reload} />;
  if (!props.state.data) return <Loading />;
  return (
    <DataTable<GoalFigures>
      id="goal-list"
      title={words.list}
      description={words.listNote}
      rows={props.figures}
      rowKey={(row) => row.goal.id}
      empty={words.noConversion}
      onCsv={props.onCsv}
      columns={[
        {
          label: words.goal,
          cell: (row) => (
            <button
              type="button"
              class="link-button"
              aria-pressed={row.goal.name === props.chosen}
              title={words.show}
              onClick={() => setQuery({ goal: row.goal.name === props.chosen ? undefined : row.goal.name })}
            >
              {row.goal.name}
            </button>
          ),
        },
        { label: t('metric.conversions'), numeric: true, cell: (row) => i18n.number(row.conversions) },
        {
          label: words.vsPrevious,
          cell: (row) => {
            const trend = row.previous === null ? undefined : trendOf(i18n, row.conversions, row.previous);
            return trend ? <span class={`key-trend ${trend.direction}`}>{trend.text}</span> : '—';
          },
        },
        { label: words.converters, numeric: true, cell: (row) => i18n.number(row.converters) },
        { label: t('metric.conversion_rate'), numeric: true, cell: (row) => i18n.percent(row.rate) },
        {
          label: words.revenue,
          numeric: true,
          cell: (row) =>
            row.revenue.length === 0
              ? words.noRevenue
              : row.revenue.map((line) => money(i18n, line.amount, line.currency)).join(' · '),
        },
      ]}
    />
  );
}

/** The chosen goal's (or all goals') key numbers, with their changes and their definitions. */
function Headline(props: {
  words: GoalsWords;
  chosen: string | undefined;
  conversions: AsyncState<StatsResult>;
  revenue: AsyncState<StatsResult>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { conversions, revenue } = props;
  if (conversions.error) return <ErrorMessage error={conversions.error} onRetry={conversions.reload} />;
  const row = conversions.data?.results[0];
  if (!conversions.data) return <Loading />;
  const value = (index: number) => row?.metrics[index] ?? 0;
  const previous = (index: number) => row?.comparison?.[index] ?? 0;
  return (
    <section class="key-numbers" aria-label={props.words.keyNumbers}>
      <KeyNumber
        label={t('metric.conversions')}
        value={value(0)}
        previous={previous(0)}
        lead
        help="conversions"
      />
      {props.chosen && (
        <>
          <KeyNumber label={props.words.converters} value={value(1)} previous={previous(1)} />
          <KeyNumber
            label={t('metric.conversion_rate')}
            value={row?.metrics[2] ?? null}
            previous={row?.comparison?.[2] ?? null}
            kind="share"
            help="conversion_rate"
          />
        </>
      )}
      {revenue.error && <ErrorMessage error={revenue.error} onRetry={revenue.reload} />}
      {(revenue.data?.results ?? [])
        .filter((line) => line.dimensions[0])
        .map((line, index) => {
          const currency = line.dimensions[0] ?? '';
          return (
            <KeyNumber
              key={currency}
              label={`${t('metric.revenue')} (${currency})`}
              value={line.metrics[0] ?? 0}
              previous={line.comparison?.[0] ?? 0}
              format={(amount) => money(i18n, amount, currency)}
              {...(index === 0 ? { help: 'revenue' as const } : {})}
            />
          );
        })}
    </section>
  );
}

/** Revenue by channel, one row per channel and currency, the amounts written in their currency. */
function RevenueByChannel(props: {
  words: GoalsWords;
  state: AsyncState<StatsResult>;
  onCsv: () => Promise<void>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { words, state } = props;
  const title = words.revenueByChannel;
  if (!state.data) {
    return (
      <section class="panel" aria-label={title}>
        <h2>{title}</h2>
        {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : <Loading />}
      </section>
    );
  }
  const currency = (row: StatsRow) => row.dimensions[1] ?? '';
  return (
    <DataTable<StatsRow>
      id="goal-revenue"
      title={title}
      description={words.revenueByChannelNote}
      rows={state.data.results.filter((row) => currency(row) !== '')}
      rowKey={(row) => row.dimensions.join('\u0000')}
      empty={
        <>
          {words.noRevenueRows} <code>{REVENUE_EXAMPLE}</code>
        </>
      }
      onCsv={props.onCsv}
      columns={[
        {
          label: t('dimension.channel'),
          cell: (row) =>
            filterCell('channel', row.dimensions[0] ?? '') ?? channelLabel(i18n, row.dimensions[0] ?? ''),
        },
        { label: t('dimension.currency'), cell: currency },
        {
          label: t('metric.revenue'),
          numeric: true,
          cell: (row) => money(i18n, row.metrics[0], currency(row)),
        },
        {
          label: t('metric.average_revenue'),
          numeric: true,
          cell: (row) => money(i18n, row.metrics[1], currency(row)),
        },
        { label: t('metric.conversions'), numeric: true, cell: (row) => i18n.number(row.metrics[2]) },
      ]}
    />
  );
}

/** No goal yet: what a goal is, and the snippet lines a page sends. */
function NoGoalYet(props: { words: GoalsWords; canEdit: boolean }) {
  const { words } = props;
  return (
    <div class="empty" data-testid="goals-empty">
      <p class="empty-title">{words.emptyTitle}</p>
      <p>{words.emptyWhat}</p>
      <p>{words.emptyEvent}</p>
      <pre class="snippet">
        <code>{EVENT_EXAMPLE}</code>
      </pre>
      <p>{words.emptyRevenue}</p>
      <pre class="snippet">
        <code>{REVENUE_EXAMPLE}</code>
      </pre>
      {!props.canEdit && <p>{words.emptyViewer}</p>}
    </div>
  );
}

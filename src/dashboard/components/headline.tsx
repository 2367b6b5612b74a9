import { type I18n, useI18n } from '../i18n/i18n';
import type { HelpTopic } from '../i18n/metric-help';
import { MetricHelp } from './metric-help';

/**
 * A key number with its change against the previous period of the same length. Ratios change in
 * percentage points (a share going from 30 % to 33 % is "+3 pts", not "+10 %"). A share without
 * a previous value (`previous: null`, the previous period had no denominator) is new this period.
 */
export interface Trend {
  text: string;
  direction: 'up' | 'down' | 'flat';
}

/**
 * A value against the previous period's: in points for a share, relative for a count, "new" when
 * there was nothing before. Undefined when a share had no previous value and has none now.
 */
export function trendOf(
  i18n: I18n,
  value: number | null | undefined,
  previous: number | null,
  share = false,
): Trend | undefined {
  const { t } = i18n;
  const current = value ?? 0;
  const before = previous ?? 0;
  if (share && previous === null) {
    // No share in the previous period (no visits at all): "+50 pts" would compare with a 0 % that
    // never was. Like a count that was 0, it is new this period (issue 16).
    return value !== null && value !== undefined ? { text: t('trend.new'), direction: 'up' } : undefined;
  }
  if (share) {
    const points = (current - before) * 100;
    return {
      text: t('trend.points', { delta: `${points > 0 ? '+' : ''}${i18n.decimal(points, 1)}` }),
      direction: Math.abs(points) < 0.05 ? 'flat' : points > 0 ? 'up' : 'down',
    };
  }
  if (before === 0) {
    return {
      text: current === 0 ? t('trend.same') : t('trend.new'),
      direction: current === 0 ? 'flat' : 'up',
    };
  }
  const change = (current - before) / before;
  return {
    text: t('trend.relative', { delta: `${change > 0 ? '+' : ''}${i18n.percent(change, 0)}` }),
    direction: Math.abs(change) < 0.005 ? 'flat' : change > 0 ? 'up' : 'down',
  };
}

export function KeyNumber(props: {
  label: string;
  value: number | null | undefined;
  previous?: number | null | undefined;
  /** A count, a share (a percentage; changes in points) or a ratio shown with decimals. */
  kind?: 'count' | 'share' | 'decimal';
  lead?: boolean;
  /** The figure's definition, behind a disclosure under the number. */
  help?: HelpTopic;
  /** The value in words of one's own (an amount in its currency); changes are relative, like counts. */
  format?: (value: number) => string;
}) {
  const i18n = useI18n();
  const share = props.kind === 'share';
  const shown = props.format
    ? props.format(props.value ?? 0)
    : share
      ? i18n.percent(props.value)
      : props.kind === 'decimal'
        ? i18n.decimal(props.value)
        : i18n.number(props.value);
  const trend = props.previous === undefined ? undefined : trendOf(i18n, props.value, props.previous, share);
  return (
    <div class={props.lead ? 'key-number lead' : 'key-number'}>
      <p class="key-label">{props.label}</p>
      <p class="key-value">{shown}</p>
      {trend && (
        <p class={`key-trend ${trend.direction}`}>
          <span aria-hidden="true">
            {trend.direction === 'up' ? '▲ ' : trend.direction === 'down' ? '▼ ' : '■ '}
          </span>
          {trend.text}
        </p>
      )}
      {props.help && <MetricHelp topic={props.help} label={props.label} />}
    </div>
  );
}

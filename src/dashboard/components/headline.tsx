import { useI18n } from '../i18n/i18n';
import type { HelpTopic } from '../i18n/metric-help';
import { MetricHelp } from './metric-help';

/**
 * A key number with its change against the previous period of the same length. Ratios change in
 * percentage points (a share going from 30 % to 33 % is "+3 pts", not "+10 %"). A share without
 * a previous value (`previous: null`, the previous period had no denominator) is new this period.
 */
export function KeyNumber(props: {
  label: string;
  value: number | null | undefined;
  previous?: number | null | undefined;
  /** A count, a share (a percentage; changes in points) or a ratio shown with decimals. */
  kind?: 'count' | 'share' | 'decimal';
  lead?: boolean;
  /** The figure's definition, behind a disclosure under the number. */
  help?: HelpTopic;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const share = props.kind === 'share';
  const shown = share
    ? i18n.percent(props.value)
    : props.kind === 'decimal'
      ? i18n.decimal(props.value)
      : i18n.number(props.value);
  let trend: { text: string; direction: 'up' | 'down' | 'flat' } | undefined;
  if (props.previous !== undefined) {
    const current = props.value ?? 0;
    const before = props.previous ?? 0;
    if (share && props.previous === null) {
      // No share in the previous period (no visits at all): "+50 pts" would compare with a 0 % that
      // never was. Like a count that was 0, it is new this period (issue 16).
      if (props.value !== null && props.value !== undefined)
        trend = { text: t('trend.new'), direction: 'up' };
    } else if (share) {
      const points = (current - before) * 100;
      trend = {
        text: t('trend.points', { delta: `${points > 0 ? '+' : ''}${i18n.decimal(points, 1)}` }),
        direction: Math.abs(points) < 0.05 ? 'flat' : points > 0 ? 'up' : 'down',
      };
    } else if (before === 0) {
      trend = {
        text: current === 0 ? t('trend.same') : t('trend.new'),
        direction: current === 0 ? 'flat' : 'up',
      };
    } else {
      const change = (current - before) / before;
      trend = {
        text: t('trend.relative', { delta: `${change > 0 ? '+' : ''}${i18n.percent(change, 0)}` }),
        direction: Math.abs(change) < 0.005 ? 'flat' : change > 0 ? 'up' : 'down',
      };
    }
  }
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

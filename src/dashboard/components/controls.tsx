import { useEffect, useState } from 'preact/hooks';
import type { StatsQueryInput } from '../../stats/query-model';
import { LANGS, type Lang, useI18n } from '../i18n/i18n';
import { channelLabel, dimensionLabel, sourceLabel } from '../i18n/labels';
import { addDays, type DateRange, isDay, RANGE_CHOICES, type RangeChoice, today } from '../lib/dates';
import { type ActiveFilter, filtersLeftOut } from '../lib/filters';
import { setQuery } from '../lib/router';
import { writePreference } from '../lib/storage';
import type { Site } from '../lib/types';
import { Control } from './field';

const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Control label={t('control.language')}>
      {(ids) => (
        <select {...ids} value={lang} onChange={(event) => setLang(event.currentTarget.value as Lang)}>
          {LANGS.map((code) => (
            <option key={code} value={code} lang={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

export function SitePicker(props: { sites: Site[]; current: Site | undefined }) {
  const { t } = useI18n();
  if (props.sites.length === 0) return null;
  return (
    <Control label={t('control.site')}>
      {(ids) => (
        <select
          {...ids}
          value={props.current?.domain ?? ''}
          onChange={(event) => {
            const domain = event.currentTarget.value;
            writePreference('site', domain);
            setQuery({ site: domain });
          }}
        >
          {props.sites.map((site) => (
            <option key={site.id} value={site.domain}>
              {site.name === site.domain ? site.domain : `${site.name} (${site.domain})`}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

/**
 * A custom range that ends before it starts, refused in words (issue 16: it used to be swapped
 * silently): shown in place of the figures, and in the picker while one is being typed.
 */
export function ReversedRange(props: { from: string; to: string }) {
  const i18n = useI18n();
  return (
    <p class="error" role="alert" data-testid="range-reversed">
      {i18n.t('range.reversed', { from: i18n.day(props.from, 'long'), to: i18n.day(props.to, 'long') })}
    </p>
  );
}

/**
 * Today, yesterday and today, 7 days, 30 days, 12 months, or days of one's own; every change is
 * a history entry.
 */
export function DateRangePicker(props: { range: DateRange }) {
  const { t } = useI18n();
  const { range } = props;
  const [custom, setCustom] = useState(range.choice === 'custom');
  const [from, setFrom] = useState(range.from ?? addDays(today(), -29));
  const [to, setTo] = useState(range.to ?? today());
  useEffect(() => {
    setCustom(range.choice === 'custom');
    if (range.from) setFrom(range.from);
    if (range.to) setTo(range.to);
  }, [range.choice, range.from, range.to]);
  const choose = (choice: RangeChoice) => {
    if (choice === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    setQuery({ range: choice === '30d' ? undefined : choice, from: undefined, to: undefined });
  };
  const valid = isDay(from) && isDay(to) && from <= to;
  return (
    <div class="range-picker">
      <Control label={t('control.range')}>
        {(ids) => (
          <select
            {...ids}
            value={custom ? 'custom' : range.choice}
            onChange={(event) => choose(event.currentTarget.value as RangeChoice)}
          >
            {RANGE_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`range.${choice}`)}
              </option>
            ))}
          </select>
        )}
      </Control>
      {custom && (
        <form
          class="custom-range"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) setQuery({ range: 'custom', from, to });
          }}
        >
          <Control label={t('control.from')}>
            {(ids) => (
              <input
                {...ids}
                type="date"
                value={from}
                max={to}
                required
                onInput={(event) => setFrom(event.currentTarget.value)}
              />
            )}
          </Control>
          <Control label={t('control.to')}>
            {(ids) => (
              <input
                {...ids}
                type="date"
                value={to}
                min={from}
                required
                onInput={(event) => setTo(event.currentTarget.value)}
              />
            )}
          </Control>
          <button type="submit" class="button small" disabled={!valid}>
            {t('action.apply')}
          </button>
          {isDay(from) && isDay(to) && from > to && <ReversedRange from={from} to={to} />}
        </form>
      )}
    </div>
  );
}

/** The URL's filters as removable chips. */
export function FilterBar(props: { filters: ActiveFilter[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.filters.length === 0) return null;
  return (
    <div class="filters">
      <span class="filters-label">{t('filter.active')}</span>
      {props.filters.map((filter) => {
        const text = `${t(`dimension.${filter.param}`)}${filter.param === 'page' ? ' ∋ ' : ' = '}${dimensionLabel(i18n, filter.param, filter.value)}`;
        return (
          <span class="chip" key={filter.param}>
            {text}
            <button
              type="button"
              class="chip-remove"
              aria-label={t('filter.remove', { filter: text })}
              onClick={() => setQuery({ [filter.param]: undefined })}
            >
              ×
            </button>
          </span>
        );
      })}
      <button
        type="button"
        class="button small secondary"
        onClick={() => setQuery({ channel: undefined, source: undefined, page: undefined })}
      >
        {t('filter.clear')}
      </button>
    </div>
  );
}

/** A dimension value that filters the view when pressed. */
export function FilterButton(props: { param: 'channel' | 'source' | 'page'; value: string; label: string }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      class="link-button"
      title={t('filter.by', { value: props.label })}
      onClick={() => setQuery({ [props.param]: props.value })}
    >
      {props.label}
    </button>
  );
}

/**
 * A table cell for the dimensions the URL can filter by (channel, source, page): a button that
 * filters the view, with the value in the reader's words. Other dimensions keep the table's default.
 */
export function FilterCell(props: { dimension: string; value: string }) {
  const i18n = useI18n();
  const { dimension, value } = props;
  if (dimension === 'channel')
    return <FilterButton param="channel" value={value} label={channelLabel(i18n, value)} />;
  if (dimension === 'source')
    return <FilterButton param="source" value={value} label={sourceLabel(i18n, value)} />;
  if (dimension === 'page') return <FilterButton param="page" value={value} label={value} />;
  return null;
}

/** Whether FilterCell draws this dimension. */
function filtersBy(dimension: string): boolean {
  return dimension === 'channel' || dimension === 'source' || dimension === 'page';
}

/** The `cell` of a StatsTable whose filterable dimensions become filter buttons. */
export const filterCell = (dimension: string, value: string) =>
  filtersBy(dimension) ? <FilterCell dimension={dimension} value={value} /> : undefined;

/** Says which of the URL's filters a panel's question could not take. */
export function FilterNote(props: {
  question: StatsQueryInput | undefined;
  filters: readonly ActiveFilter[];
}) {
  const { t } = useI18n();
  if (!props.question || props.filters.length === 0) return null;
  const left = filtersLeftOut(props.question, props.filters);
  if (left.length === 0) return null;
  const names = left.map((filter) => t(`dimension.${filter.param}`).toLowerCase()).join(', ');
  return <p class="panel-note">{t('filter.leftOut', { filters: names })}</p>;
}

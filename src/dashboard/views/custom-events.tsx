import { useState } from 'preact/hooks';
import type { CustomEventCount, CustomEventsReport, EventProperty } from '../../stats/custom-events-report';
import { csvNumber, csvText } from '../../stats/stats-csv';
import { DataTable } from '../components/data-table';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { DateRange } from '../lib/dates';
import { csvName } from '../lib/stats-source';
import type { Site } from '../lib/types';
import { useAsync } from '../lib/use-async';

/**
 * The Events view (issue 14): the custom events the snippet records (`penumbra('event', name,
 * props)`) by name, and the chosen event's property values, for the period picked
 * (`GET /api/stats/events`, docs/stats.md).
 */
export function CustomEventsView(props: { site: Site; range: DateRange }) {
  const { t } = useI18n();
  const { site, range } = props;
  const [chosen, setChosen] = useState<string>();
  const state = useAsync(
    (signal) =>
      api.get<CustomEventsReport>(
        `/api/stats/events?site=${seg(site.domain)}&${range.search}${chosen ? `&event=${seg(chosen)}` : ''}`,
        { signal },
      ),
    [site.domain, range.search, chosen],
  );
  const report = state.data;
  return (
    <>
      <PageHeader title={t('events.title')} siteName={site.name} />
      <p class="panel-note">{t('events.intro')}</p>
      <RoundedNotice roundedTo={report?.roundedTo} />
      {state.error && <ErrorMessage error={state.error} onRetry={state.reload} />}
      {!report && !state.error && <Loading />}
      {report && (
        <div class="grid">
          <EventsTable
            report={report}
            chosen={chosen}
            onChoose={setChosen}
            fileName={csvName(site.domain, 'events', range)}
          />
          {chosen && report.properties && (
            <PropertiesPanel
              name={report.properties.name}
              properties={report.properties.properties}
              fileName={csvName(site.domain, `event-${report.properties.name}`, range)}
            />
          )}
        </div>
      )}
    </>
  );
}

function EventsTable(props: {
  report: CustomEventsReport;
  chosen: string | undefined;
  onChoose: (name: string | undefined) => void;
  fileName: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const currencies = [
    ...new Set(props.report.events.flatMap((row) => (row.revenue ?? []).map((sum) => sum.currency))),
  ].sort();
  return (
    <DataTable<CustomEventCount>
      id="custom-events"
      title={t('events.byName')}
      description={
        <>
          {t('events.byNameNote')}
          {props.report.truncated && <> {t('events.truncated')}</>}
        </>
      }
      columns={[
        {
          label: t('events.name'),
          cell: (row) => (
            <button
              type="button"
              class="link-button"
              aria-pressed={row.name === props.chosen}
              onClick={() => props.onChoose(row.name === props.chosen ? undefined : row.name)}
            >
              {row.name}
            </button>
          ),
        },
        { label: t('events.count'), numeric: true, cell: (row) => i18n.number(row.events) },
        { label: t('metric.visitors'), numeric: true, cell: (row) => i18n.number(row.visitors) },
        // Revenue (issue 14) only when some event carried it: one sum per currency, never converted.
        ...(currencies.length > 0
          ? [
              {
                label: t('events.revenue'),
                numeric: true,
                cell: (row: CustomEventCount) =>
                  (row.revenue ?? []).map((sum) => money(i18n.locale, sum.amount, sum.currency)).join(' · '),
              },
            ]
          : []),
      ]}
      rows={props.report.events}
      onCsv={() =>
        saveCsv(
          [
            ['event', 'events', 'visitors', ...currencies.map((currency) => `revenue_${currency}`)],
            ...props.report.events.map((row) => [
              csvText(row.name),
              csvNumber(row.events),
              csvNumber(row.visitors),
              ...currencies.map((currency) =>
                csvNumber(row.revenue?.find((sum) => sum.currency === currency)?.amount ?? null),
              ),
            ]),
          ],
          props.fileName,
        )
      }
      empty={t('events.empty')}
      rowKey={(row) => row.name}
    />
  );
}

function PropertiesPanel(props: { name: string; properties: EventProperty[]; fileName: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const rows = props.properties.flatMap((property) => [
    ...property.values.map((value) => ({ key: property.key, value: value.value, events: value.events })),
    ...(property.otherValues > 0
      ? [{ key: property.key, value: t('events.otherValues', { count: property.otherValues }), events: null }]
      : []),
  ]);
  return (
    <DataTable<{ key: string; value: string; events: number | null }>
      id="event-properties"
      title={t('events.propertiesOf', { name: props.name })}
      description={t('events.propertiesNote')}
      columns={[
        { label: t('events.property'), cell: (row) => row.key },
        { label: t('events.value'), cell: (row) => row.value },
        { label: t('events.count'), numeric: true, cell: (row) => i18n.number(row.events) },
      ]}
      rows={rows}
      onCsv={() =>
        saveCsv(
          [
            ['property', 'value', 'events'],
            ...props.properties.flatMap((property) =>
              property.values.map((value) => [
                csvText(property.key),
                csvText(value.value),
                csvNumber(value.events),
              ]),
            ),
          ],
          props.fileName,
        )
      }
      empty={t('events.noProperties')}
      rowKey={(row) => `${row.key}\u0000${row.value}`}
    />
  );
}

/** An amount in its currency, in the reader's locale (`9,99 €`, `€9.99`). */
function money(locale: string, amount: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

/**
 * Saves rows of CSV cells (already escaped by csvText/csvNumber, as the stats API's CSV is) through
 * a Blob URL: the report answers JSON, so its tables are written here, the same way.
 */
async function saveCsv(rows: string[][], fileName: string): Promise<void> {
  const text = `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

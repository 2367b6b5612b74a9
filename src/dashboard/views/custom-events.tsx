import { useState } from 'preact/hooks';
import type { CustomEventCount, CustomEventsReport, EventProperty } from '../../stats/custom-events-report';
import { DataTable } from '../components/data-table';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { DateRange } from '../lib/dates';
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
          <EventsTable report={report} chosen={chosen} onChoose={setChosen} />
          {chosen && report.properties && (
            <PropertiesPanel name={report.properties.name} properties={report.properties.properties} />
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
}) {
  const i18n = useI18n();
  const { t } = i18n;
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
      ]}
      rows={props.report.events}
      empty={t('events.empty')}
      rowKey={(row) => row.name}
    />
  );
}

function PropertiesPanel(props: { name: string; properties: EventProperty[] }) {
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
      empty={t('events.noProperties')}
      rowKey={(row) => `${row.key}\u0000${row.value}`}
    />
  );
}

import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../components/data-table';
import { PageHeader } from '../components/page';
import { Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { channelLabel, sourceLabel } from '../i18n/labels';
import { seg } from '../lib/api';
import type { RealtimeSnapshot, Site } from '../lib/types';

type Status = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * People on the site in the last 30 minutes, from `GET /api/stats/realtime` (Server-Sent Events).
 * EventSource sends the session cookie of a same-origin URL; it reconnects by itself after a drop.
 */
export function useRealtime(domain: string): { snapshot: RealtimeSnapshot | undefined; status: Status } {
  const [snapshot, setSnapshot] = useState<RealtimeSnapshot>();
  const [status, setStatus] = useState<Status>('connecting');
  useEffect(() => {
    setSnapshot(undefined);
    setStatus('connecting');
    const source = new EventSource(`/api/stats/realtime?site=${seg(domain)}`);
    source.addEventListener('snapshot', (event) => {
      setSnapshot(JSON.parse((event as MessageEvent<string>).data) as RealtimeSnapshot);
      setStatus('live');
    });
    source.addEventListener('error', () =>
      setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'),
    );
    return () => source.close();
  }, [domain]);
  return { snapshot, status };
}

export function RealtimeView(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { snapshot, status } = useRealtime(props.site.domain);
  return (
    <>
      <PageHeader title={t('realtime.title')} siteName={props.site.name} />
      <p class={`live-status ${status}`} role="status">
        <span class="dot" aria-hidden="true" />
        {t(`realtime.status.${status}`)}
        {snapshot && ` · ${t('realtime.updated', { time: i18n.dateTime(snapshot.at) })}`}
      </p>
      {!snapshot && status !== 'closed' && <Loading />}
      {status === 'closed' && !snapshot && <p class="error">{t('realtime.closed')}</p>}
      {snapshot && (
        <>
          <section class="key-numbers" aria-label={t('realtime.now', { minutes: snapshot.windowMinutes })}>
            <div class="key-number lead">
              <p class="key-label">{t('realtime.visitors', { minutes: snapshot.windowMinutes })}</p>
              <p class="key-value" data-testid="realtime-visitors">
                {i18n.number(snapshot.visitors)}
              </p>
            </div>
            <div class="key-number">
              <p class="key-label">{t('metric.pageviews')}</p>
              <p class="key-value">{i18n.number(snapshot.pageviews)}</p>
            </div>
          </section>
          {snapshot.truncated && <p class="panel-note">{t('realtime.truncated')}</p>}
          {snapshot.visitors === 0 && <p class="empty">{t('realtime.empty')}</p>}
          <div class="grid">
            <DataTable
              id="rt-channels"
              title={t('realtime.byChannel')}
              rows={snapshot.byChannel}
              rowKey={(row) => row.channel}
              empty={t('table.empty')}
              columns={[
                { label: t('dimension.channel'), cell: (row) => channelLabel(i18n, row.channel) },
                { label: t('metric.visitors'), numeric: true, cell: (row) => i18n.number(row.visitors) },
              ]}
            />
            <DataTable
              id="rt-sources"
              title={t('realtime.bySource')}
              rows={snapshot.bySource}
              rowKey={(row) => `${row.channel}/${row.source}`}
              empty={t('table.empty')}
              columns={[
                { label: t('dimension.source'), cell: (row) => sourceLabel(i18n, row.source) },
                { label: t('dimension.channel'), cell: (row) => channelLabel(i18n, row.channel) },
                { label: t('metric.visitors'), numeric: true, cell: (row) => i18n.number(row.visitors) },
              ]}
            />
            <DataTable
              id="rt-pages"
              title={t('realtime.byPage')}
              rows={snapshot.byPage}
              rowKey={(row) => row.page}
              empty={t('table.empty')}
              columns={[
                { label: t('dimension.page'), cell: (row) => row.page },
                { label: t('metric.visitors'), numeric: true, cell: (row) => i18n.number(row.visitors) },
              ]}
            />
          </div>
        </>
      )}
    </>
  );
}

import { useState } from 'preact/hooks';
import { CopyButton } from '../components/copy-button';
import { DataTable } from '../components/data-table';
import { ErrorMessage, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';
import { useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';

/** The API's shapes (src/http/routes/webhooks.ts, reports.ts). */
interface Endpoint {
  id: string;
  url: string;
  events: string[];
  failing: boolean;
  failingSince: string | null;
}
interface Delivery {
  id: string;
  channel: 'webhook' | 'slack' | 'email';
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}
interface Recipient {
  id: string;
  kind: 'email' | 'slack';
  address: string;
  language: 'en' | 'fr';
  schedule: 'weekly' | 'monthly' | 'both';
}

const EVENTS = ['link.shared', 'link.clicked', 'report.weekly', 'alert.triggered', 'goal.converted'] as const;

/**
 * Settings → Webhooks and Reports of the chosen site (issue 14): signed endpoints with their
 * secret shown once, the failing ones called out, the delivery log with replay; digest recipients
 * and their schedule, and whether mail can be sent at all. Owners only, like the API.
 */
export function DeliverySettings(props: { site: Site }) {
  return (
    <>
      <Webhooks site={props.site} />
      <Reports site={props.site} />
    </>
  );
}

function Webhooks(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const base = `/api/sites/${seg(props.site.id)}`;
  const endpoints = useAsync(
    (signal) => api.get<{ items: Endpoint[] }>(`${base}/webhooks`, { signal }).then((r) => r.items),
    [base],
  );
  const log = useAsync(
    (signal) =>
      api.get<{ items: Delivery[] }>(`${base}/deliveries?limit=20`, { signal }).then((r) => r.items),
    [base],
  );
  const reload = () => {
    endpoints.reload();
    log.reload();
  };
  const { error, run } = useAction(reload);
  const [secret, setSecret] = useState<string>();
  const failing = (endpoints.data ?? []).filter((endpoint) => endpoint.failing);
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {failing.map((endpoint) => (
        <p key={endpoint.id} class="notice" role="alert">
          {t('webhooks.failingNotice', {
            url: endpoint.url,
            since: i18n.dateTime(endpoint.failingSince ?? ''),
          })}
        </p>
      ))}
      {endpoints.error && <ErrorMessage error={endpoints.error} onRetry={endpoints.reload} />}
      {!endpoints.data && !endpoints.error && <Loading />}
      {endpoints.data && (
        <DataTable
          id="webhooks"
          title={t('webhooks.title')}
          description={<p class="hint">{t('webhooks.hint')}</p>}
          rows={endpoints.data}
          rowKey={(endpoint) => endpoint.id}
          empty={t('webhooks.none')}
          columns={[
            { label: t('webhooks.url'), cell: (endpoint) => <code>{endpoint.url}</code> },
            { label: t('webhooks.events'), cell: (endpoint) => endpoint.events.join(', ') },
            {
              label: t('webhooks.state'),
              cell: (endpoint) =>
                endpoint.failing ? <strong>{t('webhooks.failing')}</strong> : t('webhooks.ok'),
            },
            {
              label: t('users.actions'),
              cell: (endpoint) => (
                <>
                  <button
                    type="button"
                    class="button small secondary"
                    aria-label={t('webhooks.testOf', { url: endpoint.url })}
                    onClick={() => run(() => api.post(`${base}/webhooks/${seg(endpoint.id)}/test`))}
                  >
                    {t('webhooks.test')}
                  </button>{' '}
                  <button
                    type="button"
                    class="button small danger"
                    aria-label={t('webhooks.removeOf', { url: endpoint.url })}
                    onClick={() => {
                      if (window.confirm(t('webhooks.removeConfirm', { url: endpoint.url })))
                        void run(() => api.delete(`${base}/webhooks/${seg(endpoint.id)}`));
                    }}
                  >
                    {t('webhooks.remove')}
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
      <form
        class="form panel"
        aria-labelledby="webhook-add-title"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          setSecret(undefined);
          await run(async () => {
            const created = await api.post<{ secret: string }>(`${base}/webhooks`, {
              url: data.get('url'),
              events: data.getAll('event'),
            });
            setSecret(created.secret);
            form.reset();
          });
        }}
      >
        <h2 id="webhook-add-title">{t('webhooks.add')}</h2>
        <label class="field">
          <span>{t('webhooks.url')}</span>
          <input name="url" type="url" required placeholder="https://" />
        </label>
        <fieldset class="field">
          <legend>{t('webhooks.events')}</legend>
          {EVENTS.map((type) => (
            <label key={type}>
              <input type="checkbox" name="event" value={type} defaultChecked /> <code>{type}</code>
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button">
            {t('webhooks.addButton')}
          </button>
        </div>
        {secret && (
          <div class="notice secret" role="status">
            <p>
              <strong>{t('webhooks.secretOnce')}</strong>
            </p>
            <p>
              <code data-testid="webhook-secret">{secret}</code>{' '}
              <CopyButton text={secret} label={t('webhooks.copySecret')} />
            </p>
          </div>
        )}
      </form>
      {log.error && <ErrorMessage error={log.error} onRetry={log.reload} />}
      {log.data && (
        <DataTable
          id="deliveries"
          title={t('deliveries.title')}
          rows={log.data}
          rowKey={(delivery) => delivery.id}
          empty={t('deliveries.none')}
          columns={[
            { label: t('deliveries.when'), cell: (d) => i18n.dateTime(d.createdAt) },
            {
              label: t('deliveries.what'),
              cell: (d) => `${d.eventType} · ${t(`deliveries.channel.${d.channel}`)}`,
            },
            { label: t('deliveries.status'), cell: (d) => t(`deliveries.status.${d.status}`) },
            { label: t('deliveries.attempts'), cell: (d) => i18n.number(d.attempts), numeric: true },
            { label: t('deliveries.last'), cell: (d) => (d.lastStatusCode ?? d.lastError ?? '—').toString() },
            {
              label: t('users.actions'),
              cell: (d) =>
                d.status === 'pending' ? (
                  <span class="muted">{t('deliveries.trying')}</span>
                ) : (
                  <button
                    type="button"
                    class="button small secondary"
                    aria-label={t('deliveries.replayOf', {
                      when: i18n.dateTime(d.createdAt),
                      what: d.eventType,
                    })}
                    onClick={() => run(() => api.post(`${base}/deliveries/${seg(d.id)}/replay`))}
                  >
                    {t('deliveries.replay')}
                  </button>
                ),
            },
          ]}
        />
      )}
    </>
  );
}

function Reports(props: { site: Site }) {
  const { t } = useI18n();
  const base = `/api/sites/${seg(props.site.id)}`;
  const reports = useAsync(
    (signal) => api.get<{ mailConfigured: boolean; recipients: Recipient[] }>(`${base}/reports`, { signal }),
    [base],
  );
  const { error, run } = useAction(reports.reload);
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {reports.data && !reports.data.mailConfigured && (
        <p class="notice" role="status" data-testid="mail-not-configured">
          {t('reports.mailOff')}
        </p>
      )}
      {reports.error && <ErrorMessage error={reports.error} onRetry={reports.reload} />}
      {reports.data && (
        <DataTable
          id="recipients"
          title={t('reports.title')}
          description={<p class="hint">{t('reports.hint')}</p>}
          rows={reports.data.recipients}
          rowKey={(recipient) => recipient.id}
          empty={t('reports.none')}
          columns={[
            { label: t('reports.recipient'), cell: (r) => `${t(`reports.kind.${r.kind}`)}: ${r.address}` },
            { label: t('reports.language'), cell: (r) => t(`reports.lang.${r.language}`) },
            { label: t('reports.schedule'), cell: (r) => t(`reports.schedule.${r.schedule}`) },
            {
              label: t('users.actions'),
              cell: (r) => (
                <button
                  type="button"
                  class="button small danger"
                  aria-label={t('reports.removeOf', { address: r.address })}
                  onClick={() => run(() => api.delete(`${base}/reports/recipients/${seg(r.id)}`))}
                >
                  {t('reports.remove')}
                </button>
              ),
            },
          ]}
        />
      )}
      <form
        class="form panel"
        aria-labelledby="recipient-add-title"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          const added = await run(() =>
            api.post(`${base}/reports/recipients`, {
              kind: data.get('kind'),
              address: data.get('address'),
              language: data.get('language'),
              schedule: data.get('schedule'),
            }),
          );
          if (added) form.reset();
        }}
      >
        <h2 id="recipient-add-title">{t('reports.add')}</h2>
        <label class="field">
          <span>{t('reports.kind')}</span>
          <select name="kind">
            <option value="email">{t('reports.kind.email')}</option>
            <option value="slack">{t('reports.kind.slack')}</option>
          </select>
        </label>
        <label class="field">
          <span>{t('reports.address')}</span>
          <input name="address" required />
        </label>
        <label class="field">
          <span>{t('reports.language')}</span>
          <select name="language">
            <option value="en">{t('reports.lang.en')}</option>
            <option value="fr">{t('reports.lang.fr')}</option>
          </select>
        </label>
        <label class="field">
          <span>{t('reports.schedule')}</span>
          <select name="schedule">
            <option value="weekly">{t('reports.schedule.weekly')}</option>
            <option value="monthly">{t('reports.schedule.monthly')}</option>
            <option value="both">{t('reports.schedule.both')}</option>
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="button">
            {t('reports.addButton')}
          </button>
        </div>
      </form>
    </>
  );
}

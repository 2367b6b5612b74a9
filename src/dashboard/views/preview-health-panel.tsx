import { ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { sourceLabel } from '../i18n/labels';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';
import { useAsync } from '../lib/use-async';

/** `GET /api/previews/health` (src/stats/preview-health.ts). */
interface PreviewHealthReport {
  days: number;
  apps: {
    source: string;
    shares: number;
    loggedFetches: number;
    lastFetchedAt: string;
    lastStatus: number;
    failures: { status: number; fetches: number; pages: number }[];
    failing: boolean;
  }[];
  /** Strict mode: counts rounded to this. */
  roundedTo?: number;
}

const DAYS = 7;

/**
 * Preview health from real fetches (issue 15): per app, its fetcher's last visit, the status it
 * got and its shares this week, from short links and imported logs; an app whose fetches fail is
 * said in words ("Slack's fetcher got 403 on 12 pages this week"), first.
 */
export function PreviewHealthPanel(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const health = useAsync(
    (signal) =>
      api.get<PreviewHealthReport>(`/api/previews/health?site=${seg(props.site.domain)}&days=${DAYS}`, {
        signal,
      }),
    [props.site.domain],
  );
  const failing = health.data?.apps.filter((app) => app.failing) ?? [];
  return (
    <section class="panel wide" aria-labelledby="preview-health-title">
      <h2 id="preview-health-title">{t('health.title')}</h2>
      <p class="panel-note">{t('health.intro', { days: DAYS })}</p>
      <RoundedNotice roundedTo={health.data?.roundedTo} />
      {health.error && <ErrorMessage error={health.error} onRetry={health.reload} />}
      {!health.data && !health.error && <Loading />}
      {failing.length > 0 && (
        <ul class="health-alerts" aria-label={t('health.alerts')}>
          {failing.map((app) => {
            const worst = app.failures[0];
            return (
              <li key={app.source} class="error">
                {worst
                  ? t('health.failing', {
                      app: sourceLabel(i18n, app.source),
                      status: worst.status,
                      pages: worst.pages,
                    })
                  : t('health.failingLast', { app: sourceLabel(i18n, app.source), status: app.lastStatus })}
              </li>
            );
          })}
        </ul>
      )}
      {health.data && health.data.apps.length === 0 && <p class="panel-empty">{t('health.empty')}</p>}
      {health.data && health.data.apps.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a scroller of the table, named by its heading; a fieldset would mean a form.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroller must be reachable by keyboard (WCAG 2.1.1).
        <div class="table-scroll" tabIndex={0} role="group" aria-labelledby="preview-health-title">
          <table>
            <caption class="visually-hidden">{t('health.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('health.app')}</th>
                <th scope="col">{t('health.lastFetch')}</th>
                <th scope="col" class="num">
                  {t('health.status')}
                </th>
                <th scope="col" class="num">
                  {t('health.shares')}
                </th>
                <th scope="col">{t('health.state')}</th>
              </tr>
            </thead>
            <tbody>
              {health.data.apps.map((app) => (
                <tr key={app.source}>
                  <th scope="row">{sourceLabel(i18n, app.source)}</th>
                  <td>{i18n.dateTime(app.lastFetchedAt)}</td>
                  <td class="num">{app.lastStatus}</td>
                  <td class="num">{i18n.number(app.shares)}</td>
                  <td>{app.failing ? t('health.stateFailing') : t('health.stateOk')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

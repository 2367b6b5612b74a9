import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../components/data-table';
import { Link } from '../components/link';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { type InstallWordKey, installWord } from '../i18n/install-words';
import { api, seg } from '../lib/api';
import { keepContext } from '../lib/router';
import type { Site } from '../lib/types';
import { useAsync } from '../lib/use-async';

/** `GET /api/sites/:id/install` (docs/tracking-protocol.md, "Origins and the install check"). */
export interface InstallCheckView {
  status: 'waiting' | 'seen' | 'refused';
  lastSeenAt: string | null;
  lastSeenOrigin: string | null;
  allowedHosts: string[];
  hasEvents: boolean;
  snippet?: string;
  seen: { origin: string; firstAt: string; lastAt: string; events: number }[];
  refused: {
    origin: string | null;
    reason: 'origin_not_listed' | 'origin_missing' | 'origin_opaque';
    lastAt: string;
    attempts: number;
    allowedNow: boolean;
    addOrigin: string | null;
  }[];
}

/** Until the snippet is seen, asked again this often: the page tells when the first event comes. */
const POLL_MS = 3_000;
/** The install words in the reader's language (shared with the origins form). */
export function useInstallWords() {
  const { lang } = useI18n();
  return (key: InstallWordKey, params?: Record<string, string>) => installWord(lang, key, params);
}

/** The install check, polled while the snippet has not been seen yet. */
export function useInstallCheck(site: Site) {
  const state = useAsync(
    (signal) => api.get<InstallCheckView>(`/api/sites/${seg(site.id)}/install`, { signal }),
    [site.id, (site.extraOrigins ?? []).join(',')],
  );
  const waiting = state.data !== undefined && state.data.status !== 'seen';
  useEffect(() => {
    if (!waiting || state.loading) return;
    const timer = setTimeout(state.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, state.loading, state.data]);
  return state;
}

/**
 * Whether the snippet's events arrive (issue 16): "waiting for the first event" until one does,
 * then when and from where; the refused origins with the reason and the fix, one click away when
 * the fix is to add the host to the site's extra origins.
 */
export function InstallCheck(props: {
  site: Site;
  check: ReturnType<typeof useInstallCheck>;
  canEdit: boolean;
  onSaved: (site: Site) => void;
}) {
  const i18n = useI18n();
  const w = useInstallWords();
  const { site, check } = props;
  const [error, setError] = useState<Error>();
  const data = check.data;
  const addHost = async (host: string) => {
    setError(undefined);
    try {
      const extraOrigins = [...new Set([...(site.extraOrigins ?? []), host])];
      props.onSaved(await api.patch<Site>(`/api/sites/${seg(site.id)}`, { extraOrigins }));
    } catch (failure) {
      setError(failure as Error);
    }
  };
  const originText = (origin: string | null) =>
    origin === null ? w('opaqueOrigin') : origin === '' ? w('noOrigin') : origin;
  return (
    <section class="panel wide" aria-labelledby="install-check" data-testid="install-check">
      <h2 id="install-check">{w('title')}</h2>
      {check.error && <ErrorMessage error={check.error} onRetry={check.reload} />}
      {error && <ErrorMessage error={error} />}
      {data && (
        <>
          <p class={`install-status ${data.status}`} role="status" data-status={data.status}>
            <strong>
              {data.status === 'seen'
                ? w('seen', {
                    time: i18n.dateTime(data.lastSeenAt ?? ''),
                    origin: data.lastSeenOrigin ?? '',
                  })
                : w(data.status)}
            </strong>
          </p>
          {data.status === 'waiting' && <p>{w('waitingHelp', { domain: site.domain })}</p>}
          {data.status === 'waiting' && data.hasEvents && <p class="panel-note">{w('hasEventsOnly')}</p>}
          {data.status === 'refused' && <p>{w('refusedHelp')}</p>}
          <p class="panel-note">{w('allowed', { hosts: data.allowedHosts.join(', ') })}</p>
          {data.refused.length > 0 && (
            <DataTable
              id="install-refused"
              title={w('refusedTable')}
              rows={data.refused}
              rowKey={(row) => `${row.origin}|${row.reason}`}
              empty=""
              columns={[
                { label: w('origin'), cell: (row) => originText(row.origin) },
                { label: w('reason'), cell: (row) => w(`reason.${row.reason}`) },
                {
                  label: w('fix'),
                  cell: (row) => {
                    if (row.allowedNow) return w('fix.allowedNow');
                    const host = row.addOrigin;
                    if (row.reason === 'origin_not_listed' && host) {
                      return (
                        <>
                          {w('fix.origin_not_listed', { host })}{' '}
                          {props.canEdit && (
                            <button type="button" class="button small" onClick={() => void addHost(host)}>
                              {w('add', { host })}
                            </button>
                          )}
                        </>
                      );
                    }
                    return w(`fix.${row.reason}`, { domain: site.domain });
                  },
                },
                { label: w('attempts'), numeric: true, cell: (row) => i18n.number(row.attempts) },
                { label: w('lastAt'), cell: (row) => i18n.dateTime(row.lastAt) },
              ]}
            />
          )}
          {data.seen.length > 0 && (
            <DataTable
              id="install-seen"
              title={w('seenTable')}
              rows={data.seen}
              rowKey={(row) => row.origin}
              empty=""
              columns={[
                { label: w('origin'), cell: (row) => row.origin },
                { label: w('events'), numeric: true, cell: (row) => i18n.number(row.events) },
                { label: w('lastAt'), cell: (row) => i18n.dateTime(row.lastAt) },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The four steps of a new site, each marked done when the server says so; gone once all are. */
export function NewSiteChecklist(props: { site: Site; check: InstallCheckView | undefined }) {
  const w = useInstallWords();
  const { site } = props;
  const kits = useAsync(
    (signal) => api.get<{ total: number }>(`/api/links?site=${seg(site.domain)}&limit=1`, { signal }),
    [site.id],
  );
  // Only an owner may list users: for anyone else the step has no state.
  const users = useAsync(
    (signal) =>
      api
        .get<unknown[] | { items: unknown[] }>('/api/users', { signal })
        .then((answer) => (Array.isArray(answer) ? answer.length : answer.items.length)),
    [],
  );
  const seen = props.check?.status === 'seen';
  const steps: { key: InstallWordKey; done: boolean | undefined; href: string }[] = [
    { key: 'step.snippet', done: seen || undefined, href: '#install' },
    { key: 'step.verify', done: seen, href: '#install-check' },
    {
      key: 'step.kit',
      done: kits.data ? kits.data.total > 0 : undefined,
      href: keepContext('/app/links/new'),
    },
    {
      key: 'step.invite',
      done: users.data === undefined ? undefined : users.data > 1,
      href: `${keepContext('/app/settings')}#users`,
    },
  ];
  // Every step done: a site in use needs no checklist.
  if (steps.every((step) => step.done === true)) return null;
  return (
    <section class="panel wide" aria-labelledby="new-site-checklist" data-testid="new-site-checklist">
      <h2 id="new-site-checklist">{w('checklist')}</h2>
      <ol class="checklist">
        {steps.map((step) => (
          <li key={step.key} class={step.done ? 'done' : undefined} data-step={step.key}>
            {step.href.startsWith('#') ? (
              <a href={step.href}>{w(step.key)}</a>
            ) : (
              <Link href={step.href}>{w(step.key)}</Link>
            )}
            {step.done !== undefined && (
              <span class="checklist-state"> ({step.done ? w('done') : w('todo')})</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { ApiError } from '../lib/api';

/** A polite live region, so screen readers hear that something is loading without losing focus. */
export function Loading(props: { label?: string }) {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('state.loading')}
    </p>
  );
}

/** Problem codes the dashboard words itself, in the reader's language (a `detail` is English). */
const WORDED_CODES = new Set(['password_common', 'password_too_short', 'rate_limited', 'hashing_busy']);

/** The problem's `detail` in words; the code only when there is nothing better to say. */
export function errorText(t: ReturnType<typeof useI18n>['t'], error: Error): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('error.network');
    if (WORDED_CODES.has(error.code)) return t(`error.${error.code}` as MessageKey);
    if (error.status === 403) return error.detail ?? t('error.forbidden');
    if (error.detail) return error.detail;
    if (error.status === 404) return t('error.notFound');
    return t('error.unknown', { code: error.code });
  }
  return error.message || t('error.unknown', { code: 'client' });
}

export function ErrorMessage(props: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="error" role="alert">
      <p>{errorText(t, props.error)}</p>
      {props.onRetry && (
        <button type="button" class="button secondary" onClick={props.onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

/** A strict site's reports are rounded (src/stats/strict-rounding.ts): the page says so. */
export function RoundedNotice(props: { roundedTo: number | undefined }) {
  const { t } = useI18n();
  if (!props.roundedTo) return null;
  return (
    <p class="notice" data-testid="rounded-notice">
      {t('stats.rounded', { count: props.roundedTo })}
    </p>
  );
}

export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{props.title}</p>
      {props.children}
    </div>
  );
}

/** Loading, error or content, for one request's state. */
export function AsyncBlock<T>(props: {
  state: { data: T | undefined; error: Error | undefined; loading: boolean; reload(): void };
  children: (data: T) => ComponentChildren;
}) {
  const { data, error, loading, reload } = props.state;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (data === undefined) return loading ? <Loading /> : null;
  return <div class={loading ? 'stale' : undefined}>{props.children(data)}</div>;
}

import type { ComponentChildren } from 'preact';
import { type I18n, useI18n } from '../i18n/i18n';
import { problemMessage } from '../i18n/problems';
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

/**
 * Codes whose message stays general while the server's `detail` says exactly what is wrong
 * (which field, which value): the detail is shown under the message, marked as English.
 */
const GENERAL_CODES = new Set([
  'invalid_json',
  'invalid_body',
  'invalid_query',
  'invalid_input',
  'invalid_link',
  'invalid_site',
  'invalid_account',
  'invalid_stats_query',
  'unsupported_combination',
  'forbidden',
  'site_required',
  'too_many_items',
]);

export interface ProblemText {
  /** In the reader's language, unless the server's text is all there is. */
  message: string;
  /** The language of `message` when it is the server's own text (English). */
  messageLang?: 'en';
  /** The server's English detail, when it adds to a general message. */
  serverDetail?: string;
}

/**
 * A problem in words: the dashboard's own message for its `code` (problems-en.ts / problems-fr.ts),
 * with the server's English detail as a fallback for a code the dashboard does not know.
 */
export function problemText(i18n: I18n, error: Error): ProblemText {
  const { t } = i18n;
  if (!(error instanceof ApiError))
    return { message: error.message || t('error.unknown', { code: 'client' }) };
  if (error.code === 'network') return { message: t('error.network') };
  const own = problemMessage(i18n.lang, error.code);
  if (own !== undefined) {
    const detail = error.detail && GENERAL_CODES.has(error.code) ? error.detail : undefined;
    return detail === undefined ? { message: own } : { message: own, serverDetail: detail };
  }
  if (error.detail)
    return i18n.lang === 'en' ? { message: error.detail } : { message: error.detail, messageLang: 'en' };
  if (error.status === 403) return { message: t('error.forbidden') };
  if (error.status === 404) return { message: t('error.notFound') };
  return { message: t('error.unknown', { code: error.code }) };
}

export function ErrorMessage(props: { error: Error; onRetry?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const text = problemText(i18n, props.error);
  const code = props.error instanceof ApiError ? props.error.code : undefined;
  return (
    <div class="error" role="alert" data-code={code}>
      <p lang={text.messageLang}>{text.message}</p>
      {text.serverDetail && (
        <p class="error-detail">
          {t('error.serverDetail')} <span lang="en">{text.serverDetail}</span>
        </p>
      )}
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

/** What one attempt at a delivery came to, as the dispatcher logs it. */
export interface AttemptResult {
  ok: boolean;
  /** The receiver's HTTP status, or the SMTP reply code; null when none came. */
  statusCode: number | null;
  /** Why it failed, in a few words (never the payload); null on success. */
  error: string | null;
  /** No later attempt can succeed (the target is gone, its address is refused): fail now. */
  permanent?: boolean;
}

/** The refusals that retrying cannot change (src/net/outbound-error.ts codes). */
const PERMANENT_OUTBOUND = new Set(['bad_url', 'scheme_not_allowed', 'host_not_public']);

export function failedAttempt(error: unknown): AttemptResult {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    statusCode: null,
    error: (code ? `${code}: ${message}` : message).slice(0, 500),
    permanent: code !== undefined && PERMANENT_OUTBOUND.has(code),
  };
}

export function answeredAttempt(status: number): AttemptResult {
  const ok = status >= 200 && status < 300;
  return { ok, statusCode: status, error: ok ? null : `the receiver answered ${status}` };
}

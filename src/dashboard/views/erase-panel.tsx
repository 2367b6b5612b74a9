import { useState } from 'preact/hooks';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';

type TargetKind = 'link' | 'campaign' | 'tag' | 'site';
const KINDS: readonly TargetKind[] = ['link', 'campaign', 'tag', 'site'];

/** `POST /api/sites/:id/erase` answers this (src/privacy/data-erasure.ts). */
interface ErasureReport {
  dryRun: boolean;
  rollups: boolean;
  counts: Record<string, number>;
}

interface Request {
  kind: TargetKind;
  value: string;
  rollups: boolean;
}

function requestBody(request: Request, dryRun: boolean): Record<string, unknown> {
  if (request.kind === 'site') return { dryRun };
  return { [request.kind]: request.value.trim(), rollups: request.rollups, dryRun };
}

const rowsIn = (report: ErasureReport) => Object.values(report.counts).reduce((sum, count) => sum + count, 0);

/**
 * Erasure from the dashboard (GDPR Art. 17; issue #7), owners only: first what would go, table
 * by table, with nothing changed; then, on a second, explicit step, the erasure itself. A whole
 * site asks for its domain to be typed, as a last check.
 */
export function ErasePanel(props: { site: Site; onSiteErased: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [request, setRequest] = useState<Request>({ kind: 'link', value: '', rollups: false });
  const [preview, setPreview] = useState<ErasureReport>();
  const [done, setDone] = useState<ErasureReport>();
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const path = `/api/sites/${seg(props.site.id)}/erase`;

  const change = (next: Partial<Request>) => {
    setRequest({ ...request, ...next });
    setPreview(undefined);
    setDone(undefined);
    setConfirmation('');
  };
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const report = await api.post<ErasureReport>(path, requestBody(request, dryRun));
      if (dryRun) setPreview(report);
      else {
        setPreview(undefined);
        setDone(report);
        if (request.kind === 'site') props.onSiteErased();
      }
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const confirmed = request.kind !== 'site' || confirmation.trim() === props.site.domain;

  return (
    <section class="panel" aria-labelledby="erase-title">
      <h2 id="erase-title">{t('erase.title')}</h2>
      <p>{t('erase.text')}</p>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(true);
        }}
      >
        <div class="field-row">
          <label class="field">
            <span>{t('erase.kind')}</span>
            <select
              value={request.kind}
              onChange={(event) => change({ kind: event.currentTarget.value as TargetKind })}
            >
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`erase.kind.${kind}`)}
                </option>
              ))}
            </select>
          </label>
          {request.kind !== 'site' && (
            <label class="field">
              <span>{t(`erase.value.${request.kind}`)}</span>
              <input
                value={request.value}
                required
                spellcheck={false}
                onInput={(event) => change({ value: event.currentTarget.value })}
              />
            </label>
          )}
        </div>
        {request.kind !== 'site' && (
          <label class="checkbox">
            <input
              type="checkbox"
              checked={request.rollups}
              onChange={(event) => change({ rollups: event.currentTarget.checked })}
            />
            {t('erase.rollups')}
          </label>
        )}
        <div class="form-actions">
          <button type="submit" class="button secondary" disabled={busy}>
            {t('erase.preview')}
          </button>
        </div>
      </form>
      {error && <ErrorMessage error={error} />}
      {preview && (
        <div role="status" data-testid="erase-preview">
          <p>{t('erase.wouldGo', { count: rowsIn(preview) })}</p>
          <CountList report={preview} />
          {request.kind === 'site' && (
            <label class="field">
              <span>{t('erase.typeDomain', { domain: props.site.domain })}</span>
              <input
                value={confirmation}
                spellcheck={false}
                onInput={(event) => setConfirmation(event.currentTarget.value)}
              />
            </label>
          )}
          <div class="form-actions">
            <button
              type="button"
              class="button danger"
              disabled={busy || !confirmed || rowsIn(preview) === 0}
              onClick={() => void run(false)}
            >
              {t('erase.confirm')}
            </button>
          </div>
        </div>
      )}
      {done && (
        <p class="notice" role="status" data-testid="erase-done">
          {t('erase.done', { count: rowsIn(done) })}
        </p>
      )}
    </section>
  );
}

function CountList(props: { report: ErasureReport }) {
  const { number } = useI18n();
  const rows = Object.entries(props.report.counts).filter(([, count]) => count > 0);
  return (
    <ul>
      {rows.map(([table, count]) => (
        <li key={table}>
          <code>{table}</code>: {number(count)}
        </li>
      ))}
    </ul>
  );
}

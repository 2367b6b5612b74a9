import { useRef, useState } from 'preact/hooks';
import { Field } from '../components/field';
import { Link } from '../components/link';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { problemMessage } from '../i18n/problems';
import { api, seg } from '../lib/api';
import { keepContext } from '../lib/router';
import type { Site } from '../lib/types';

/** `POST /api/links/bulk`'s answer (src/links/bulk-kits.ts). */
interface BulkReport {
  created: number;
  failed: number;
  rows: {
    line: number;
    url: string;
    ok: boolean;
    kit?: { id: string; slug: string; shortUrl: string; title: string | null };
    error?: { code: string; message: string };
  }[];
}

/** The CSV a spreadsheet saves is at most a few hundred KB for the 1,000 rows the server takes. */
const MAX_FILE_BYTES = 2_000_000;

/**
 * Share kits from a CSV of URLs (issue 15): the file is read in the browser and sent as text;
 * the answer lists every row, those made with a link to their kit, the others with why, in the
 * reader's language where the code is known.
 */
export function BulkKitsUpload(props: { site: Site; channels: () => string[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [report, setReport] = useState<BulkReport>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const reportRef = useRef<HTMLHeadingElement>(null);

  const upload = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const file = data.get('csv');
    if (!(file instanceof File) || file.size === 0) {
      setError(new Error(t('bulk.noFile')));
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setError(new Error(t('bulk.tooLarge')));
      return;
    }
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      const answer = await api.post<BulkReport>('/api/links/bulk', {
        site: props.site.domain,
        csv: await file.text(),
        channels: props.channels(),
        autofill: data.get('autofill') === 'on',
      });
      setReport(answer);
      setTimeout(() => reportRef.current?.focus(), 0);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel wide" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('bulk.title')}</h2>
      <p>{t('bulk.intro')}</p>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void upload(event.currentTarget);
        }}
      >
        {error && <ErrorMessage error={error} />}
        <Field label={t('bulk.file')} hint={t('bulk.fileHint')}>
          {(ids) => <input {...ids} name="csv" type="file" accept=".csv,text/csv" required />}
        </Field>
        <label class="checkbox">
          <input type="checkbox" name="autofill" defaultChecked />
          {t('bulk.autofill')}
        </label>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? t('bulk.uploading') : t('bulk.upload')}
          </button>
        </div>
      </form>
      {report && (
        <div class="bulk-report">
          <h3 ref={reportRef} tabIndex={-1}>
            {t('bulk.summary', { created: report.created, failed: report.failed })}
          </h3>
          {/* biome-ignore lint/a11y/useSemanticElements: a scroller of the table, named by its heading; a fieldset would mean a form. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroller must be reachable by keyboard (WCAG 2.1.1). */}
          <div class="table-scroll" tabIndex={0} role="group" aria-labelledby="bulk-title">
            <table>
              <caption class="visually-hidden">{t('bulk.reportCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bulk.line')}</th>
                  <th scope="col">{t('bulk.result')}</th>
                  <th scope="col">{t('bulk.url')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.line} class={row.ok ? 'bulk-ok' : 'bulk-failed'}>
                    <td class="num">{i18n.number(row.line)}</td>
                    <td>
                      {row.ok && row.kit ? (
                        <Link href={keepContext(`/app/links/${seg(row.kit.id)}`)}>
                          {t('bulk.created', { slug: row.kit.slug })}
                        </Link>
                      ) : (
                        <span
                          lang={row.error && problemMessage(i18n.lang, row.error.code) ? undefined : 'en'}
                        >
                          {(row.error && problemMessage(i18n.lang, row.error.code)) ?? row.error?.message}
                        </span>
                      )}
                    </td>
                    <td>
                      <code>{row.url}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

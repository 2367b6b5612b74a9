import { useState } from 'preact/hooks';
import { modeTradeOffs, type ReportLossId } from '../../privacy/mode-trade-offs';
import { CopyButton } from '../components/copy-button';
import { DataTable } from '../components/data-table';
import { Link } from '../components/link';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading } from '../components/states';
import { LANGS, type Lang, useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import { auditSentences } from '../lib/audit-sentences';
import { keepContext } from '../lib/router';
import type {
  AuditEntryView,
  PrivacyDocumentBundle,
  PrivacyDocumentView,
  PrivacyMode,
  PrivacyStatus,
  Site,
  User,
} from '../lib/types';
import { useAsync } from '../lib/use-async';
import { ErasePanel } from './erase-panel';

const MODES: readonly PrivacyMode[] = ['anonymous', 'consented', 'strict'];

/** Every report some mode gives up, in the order of the strictest mode's list. */
const LOSS_IDS: readonly ReportLossId[] = modeTradeOffs('strict').givesUp.map((loss) => loss.id);

/**
 * `/app/privacy` (issue #7): what the site's privacy mode keeps and gives up, the retention job's
 * last run, the generated documents (record of processing, privacy-notice section, DPIA
 * summary) in either language, and — for owners — the export links and the audit log.
 */
export function PrivacyView(props: { site: Site; user: User; onSiteErased: () => void }) {
  const { t } = useI18n();
  const isOwner = props.user.role === 'owner';
  return (
    <>
      <PageHeader title={t('privacyPage.title')} siteName={props.site.name} />
      <p class="lede">{t('privacyPage.lede')}</p>
      <ModePanel site={props.site} canEdit={props.user.role !== 'viewer'} />
      <RetentionPanel site={props.site} />
      <OptOutPanel site={props.site} />
      <DocumentsPanel site={props.site} />
      {isOwner ? (
        <>
          <ExportPanel site={props.site} />
          <ErasePanel site={props.site} onSiteErased={props.onSiteErased} />
          <AuditPanel site={props.site} />
        </>
      ) : (
        <p class="panel-note">{t('privacyPage.ownerOnly')}</p>
      )}
    </>
  );
}

function ModePanel(props: { site: Site; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const mode = props.site.privacyMode ?? 'anonymous';
  const current = modeTradeOffs(mode);
  return (
    <section class="panel" aria-labelledby="privacy-mode-title">
      <header class="panel-header">
        <h2 id="privacy-mode-title">{t('privacyPage.mode', { mode: t(`privacy.${mode}`) })}</h2>
        {props.canEdit && (
          <Link class="button small secondary" href={keepContext('/app/sites')}>
            {t('privacyPage.change')}
          </Link>
        )}
      </header>
      <p>{t(`privacy.${mode}.help`)}</p>
      <h3>{t('privacyPage.givesUp')}</h3>
      {current.givesUp.length === 0 && current.limits.length === 0 ? (
        <p data-testid="gives-up">{t('privacyPage.givesUpNothing')}</p>
      ) : (
        <ul data-testid="gives-up">
          {current.givesUp.map((loss) => (
            <li key={loss.id}>{loss.label[lang]}</li>
          ))}
          {current.limits.map((limit) => (
            <li key={limit.en}>{limit[lang]}</li>
          ))}
        </ul>
      )}
      <ModeComparison current={mode} />
    </section>
  );
}

/** A report × mode table: which report each mode keeps, so the choice is made knowingly. */
function ModeComparison(props: { current: PrivacyMode }) {
  const { t, lang } = useI18n();
  const labels = new Map(modeTradeOffs('strict').givesUp.map((loss) => [loss.id, loss.label[lang]]));
  const keeps = (mode: PrivacyMode, id: ReportLossId) =>
    !modeTradeOffs(mode).givesUp.some((loss) => loss.id === id);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a scroller of the table, named by its caption; a fieldset would mean a form.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroller must be reachable by keyboard (WCAG 2.1.1).
    <div class="table-scroll" role="group" aria-labelledby="mode-comparison-caption" tabIndex={0}>
      <table class="mode-comparison">
        <caption id="mode-comparison-caption">{t('privacyPage.comparison')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('privacyPage.report')}</th>
            {MODES.map((mode) => (
              <th key={mode} scope="col" aria-current={mode === props.current ? 'true' : undefined}>
                {t(`privacyPage.short.${mode}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {LOSS_IDS.map((id) => (
            <tr key={id}>
              <th scope="row">{labels.get(id)}</th>
              {MODES.map((mode) => (
                // A mark drawn by CSS, and the word, which a phone hides from sight but not from
                // screen readers: the table fits 390 px in French (issue 16).
                <td key={mode} class={keeps(mode, id) ? 'kept' : 'lost'}>
                  <span class="mark-word">
                    {keeps(mode, id) ? t('privacyPage.kept') : t('privacyPage.lost')}
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RetentionPanel(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const status = useAsync(
    (signal) => api.get<PrivacyStatus>(`/api/sites/${seg(props.site.id)}/privacy/status`, { signal }),
    [props.site.id],
  );
  const data = status.data;
  // "1 month", "0 événement" : the language's own plural rules (CLDR), not `n === 1`.
  const isOne = (count: number) => new Intl.PluralRules(i18n.lang).select(count) === 'one';
  const months = (count: number) => t(isOne(count) ? 'privacyPage.month' : 'privacyPage.months', { count });
  return (
    <section class="panel" aria-labelledby="retention-title">
      <h2 id="retention-title">{t('privacyPage.retention')}</h2>
      {status.error && <ErrorMessage error={status.error} onRetry={status.reload} />}
      {!data && !status.error && <Loading />}
      {data && (
        <dl class="facts" data-testid="retention-facts">
          <dt>{t('privacyPage.rawEvents')}</dt>
          <dd>{months(data.retentionMonths)}</dd>
          <dt>{t('privacyPage.salts')}</dt>
          <dd>{t('privacyPage.hours', { count: data.saltHours })}</dd>
          <dt>{t('privacyPage.auditKept')}</dt>
          <dd>{months(data.auditRetentionMonths)}</dd>
          <dt>{t('privacyPage.dnt')}</dt>
          <dd>{data.respectDnt ? t('privacyPage.yes') : t('privacyPage.no')}</dd>
          <dt>{t('privacyPage.lastRun')}</dt>
          <dd>
            {data.retention
              ? t(isOne(data.retention.deleted) ? 'privacyPage.lastRunTextOne' : 'privacyPage.lastRunText', {
                  time: i18n.dateTime(data.retention.lastRunAt),
                  day: i18n.day(data.retention.cutoffDay),
                  count: data.retention.deleted,
                })
              : t('privacyPage.neverRun')}
          </dd>
        </dl>
      )}
    </section>
  );
}

/** The visitor opt-out page's address, for the site's privacy notice (GDPR Art. 21). */
function OptOutPanel(props: { site: Site }) {
  const { t } = useI18n();
  const url = `${location.origin}/opt-out?site=${encodeURIComponent(props.site.domain)}`;
  return (
    <section class="panel" aria-labelledby="opt-out-title">
      <h2 id="opt-out-title">{t('privacyPage.optOut')}</h2>
      <p>{t('privacyPage.optOutText')}</p>
      <p>
        <a href={url} data-testid="opt-out-url">
          {url}
        </a>{' '}
        <CopyButton text={url} />
      </p>
    </section>
  );
}

function DocumentsPanel(props: { site: Site }) {
  const { t, lang: uiLang } = useI18n();
  const [lang, setLang] = useState<Lang>(uiLang);
  const [chosen, setChosen] = useState<string>('processing-record');
  const bundle = useAsync(
    (signal) =>
      api.get<PrivacyDocumentBundle>(`/api/sites/${seg(props.site.id)}/privacy/documents?lang=${lang}`, {
        signal,
      }),
    [props.site.id, lang, props.site.privacyMode, props.site.retentionMonths, props.site.respectDnt],
  );
  const documents = bundle.data?.documents ?? [];
  const shown = documents.find((document) => document.id === chosen) ?? documents[0];
  const markdownHref = `/api/sites/${seg(props.site.id)}/privacy/documents?lang=${lang}&format=markdown`;
  return (
    <section class="panel" aria-labelledby="documents-title">
      <header class="panel-header">
        <h2 id="documents-title">{t('privacyPage.documents')}</h2>
        <div class="toolbar">
          <label class="inline-field" for="document-language">
            {t('privacyPage.docLanguage')}
          </label>
          <select
            id="document-language"
            value={lang}
            onChange={(event) => setLang(event.currentTarget.value as Lang)}
          >
            {LANGS.map((code) => (
              <option key={code} value={code}>
                {t(`privacyPage.lang.${code}`)}
              </option>
            ))}
          </select>
          <a class="button small secondary" href={markdownHref} download>
            {t('privacyPage.download')}
          </a>
        </div>
      </header>
      <p class="hint">{t('privacyPage.notAdvice')}</p>
      {bundle.error && <ErrorMessage error={bundle.error} onRetry={bundle.reload} />}
      {!bundle.data && !bundle.error && <Loading />}
      {documents.length > 0 && (
        <fieldset class="segmented">
          <legend class="offscreen">{t('privacyPage.documents')}</legend>
          {documents.map((document) => (
            <button
              key={document.id}
              type="button"
              class="button small secondary"
              aria-pressed={document.id === shown?.id}
              onClick={() => setChosen(document.id)}
            >
              {document.title}
            </button>
          ))}
        </fieldset>
      )}
      {shown && <DocumentBody document={shown} lang={lang} />}
    </section>
  );
}

/** Rendered as text nodes only: a site's name can never inject markup. */
function DocumentBody(props: { document: PrivacyDocumentView; lang: Lang }) {
  const { document } = props;
  return (
    <article class="document" lang={props.lang} data-testid="privacy-document">
      <header class="panel-header">
        <h3>{document.title}</h3>
        <CopyButton text={document.markdown} />
      </header>
      {document.sections.map((section) => (
        <section key={section.heading}>
          <h4>{section.heading}</h4>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          {section.items && (
            <ul>
              {section.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </article>
  );
}

function ExportPanel(props: { site: Site }) {
  const { t } = useI18n();
  const base = `/api/sites/${seg(props.site.id)}/export`;
  return (
    <section class="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('privacyPage.export')}</h2>
      <p>{t('privacyPage.exportText')}</p>
      <div class="form-actions">
        <a class="button small secondary" href={`${base}?format=json`} download>
          {t('privacyPage.exportJson')}
        </a>
        <a class="button small secondary" href={`${base}?format=csv&table=events`} download>
          {t('privacyPage.exportCsv')}
        </a>
      </div>
    </section>
  );
}

function AuditPanel(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const audit = useAsync(
    (signal) =>
      api.get<{ items: AuditEntryView[]; total: number }>(`/api/audit?site=${seg(props.site.id)}&limit=20`, {
        signal,
      }),
    [props.site.id],
  );
  if (audit.error) return <ErrorMessage error={audit.error} onRetry={audit.reload} />;
  if (!audit.data) return <Loading />;
  return (
    <DataTable
      id="audit"
      title={t('privacyPage.audit')}
      description={t('privacyPage.auditText', { total: audit.data.total })}
      rows={audit.data.items}
      rowKey={(entry) => entry.id}
      empty={t('privacyPage.auditEmpty')}
      columns={[
        { label: t('privacyPage.when'), cell: (entry) => i18n.dateTime(entry.occurredAt) },
        {
          label: t('privacyPage.who'),
          // The labels the server gives the command line, the retention job and erased users.
          cell: (entry) =>
            entry.actor.kind === 'user' && entry.actor.label !== 'erased user'
              ? entry.actor.label
              : i18n.label(`audit.actor.${entry.actor.label}`, entry.actor.label),
        },
        { label: t('privacyPage.what'), cell: (entry) => i18n.label(`audit.${entry.action}`, entry.action) },
        { label: t('privacyPage.details'), cell: (entry) => auditSentences(i18n, entry) },
      ]}
    />
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { PreviewAppId } from '../../previews/preview-apps.js';
import type { AppReport, PreviewReport } from '../../previews/preview-report.js';
import { Field } from '../components/field';
import { PageHeader } from '../components/page';
import { PreviewCard } from '../components/preview-card';
import { ErrorMessage, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { fillWords, PREVIEW_LAB_WORDS, type PreviewLabWords } from '../i18n/preview-lab-words';
import { api, seg } from '../lib/api';
import { setQuery, useRoute } from '../lib/router';
import { readPreference, writePreference } from '../lib/storage';
import type { Link as ShareLink } from '../lib/types';
import { useAsync } from '../lib/use-async';
import './preview-lab.css';

type Theme = 'light' | 'dark';

/** The apps that draw the preview of a kit's link for each channel (src/links/share-urls.ts). */
const CHANNEL_APPS: Readonly<Record<string, readonly PreviewAppId[]>> = {
  whatsapp: ['whatsapp'],
  messenger: ['facebook'],
  telegram: ['telegram'],
  signal: ['signal'],
  sms: ['imessage', 'googlemessages'],
  slack: ['slack'],
  discord: ['discord'],
  linkedin: ['linkedin'],
  x: ['x'],
};

type Fields = { title?: string; description?: string; image?: string };

function fieldsOf(preview: {
  title?: string | null;
  description?: string | null;
  image?: string | null;
}): Fields {
  return {
    ...(preview.title ? { title: preview.title } : {}),
    ...(preview.description ? { description: preview.description } : {}),
    ...(preview.image ? { image: preview.image } : {}),
  };
}

/** The kit's preview, and each channel link's own where it has one, for the apps of that channel. */
function kitPreview(kit: ShareLink) {
  const apps: Partial<Record<PreviewAppId, Fields>> = {};
  for (const variant of kit.variants) {
    if (!variant.customPreview) continue;
    for (const app of CHANNEL_APPS[variant.channel] ?? []) apps[app] = fieldsOf(variant.customPreview);
  }
  return { ...fieldsOf(kit), ...(Object.keys(apps).length > 0 ? { apps } : {}) };
}

/** The page's address and, from a kit's "Check previews", the kit whose previews to compare with. */
async function runCheck(url: string, kitId: string | null, signal: AbortSignal) {
  const kit = kitId ? await api.get<ShareLink>(`/api/links/${seg(kitId)}`, { signal }) : undefined;
  const compared = kit && kitPreview(kit);
  const body = {
    url,
    inlineImages: true,
    ...(compared && Object.keys(compared).length > 0 ? { kit: compared } : {}),
  };
  const report = await api.post<PreviewReport>('/api/previews/check', body, { signal });
  return { report, kitTitle: kit?.title ?? kit?.slug };
}

function Warnings(props: { report: AppReport; words: PreviewLabWords }) {
  const { lang } = useI18n();
  const { report, words } = props;
  if (report.warnings.length === 0) return <p class="plab-ok">{words.nothing}</p>;
  return (
    <ul class="plab-warnings" aria-label={fillWords(words.warningsOf, { app: report.name })}>
      {report.warnings.map((warning, index) => (
        <li key={`${warning.code}-${index}`} class={`plab-item plab-sev-${warning.severity}`}>
          <span class="plab-severity">{words.severities[warning.severity]}</span> {warning.message[lang]}
          <br />
          <span class="plab-fix">
            {words.fix} {warning.fix[lang]}
          </span>
        </li>
      ))}
    </ul>
  );
}

function AppPanel(props: {
  report: AppReport;
  images: Record<string, string>;
  theme: Theme;
  words: PreviewLabWords;
}) {
  const { report, words } = props;
  const fetched =
    report.fetch.status === undefined
      ? (report.fetch.error?.code ?? '')
      : fillWords(words.status, { status: report.fetch.status });
  const hops = report.fetch.redirects.length;
  return (
    <section class="panel plab-app" aria-labelledby={`plab-${report.app}`}>
      <h2 id={`plab-${report.app}`}>{report.name}</h2>
      <p class="plab-meta">
        {words.layouts[report.card.layout]} · {fetched}
        {hops > 0 && ` · ${fillWords(words.redirects, { count: hops })}`}
      </p>
      <PreviewCard report={report} images={props.images} theme={props.theme} words={words} />
      <Warnings report={report} words={words} />
    </section>
  );
}

function ThemeSwitch(props: { theme: Theme; onChange: (theme: Theme) => void; words: PreviewLabWords }) {
  return (
    <fieldset class="plab-theme">
      <legend>{props.words.theme}</legend>
      {(['light', 'dark'] as const).map((theme) => (
        <label key={theme}>
          <input
            type="radio"
            name="plab-theme"
            value={theme}
            checked={props.theme === theme}
            onChange={() => props.onChange(theme)}
          />{' '}
          {props.words[theme]}
        </label>
      ))}
    </fieldset>
  );
}

function Results(props: { url: string; kitId: string | null; theme: Theme; words: PreviewLabWords }) {
  const { words } = props;
  const state = useAsync((signal) => runCheck(props.url, props.kitId, signal), [props.url, props.kitId]);
  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (!state.data || state.loading) return <Loading />;
  const { report, kitTitle } = state.data;
  const { error, warning, info } = report.counts;
  return (
    <>
      <p class="plab-summary" aria-live="polite">
        {fillWords(words.summary, { errors: error, warnings: warning, infos: info, ms: report.elapsedMs })}
        {report.cached && ` ${words.cached}`}
        {kitTitle && ` ${fillWords(words.kit, { title: kitTitle })}`}
      </p>
      <div class="plab-grid">
        {report.apps.map((app) => (
          <AppPanel
            key={app.app}
            report={app}
            images={report.images ?? {}}
            theme={props.theme}
            words={words}
          />
        ))}
      </div>
    </>
  );
}

/**
 * The Preview lab (issue 15): a URL in, one card per chat app out, drawn as that app lays it out,
 * in light or dark, with each app's warnings and fixes. The URL and the kit are in the query
 * string, so "Check previews" on a kit or a top page is a plain link here.
 */
export function PreviewLabView() {
  const { lang } = useI18n();
  const words = PREVIEW_LAB_WORDS[lang];
  const route = useRoute();
  const url = route.query.get('url') ?? '';
  const kitId = route.query.get('kit');
  const [draft, setDraft] = useState(url);
  const [theme, setTheme] = useState<Theme>(readPreference('previewTheme') === 'dark' ? 'dark' : 'light');
  useEffect(() => setDraft(url), [url]);
  const chooseTheme = (next: Theme) => {
    setTheme(next);
    writePreference('previewTheme', next);
  };
  return (
    <>
      <PageHeader title={words.title} />
      <p>{words.intro}</p>
      <form
        class="panel plab-form"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ url: draft.trim(), kit: draft.trim() === url ? (kitId ?? undefined) : undefined });
        }}
      >
        <Field label={words.url} hint={words.urlHint}>
          {(ids) => (
            <input
              {...ids}
              type="url"
              required
              value={draft}
              placeholder="https://"
              onInput={(event) => setDraft(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button">
          {words.check}
        </button>
        <ThemeSwitch theme={theme} onChange={chooseTheme} words={words} />
      </form>
      {url ? <Results url={url} kitId={kitId} theme={theme} words={words} /> : <p>{words.empty}</p>}
    </>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { modeTradeOffs } from '../../privacy/mode-trade-offs';
import { CopyButton } from '../components/copy-button';
import { Field } from '../components/field';
import { PageHeader } from '../components/page';
import { SaveActions } from '../components/save-actions';
import { EmptyState, ErrorMessage, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import { setQuery } from '../lib/router';
import { writePreference } from '../lib/storage';
import { itemsOf, type PrivacyMode, type PublicLink, type Site } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { InstallCheck, NewSiteChecklist, useInstallCheck } from './install-check';
import { OriginsForm } from './origins-form';

const MODES: readonly PrivacyMode[] = ['anonymous', 'consented', 'strict'];

/** Every IANA zone the browser knows, with UTC first (Chromium's list leaves it out). */
function timeZones(): string[] {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  } catch {
    return ['UTC'];
  }
}

/**
 * The tag of docs/tracking-protocol.md; the mode, DNT and parameter attributes only when they differ
 * from the default. `data-params` repeats the site's stored list: the server keeps only those names.
 */
export function snippetFor(site: Site, origin: string = location.origin): string {
  const attributes = [`data-site="${site.domain}"`];
  if (site.privacyMode && site.privacyMode !== 'anonymous')
    attributes.push(`data-mode="${site.privacyMode}"`);
  if (site.respectDnt) attributes.push('data-respect-dnt="true"');
  if (site.queryParams?.length) attributes.push(`data-params="${site.queryParams.join(',')}"`);
  return `<script defer src="${origin}/p.js" ${attributes.join(' ')}></script>`;
}

function AddSiteForm(props: { onAdded: (site: Site) => void }) {
  const { t } = useI18n();
  const zones = useMemo(timeZones, []);
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const initialZone = zones.includes(browserZone) ? browserZone : 'UTC';
  return (
    <form
      class="form panel"
      aria-labelledby="add-site"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        const name = String(data.get('name') ?? '').trim();
        setBusy(true);
        setError(undefined);
        try {
          const site = await api.post<Site>('/api/sites', {
            domain: String(data.get('domain') ?? '').trim(),
            timezone: String(data.get('timezone') ?? 'UTC'),
            ...(name ? { name } : {}),
          });
          form.reset();
          props.onAdded(site);
        } catch (failure) {
          setError(failure as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="add-site">{t('sites.add')}</h2>
      {error && <ErrorMessage error={error} />}
      <label class="field">
        <span>{t('sites.domain')}</span>
        <input name="domain" required placeholder="news.example.org" autoComplete="off" spellcheck={false} />
      </label>
      <label class="field">
        <span>{t('sites.name')}</span>
        <input name="name" maxLength={200} />
      </label>
      <label class="field">
        <span>{t('sites.timezone')}</span>
        <select name="timezone">
          {zones.map((zone) => (
            <option key={zone} value={zone} selected={zone === initialZone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('state.saving') : t('sites.addButton')}
        </button>
      </div>
    </form>
  );
}

/** The origin of the tracker a server's tag loads (its public URL), if the tag names one. */
function tagOrigin(tag: string | undefined): string | undefined {
  const src = tag && /\ssrc="([^"]+)"/.exec(tag)?.[1];
  if (!src) return undefined;
  try {
    return new URL(src).origin;
  } catch {
    return undefined;
  }
}

function Install(props: { site: Site; serverTag: string | undefined }) {
  const { t } = useI18n();
  // On the server's public URL, the short links' host too (issue 16); this page's origin until known.
  const snippet = snippetFor(props.site, tagOrigin(props.serverTag));
  return (
    <section class="panel wide" aria-labelledby="install">
      <h2 id="install">{t('sites.install')}</h2>
      <p>{t('sites.installText')}</p>
      <pre class="snippet">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label={t('sites.copySnippet')} />
      <p class="hint">{t('sites.installAfter')}</p>
    </section>
  );
}

type SettingsFields = Required<
  Pick<
    Site,
    'name' | 'timezone' | 'privacyMode' | 'landingPaths' | 'queryParams' | 'retentionMonths' | 'respectDnt'
  >
>;

/** A textarea's entries: one per line (a pasted `a,b` list is split too), blanks dropped. */
function listOf(text: FormDataEntryValue | null, separator = /\n/): string[] {
  return String(text ?? '')
    .split(separator)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Only what differs from the stored site: a PATCH says what changes, nothing more (RFC 5789). */
function changedSettings(site: Site, wanted: SettingsFields) {
  const current: Record<string, unknown> = {
    name: site.name,
    timezone: site.timezone,
    privacyMode: site.privacyMode ?? 'anonymous',
    landingPaths: site.landingPaths ?? ['/'],
    queryParams: site.queryParams ?? [],
    retentionMonths: site.retentionMonths ?? 25,
    respectDnt: site.respectDnt ?? false,
  };
  return Object.fromEntries(
    Object.entries(wanted).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key])),
  );
}

function SettingsForm(props: { site: Site; canEdit: boolean; onSaved: (site: Site) => void }) {
  const { t } = useI18n();
  const { site } = props;
  const zones = useMemo(timeZones, []);
  const [mode, setMode] = useState<PrivacyMode>(site.privacyMode ?? 'anonymous');
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // Another site chosen: start again from its settings (a save of this one keeps the message).
  useEffect(() => {
    setMode(site.privacyMode ?? 'anonymous');
    setSaved(false);
    setError(undefined);
  }, [site.id]);
  const disabled = !props.canEdit;
  return (
    <form
      key={site.id}
      class="form panel wide"
      aria-labelledby="site-settings"
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const landingPaths = listOf(data.get('landingPaths'));
        const queryParams = listOf(data.get('queryParams'), /[\n,]/);
        setBusy(true);
        setSaved(false);
        setError(undefined);
        try {
          const wanted: SettingsFields = {
            name: String(data.get('name') ?? site.name).trim() || site.name,
            timezone: String(data.get('timezone') ?? site.timezone),
            privacyMode: mode,
            landingPaths,
            queryParams,
            retentionMonths: Number(data.get('retentionMonths')),
            respectDnt: data.get('respectDnt') === 'on',
          };
          const patch = changedSettings(site, wanted);
          if (Object.keys(patch).length > 0)
            props.onSaved(await api.patch<Site>(`/api/sites/${seg(site.id)}`, patch));
          setSaved(true);
        } catch (failure) {
          setError(failure as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="site-settings">{t('sites.settings')}</h2>
      {disabled && <p class="panel-note">{t('sites.readOnly')}</p>}
      {error && <ErrorMessage error={error} />}
      <fieldset disabled={disabled} class="plain">
        <label class="field">
          <span>{t('sites.name')}</span>
          <input name="name" defaultValue={site.name} maxLength={200} required />
        </label>
        <Field label={t('sites.timezone')} hint={t('sites.timezoneHint')}>
          {(ids) => (
            <select {...ids} name="timezone">
              {(zones.includes(site.timezone) ? zones : [site.timezone, ...zones]).map((zone) => (
                <option key={zone} value={zone} selected={zone === site.timezone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset class="field">
          <legend>{t('sites.privacy')}</legend>
          {MODES.map((name) => (
            <label key={name} class="radio-card">
              <input
                type="radio"
                name="privacyMode"
                value={name}
                checked={mode === name}
                onChange={() => setMode(name)}
                aria-labelledby={`mode-${name}`}
                aria-describedby={`mode-${name}-help`}
              />
              <span>
                <strong id={`mode-${name}`}>{t(`privacy.${name}`)}</strong>
                <span class="hint" id={`mode-${name}-help`}>
                  {t(`privacy.${name}.help`)} <GivesUp mode={name} />
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field label={t('sites.landingPaths')} hint={t('sites.landingPathsHint')}>
          {(ids) => (
            <textarea
              {...ids}
              name="landingPaths"
              rows={3}
              defaultValue={(site.landingPaths ?? ['/']).join('\n')}
              spellcheck={false}
            />
          )}
        </Field>
        <Field label={t('sites.queryParams')} hint={t('sites.queryParamsHint')}>
          {(ids) => (
            <textarea
              {...ids}
              name="queryParams"
              rows={3}
              defaultValue={(site.queryParams ?? []).join('\n')}
              spellcheck={false}
            />
          )}
        </Field>
        <Field label={t('sites.retention')} hint={t('sites.retentionHint')}>
          {(ids) => (
            <input
              {...ids}
              name="retentionMonths"
              type="number"
              min={1}
              max={25}
              step={1}
              defaultValue={String(site.retentionMonths ?? 25)}
              required
            />
          )}
        </Field>
        <label class="checkbox">
          <input type="checkbox" name="respectDnt" defaultChecked={site.respectDnt ?? false} />
          {t('sites.dnt')}
        </label>
        <p class="hint">{t('sites.dntHint')}</p>
        {props.canEdit && <SaveActions busy={busy} saved={saved} />}
      </fieldset>
    </form>
  );
}

/**
 * Read-only links anyone can open (no account). The server keeps only a hash of each token, so a
 * link's address is shown once, when it is made; the list says when each was made or revoked.
 */
function PublicLinks(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const path = `/api/sites/${seg(props.site.id)}/public-links`;
  const links = useAsync(
    (signal) => api.get<PublicLink[] | { items: PublicLink[] }>(path, { signal }).then(itemsOf),
    [path],
  );
  const [error, setError] = useState<Error>();
  const [created, setCreated] = useState<PublicLink>();
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      links.reload();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  const active = (links.data ?? []).filter((link) => !link.revokedAt);
  return (
    <section class="panel wide" aria-labelledby="public-links">
      <h2 id="public-links">{t('public.links')}</h2>
      <p>{t('public.linksText')}</p>
      {error && <ErrorMessage error={error} />}
      {links.error && <ErrorMessage error={links.error} onRetry={links.reload} />}
      {!links.data && !links.error && <Loading />}
      {links.data && active.length === 0 && <p class="panel-empty">{t('public.none')}</p>}
      {active.length > 0 && (
        <ul class="public-links">
          {active.map((link) => (
            <li key={link.id}>
              {t('public.createdOn', { date: link.createdAt ? i18n.dateTime(link.createdAt) : '' })}{' '}
              <button
                type="button"
                class="button small danger"
                onClick={() => act(() => api.delete(`${path}/${seg(link.id)}`))}
              >
                {t('public.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        class="button secondary"
        onClick={() =>
          act(async () => {
            setCreated(undefined);
            setCreated(await api.post<PublicLink>(path, {}));
          })
        }
      >
        {t('public.create')}
      </button>
      {created?.url && (
        <div class="notice secret" role="status">
          <p>
            <strong>{t('public.once')}</strong>
          </p>
          <p>
            <a href={created.url} target="_blank" rel="noopener noreferrer" data-testid="public-url">
              {created.url}
            </a>{' '}
            <CopyButton text={created.url} label={t('public.copy')} />
          </p>
        </div>
      )}
    </section>
  );
}

export function SitesView(props: {
  sites: Site[];
  current: Site | undefined;
  canEdit: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { current } = props;
  const select = (site: Site) => {
    writePreference('site', site.domain);
    setQuery({ site: site.domain });
  };
  return (
    <>
      <PageHeader title={t('sites.title')} siteName={current?.name} />
      {props.sites.length === 0 && (
        <EmptyState title={t('sites.empty.title')}>
          <p>{props.canEdit ? t('sites.empty.text') : t('sites.empty.viewer')}</p>
        </EmptyState>
      )}
      {props.sites.length > 0 && (
        <section class="panel wide" aria-labelledby="site-list">
          <h2 id="site-list">{t('sites.list')}</h2>
          <ul class="site-list">
            {props.sites.map((site) => (
              <li key={site.id}>
                <button
                  type="button"
                  class="link-button"
                  aria-current={site.id === current?.id ? 'true' : undefined}
                  onClick={() => select(site)}
                >
                  {site.name}
                </button>{' '}
                <span class="muted">
                  {site.domain} · {site.timezone}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {current && <CurrentSite site={current} canEdit={props.canEdit} onChanged={props.onChanged} />}
      {props.canEdit && (
        <AddSiteForm
          onAdded={async (site) => {
            await props.onChanged();
            select(site);
          }}
        />
      )}
    </>
  );
}

/** The chosen site: its install and its check, the new-site checklist, its origins and settings. */
function CurrentSite(props: { site: Site; canEdit: boolean; onChanged: () => Promise<void> }) {
  const { site, canEdit } = props;
  const check = useInstallCheck(site);
  const saved = () => void props.onChanged();
  return (
    <>
      <NewSiteChecklist site={site} check={check.data} />
      <Install site={site} serverTag={check.data?.snippet} />
      <InstallCheck site={site} check={check} canEdit={canEdit} onSaved={saved} />
      <OriginsForm site={site} canEdit={canEdit} onSaved={saved} />
      <SettingsForm site={site} canEdit={canEdit} onSaved={saved} />
      {canEdit && <PublicLinks site={site} />}
    </>
  );
}

/** What the mode costs in reports (src/privacy/mode-trade-offs.ts), shown where it is chosen. */
function GivesUp(props: { mode: PrivacyMode }) {
  const { t, lang } = useI18n();
  const { givesUp, limits } = modeTradeOffs(props.mode);
  const lost = [...givesUp.map((loss) => loss.label[lang]), ...limits.map((limit) => limit[lang])];
  return (
    <>
      {lost.length === 0 ? t('privacyPage.givesUpNothing') : t('sites.givesUp', { list: lost.join(' · ') })}
    </>
  );
}

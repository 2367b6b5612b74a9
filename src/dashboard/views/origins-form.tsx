import { useEffect, useState } from 'preact/hooks';
import { Field } from '../components/field';
import { SaveActions } from '../components/save-actions';
import { ErrorMessage } from '../components/states';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';
import { useInstallWords } from './install-check';

/** The hosts a page on one's own computer is served from. */
const LOCAL_HOSTS: readonly string[] = ['localhost', '127.0.0.1'];

/** The form's fields: the extra origins one a line (the local ones left to the switch), the switch. */
interface OriginsDraft {
  text: string;
  local: boolean;
}

/** The saved origins of one site, and the fields they show as. */
interface OriginsBasis {
  siteId: string;
  origins: string;
  draft: OriginsDraft;
}

function basisOf(site: Site): OriginsBasis {
  const origins = site.extraOrigins ?? [];
  const local = LOCAL_HOSTS.every((host) => origins.includes(host));
  const text = origins.filter((host) => !local || !LOCAL_HOSTS.includes(host)).join('\n');
  return { siteId: site.id, origins: origins.join(','), draft: { text, local } };
}

/** The extra origins the fields ask for. */
function originsOf(draft: OriginsDraft): string[] {
  const listed = draft.text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
  const others = listed.filter((host) => !LOCAL_HOSTS.includes(host));
  return draft.local ? [...others, ...LOCAL_HOSTS] : others;
}

function sameDraft(a: OriginsDraft, b: OriginsDraft): boolean {
  return a.text === b.text && a.local === b.local;
}

/**
 * The hosts allowed to send events besides the site's own (`extraOrigins`), with a switch for the
 * local ones, so that a developer's page on http://localhost is measured once asked for.
 *
 * The fields are kept apart from the site as saved. A save's own answer resets them (to what the
 * server kept); the site list's refresh that follows every save lands whenever the server answers,
 * often after the user has typed again, and must not replace that typing: the form used to be keyed
 * by the saved origins, so that refresh remounted it and an edit made meanwhile was lost (or saved
 * as the old text). A change from elsewhere (the install check's Add button, another site chosen)
 * is shown unless the user is editing this site's origins.
 */
export function OriginsForm(props: { site: Site; canEdit: boolean; onSaved: (site: Site) => void }) {
  const w = useInstallWords();
  const { site } = props;
  const [basis, setBasis] = useState(() => basisOf(site));
  const [draft, setDraft] = useState(basis.draft);
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const given = basisOf(site);
  useEffect(() => {
    if (given.siteId === basis.siteId && given.origins === basis.origins) return;
    const otherSite = given.siteId !== basis.siteId;
    setBasis(given);
    if (otherSite || sameDraft(draft, basis.draft)) setDraft(given.draft);
    if (otherSite) {
      setSaved(false);
      setError(undefined);
    }
  }, [given.siteId, given.origins]);
  return (
    <form
      class="form panel wide"
      aria-labelledby="site-origins"
      onSubmit={async (event) => {
        event.preventDefault();
        const sent = draft;
        setBusy(true);
        setSaved(false);
        setError(undefined);
        try {
          const answer = await api.patch<Site>(`/api/sites/${seg(site.id)}`, {
            extraOrigins: originsOf(sent),
          });
          const kept = basisOf(answer);
          setBasis(kept);
          // What the server kept, unless the user typed on while it answered.
          setDraft((now) => (sameDraft(now, sent) ? kept.draft : now));
          setSaved(true);
          props.onSaved(answer);
        } catch (failure) {
          setError(failure as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="site-origins">{w('origins')}</h2>
      <p>{w('originsText', { domain: site.domain })}</p>
      {error && <ErrorMessage error={error} />}
      <fieldset disabled={!props.canEdit} class="plain">
        <Field label={w('extraOrigins')} hint={w('extraOriginsHint')}>
          {(ids) => (
            <textarea
              {...ids}
              name="extraOrigins"
              rows={3}
              spellcheck={false}
              value={draft.text}
              onInput={(event) => {
                const text = event.currentTarget.value;
                setDraft((now) => ({ ...now, text }));
              }}
            />
          )}
        </Field>
        <label class="checkbox">
          <input
            type="checkbox"
            name="localTests"
            checked={draft.local}
            onChange={(event) => {
              const local = event.currentTarget.checked;
              setDraft((now) => ({ ...now, local }));
            }}
            aria-describedby="local-tests-hint"
          />
          {w('localTests')}
        </label>
        <p class="hint" id="local-tests-hint">
          {w('localTestsHint')}
        </p>
        {props.canEdit && <SaveActions busy={busy} saved={saved} />}
      </fieldset>
    </form>
  );
}

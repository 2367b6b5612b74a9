import { useState } from 'preact/hooks';
import { CopyButton } from '../components/copy-button';
import { DataTable } from '../components/data-table';
import { Field } from '../components/field';
import { PageHeader } from '../components/page';
import { ErrorMessage, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import {
  type ApiTokenView,
  itemsOf,
  type Role,
  type Site,
  type SiteRoleView,
  type TokenScope,
  type User,
} from '../lib/types';
import { useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';
import { AlertSettings } from './alert-settings';
import { DeliverySettings } from './delivery-settings';

const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];
const SITE_ROLES: readonly SiteRoleView['role'][] = ['viewer', 'editor'];
const SCOPES: readonly TokenScope[] = ['stats:read', 'links:write', 'ingest', 'admin'];

/** A site's domain by id, or the id itself for a site this page does not know. */
function domainOf(sites: readonly Site[], id: string): string {
  return sites.find((site) => site.id === id)?.domain ?? id;
}

/** Where a user may go, in words: all sites (and chosen sites' roles), or only the chosen ones. */
function UserSites(props: { user: User; sites: readonly Site[] }) {
  const { t } = useI18n();
  const chosen = (props.user.sites ?? []).map(
    (grant) => `${domainOf(props.sites, grant.siteId)} (${t(`role.${grant.role}`)})`,
  );
  if (props.user.allSites !== false) return <>{[t('users.allSites'), ...chosen].join(', ')}</>;
  return chosen.length > 0 ? <>{chosen.join(', ')}</> : <span class="muted">{t('users.noSite')}</span>;
}

/** The invitation's site fields: every site (ticked by default) and a role per chosen site. */
function SiteRoleFields(props: { sites: readonly Site[] }) {
  const { t } = useI18n();
  return (
    <fieldset class="field">
      <legend>{t('users.sites')}</legend>
      <p class="hint">{t('users.sitesHint')}</p>
      <label>
        <input type="checkbox" name="allSites" defaultChecked /> {t('users.everySite')}
      </label>
      {props.sites.map((site) => (
        <label key={site.id} class="field">
          <span>{site.domain}</span>
          <select name={`site:${site.id}`} aria-label={t('users.siteRoleOf', { site: site.domain })}>
            <option value="" selected>
              {t('users.siteRoleNone')}
            </option>
            {SITE_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

/** `site:<id>` selects of the form → `[{site, role}]` for the users API. */
function siteRolesOf(data: FormData): { site: string; role: string }[] {
  return [...data.entries()].flatMap(([key, value]) =>
    key.startsWith('site:') && value !== '' ? [{ site: key.slice('site:'.length), role: String(value) }] : [],
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const [error, setError] = useState<Error>();
  const [done, setDone] = useState(false);
  return (
    <form
      class="form panel"
      aria-labelledby="password-title"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        setDone(false);
        setError(undefined);
        if (data.get('next') !== data.get('confirm')) {
          setError(new Error(t('password.mismatch')));
          return;
        }
        try {
          await api.post('/api/auth/password', { current: data.get('current'), next: data.get('next') });
          form.reset();
          setDone(true);
        } catch (failure) {
          setError(failure as Error);
        }
      }}
    >
      <h2 id="password-title">{t('password.title')}</h2>
      {error && <ErrorMessage error={error} />}
      <label class="field">
        <span>{t('password.current')}</span>
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label class="field">
        <span>{t('password.next')}</span>
        <input name="next" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <label class="field">
        <span>{t('password.confirm')}</span>
        <input name="confirm" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <div class="form-actions">
        <button type="submit" class="button">
          {t('password.change')}
        </button>
        <span role="status">{done ? t('password.changed') : ''}</span>
      </div>
    </form>
  );
}

function Users(props: { me: User; sites: readonly Site[] }) {
  const { t } = useI18n();
  const users = useAsync(
    (signal) => api.get<User[] | { items: User[] }>('/api/users', { signal }).then(itemsOf),
    [],
  );
  const { error, run } = useAction(users.reload);
  const [invited, setInvited] = useState<Record<string, unknown>>();
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {users.error && <ErrorMessage error={users.error} onRetry={users.reload} />}
      {!users.data && !users.error && <Loading />}
      {users.data && (
        <DataTable
          id="users"
          title={t('users.title')}
          rows={users.data}
          rowKey={(user) => user.id}
          empty={t('table.empty')}
          columns={[
            { label: t('users.name'), cell: (user) => user.name },
            { label: t('users.email'), cell: (user) => user.email },
            { label: t('users.sites'), cell: (user) => <UserSites user={user} sites={props.sites} /> },
            {
              label: t('users.role'),
              cell: (user) =>
                user.id === props.me.id ? (
                  t(`role.${user.role}`)
                ) : (
                  <select
                    aria-label={t('users.roleOf', { name: user.name })}
                    value={user.role}
                    onChange={(event) =>
                      run(() => api.patch(`/api/users/${seg(user.id)}`, { role: event.currentTarget.value }))
                    }
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                ),
            },
            {
              label: t('users.actions'),
              cell: (user) =>
                user.id === props.me.id ? (
                  <span class="muted">{t('users.you')}</span>
                ) : (
                  <button
                    type="button"
                    class="button small danger"
                    aria-label={t('users.removeOf', { name: user.name })}
                    onClick={() => {
                      if (window.confirm(t('users.removeConfirm', { name: user.name })))
                        void run(() => api.delete(`/api/users/${seg(user.id)}`));
                    }}
                  >
                    {t('action.remove')}
                  </button>
                ),
            },
          ]}
        />
      )}
      <form
        class="form panel"
        aria-labelledby="invite-title"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          setInvited(undefined);
          const body = {
            email: String(data.get('email') ?? '').trim(),
            name: String(data.get('name') ?? '').trim(),
            role: String(data.get('role') ?? 'viewer'),
            password: String(data.get('password') ?? ''),
            allSites: data.get('allSites') === 'on',
            sites: siteRolesOf(data),
          };
          let answer: Record<string, unknown> | undefined;
          if (await run(async () => (answer = await api.post<Record<string, unknown>>('/api/users', body)))) {
            form.reset();
            setInvited(answer ?? {});
          }
        }}
      >
        <h2 id="invite-title">{t('users.invite')}</h2>
        <p class="hint">{t('users.inviteHint')}</p>
        <label class="field">
          <span>{t('users.name')}</span>
          <input name="name" required maxLength={200} autoComplete="off" />
        </label>
        <label class="field">
          <span>{t('users.email')}</span>
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label class="field">
          <span>{t('users.role')}</span>
          {/* Named on its own: the wrapping label's text would take in every option's ("RoleViewerEditorOwner"). */}
          <select name="role" aria-label={t('users.role')}>
            {/* `selected`, not defaultValue: form.reset() goes back to the least role, never to owner. */}
            {[...ROLES].reverse().map((role) => (
              <option key={role} value={role} selected={role === 'viewer'}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <SiteRoleFields sites={props.sites} />
        <Field label={t('users.password')} hint={t('users.passwordHint')}>
          {(ids) => (
            <input
              {...ids}
              name="password"
              type="password"
              minLength={10}
              required
              autoComplete="new-password"
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button">
            {t('users.inviteButton')}
          </button>
        </div>
        {invited && (
          <div class="notice" role="status">
            <p>{t('users.invited')}</p>
            {['inviteUrl', 'url', 'temporaryPassword'].flatMap((key) => {
              const value = invited[key];
              return typeof value === 'string'
                ? [
                    <p key={key}>
                      <code>{value}</code> <CopyButton text={value} />
                    </p>,
                  ]
                : [];
            })}
          </div>
        )}
      </form>
    </>
  );
}

function Tokens(props: { sites: readonly Site[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tokens = useAsync(
    (signal) => api.get<ApiTokenView[] | { items: ApiTokenView[] }>('/api/tokens', { signal }).then(itemsOf),
    [],
  );
  const { error, run } = useAction(tokens.reload);
  const [created, setCreated] = useState<ApiTokenView>();
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {tokens.error && <ErrorMessage error={tokens.error} onRetry={tokens.reload} />}
      {!tokens.data && !tokens.error && <Loading />}
      {tokens.data && (
        <DataTable
          id="tokens"
          title={t('tokens.title')}
          description={t('tokens.note')}
          rows={tokens.data}
          rowKey={(token) => token.id}
          empty={t('tokens.none')}
          columns={[
            { label: t('tokens.name'), cell: (token) => token.name },
            {
              label: t('tokens.scopes'),
              cell: (token) => (token.scopes ?? ['admin']).map((scope) => t(`scope.${scope}`)).join(', '),
            },
            {
              label: t('tokens.sites'),
              cell: (token) =>
                token.sites
                  ? token.sites.map((id) => domainOf(props.sites, id)).join(', ')
                  : t('tokens.allSites'),
            },
            {
              label: t('tokens.created'),
              cell: (token) => (token.createdAt ? i18n.dateTime(token.createdAt) : ''),
            },
            {
              label: t('users.actions'),
              cell: (token) => (
                <button
                  type="button"
                  class="button small danger"
                  aria-label={t('tokens.revokeOf', { name: token.name })}
                  onClick={() => {
                    if (window.confirm(t('tokens.revokeConfirm', { name: token.name })))
                      void run(() => api.delete(`/api/tokens/${seg(token.id)}`));
                  }}
                >
                  {t('tokens.revoke')}
                </button>
              ),
            },
          ]}
        />
      )}
      <form
        class="form panel"
        aria-labelledby="token-title"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          const name = String(data.get('name') ?? '').trim();
          const scopes = data.getAll('scope').map(String);
          const sites = data.getAll('site').map(String);
          const body = {
            name,
            ...(scopes.length > 0 ? { scopes } : {}),
            ...(sites.length > 0 ? { sites } : {}),
          };
          setCreated(undefined);
          let answer: ApiTokenView | undefined;
          if (await run(async () => (answer = await api.post<ApiTokenView>('/api/tokens', body)))) {
            form.reset();
            setCreated(answer);
          }
        }}
      >
        <h2 id="token-title">{t('tokens.create')}</h2>
        <label class="field">
          <span>{t('tokens.name')}</span>
          <input name="name" required maxLength={100} autoComplete="off" />
        </label>
        <fieldset class="field">
          <legend>{t('tokens.scopes')}</legend>
          <p class="hint">{t('tokens.scopesHint')}</p>
          {SCOPES.map((scope) => (
            <label key={scope}>
              <input type="checkbox" name="scope" value={scope} defaultChecked={scope === 'admin'} />{' '}
              {t(`scope.${scope}`)}
            </label>
          ))}
        </fieldset>
        {props.sites.length > 0 && (
          <fieldset class="field">
            <legend>{t('tokens.sites')}</legend>
            <p class="hint">{t('tokens.sitesHint')}</p>
            {props.sites.map((site) => (
              <label key={site.id}>
                <input type="checkbox" name="site" value={site.id} /> {site.domain}
              </label>
            ))}
          </fieldset>
        )}
        <div class="form-actions">
          <button type="submit" class="button">
            {t('tokens.createButton')}
          </button>
        </div>
        {created?.secret && (
          <div class="notice secret" role="status">
            <p>
              <strong>{t('tokens.once')}</strong>
            </p>
            <p>
              <code data-testid="token-secret">{created.secret}</code>{' '}
              <CopyButton text={created.secret} label={t('tokens.copy')} />
            </p>
          </div>
        )}
      </form>
    </>
  );
}

export function SettingsView(props: { me: User; site?: Site | undefined }) {
  const { t } = useI18n();
  const owner = props.me.role === 'owner';
  const sites = useAsync(
    (signal) =>
      owner ? api.get<{ items: Site[] }>('/api/sites', { signal }).then(itemsOf) : Promise.resolve([]),
    [owner],
  );
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <p class="lede">
        {t('settings.signedInAs', {
          name: props.me.name,
          email: props.me.email,
          role: t(`role.${props.me.role}`),
        })}
      </p>
      <PasswordForm />
      {owner ? (
        <>
          <Users me={props.me} sites={sites.data ?? []} />
          <Tokens sites={sites.data ?? []} />
          {props.site && (
            <section aria-labelledby="delivery-title">
              <h2 id="delivery-title">{t('settings.deliveryOf', { site: props.site.domain })}</h2>
              <DeliverySettings site={props.site} />
              <AlertSettings site={props.site} />
            </section>
          )}
        </>
      ) : (
        <p class="panel-note">{t('settings.ownerOnly')}</p>
      )}
    </>
  );
}

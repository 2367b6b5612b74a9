import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LanguageSwitch } from '../components/controls';
import { Field } from '../components/field';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api } from '../lib/api';
import { useRoute } from '../lib/router';
import type { User } from '../lib/types';

export interface SignedIn {
  user: User;
  csrfToken: string;
}

function AuthLayout(props: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Penumbra`;
  }, [props.title]);
  return (
    <div class="auth-page">
      <header class="auth-header">
        <p class="brand">Penumbra</p>
        <LanguageSwitch />
      </header>
      <main id="main" class="auth-card">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </div>
  );
}

export function LoginView(props: { onSignedIn: (answer: SignedIn) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout title={t('login.title')}>
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          setBusy(true);
          setError(undefined);
          try {
            props.onSignedIn(
              await api.post<SignedIn>(
                '/api/auth/login',
                {
                  email: String(data.get('email') ?? '').trim(),
                  password: String(data.get('password') ?? ''),
                },
                { quiet401: true },
              ),
            );
          } catch (failure) {
            setError(failure as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        {error && <ErrorMessage error={error} />}
        <label class="field">
          <span>{t('login.email')}</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}

/**
 * The first run: the owner's account, with the setup token the server printed at start (its
 * setup URL carries it as `?token=`).
 */
export function SetupView(props: { onSignedIn: (answer: SignedIn) => void }) {
  const { t } = useI18n();
  const { query } = useRoute();
  const tokenInUrl = query.get('token') ?? '';
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout title={t('setup.title')}>
      <p>{t('setup.intro')}</p>
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          if (data.get('password') !== data.get('confirm')) {
            setError(new Error(t('password.mismatch')));
            return;
          }
          setBusy(true);
          setError(undefined);
          try {
            props.onSignedIn(
              await api.post<SignedIn>(
                '/api/auth/setup',
                {
                  token: String(data.get('token') ?? '').trim(),
                  email: String(data.get('email') ?? '').trim(),
                  name: String(data.get('name') ?? '').trim(),
                  password: String(data.get('password') ?? ''),
                },
                { quiet401: true },
              ),
            );
          } catch (failure) {
            setError(failure as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        {error && <ErrorMessage error={error} />}
        {tokenInUrl ? (
          <input type="hidden" name="token" value={tokenInUrl} />
        ) : (
          <Field label={t('setup.token')} hint={t('setup.tokenHint')}>
            {(ids) => <input {...ids} name="token" required autoComplete="off" spellcheck={false} />}
          </Field>
        )}
        <label class="field">
          <span>{t('setup.name')}</span>
          <input name="name" autoComplete="name" required maxLength={200} />
        </label>
        <label class="field">
          <span>{t('login.email')}</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <Field label={t('login.password')} hint={t('setup.passwordHint')}>
          {(ids) => (
            <input
              {...ids}
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
            />
          )}
        </Field>
        <label class="field">
          <span>{t('password.confirm')}</span>
          <input name="confirm" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? t('state.saving') : t('setup.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}

import { useRef, useState } from 'preact/hooks';
import { Field } from '../components/field';
import { Link } from '../components/link';
import { PageHeader } from '../components/page';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { sourceLabel } from '../i18n/labels';
import { api, seg } from '../lib/api';
import { keepContext, navigate } from '../lib/router';
import type { Link as ShareLink, Site } from '../lib/types';

/** The channels a kit can have (src/links/share-urls.ts), private ones first. */
export const KIT_CHANNELS = [
  'whatsapp',
  'messenger',
  'telegram',
  'signal',
  'sms',
  'email',
  'copy',
  'qr',
  'slack',
  'discord',
  'teams',
  'line',
  'viber',
  'linkedin',
  'x',
  'facebook',
  'reddit',
  'bluesky',
  'mastodon',
  'threads',
] as const;
const DEFAULT_CHANNELS = new Set([
  'whatsapp',
  'messenger',
  'telegram',
  'signal',
  'sms',
  'email',
  'copy',
  'qr',
]);
/** utm_source is the channel, set per variant by the server. */
const UTM_FIELDS = ['utm_campaign', 'utm_medium', 'utm_content', 'utm_term'] as const;

function optional(value: FormDataEntryValue | null): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? undefined : text;
}

/** "New share kit": a link per channel, a preview of one's own, a UTM template. */
export function NewKitView(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const utm = Object.fromEntries(
      UTM_FIELDS.flatMap((name) => {
        const value = optional(data.get(name));
        return value ? [[name, value]] : [];
      }),
    );
    const tags = (optional(data.get('tags')) ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const body = {
      site: props.site.domain,
      url: optional(data.get('url')) ?? '',
      title: optional(data.get('title')) ?? null,
      description: optional(data.get('description')) ?? null,
      image: optional(data.get('image')) ?? null,
      channels: data.getAll('channels').map(String),
      utm,
      tags,
    };
    setBusy(true);
    setError(undefined);
    try {
      const link = await api.post<ShareLink>('/api/links', body);
      navigate(keepContext(`/app/links/${seg(link.id)}?created=1`));
    } catch (failure) {
      setError(failure as Error);
      setTimeout(() => errorRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('kit.title')} siteName={props.site.name} />
      <p class="lede">{t('kit.intro')}</p>
      <form
        class="form panel wide"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(event.currentTarget);
        }}
      >
        <div ref={errorRef} tabIndex={-1}>
          {error && <ErrorMessage error={error} />}
        </div>
        <label class="field">
          <span>{t('kit.url')}</span>
          <input name="url" type="url" required placeholder="https://" autoComplete="url" />
        </label>
        <label class="field">
          <span>{t('kit.titleField')}</span>
          <input name="title" maxLength={300} />
        </label>
        <label class="field">
          <span>{t('kit.description')}</span>
          <textarea name="description" rows={3} maxLength={1000} />
        </label>
        <Field label={t('kit.image')} hint={t('kit.imageHint')}>
          {(ids) => <input {...ids} name="image" type="url" placeholder="https://" />}
        </Field>
        <fieldset class="field">
          <legend>{t('kit.channels')}</legend>
          <p class="hint">{t('kit.channelsHint')}</p>
          <div class="checkbox-grid">
            {KIT_CHANNELS.map((channel) => (
              <label key={channel} class="checkbox">
                <input
                  type="checkbox"
                  name="channels"
                  value={channel}
                  defaultChecked={DEFAULT_CHANNELS.has(channel)}
                />
                {sourceLabel(i18n, channel)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class="field">
          <legend>{t('kit.utm')}</legend>
          <p class="hint">{t('kit.utmHint')}</p>
          <div class="field-row">
            {UTM_FIELDS.map((name) => (
              <label key={name} class="field">
                <span>
                  <code>{name}</code>
                </span>
                <input name={name} maxLength={200} />
              </label>
            ))}
          </div>
        </fieldset>
        <label class="field">
          <span>{t('kit.tags')}</span>
          <input name="tags" placeholder={t('kit.tagsPlaceholder')} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? t('state.saving') : t('kit.create')}
          </button>
          <Link href={keepContext('/app/links')} class="button secondary">
            {t('action.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

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
import { BulkKitsUpload } from './bulk-kits-upload';

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

/** `datetime-local` is the reader's local time; the API takes an instant (ISO 8601). */
function expiryOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? value : time.toISOString();
}

interface PageFields {
  title: string;
  description: string;
  image: string;
}

/** "New share kit": a link per channel, a preview of one's own, a UTM template. */
export function NewKitView(props: { site: Site }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The preview fields are the editor's: filled from the page on demand, changed at will.
  const [fields, setFields] = useState<PageFields>({ title: '', description: '', image: '' });
  const [filling, setFilling] = useState(false);
  const [filled, setFilled] = useState<string>();
  const setField = (name: keyof PageFields, value: string) => setFields({ ...fields, [name]: value });

  const fillFromPage = async () => {
    const url = optional(new FormData(formRef.current ?? undefined).get('url'));
    if (!url) {
      setError(new Error(t('kit.fillNeedsUrl')));
      return;
    }
    setFilling(true);
    setError(undefined);
    setFilled(undefined);
    try {
      const page = await api.post<{ title: string | null; description: string | null; image: string | null }>(
        '/api/links/autofill',
        { url },
      );
      setFields({
        title: page.title ?? fields.title,
        description: page.description ?? fields.description,
        image: page.image ?? fields.image,
      });
      const names = {
        title: t('kit.fill.title'),
        description: t('kit.fill.description'),
        image: t('kit.fill.image'),
      };
      const found = (['title', 'description', 'image'] as const).filter((name) => page[name]);
      setFilled(
        found.length === 0
          ? t('kit.fillNothing')
          : t('kit.filled', { fields: found.map((name) => names[name]).join(', ') }),
      );
    } catch (failure) {
      setError(failure as Error);
      setTimeout(() => errorRef.current?.focus(), 0);
    } finally {
      setFilling(false);
    }
  };

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
      ...(optional(data.get('slug')) ? { slug: optional(data.get('slug')) } : {}),
      expiresAt: expiryOf(optional(data.get('expiresAt'))) ?? null,
      maxClicks: optional(data.get('maxClicks')) ? Number(optional(data.get('maxClicks'))) : null,
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
        ref={formRef}
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
        <div class="form-actions">
          <button
            type="button"
            class="button secondary"
            disabled={filling}
            onClick={() => void fillFromPage()}
          >
            {filling ? t('kit.filling') : t('kit.fill')}
          </button>
          <span class="hint" role="status">
            {filled ?? t('kit.fillHint')}
          </span>
        </div>
        <label class="field">
          <span>{t('kit.titleField')}</span>
          <input
            name="title"
            maxLength={300}
            value={fields.title}
            onInput={(event) => setField('title', event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t('kit.description')}</span>
          <textarea
            name="description"
            rows={3}
            maxLength={1000}
            value={fields.description}
            onInput={(event) => setField('description', event.currentTarget.value)}
          />
        </label>
        <Field label={t('kit.image')} hint={t('kit.imageHint')}>
          {(ids) => (
            <input
              {...ids}
              name="image"
              type="url"
              placeholder="https://"
              value={fields.image}
              onInput={(event) => setField('image', event.currentTarget.value)}
            />
          )}
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
        <fieldset class="field">
          <legend>{t('kit.more')}</legend>
          <div class="field-row">
            <Field label={t('kit.slug')} hint={t('kit.slugHint')}>
              {(ids) => <input {...ids} name="slug" maxLength={200} autoComplete="off" />}
            </Field>
            <Field label={t('kit.expires')} hint={t('kit.expiresHint')}>
              {(ids) => <input {...ids} name="expiresAt" type="datetime-local" />}
            </Field>
            <Field label={t('kit.maxClicks')} hint={t('kit.maxClicksHint')}>
              {(ids) => (
                <input {...ids} name="maxClicks" type="number" min={1} step={1} inputMode="numeric" />
              )}
            </Field>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? t('state.saving') : t('kit.create')}
          </button>
          <Link href={keepContext('/app/links')} class="button secondary">
            {t('action.cancel')}
          </Link>
        </div>
      </form>
      <BulkKitsUpload
        site={props.site}
        channels={() => new FormData(formRef.current ?? undefined).getAll('channels').map(String)}
      />
    </>
  );
}

import { useState } from 'preact/hooks';
import { Field } from '../components/field';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { sourceLabel } from '../i18n/labels';
import { api, seg } from '../lib/api';
import type { LinkVariant, Link as ShareLink } from '../lib/types';

/**
 * A custom preview per channel (issue 15): each link of the kit shows chat apps the kit's card
 * unless it has its own title, description or image (a shorter title for WhatsApp). An empty
 * field follows the kit. Editors change it here; everyone sees what each link shows.
 */
export function VariantPreviews(props: { link: ShareLink; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const variants = props.link.variants.filter((variant) => variant.preview !== undefined);
  if (variants.length === 0) return null;
  return (
    <section class="panel wide" aria-labelledby="variant-previews-title">
      <h2 id="variant-previews-title">{t('variantPreview.title')}</h2>
      <p>{t('variantPreview.intro')}</p>
      {variants.map((variant) => (
        <VariantPreviewForm
          key={variant.id}
          variant={variant}
          canEdit={props.canEdit}
          onSaved={props.onSaved}
        />
      ))}
    </section>
  );
}

function VariantPreviewForm(props: { variant: LinkVariant; canEdit: boolean; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { variant } = props;
  const custom = variant.customPreview;
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const channel = sourceLabel(i18n, variant.channel);

  const save = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const value = (name: string) => {
      const text = String(data.get(name) ?? '').trim();
      return text === '' ? null : text;
    };
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await api.put(`/api/links/${seg(variant.id)}/preview`, {
        title: value('title'),
        description: value('description'),
        image: value('image'),
      });
      setSaved(true);
      props.onSaved();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="form variant-preview"
      aria-label={t('variantPreview.formLabel', { channel })}
      onSubmit={(event) => {
        event.preventDefault();
        void save(event.currentTarget);
      }}
    >
      <h3>{channel}</h3>
      <p class="hint">
        {t('variantPreview.shows')} <strong>{variant.preview?.title ?? t('variantPreview.noTitle')}</strong>
        {custom ? ` (${t('variantPreview.own')})` : ` (${t('variantPreview.kits')})`}
      </p>
      {error && <ErrorMessage error={error} />}
      <fieldset class="field-row" disabled={!props.canEdit}>
        <legend class="visually-hidden">{t('variantPreview.formLabel', { channel })}</legend>
        <Field label={t('variantPreview.titleField')} hint={t('variantPreview.followsKit')}>
          {(ids) => <input {...ids} name="title" maxLength={300} defaultValue={custom?.title ?? ''} />}
        </Field>
        <Field label={t('kit.description')} hint={t('variantPreview.followsKit')}>
          {(ids) => (
            <input {...ids} name="description" maxLength={1000} defaultValue={custom?.description ?? ''} />
          )}
        </Field>
        <Field label={t('kit.image')} hint={t('variantPreview.followsKit')}>
          {(ids) => (
            <input
              {...ids}
              name="image"
              type="url"
              placeholder="https://"
              defaultValue={custom?.image ?? ''}
            />
          )}
        </Field>
      </fieldset>
      {props.canEdit && (
        <div class="form-actions">
          <button type="submit" class="button secondary" disabled={busy}>
            {t('variantPreview.save', { channel })}
          </button>
          <span role="status" class="hint">
            {saved ? t('variantPreview.saved') : ''}
          </span>
        </div>
      )}
    </form>
  );
}

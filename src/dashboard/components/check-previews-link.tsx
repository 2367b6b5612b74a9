import { useI18n } from '../i18n/i18n';
import { PREVIEW_LAB_WORDS } from '../i18n/preview-lab-words';
import { keepContext, onLinkClick } from '../lib/router';

/**
 * "Check previews": opens the Preview lab on `url` (and compares with the kit `kitId`, if given).
 * `describe` names what is checked for a screen reader when several such links share a table.
 */
export function CheckPreviewsLink(props: { url: string; kitId?: string; describe?: string }) {
  const { lang } = useI18n();
  const words = PREVIEW_LAB_WORDS[lang];
  const query = new URLSearchParams({ url: props.url, ...(props.kitId ? { kit: props.kitId } : {}) });
  return (
    <a
      class="button small secondary"
      href={keepContext(`/app/previews?${query}`)}
      aria-label={props.describe ? `${words.check}: ${props.describe}` : undefined}
      onClick={onLinkClick}
    >
      {words.check}
    </a>
  );
}

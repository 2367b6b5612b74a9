import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without the async clipboard (older browsers, no permission): a hidden field and execCommand.
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.className = 'offscreen';
    document.body.append(field);
    field.select();
    const done = document.execCommand('copy');
    field.remove();
    return done;
  }
}

/** Copies `text`; says so in a live region (the button's own label does not change under focus). */
export function CopyButton(props: { text: string; label?: string }) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');
  return (
    <span class="copy">
      <button
        type="button"
        class="button small secondary"
        aria-label={props.label ?? t('action.copy')}
        onClick={async () => {
          setStatus((await copyText(props.text)) ? t('copy.done') : t('copy.failed'));
          setTimeout(() => setStatus(''), 2_500);
        }}
      >
        {t('action.copy')}
      </button>
      <span class="copy-status" role="status">
        {status}
      </span>
    </span>
  );
}

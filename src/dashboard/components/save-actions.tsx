import { useI18n } from '../i18n/i18n';

/**
 * A settings form's Save button and its status line: "Saving…" while the request runs, "Saved."
 * once it answered. One place, so every form announces its state alike to screen readers.
 */
export function SaveActions(props: { busy: boolean; saved: boolean }) {
  const { t } = useI18n();
  return (
    <div class="form-actions">
      <button type="submit" class="button" disabled={props.busy}>
        {props.busy ? t('state.saving') : t('action.save')}
      </button>
      <span role="status">{props.saved ? t('state.saved') : ''}</span>
    </div>
  );
}

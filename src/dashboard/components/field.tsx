import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldIds {
  id: string;
  'aria-describedby'?: string;
}

/**
 * A labelled control with an optional hint. The hint is the control's description
 * (aria-describedby), not part of its name, so "Password" stays "Password" to a screen reader.
 */
export function Field(props: {
  label: ComponentChildren;
  hint?: ComponentChildren;
  children: (ids: FieldIds) => ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(props.hint ? { id, 'aria-describedby': hintId } : { id })}
      {props.hint && (
        <span id={hintId} class="hint">
          {props.hint}
        </span>
      )}
    </div>
  );
}

/** A small labelled control of a toolbar (site, period, language …), label above the control. */
export function Control(props: { label: ComponentChildren; children: (ids: FieldIds) => ComponentChildren }) {
  const id = useId();
  return (
    <div class="control">
      <label class="control-label" for={id}>
        {props.label}
      </label>
      {props.children({ id })}
    </div>
  );
}

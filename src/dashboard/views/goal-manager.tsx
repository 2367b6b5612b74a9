import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Goal, GoalKind, ShareGoalWay } from '../../store/goal-store';
import { DataTable } from '../components/data-table';
import { Field } from '../components/field';
import { ErrorMessage } from '../components/states';
import { GOALS_WORDS, type GoalsWords } from '../i18n/goals-words';
import { useI18n } from '../i18n/i18n';
import { fillWords } from '../i18n/preview-lab-words';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';
import { useAction } from '../lib/use-action';

const KINDS: readonly GoalKind[] = ['page', 'event', 'share'];
const WAYS: readonly ShareGoalWay[] = ['any', 'share', 'copy'];

/** A goal's definition in words: "Page /thanks", "Event signup with plan = pro", "Share button or copy". */
export function goalDefinition(words: GoalsWords, goal: Goal): string {
  if (goal.kind === 'page') return fillWords(words.pageDefinition, { path: goal.pathPattern ?? '' });
  if (goal.kind === 'event') {
    return goal.propKey
      ? fillWords(words.eventPropDefinition, {
          event: goal.eventName ?? '',
          key: goal.propKey,
          value: goal.propValue ?? '',
        })
      : fillWords(words.eventDefinition, { event: goal.eventName ?? '' });
  }
  return fillWords(words.shareDefinition, { way: words.ways[goal.shareWay ?? 'any'] });
}

/**
 * The site's goals with their definitions; for editors and owners (the server decides, as for
 * share kits: docs/access.md), a form that adds a page, event or share goal, renaming in place,
 * and deleting after a confirmation. A goal's definition never changes (GoalStore.renameGoal):
 * a different one is a new goal.
 */
export function GoalManager(props: {
  site: Site;
  goals: Goal[];
  canEdit: boolean;
  onChanged: () => void;
  onDeleted: (name: string) => void;
}) {
  const { lang } = useI18n();
  const words = GOALS_WORDS[lang];
  const base = `/api/sites/${seg(props.site.id)}/goals`;
  const { error, run } = useAction(props.onChanged);
  const [kind, setKind] = useState<GoalKind>('event');
  const [renaming, setRenaming] = useState<string>();
  // The name field takes the focus when it opens, so a keyboard user types the new name at once.
  // A layout effect runs as the field is inserted, not after the next paint: the field is never
  // shown without the focus (a click landing in between would otherwise keep it on the button).
  const nameField = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (renaming) nameField.current?.select();
  }, [renaming]);
  const [status, setStatus] = useState('');
  return (
    <>
      {error && <ErrorMessage error={error} />}
      <p class="offscreen" role="status">
        {status}
      </p>
      {props.goals.length > 0 && (
        <DataTable<Goal>
          id="goal-manage"
          title={props.canEdit ? words.manage : words.definitions}
          rows={props.goals}
          rowKey={(goal) => goal.id}
          empty={null}
          columns={[
            {
              label: words.name,
              cell: (goal) =>
                renaming === goal.id ? (
                  <form
                    class="inline-form"
                    onSubmit={async (event) => {
                      event.preventDefault();
                      const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
                      const done = await run(() => api.patch(`${base}/${seg(goal.id)}`, { name }));
                      if (done) setRenaming(undefined);
                    }}
                  >
                    <input
                      ref={nameField}
                      name="name"
                      required
                      maxLength={80}
                      defaultValue={goal.name}
                      aria-label={fillWords(words.newName, { name: goal.name })}
                    />
                    <button type="submit" class="button small">
                      {words.saveName}
                    </button>
                    <button
                      type="button"
                      class="button small secondary"
                      onClick={() => setRenaming(undefined)}
                    >
                      {words.cancel}
                    </button>
                  </form>
                ) : (
                  goal.name
                ),
            },
            { label: words.kind, cell: (goal) => words.kinds[goal.kind] },
            { label: words.definition, cell: (goal) => <code>{goalDefinition(words, goal)}</code> },
            ...(props.canEdit
              ? [
                  {
                    label: words.actions,
                    cell: (goal: Goal) => (
                      <div class="row-actions">
                        <button
                          type="button"
                          class="button small secondary"
                          aria-label={fillWords(words.renameOf, { name: goal.name })}
                          onClick={() => setRenaming(goal.id)}
                        >
                          {words.rename}
                        </button>
                        <button
                          type="button"
                          class="button small danger"
                          aria-label={fillWords(words.deleteOf, { name: goal.name })}
                          onClick={async () => {
                            if (!window.confirm(fillWords(words.deleteConfirm, { name: goal.name }))) return;
                            const done = await run(() => api.delete(`${base}/${seg(goal.id)}`));
                            if (done) {
                              setStatus(fillWords(words.deleted, { name: goal.name }));
                              props.onDeleted(goal.name);
                            }
                          }}
                        >
                          {words.delete}
                        </button>
                      </div>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {props.canEdit && (
        <form
          class="form panel"
          aria-labelledby="goal-add-title"
          onSubmit={async (event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const data = new FormData(form);
            const text = (name: string) => String(data.get(name) ?? '').trim();
            const name = text('name');
            const body =
              kind === 'page'
                ? { name, kind, pathPattern: text('pathPattern') }
                : kind === 'event'
                  ? {
                      name,
                      kind,
                      eventName: text('eventName'),
                      ...(text('propKey') ? { propKey: text('propKey'), propValue: text('propValue') } : {}),
                    }
                  : { name, kind, shareWay: text('shareWay') };
            const added = await run(() => api.post(base, body));
            if (added) {
              form.reset();
              setStatus(fillWords(words.added, { name }));
            }
          }}
        >
          <h2 id="goal-add-title">{words.add}</h2>
          <Field label={words.name} hint={words.nameHint}>
            {(ids) => <input {...ids} name="name" required maxLength={80} />}
          </Field>
          <Field label={words.kind}>
            {(ids) => (
              <select
                {...ids}
                name="kind"
                value={kind}
                onChange={(event) => setKind(event.currentTarget.value as GoalKind)}
              >
                {KINDS.map((option) => (
                  <option key={option} value={option}>
                    {words.kinds[option]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {kind === 'page' && (
            <Field label={words.path} hint={words.pathHint}>
              {(ids) => (
                <input
                  {...ids}
                  name="pathPattern"
                  required
                  pattern="/.*"
                  placeholder="/thanks"
                  spellcheck={false}
                />
              )}
            </Field>
          )}
          {kind === 'event' && (
            <>
              <Field label={words.event} hint={words.eventHint}>
                {(ids) => (
                  <input {...ids} name="eventName" required placeholder="signup" spellcheck={false} />
                )}
              </Field>
              <div class="field-row">
                <Field label={words.propKey} hint={words.propHint}>
                  {(ids) => <input {...ids} name="propKey" placeholder="plan" spellcheck={false} />}
                </Field>
                <Field label={words.propValue}>
                  {(ids) => <input {...ids} name="propValue" placeholder="pro" spellcheck={false} />}
                </Field>
              </div>
            </>
          )}
          {kind === 'share' && (
            <Field label={words.way}>
              {(ids) => (
                <select {...ids} name="shareWay">
                  {WAYS.map((way) => (
                    <option key={way} value={way}>
                      {words.ways[way]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <div class="form-actions">
            <button type="submit" class="button">
              {words.addButton}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

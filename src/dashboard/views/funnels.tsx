import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FunnelChannelRow, FunnelResult } from '../../funnels/funnel-result';
import type { FunnelView } from '../../funnels/funnel-view';
import type { Goal } from '../../store/goal-store';
import { DataTable } from '../components/data-table';
import { Field } from '../components/field';
import { Link } from '../components/link';
import { PageHeader } from '../components/page';
import { EmptyState, ErrorMessage, Loading, RoundedNotice } from '../components/states';
import { FUNNELS_WORDS, type FunnelsWords } from '../i18n/funnels-words';
import { type I18n, useI18n } from '../i18n/i18n';
import { channelLabel, sourceLabel } from '../i18n/labels';
import { fillWords } from '../i18n/preview-lab-words';
import { api, seg } from '../lib/api';
import type { DateRange } from '../lib/dates';
import { keepContext } from '../lib/router';
import type { Site } from '../lib/types';
import { useAsync } from '../lib/use-async';
import './funnels.css';

const MIN_STEPS = 2;
const MAX_STEPS = 8;
/** The select's value for a funnel not saved yet. */
const NEW = '';

interface Draft {
  name: string;
  steps: string[];
}

/**
 * The Funnels view (issue 14, docs/funnels.md): a saved funnel, or steps chosen among the site's
 * page and event goals, with its visitors per step as bars with the drop-off between steps, and
 * the same steps by channel (dark social split by app), for the period picked. Every change of
 * steps shows its result at once (`POST /api/stats/funnel`); editors save, rename and delete.
 */
export function FunnelsView(props: { site: Site; range: DateRange; canEdit: boolean }) {
  const i18n = useI18n();
  const words = FUNNELS_WORDS[i18n.lang];
  const { site, range, canEdit } = props;
  const base = `/api/sites/${seg(site.id)}`;
  const goals = useAsync(
    (signal) => api.get<{ goals: Goal[] }>(`${base}/goals`, { signal }).then((answer) => answer.goals),
    [base],
  );
  const funnels = useAsync(
    (signal) =>
      api.get<{ funnels: FunnelView[] }>(`${base}/funnels`, { signal }).then((answer) => answer.funnels),
    [base],
  );
  const stepGoals = useMemo(() => (goals.data ?? []).filter((goal) => goal.kind !== 'share'), [goals.data]);
  const [selected, setSelected] = useState<string>();
  const [draft, setDraft] = useState<Draft>();
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<Error>();

  // The first saved funnel once the lists arrive, else a new one over the first two goals.
  useEffect(() => {
    if (selected !== undefined || !funnels.data || !goals.data) return;
    const first = funnels.data[0];
    choose(first?.id ?? NEW, first);
  }, [funnels.data, goals.data]);

  function choose(id: string, funnel = funnels.data?.find((item) => item.id === id)) {
    setSelected(id);
    setActionError(undefined);
    setDraft(
      funnel
        ? { name: funnel.name, steps: [...funnel.steps] }
        : { name: '', steps: stepGoals.slice(0, MIN_STEPS).map((goal) => goal.id) },
    );
  }

  const saved = funnels.data?.find((funnel) => funnel.id === selected);
  const missing = saved && sameSteps(saved.steps, draft?.steps) ? saved.missingSteps : [];
  const complete =
    draft !== undefined &&
    draft.steps.length >= MIN_STEPS &&
    draft.steps.every((id) => stepGoals.some((goal) => goal.id === id));
  const result = useAsync<FunnelResult | undefined>(
    (signal) => {
      if (!draft || !complete || missing.length > 0) return Promise.resolve(undefined);
      // A saved funnel as saved reads its own result; anything else is a preview of the steps.
      return saved && sameSteps(saved.steps, draft.steps)
        ? api.get<FunnelResult>(`${base}/funnels/${seg(saved.id)}/result?${range.search}`, { signal })
        : api.post<FunnelResult>(
            '/api/stats/funnel',
            { site: site.id, steps: draft.steps, date_range: range.input },
            { signal },
          );
    },
    [base, range.search, saved?.id, draft?.steps.join(','), complete, missing.length],
  );

  const reloadAll = () => {
    funnels.reload();
  };
  const act = async (action: () => Promise<void>) => {
    setActionError(undefined);
    try {
      await action();
    } catch (failure) {
      setActionError(failure as Error);
    }
  };

  const loading = (!goals.data && !goals.error) || (!funnels.data && !funnels.error);
  return (
    <>
      <PageHeader title={words.title} siteName={site.name} />
      <p class="lede">{words.intro}</p>
      <p class="offscreen" role="status">
        {status}
      </p>
      {goals.error && <ErrorMessage error={goals.error} onRetry={goals.reload} />}
      {funnels.error && <ErrorMessage error={funnels.error} onRetry={funnels.reload} />}
      {loading && <Loading />}
      {goals.data && funnels.data && stepGoals.length < MIN_STEPS && (
        <EmptyState title={words.emptyTitle}>
          <p>{canEdit ? words.emptyText : words.emptyViewer}</p>
          <Link class="button" href={keepContext('/app/goals')}>
            {words.toGoals}
          </Link>
        </EmptyState>
      )}
      {goals.data && funnels.data && stepGoals.length >= MIN_STEPS && draft && (
        <>
          <form
            class="form panel funnel-form"
            aria-labelledby="funnel-define-title"
            onSubmit={(event) => {
              event.preventDefault();
              if (!canEdit) return;
              void act(async () => {
                const body = { name: draft.name, steps: draft.steps };
                const answer = saved
                  ? await api.patch<FunnelView>(`${base}/funnels/${seg(saved.id)}`, body)
                  : await api.post<FunnelView>(`${base}/funnels`, body);
                setStatus(fillWords(words.savedStatus, { name: answer.name }));
                setSelected(answer.id);
                reloadAll();
              });
            }}
          >
            <h2 id="funnel-define-title">{words.define}</h2>
            {funnels.data.length === 0 && <p class="hint">{canEdit ? words.noSaved : words.viewerNoSaved}</p>}
            <Field label={words.funnel}>
              {(ids) => (
                <select
                  {...ids}
                  value={selected ?? NEW}
                  onChange={(event) => choose(event.currentTarget.value)}
                >
                  {funnels.data?.map((funnel) => (
                    <option key={funnel.id} value={funnel.id}>
                      {funnel.name}
                    </option>
                  ))}
                  <option value={NEW}>{words.newFunnel}</option>
                </select>
              )}
            </Field>
            <ol class="funnel-step-list">
              {draft.steps.map((goalId, index) => (
                <StepPicker
                  key={index}
                  words={words}
                  index={index}
                  goalId={goalId}
                  goals={stepGoals}
                  canRemove={draft.steps.length > MIN_STEPS}
                  onChange={(id) =>
                    setDraft({ ...draft, steps: draft.steps.map((step, at) => (at === index ? id : step)) })
                  }
                  onRemove={() => setDraft({ ...draft, steps: draft.steps.filter((_, at) => at !== index) })}
                />
              ))}
            </ol>
            {draft.steps.length < MAX_STEPS && (
              <button
                type="button"
                class="button small secondary"
                onClick={() => {
                  const unused = stepGoals.find((goal) => !draft.steps.includes(goal.id));
                  setDraft({ ...draft, steps: [...draft.steps, unused?.id ?? ''] });
                }}
              >
                {words.addStep}
              </button>
            )}
            {canEdit && (
              <>
                <Field label={words.name} hint={words.nameHint}>
                  {(ids) => (
                    <input
                      {...ids}
                      name="name"
                      required
                      maxLength={80}
                      value={draft.name}
                      onInput={(event) => setDraft({ ...draft, name: event.currentTarget.value })}
                    />
                  )}
                </Field>
                <div class="form-actions">
                  <button type="submit" class="button">
                    {saved ? words.saveChanges : words.save}
                  </button>
                  {saved && (
                    <button
                      type="button"
                      class="button danger"
                      onClick={() => {
                        if (!confirm(fillWords(words.deleteConfirm, { name: saved.name }))) return;
                        void act(async () => {
                          await api.delete(`${base}/funnels/${seg(saved.id)}`);
                          setStatus(fillWords(words.deleted, { name: saved.name }));
                          const rest = funnels.data?.filter((funnel) => funnel.id !== saved.id) ?? [];
                          choose(rest[0]?.id ?? NEW, rest[0]);
                          reloadAll();
                        });
                      }}
                    >
                      {words.delete}
                    </button>
                  )}
                </div>
              </>
            )}
            {actionError && <ErrorMessage error={actionError} />}
          </form>
          {missing.length > 0 && (
            <div class="notice" role="alert" data-testid="funnel-missing">
              <p>
                <strong>{words.missingTitle}</strong>
              </p>
              <p>{fillWords(words.missingText, { steps: missing.map((step) => step + 1).join(', ') })}</p>
            </div>
          )}
          <RoundedNotice roundedTo={result.data?.roundedTo} />
          {result.error && <ErrorMessage error={result.error} onRetry={result.reload} />}
          {complete && missing.length === 0 && !result.data && !result.error && <Loading />}
          {result.data && (
            <div class={result.loading ? 'stale' : undefined}>
              <StepBars words={words} result={result.data} />
              <ChannelTable words={words} result={result.data} />
            </div>
          )}
        </>
      )}
    </>
  );
}

function sameSteps(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((id, index) => id === b[index]);
}

function StepPicker(props: {
  words: FunnelsWords;
  index: number;
  goalId: string;
  goals: Goal[];
  canRemove: boolean;
  onChange: (goalId: string) => void;
  onRemove: () => void;
}) {
  const { words, index } = props;
  const label = fillWords(words.stepOf, { n: index + 1 });
  const known = props.goals.some((goal) => goal.id === props.goalId);
  return (
    <li class="funnel-step-pick">
      <Field label={label}>
        {(ids) => (
          <select
            {...ids}
            value={known ? props.goalId : ''}
            onChange={(event) => props.onChange(event.currentTarget.value)}
          >
            {!known && <option value="">{words.chooseGoal}</option>}
            {props.goals.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {goal.name} ({words.kinds[goal.kind]})
              </option>
            ))}
          </select>
        )}
      </Field>
      {props.canRemove && (
        <button
          type="button"
          class="button small secondary"
          aria-label={fillWords(words.removeStepOf, { n: index + 1 })}
          onClick={props.onRemove}
        >
          {words.removeStep}
        </button>
      )}
    </li>
  );
}

function StepBars(props: { words: FunnelsWords; result: FunnelResult }) {
  const i18n = useI18n();
  const { words, result } = props;
  const first = result.steps[0]?.visitors ?? 0;
  return (
    <section class="panel" aria-labelledby="funnel-result-title">
      <header class="panel-header">
        <h2 id="funnel-result-title">{words.result}</h2>
      </header>
      <p class="panel-note">
        {fillWords(words.resultNote, {
          from: i18n.day(result.range.from, 'long'),
          to: i18n.day(result.range.to, 'long'),
        })}
      </p>
      {first === 0 && <p class="panel-empty">{words.noVisitor}</p>}
      <ol class="funnel-bars" data-testid="funnel-steps">
        {result.steps.map((step) => (
          <li key={step.step} class="funnel-bar-row">
            <div class="funnel-bar-head">
              <span class="funnel-step-name">
                {fillWords(words.stepOf, { n: step.step + 1 })} · {step.name}
              </span>
              <span class="funnel-step-visitors">
                <strong>{i18n.number(step.visitors)}</strong> {words.visitors.toLowerCase()}
              </span>
            </div>
            <div class="funnel-bar" aria-hidden="true">
              <span class="funnel-bar-fill" style={{ width: `${(step.conversionRate ?? 0) * 100}%` }} />
            </div>
            <p class="funnel-step-figures">
              {step.dropOff && (
                <span>
                  {fillWords(words.dropOffLine, {
                    count: i18n.number(step.dropOff.visitors),
                    rate: i18n.percent(step.dropOff.rate),
                  })}
                </span>
              )}
              {step.step > 0 && (
                <span>{fillWords(words.conversionLine, { rate: i18n.percent(step.conversionRate) })}</span>
              )}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "Dark social · WhatsApp", or the channel's name. */
function channelName(i18n: I18n, row: FunnelChannelRow): string {
  const channel = channelLabel(i18n, row.channel);
  return row.source ? `${channel} · ${sourceLabel(i18n, row.source)}` : channel;
}

function ChannelTable(props: { words: FunnelsWords; result: FunnelResult }) {
  const i18n = useI18n();
  const { words, result } = props;
  return (
    <DataTable<FunnelChannelRow>
      id="funnel-channels"
      title={words.byChannel}
      description={words.byChannelNote}
      rows={result.byChannel}
      rowKey={(row) => `${row.channel}\u0000${row.source ?? ''}`}
      empty={words.noVisitor}
      columns={[
        { label: words.channel, cell: (row) => channelName(i18n, row) },
        ...result.steps.map((step) => ({
          label: `${fillWords(words.stepOf, { n: step.step + 1 })} · ${step.name}`,
          numeric: true,
          cell: (row: FunnelChannelRow) => i18n.number(row.visitors[step.step] ?? 0),
        })),
        { label: words.overall, numeric: true, cell: (row) => i18n.percent(row.conversionRate) },
      ]}
    />
  );
}

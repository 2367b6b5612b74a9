import { useState } from 'preact/hooks';
import { DataTable } from '../components/data-table';
import { ErrorMessage } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';
import { useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';

/** The API's shapes (src/http/routes/alerts.ts). */
interface Rule {
  id: string;
  kind: 'page-spike' | 'kit-previews' | 'site-spike' | 'goal-dark-social';
  goalId: string | null;
  windowMinutes: number;
  minCount: number;
  factor: number;
  cooldownHours: number;
  quietStart: number | null;
  quietEnd: number | null;
  dailyCap: number;
}
interface Candidate {
  rule: Rule['kind'];
  ruleId: string;
  subject: { kind: string; id: string; label: string };
  count: number;
  baseline: number;
  apps: { source: string; medium: string; share: number }[];
  dashboardUrl: string;
  held?: 'cooldown' | 'quiet-hours' | 'daily-cap';
}

/** A goal as GET /api/sites/:id/goals lists it (src/http/routes/goals.ts): what the form needs. */
interface Goal {
  id: string;
  name: string;
}

const KINDS: readonly Rule['kind'][] = ['page-spike', 'kit-previews', 'site-spike', 'goal-dark-social'];

/**
 * Settings → Alerts of the chosen site (issue 14, docs/alerts.md): its "spreading privately"
 * rules (a goal rule names its goal), a form that adds one (unset thresholds take the server's defaults), and a test that
 * shows what would fire now, sending nothing.
 */
export function AlertSettings(props: { site: Site }) {
  const { t } = useI18n();
  const base = `/api/sites/${seg(props.site.id)}`;
  const rules = useAsync(
    (signal) => api.get<{ rules: Rule[] }>(`${base}/alerts`, { signal }).then((r) => r.rules),
    [base],
  );
  const goals = useAsync(
    (signal) => api.get<{ goals: Goal[] }>(`${base}/goals`, { signal }).then((r) => r.goals),
    [base],
  );
  const { error, run } = useAction(rules.reload);
  const [tested, setTested] = useState<Candidate[]>();
  const [kind, setKind] = useState<Rule['kind']>('page-spike');
  const goalName = (id: string | null) => goals.data?.find((goal) => goal.id === id)?.name ?? id ?? '';
  const quiet = (rule: Rule) =>
    rule.quietStart === null || rule.quietEnd === null
      ? t('alerts.quietOff')
      : t('alerts.quietRange', { start: String(rule.quietStart), end: String(rule.quietEnd) });
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {rules.error && <ErrorMessage error={rules.error} onRetry={rules.reload} />}
      {rules.data && (
        <DataTable
          id="alert-rules"
          title={t('alerts.title')}
          description={<p class="hint">{t('alerts.hint')}</p>}
          rows={rules.data}
          rowKey={(rule) => rule.id}
          empty={t('alerts.none')}
          columns={[
            {
              label: t('alerts.kind'),
              cell: (rule) =>
                rule.goalId === null ? (
                  t(`alerts.kind.${rule.kind}`)
                ) : (
                  <>
                    {t(`alerts.kind.${rule.kind}`)}
                    <br />
                    <small>{t('alerts.goalOf', { goal: goalName(rule.goalId) })}</small>
                  </>
                ),
            },
            {
              label: t('alerts.threshold'),
              cell: (rule) =>
                t('alerts.thresholdLine', {
                  min: String(rule.minCount),
                  minutes: String(rule.windowMinutes),
                  factor: String(rule.factor),
                }),
            },
            {
              label: t('alerts.quietRules'),
              cell: (rule) =>
                t('alerts.quietLine', {
                  hours: String(rule.cooldownHours),
                  quiet: quiet(rule),
                  cap: String(rule.dailyCap),
                }),
            },
            {
              label: t('users.actions'),
              cell: (rule) => (
                <button
                  type="button"
                  class="button small danger"
                  aria-label={t('alerts.removeOf', { kind: t(`alerts.kind.${rule.kind}`) })}
                  onClick={() => run(() => api.delete(`${base}/alerts/${seg(rule.id)}`))}
                >
                  {t('reports.remove')}
                </button>
              ),
            },
          ]}
        />
      )}
      <form
        class="form panel"
        aria-labelledby="alert-add-title"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          const number = (name: string) => (data.get(name) ? Number(data.get(name)) : undefined);
          const quietOff = data.get('quietOff') === 'on';
          const added = await run(() =>
            api.post(`${base}/alerts`, {
              kind: data.get('kind'),
              ...(data.get('kind') === 'goal-dark-social' ? { goalId: data.get('goalId') } : {}),
              windowMinutes: Number(data.get('windowMinutes')),
              ...(number('minCount') === undefined ? {} : { minCount: number('minCount') }),
              ...(number('factor') === undefined ? {} : { factor: number('factor') }),
              ...(quietOff ? { quietStart: null, quietEnd: null } : {}),
            }),
          );
          if (added) {
            form.reset();
            setKind('page-spike');
          }
        }}
      >
        <h2 id="alert-add-title">{t('alerts.add')}</h2>
        <label class="field">
          <span>{t('alerts.kind')}</span>
          <select
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as Rule['kind'])}
          >
            {KINDS.map((each) => (
              <option key={each} value={each}>
                {t(`alerts.kind.${each}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'goal-dark-social' &&
          (goals.data && goals.data.length > 0 ? (
            <label class="field">
              <span>{t('alerts.goal')}</span>
              <select name="goalId" required>
                {goals.data.map((goal) => (
                  <option key={goal.id} value={goal.id}>
                    {goal.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p class="hint">{t('alerts.noGoal')}</p>
          ))}
        <label class="field">
          <span>{t('alerts.window')}</span>
          <select name="windowMinutes">
            <option value="30">{t('alerts.minutes', { n: '30' })}</option>
            <option value="15">{t('alerts.minutes', { n: '15' })}</option>
          </select>
        </label>
        <label class="field">
          <span>{t('alerts.minCount')}</span>
          <input
            name="minCount"
            type="number"
            min="1"
            inputMode="numeric"
            placeholder={t('alerts.default')}
          />
        </label>
        <label class="field">
          <span>{t('alerts.factor')}</span>
          <input name="factor" type="number" min="1" step="0.5" placeholder={t('alerts.default')} />
        </label>
        <label>
          <input name="quietOff" type="checkbox" /> {t('alerts.quietOffLabel')}
        </label>
        <div class="form-actions">
          <button type="submit" class="button" disabled={kind === 'goal-dark-social' && !goals.data?.length}>
            {t('alerts.addButton')}
          </button>
        </div>
      </form>
      <section class="panel" aria-labelledby="alert-test-title">
        <h2 id="alert-test-title">{t('alerts.test')}</h2>
        <p class="hint">{t('alerts.testHint')}</p>
        <button
          type="button"
          class="button"
          onClick={() =>
            run(async () =>
              setTested((await api.post<{ alerts: Candidate[] }>(`${base}/alerts/test`, {})).alerts),
            )
          }
        >
          {t('alerts.testButton')}
        </button>
        {tested && (
          <ul data-testid="alert-test-results" aria-live="polite">
            {tested.length === 0 && <li>{t('alerts.nothing')}</li>}
            {tested.map((candidate) => (
              <li key={`${candidate.ruleId} ${candidate.subject.id}`}>
                <strong>{candidate.held ? t(`alerts.held.${candidate.held}`) : t('alerts.wouldFire')}</strong>{' '}
                {t(`alerts.kind.${candidate.rule}`)} —{' '}
                <a href={candidate.dashboardUrl}>{candidate.subject.label}</a>
                {': '}
                {t('alerts.figures', { count: String(candidate.count), usual: String(candidate.baseline) })}{' '}
                {candidate.apps.map((app) => `${app.source} ${Math.round(app.share * 100)} %`).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

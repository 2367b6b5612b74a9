import { randomUUID } from 'node:crypto';
import type { DateRangeInput, DayRange } from '../stats/query-model.js';
import {
  FUNNEL_MAX_STEPS,
  FUNNEL_MIN_STEPS,
  type FunnelStore,
  type SavedFunnel,
} from '../store/funnel-store.js';
import type { Goal, GoalStore } from '../store/goal-store.js';
import type { Site } from '../store/store.js';
import { FunnelInputError } from './funnel-input-error.js';
import { type FunnelResult, funnelResult } from './funnel-result.js';
import type { FunnelInput, FunnelView } from './funnel-view.js';

export interface FunnelServiceDeps {
  store: { funnels: FunnelStore; goals: GoalStore };
  /** The site's local days for a date range (StatsService.range: presets end today, `all` from the first data). */
  range(site: Site, input: DateRangeInput): Promise<DayRange>;
  newId?: () => string;
}

const NAME_MAX = 80;

/**
 * Funnels (issue 14, docs/funnels.md): a site's saved sequences of 2–8 page or event goals, and
 * their results over a date range — visitors per step (reached in order on the same local day,
 * as the visitor hash changes daily), by channel, with the drop-off between steps. Strict sites
 * get rounded counts, and rates made of them.
 */
export class FunnelService {
  readonly #deps: FunnelServiceDeps;

  constructor(deps: FunnelServiceDeps) {
    this.#deps = deps;
  }

  async list(siteId: string): Promise<FunnelView[]> {
    const [funnels, goals] = await Promise.all([
      this.#deps.store.funnels.listFunnels(siteId),
      this.#deps.store.goals.listGoals(siteId),
    ]);
    const known = new Set(goals.map((goal) => goal.id));
    return funnels.map((funnel) => viewOf(funnel, known));
  }

  async get(siteId: string, id: string): Promise<FunnelView | undefined> {
    const funnel = await this.#deps.store.funnels.getFunnel(siteId, id);
    if (!funnel) return undefined;
    const goals = await this.#deps.store.goals.listGoals(siteId);
    return viewOf(funnel, new Set(goals.map((goal) => goal.id)));
  }

  /** A funnel of the site by its id or, failing that, its exact name (the CLI names them). */
  async find(siteId: string, reference: string): Promise<FunnelView | undefined> {
    const byId = await this.get(siteId, reference);
    if (byId) return byId;
    return (await this.list(siteId)).find((funnel) => funnel.name === reference);
  }

  async create(site: Site, input: FunnelInput): Promise<FunnelView> {
    const name = checkName(input.name);
    await this.#goalsOf(site.id, input.steps);
    const funnel = await this.#deps.store.funnels.createFunnel({
      id: (this.#deps.newId ?? randomUUID)(),
      siteId: site.id,
      name,
      steps: [...input.steps],
    });
    return { ...funnel, missingSteps: [] };
  }

  /** Renames it and/or replaces its steps (checked as on creation). */
  async update(site: Site, id: string, patch: Partial<FunnelInput>): Promise<FunnelView | undefined> {
    const name = patch.name === undefined ? undefined : checkName(patch.name);
    if (patch.steps !== undefined) await this.#goalsOf(site.id, patch.steps);
    const updated = await this.#deps.store.funnels.updateFunnel(site.id, id, {
      ...(name === undefined ? {} : { name }),
      ...(patch.steps === undefined ? {} : { steps: [...patch.steps] }),
    });
    return updated && this.get(site.id, updated.id);
  }

  remove(siteId: string, id: string): Promise<boolean> {
    return this.#deps.store.funnels.deleteFunnel(siteId, id);
  }

  /**
   * The result of a saved funnel, or of steps given directly (the dashboard's preview before
   * saving), over the date range. A saved funnel whose goal was deleted since is refused with
   * `funnel_goal_missing`, naming the steps.
   */
  async result(
    site: Site,
    what: { funnel: SavedFunnel } | { steps: string[] },
    dateRange: DateRangeInput,
  ): Promise<FunnelResult> {
    const steps = 'funnel' in what ? what.funnel.steps : what.steps;
    const goals = await this.#goalsOf(site.id, steps, 'funnel' in what);
    const range = await this.#deps.range(site, dateRange);
    // A saved funnel reads its rollup (kept by the fold, equal to the live count); steps given
    // directly are counted live from the goal claims.
    const rows =
      'funnel' in what
        ? await this.#deps.store.funnels.funnelRollup({
            siteId: site.id,
            funnelId: what.funnel.id,
            fromDay: range.from,
            toDay: range.to,
          })
        : await this.#deps.store.goals.funnel({
            siteId: site.id,
            fromDay: range.from,
            toDay: range.to,
            steps: goals.map((goal) => goal.id),
          });
    return {
      funnel: 'funnel' in what ? { id: what.funnel.id, name: what.funnel.name } : null,
      range,
      ...funnelResult(goals, rows, site.privacyMode === 'strict'),
    };
  }

  /** The steps' goals, checked: 2–8, no goal twice, each a page or event goal of the site. */
  async #goalsOf(siteId: string, steps: readonly string[], saved = false): Promise<Goal[]> {
    if (steps.length < FUNNEL_MIN_STEPS || steps.length > FUNNEL_MAX_STEPS) {
      throw new FunnelInputError(
        'funnel_steps_count',
        `A funnel has ${FUNNEL_MIN_STEPS} to ${FUNNEL_MAX_STEPS} steps, not ${steps.length}.`,
        'steps',
      );
    }
    const repeated = steps.findIndex((id, index) => steps.indexOf(id) !== index);
    if (repeated >= 0) {
      throw new FunnelInputError(
        'funnel_steps_repeated',
        `Step ${repeated + 1} repeats an earlier step's goal: each goal may be one step only.`,
        'steps',
        [repeated],
      );
    }
    const byId = new Map((await this.#deps.store.goals.listGoals(siteId)).map((goal) => [goal.id, goal]));
    const missing = steps.flatMap((id, index) => (byId.has(id) ? [] : [index]));
    if (missing.length > 0) {
      const which = missing.map((index) => index + 1).join(', ');
      throw saved
        ? new FunnelInputError(
            'funnel_goal_missing',
            `The goal of step ${which} was deleted: choose another goal for it, or delete the funnel.`,
            'steps',
            missing,
          )
        : new FunnelInputError(
            'funnel_step_unknown',
            `Step ${which} is not a goal of this site.`,
            'steps',
            missing,
          );
    }
    const goals = steps.map((id) => byId.get(id) as Goal);
    const shares = goals.flatMap((goal, index) => (goal.kind === 'share' ? [index] : []));
    if (shares.length > 0) {
      throw new FunnelInputError(
        'funnel_step_share',
        `Step ${shares.map((index) => index + 1).join(', ')} is a share goal: a funnel's steps are page or event goals.`,
        'steps',
        shares,
      );
    }
    return goals;
  }
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > NAME_MAX) {
    throw new FunnelInputError(
      'funnel_name_invalid',
      `Name the funnel in 1 to ${NAME_MAX} characters.`,
      'name',
    );
  }
  return name;
}

function viewOf(funnel: SavedFunnel, known: ReadonlySet<string>): FunnelView {
  return { ...funnel, missingSteps: funnel.steps.flatMap((id, index) => (known.has(id) ? [] : [index])) };
}

import { randomUUID } from 'node:crypto';
import type { Goal, GoalStore } from '../store/goal-store.js';
import { StoreConflictError } from '../store/store.js';
import { GoalInputError } from './goal-input-error.js';
import { GOAL_LIMIT, type GoalInput, goalDefinition, goalName } from './goal-rules.js';

/** The part of the goal store the service needs (the stats engine reads conversions itself). */
export type GoalServiceStore = Pick<
  GoalStore,
  'createGoal' | 'getGoal' | 'listGoals' | 'renameGoal' | 'deleteGoal'
>;

/**
 * A site's goals (issue 14, docs/goals.md): page, custom-event and share goals, checked before
 * the store keeps them. Names are unique per site whatever their case ("Sign-up" and "sign-up"
 * would be two rows the dashboard could not tell apart, and the stats API finds goals by name).
 * A goal's definition never changes: a rename keeps its conversions, a new definition is a new goal.
 */
export class GoalService {
  constructor(private readonly store: GoalServiceStore) {}

  /** The site's goals, oldest first. */
  list(siteId: string): Promise<Goal[]> {
    return this.store.listGoals(siteId);
  }

  get(siteId: string, id: string): Promise<Goal | undefined> {
    return this.store.getGoal(siteId, id);
  }

  async create(siteId: string, input: GoalInput): Promise<Goal> {
    const name = goalName(input.name);
    const definition = goalDefinition(input);
    const existing = await this.store.listGoals(siteId);
    if (existing.length >= GOAL_LIMIT) {
      throw new GoalInputError(
        'goal_limit_reached',
        `A site has at most ${GOAL_LIMIT} goals: delete one you no longer follow first.`,
        'name',
      );
    }
    this.#checkFree(existing, name);
    return this.#conflictAsTaken(name, () =>
      this.store.createGoal({ id: randomUUID(), siteId, name, ...definition }),
    );
  }

  /** The goal renamed, or undefined when the site has no such goal. */
  async rename(siteId: string, id: string, newName: string): Promise<Goal | undefined> {
    const name = goalName(newName);
    const existing = await this.store.listGoals(siteId);
    if (!existing.some((goal) => goal.id === id)) return undefined;
    this.#checkFree(
      existing.filter((goal) => goal.id !== id),
      name,
    );
    return this.#conflictAsTaken(name, () => this.store.renameGoal(siteId, id, name));
  }

  remove(siteId: string, id: string): Promise<boolean> {
    return this.store.deleteGoal(siteId, id);
  }

  #checkFree(others: readonly Goal[], name: string): void {
    const lower = name.toLowerCase();
    if (others.some((goal) => goal.name.toLowerCase() === lower)) throw taken(name);
  }

  /** Two editors saving the same name at once: the store's unique index decides, in the same words. */
  async #conflictAsTaken<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreConflictError) throw taken(name);
      throw error;
    }
  }
}

function taken(name: string): GoalInputError {
  return new GoalInputError('goal_name_taken', `This site already has a goal named "${name}".`, 'name');
}

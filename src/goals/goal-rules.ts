import {
  GOAL_KINDS,
  type GoalKind,
  type NewGoal,
  SHARE_GOAL_WAYS,
  type ShareGoalWay,
} from '../store/goal-store.js';
import { GoalInputError } from './goal-input-error.js';

/**
 * Goals per site at most. Every goal is matched against every event the fold reads, and adds
 * rows to the goal rollup per day, channel, source and currency; the Goals view lists them all.
 * Fifty is well past what a site tracks (a handful of sign-ups, sales and shares) while keeping
 * the fold's cost per event and the view bounded.
 */
export const GOAL_LIMIT = 50;

export const GOAL_NAME_MAX = 80;
export const GOAL_PATH_MAX = 200;
/** The snippet's custom event name `n` (src/events/event-payload.ts): 1–100 characters. */
export const GOAL_EVENT_MAX = 100;
/** The snippet's property names and values (event-payload.ts `p`): 40 and 200 characters. */
export const GOAL_PROP_KEY_MAX = 40;
export const GOAL_PROP_VALUE_MAX = 200;

/** What an editor gives for a new goal; fields of other kinds are ignored. */
export interface GoalInput {
  name: string;
  kind: GoalKind;
  pathPattern?: string | null;
  eventName?: string | null;
  propKey?: string | null;
  propValue?: string | null;
  shareWay?: ShareGoalWay | null;
}

// C0 and C1 controls, and the line and paragraph separators: never part of a name, path or event.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** A goal's name as kept: trimmed, 1–80 characters, no control characters. */
export function goalName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length === 0 || name.length > GOAL_NAME_MAX || CONTROL.test(name)) {
    throw new GoalInputError(
      'goal_name_invalid',
      `A goal's name has 1 to ${GOAL_NAME_MAX} characters, without line breaks or control characters.`,
      'name',
    );
  }
  return name;
}

function pathPattern(value: unknown): string {
  const path = typeof value === 'string' ? value : '';
  if (!path.startsWith('/') || path.length > GOAL_PATH_MAX || CONTROL.test(path) || /[\s?#]/.test(path)) {
    throw new GoalInputError(
      'goal_path_invalid',
      `A page goal's path starts with "/", has at most ${GOAL_PATH_MAX} characters and no spaces, "?" or "#"; "*" stands for any run of characters (/blog/*).`,
      'pathPattern',
    );
  }
  return path;
}

function eventName(value: unknown): string {
  const name = typeof value === 'string' ? value : '';
  if (name.length === 0 || name.length > GOAL_EVENT_MAX || CONTROL.test(name)) {
    throw new GoalInputError(
      'goal_event_invalid',
      `An event goal names the custom event exactly as the snippet sends it: 1 to ${GOAL_EVENT_MAX} characters.`,
      'eventName',
    );
  }
  return name;
}

/** The optional property match: both or neither; compared as text with what the snippet sent. */
function property(key: unknown, value: unknown): Pick<NewGoal, 'propKey' | 'propValue'> {
  const noKey = key === undefined || key === null || key === '';
  // An empty form's two fields ('' and '') mean no property match, as leaving them out does.
  const noValue = value === undefined || value === null || (noKey && value === '');
  if (noKey && noValue) return { propKey: null, propValue: null };
  const keyBad = typeof key !== 'string' || noKey || key.length > GOAL_PROP_KEY_MAX || CONTROL.test(key);
  const valueBad = typeof value !== 'string' || value.length > GOAL_PROP_VALUE_MAX;
  if (keyBad || valueBad) {
    throw new GoalInputError(
      'goal_property_invalid',
      `A property match gives both propKey (1 to ${GOAL_PROP_KEY_MAX} characters) and propValue (at most ${GOAL_PROP_VALUE_MAX}).`,
      keyBad ? 'propKey' : 'propValue',
    );
  }
  return { propKey: key, propValue: value };
}

/** The definition of a new goal, checked; what does not belong to its kind is null. */
export function goalDefinition(input: GoalInput): Omit<NewGoal, 'id' | 'siteId' | 'name'> {
  const none = { pathPattern: null, eventName: null, propKey: null, propValue: null, shareWay: null };
  switch (input.kind) {
    case 'page':
      return { ...none, kind: 'page', pathPattern: pathPattern(input.pathPattern) };
    case 'event':
      return {
        ...none,
        kind: 'event',
        eventName: eventName(input.eventName),
        ...property(input.propKey, input.propValue),
      };
    case 'share': {
      const way = input.shareWay ?? 'any';
      if (!SHARE_GOAL_WAYS.includes(way)) {
        throw new GoalInputError(
          'goal_share_way_invalid',
          `A share goal counts ${SHARE_GOAL_WAYS.join(', ')}.`,
          'shareWay',
        );
      }
      return { ...none, kind: 'share', shareWay: way };
    }
    default:
      throw new GoalInputError(
        'goal_kind_invalid',
        `A goal's kind is one of ${GOAL_KINDS.join(', ')}.`,
        'kind',
      );
  }
}

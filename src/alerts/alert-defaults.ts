import type { AlertRuleKind, NewAlertRule } from '../store/alert-store.js';

/**
 * Defaults per kind (docs/alerts.md): a page needs 20 dark-social visits in 30 minutes and three
 * times its usual rate; a kit 10 previews (each a share into a chat); the whole site 50 visits and
 * twice its usual rate; a goal 5 conversions credited to dark social and 3×. 12 h cooldown (issue 14), quiet 22:00–07:00 local, at most 5 a day.
 */
export const ALERT_DEFAULTS: Readonly<
  Record<AlertRuleKind, Pick<NewAlertRule, 'windowMinutes' | 'minCount' | 'factor'>>
> = {
  'page-spike': { windowMinutes: 30, minCount: 20, factor: 3 },
  'kit-previews': { windowMinutes: 30, minCount: 10, factor: 3 },
  'site-spike': { windowMinutes: 30, minCount: 50, factor: 2 },
  // Conversions are rarer than visits: 5 of one goal from dark social in 30 minutes, 3× usual.
  'goal-dark-social': { windowMinutes: 30, minCount: 5, factor: 3 },
};

export const QUIET_DEFAULTS = Object.freeze({
  cooldownHours: 12,
  quietStart: 22,
  quietEnd: 7,
  dailyCap: 5,
});

/** Weeks of history the usual rate for an hour of the week is averaged over. */
export const BASELINE_WEEKS = 4;

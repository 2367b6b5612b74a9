import { localDay } from '../stats/date-range.js';
import { roundCount, STRICT_ROUNDING } from '../stats/strict-rounding.js';
import type { AlertRule, AlertStore, DarkSocialCountRow } from '../store/alert-store.js';
import type { GoalStore } from '../store/goal-store.js';
import type { Site, Store } from '../store/store.js';
import type { AlertApp, AlertCandidate } from './alert-candidate.js';
import { BASELINE_WEEKS } from './alert-defaults.js';
import { inQuietHours, localHour } from './local-hour.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const WEEK = 7 * 86_400_000;
/** At most this many apps and ways of sharing are named. */
const MAX_APPS = 5;

const SUBJECT_KIND = {
  'page-spike': 'page',
  'kit-previews': 'kit',
  'site-spike': 'site',
  'goal-dark-social': 'goal',
} as const satisfies Record<AlertRule['kind'], AlertCandidate['subject']['kind']>;

export interface EvaluatorDeps {
  store: Pick<Store, 'getSite' | 'getLink'> & { alerts: AlertStore; goals: Pick<GoalStore, 'getGoal'> };
  baseUrl: string;
}

interface Counts {
  window: DarkSocialCountRow[];
  /** The same hour of the week in each of the previous BASELINE_WEEKS weeks, summed. */
  history: DarkSocialCountRow[];
}

/**
 * Reads a site's rules against its raw events: each page (kit, or the whole site) whose count in
 * the window reaches the rule's minimum and its factor × the usual count. The usual count is the
 * average, over the previous four weeks, of the same clock hour of the same weekday, scaled to
 * the window (a 30-minute window expects half that hour). Each candidate says whether the quiet
 * rules hold it (cooldown, quiet hours, daily cap). Reading only: nothing is recorded or sent.
 */
export async function evaluateSite(
  deps: EvaluatorDeps,
  site: Site,
  rules: readonly AlertRule[],
  now: number,
): Promise<AlertCandidate[]> {
  const cache = new Map<string, Promise<Counts>>();
  const goalIds = rules.flatMap((rule) => (rule.goalId === null ? [] : [rule.goalId]));
  const counts = (rule: AlertRule) => {
    const source =
      rule.kind === 'kit-previews' ? 'kits' : rule.kind === 'goal-dark-social' ? 'goals' : 'pages';
    const key = `${source}:${rule.windowMinutes}`;
    if (!cache.has(key))
      cache.set(key, readCounts(deps.store.alerts, site.id, source, rule.windowMinutes, now, goalIds));
    return cache.get(key) as Promise<Counts>;
  };
  const candidates: AlertCandidate[] = [];
  for (const rule of rules) {
    const { window, history } = await counts(rule);
    // A goal rule watches its own goal: the read covers every goal rule of the site at once.
    const own = (rows: DarkSocialCountRow[]) =>
      rule.goalId === null ? rows : rows.filter((row) => row.subject === rule.goalId);
    const subjects = rule.kind === 'site-spike' ? bySite(window) : bySubject(own(window));
    const usual = rule.kind === 'site-spike' ? bySite(history) : bySubject(own(history));
    const scale = rule.windowMinutes / 60 / BASELINE_WEEKS;
    for (const [subject, rows] of subjects) {
      const count = sum(rows);
      const baseline = sum(usual.get(subject) ?? []) * scale;
      if (count < rule.minCount || count < rule.factor * baseline) continue;
      candidates.push(await candidate(deps, site, rule, subject, rows, count, baseline, now));
    }
  }
  return candidates;
}

/** Marks a candidate held by the quiet rules, if one applies now. */
export async function applyQuietRules(
  alerts: AlertStore,
  candidate: AlertCandidate,
  now: number,
  firedToday: number,
): Promise<AlertCandidate> {
  const { rule, site } = candidate;
  const last = await alerts.lastFiring(rule.id, candidate.subject.id);
  if (last !== undefined && now - last < rule.cooldownHours * HOUR) return { ...candidate, held: 'cooldown' };
  if (inQuietHours(localHour(now, site.timezone), rule.quietStart, rule.quietEnd)) {
    return { ...candidate, held: 'quiet-hours' };
  }
  if (firedToday >= rule.dailyCap) return { ...candidate, held: 'daily-cap' };
  return candidate;
}

export function firingDay(candidate: AlertCandidate, now: number): string {
  return localDay(now, candidate.site.timezone);
}

async function readCounts(
  alerts: AlertStore,
  siteId: string,
  source: 'kits' | 'pages' | 'goals',
  windowMinutes: number,
  now: number,
  goalIds: readonly string[],
): Promise<Counts> {
  const read = (from: number, to: number) =>
    source === 'kits'
      ? alerts.countKitPreviews(siteId, from, to)
      : source === 'goals'
        ? readGoalConversions(alerts, siteId, from, to, goalIds)
        : alerts.countDarkSocialPages(siteId, from, to);
  const hourStart = Math.floor(now / HOUR) * HOUR;
  const history: DarkSocialCountRow[] = [];
  for (let week = 1; week <= BASELINE_WEEKS; week++) {
    history.push(...(await read(hourStart - week * WEEK, hourStart - week * WEEK + HOUR)));
  }
  return { window: await read(now - windowMinutes * MINUTE, now), history };
}

/** A goal's conversions credited to dark social, by app and way of sharing (subject: the goal's id). */
async function readGoalConversions(
  alerts: AlertStore,
  siteId: string,
  from: number,
  to: number,
  goalIds: readonly string[],
): Promise<DarkSocialCountRow[]> {
  const rows = await alerts.countGoalConversions({
    siteId,
    from,
    to,
    goalIds,
    by: ['source', 'medium'],
    channels: ['dark-social'],
  });
  return rows.map((row) => ({
    subject: row.goalId,
    source: row.source ?? '',
    medium: row.medium ?? '',
    count: row.conversions,
  }));
}

function bySubject(rows: readonly DarkSocialCountRow[]): Map<string, DarkSocialCountRow[]> {
  const map = new Map<string, DarkSocialCountRow[]>();
  for (const row of rows) map.set(row.subject, [...(map.get(row.subject) ?? []), row]);
  return map;
}

function bySite(rows: readonly DarkSocialCountRow[]): Map<string, DarkSocialCountRow[]> {
  return rows.length === 0 ? new Map() : new Map([['site', [...rows]]]);
}

const sum = (rows: readonly DarkSocialCountRow[]) => rows.reduce((total, row) => total + row.count, 0);

/** The apps and ways of sharing behind a count, largest first. */
function appsOf(rows: readonly DarkSocialCountRow[], total: number): AlertApp[] {
  const apps = new Map<string, AlertApp>();
  for (const row of rows) {
    const key = `${row.source}\u0000${row.medium}`;
    const app = apps.get(key) ?? { source: row.source, medium: row.medium, share: 0 };
    app.share += row.count / total;
    apps.set(key, app);
  }
  return [...apps.values()]
    .sort((a, b) => b.share - a.share || a.source.localeCompare(b.source))
    .slice(0, MAX_APPS)
    .map((app) => ({ ...app, share: Math.round(app.share * 1000) / 1000 }));
}

async function candidate(
  deps: EvaluatorDeps,
  site: Site,
  rule: AlertRule,
  subject: string,
  rows: readonly DarkSocialCountRow[],
  count: number,
  baseline: number,
  now: number,
): Promise<AlertCandidate> {
  const base = deps.baseUrl.replace(/\/$/, '');
  const site_ = encodeURIComponent(site.id);
  let label = subject;
  let dashboardUrl = `${base}/app?site=${site_}&range=day&channel=dark-social`;
  if (rule.kind === 'page-spike') dashboardUrl += `&page=${encodeURIComponent(subject)}`;
  if (rule.kind === 'kit-previews') {
    const kit = await deps.store.getLink(subject);
    label = kit?.title ?? kit?.slug ?? subject;
    dashboardUrl = `${base}/app/links/${encodeURIComponent(subject)}?site=${site_}&range=day`;
  }
  if (rule.kind === 'site-spike') label = site.domain;
  if (rule.kind === 'goal-dark-social') {
    // The Goals view filtered on the goal (by its name, as the view's URL has it) and dark social.
    label = (await deps.store.goals.getGoal(site.id, subject))?.name ?? subject;
    dashboardUrl = `${base}/app/goals?site=${site_}&range=day&channel=dark-social&goal=${encodeURIComponent(label)}`;
  }
  const strict = site.privacyMode === 'strict';
  const usual = Math.round(baseline * 10) / 10;
  return {
    rule,
    site,
    subject: { kind: SUBJECT_KIND[rule.kind], id: subject, label },
    window: { from: now - rule.windowMinutes * MINUTE, to: now },
    // Strict mode sends aggregates rounded as its reports are (src/stats/strict-rounding.ts).
    count: strict ? roundCount(count) : count,
    baseline: strict ? roundCount(usual) : usual,
    apps: appsOf(rows, count),
    dashboardUrl,
    ...(strict ? { roundedTo: STRICT_ROUNDING } : {}),
  };
}

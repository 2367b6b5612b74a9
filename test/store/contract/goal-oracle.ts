import type { Goal, GoalConversionRow, GoalGroupKey } from '../../../src/store/goal-store.js';
import { localHour } from '../../../src/store/rollups/local-hour.js';
import type { StoredEvent } from '../../../src/store/store.js';

/*
 * Goal conversions by brute force from the raw events (docs/stats.md "Goals and conversions"),
 * written from the rule, not from the store's SQL: what goalConversions must answer.
 */

function globMatches(pattern: string, path: string): boolean {
  // `*` is any run of characters; everything else is literal. A regular expression is built
  // from escaped literal parts (test-only, short inputs).
  const parts = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`).test(path);
}

function propText(props: string | null, key: string): string | null {
  if (props === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(props);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const value = (parsed as Record<string, unknown>)[key];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function goalMatches(goal: Goal, event: StoredEvent): boolean {
  if (goal.siteId !== event.siteId) return false;
  if (goal.kind === 'page') {
    return (
      event.type === 'pageview' &&
      event.path !== null &&
      globMatches(goal.pathPattern ?? '', event.path.split('?')[0] ?? '')
    );
  }
  if (goal.kind === 'event') {
    if (event.type !== 'event' || event.name !== goal.eventName) return false;
    return goal.propKey === null || propText(event.props, goal.propKey) === goal.propValue;
  }
  const way = goal.shareWay ?? 'any';
  return (event.type === 'share' && way !== 'copy') || (event.type === 'copy' && way !== 'share');
}

export interface OracleConversion {
  goalId: string;
  day: string;
  month: string;
  channel: string;
  medium: string;
  source: string;
  confidence: string;
  landingPath: string;
  currency: string;
  revenue: number;
  visitorHash: string;
  converter: boolean;
  id: number;
}

/** Every conversion of `events` (all events ever counted), attributed and flagged by the rule. */
export function oracleConversions(
  events: readonly StoredEvent[],
  goals: readonly Goal[],
  timeZone: string,
): OracleConversion[] {
  const sorted = [...events].sort((a, b) => a.id - b.id);
  const dayOf = (event: StoredEvent) => localHour(event.occurredAt, timeZone).slice(0, 10);
  const firstView = new Map<string, StoredEvent>();
  for (const event of sorted) {
    if (event.type !== 'pageview' || !event.visitorHash) continue;
    const key = `${dayOf(event)} ${event.visitorHash}`;
    if (!firstView.has(key)) firstView.set(key, event);
  }
  const claimed = new Set<string>();
  const out: OracleConversion[] = [];
  for (const event of sorted) {
    for (const goal of goals) {
      if (!goalMatches(goal, event)) continue;
      const day = dayOf(event);
      const hash = event.visitorHash ?? '';
      const view = hash === '' ? undefined : firstView.get(`${day} ${hash}`);
      const credited = view !== undefined && view.id <= event.id ? view : undefined;
      const claim = `${goal.id} ${day} ${hash}`;
      const converter = hash !== '' && !claimed.has(claim);
      if (converter) claimed.add(claim);
      out.push({
        goalId: goal.id,
        day,
        month: day.slice(0, 7),
        channel: (credited ?? event).channel,
        medium: (credited ?? event).medium,
        source: (credited ?? event).source,
        confidence: (credited ?? event).confidence,
        landingPath: credited === undefined ? '' : (credited.path ?? ''),
        currency: event.currency ?? '',
        revenue: event.revenue ?? 0,
        visitorHash: hash,
        converter,
        id: event.id,
      });
    }
  }
  return out;
}

/** The conversions of a range grouped as goalConversions groups them. */
export function oracleRows(
  conversions: readonly OracleConversion[],
  query: { fromDay: string; toDay: string; goalIds: readonly string[] | null; by: readonly GoalGroupKey[] },
): GoalConversionRow[] {
  const rows = new Map<string, GoalConversionRow>();
  for (const conversion of conversions) {
    if (conversion.day < query.fromDay || conversion.day > query.toDay) continue;
    if (query.goalIds !== null && !query.goalIds.includes(conversion.goalId)) continue;
    const groups = query.by.map((key) => String(conversion[key]));
    const key = JSON.stringify([conversion.goalId, ...groups]);
    let row = rows.get(key);
    if (row === undefined) {
      row = { goalId: conversion.goalId, conversions: 0, converters: 0, revenue: 0 };
      for (const [index, name] of query.by.entries()) row[name] = groups[index] as string;
      rows.set(key, row);
    }
    row.conversions += 1;
    row.converters += conversion.converter ? 1 : 0;
    row.revenue += conversion.revenue;
  }
  return sortRows([...rows.values()]);
}

export function sortRows(rows: readonly GoalConversionRow[]): GoalConversionRow[] {
  const key = (row: GoalConversionRow) =>
    JSON.stringify([
      row.goalId,
      row.day,
      row.month,
      row.channel,
      row.medium,
      row.source,
      row.confidence,
      row.currency,
    ]);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Rows with revenue rounded to cents: float sums differ in the last bits with the order of addition. */
export function comparable(rows: readonly GoalConversionRow[]): GoalConversionRow[] {
  return sortRows(rows).map((row) => ({ ...row, revenue: Math.round(row.revenue * 100) / 100 }));
}

import { AUDIT_WORDS, type AuditWords } from '../i18n/audit-words';
import type { I18n } from '../i18n/i18n';
import type { AuditEntryView } from './types';

/**
 * An audit entry's details as sentences in the reader's language, from what the server records
 * (src/privacy/site-changes.ts, src/http/routes/users.ts, tokens.ts, src/privacy/data-erasure.ts,
 * retention-job.ts): "Privacy mode: anonymous → strict." rather than
 * `privacyMode: anonymous → strict`. A detail this file does not know is written as
 * `key: value`, so nothing recorded is hidden.
 */
export function auditSentences(i18n: I18n, entry: AuditEntryView): string {
  const words = AUDIT_WORDS[i18n.lang];
  const fill = (template: string, params: Record<string, string>) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  const ctx: Context = { i18n, words, fill };
  const details = entry.details ?? {};
  switch (entry.action) {
    case 'site.create':
      return siteCreated(ctx, details);
    case 'site.update':
    case 'site.privacy':
      return siteChanged(ctx, details);
    case 'site.delete':
      return typeof details.domain === 'string'
        ? fill(words.deleted, { domain: details.domain })
        : rest(details);
    case 'token.create':
    case 'token.delete':
      return tokenDetails(ctx, details);
    case 'user.create':
    case 'user.update':
    case 'user.delete':
      return userDetails(ctx, details);
    case 'data.export':
      return exported(ctx, entry.target, details);
    case 'data.erase':
      return erased(ctx, entry.target, details);
    case 'retention.run':
      return fill(words.retention, {
        count: i18n.number(Number(details.deleted ?? 0)),
        day: typeof details.cutoffDay === 'string' ? i18n.day(details.cutoffDay, 'long') : '?',
      });
    default:
      return rest(details);
  }
}

interface Context {
  i18n: I18n;
  words: AuditWords;
  fill(template: string, params: Record<string, string>): string;
}

type Details = Record<string, unknown>;

const isRecord = (value: unknown): value is Details =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function raw(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** What no sentence covers, as `key: value`: recorded, so shown. */
function rest(details: Details, skip: readonly string[] = []): string {
  return Object.entries(details)
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => `${key}: ${raw(value)}`)
    .join('; ');
}

function join(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}

/** A site setting's value in words: a mode's name, months, yes/no, a list or "none". */
function settingValue(ctx: Context, field: string, value: unknown): string {
  const { words, i18n, fill } = ctx;
  if (value === null || value === undefined || value === '') return words.none;
  if (field === 'privacyMode' && typeof value === 'string') return words.modes[value] ?? value;
  if (field === 'retentionMonths' && typeof value === 'number')
    return fill(words.months, { count: i18n.number(value) });
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (Array.isArray(value)) return value.length === 0 ? words.none : value.map(raw).join(', ');
  return raw(value);
}

function siteCreated(ctx: Context, details: Details): string {
  const { words, fill } = ctx;
  const parts: string[] = [];
  if (typeof details.privacyMode === 'string')
    parts.push(fill(words.inMode, { mode: settingValue(ctx, 'privacyMode', details.privacyMode) }));
  if (typeof details.retentionMonths === 'number')
    parts.push(fill(words.kept, { months: settingValue(ctx, 'retentionMonths', details.retentionMonths) }));
  if (typeof details.respectDnt === 'boolean') parts.push(details.respectDnt ? words.dntOn : words.dntOff);
  const head = fill(words.created, { domain: String(details.domain ?? '') });
  const sentence = parts.length === 0 ? `${head}.` : `${head} ${parts.join(', ')}.`;
  const others = rest(details, ['domain', 'privacyMode', 'retentionMonths', 'respectDnt']);
  return join(sentence, others);
}

function siteChanged(ctx: Context, details: Details): string {
  const { words, fill } = ctx;
  const { before, after } = details;
  if (!isRecord(before) || !isRecord(after)) return rest(details);
  const sentences = Object.keys(after).map((field) => {
    const label = words.fields[field] ?? field;
    const was = settingValue(ctx, field, before[field]);
    const now = settingValue(ctx, field, after[field]);
    if (now === words.none) return fill(words.removed, { field: label, before: was });
    if (Array.isArray(after[field])) return fill(words.added, { field: label, after: now, before: was });
    return fill(words.changed, { field: label, before: was, after: now });
  });
  return join(...sentences, rest(details, ['before', 'after']));
}

function where(ctx: Context, sites: unknown): string {
  const { words, fill, i18n } = ctx;
  if (!Array.isArray(sites)) return words.everySite;
  return fill(words.someSites, { count: i18n.number(sites.length) });
}

function tokenDetails(ctx: Context, details: Details): string {
  const { words, fill, i18n } = ctx;
  const name = String(details.name ?? '');
  if (!Array.isArray(details.scopes))
    return join(fill(words.token, { name }), rest(details, ['name', 'sites']));
  const scopes = details.scopes
    .map((scope) => i18n.label(`scope.${String(scope)}`, String(scope)))
    .join(', ');
  return fill(words.tokenScopes, { name, scopes, where: where(ctx, details.sites) });
}

function roleName(ctx: Context, role: unknown): string {
  return ctx.i18n.label(`role.${String(role)}`, String(role)).toLowerCase();
}

function userDetails(ctx: Context, details: Details): string {
  const { words, fill } = ctx;
  const sentences: string[] = [];
  const { before, after } = details;
  if (isRecord(before) && isRecord(after)) {
    sentences.push(
      fill(words.roleChanged, { before: roleName(ctx, before.role), after: roleName(ctx, after.role) }),
    );
  } else if (details.role !== undefined && details.sites === undefined && details.allSites === undefined) {
    sentences.push(fill(words.roleWas, { role: roleName(ctx, details.role) }));
  } else if (details.role !== undefined) {
    const sites = details.allSites === false ? details.sites : undefined;
    sentences.push(fill(words.role, { role: roleName(ctx, details.role), where: where(ctx, sites) }));
  } else if (Array.isArray(details.sites)) {
    sentences.push(fill(words.sitesChanged, { where: where(ctx, details.sites) }));
  }
  if (Array.isArray(details.changed)) {
    if (details.changed.includes('name')) sentences.push(words.nameChanged);
    if (details.changed.includes('password')) sentences.push(words.passwordChanged);
  }
  return join(...sentences, rest(details, ['before', 'after', 'role', 'allSites', 'sites', 'changed']));
}

function targetName(ctx: Context, target: string | null): string {
  return ctx.words.targets[target ?? 'site'] ?? ctx.words.targets.site ?? '';
}

function exported(ctx: Context, target: string | null, details: Details): string {
  const { words, fill } = ctx;
  const what = targetName(ctx, target);
  const sentence =
    details.format === 'csv' && typeof details.table === 'string'
      ? fill(words.exportedTable, { target: what, table: details.table })
      : fill(words.exported, { target: what, format: String(details.format ?? 'json').toUpperCase() });
  return join(sentence, rest(details, ['format', 'table']));
}

function erased(ctx: Context, target: string | null, details: Details): string {
  const { words, fill, i18n } = ctx;
  const what = targetName(ctx, target);
  const totals = new Map<string, number>();
  if (isRecord(details.counts)) {
    for (const [table, count] of Object.entries(details.counts)) {
      const kind = Object.hasOwn(words.tables, table) && table !== 'other' ? table : 'other';
      totals.set(kind, (totals.get(kind) ?? 0) + Number(count));
    }
  }
  const counts = [...totals]
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${i18n.number(count)} ${words.tables[kind]}`)
    .join(', ');
  const sentences = [
    counts === ''
      ? fill(words.erasedNothing, { target: what })
      : fill(words.erased, { target: what, counts }),
  ];
  if (details.rollups === true) sentences.push(words.erasedRollups);
  if (details.complete === false) sentences.push(words.erasedIncomplete);
  return join(...sentences, rest(details, ['counts', 'rollups', 'complete']));
}

import type { Lang } from './i18n';

/**
 * The words of the audit log's "Details" column, in both languages (lib/audit-sentences.ts builds
 * the sentences). `{name}` is replaced by a value already written in the reader's language.
 */
export interface AuditWords {
  created: string;
  deleted: string;
  inMode: string;
  kept: string;
  dntOn: string;
  dntOff: string;
  changed: string;
  added: string;
  removed: string;
  none: string;
  yes: string;
  no: string;
  months: string;
  fields: Readonly<Record<string, string>>;
  modes: Readonly<Record<string, string>>;
  token: string;
  tokenScopes: string;
  everySite: string;
  someSites: string;
  role: string;
  roleWas: string;
  roleChanged: string;
  sitesChanged: string;
  nameChanged: string;
  passwordChanged: string;
  exported: string;
  exportedTable: string;
  erased: string;
  erasedNothing: string;
  erasedRollups: string;
  erasedIncomplete: string;
  retention: string;
  targets: Readonly<Record<string, string>>;
  tables: Readonly<Record<string, string>>;
}

const en: AuditWords = {
  created: 'Site {domain} created',
  deleted: 'Site {domain} deleted.',
  inMode: 'in {mode} mode',
  kept: 'raw events kept {months}',
  dntOn: 'Do Not Track respected',
  dntOff: 'Do Not Track ignored',
  changed: '{field}: {before} → {after}.',
  added: '{field}: {after} (was {before}).',
  removed: '{field} removed (was {before}).',
  none: 'none',
  yes: 'yes',
  no: 'no',
  months: '{count} months',
  fields: {
    privacyMode: 'Privacy mode',
    respectDnt: 'Do Not Track and Global Privacy Control respected',
    retentionMonths: 'Raw events kept',
    queryParams: 'Query parameters kept',
    name: 'Name',
    timezone: 'Time zone',
    fallbackUrl: 'Fallback address',
    landingPaths: 'Landing pages',
    extraOrigins: 'Extra origins',
    localOrigins: 'Local test origins',
  },
  modes: { anonymous: 'anonymous', consented: 'with consent', strict: 'strict' },
  token: 'Token “{name}”.',
  tokenScopes: 'Token “{name}”: {scopes}, {where}.',
  everySite: 'on every site',
  someSites: 'on {count} sites',
  role: 'Role: {role}, {where}.',
  roleWas: 'Their role was {role}.',
  roleChanged: 'Role: {before} → {after}.',
  sitesChanged: 'Site access changed: {where}.',
  nameChanged: 'Name changed.',
  passwordChanged: 'Password changed.',
  exported: '{target} exported as {format}.',
  exportedTable: '{target}: table {table} exported as CSV.',
  erased: '{target} erased: {counts}.',
  erasedNothing: '{target} erased: nothing was stored.',
  erasedRollups: 'Its counts were taken out of the reports.',
  erasedIncomplete: 'The erasure stopped before the end: run it again.',
  retention: '{count} raw events from before {day} deleted.',
  targets: { site: 'The whole site', link: 'A link', campaign: 'A campaign', tag: 'A tag' },
  tables: {
    events: 'events',
    links: 'links',
    public_links: 'public links',
    sites: 'site',
    other: 'report rows',
  },
};

const fr: AuditWords = {
  created: 'Site {domain} créé',
  deleted: 'Site {domain} supprimé.',
  inMode: 'en mode {mode}',
  kept: 'événements bruts conservés {months}',
  dntOn: 'Do Not Track respecté',
  dntOff: 'Do Not Track ignoré',
  changed: '{field} : {before} → {after}.',
  added: '{field} : {after} (avant : {before}).',
  removed: '{field} retiré (avant : {before}).',
  none: 'aucun',
  yes: 'oui',
  no: 'non',
  months: '{count} mois',
  fields: {
    privacyMode: 'Mode de confidentialité',
    respectDnt: 'Do Not Track et Global Privacy Control respectés',
    retentionMonths: 'Conservation des événements bruts',
    queryParams: 'Paramètres d’URL conservés',
    name: 'Nom',
    timezone: 'Fuseau horaire',
    fallbackUrl: 'Adresse de repli',
    landingPaths: 'Pages d’accueil',
    extraOrigins: 'Origines supplémentaires',
    localOrigins: 'Origines de test locales',
  },
  modes: { anonymous: 'anonyme', consented: 'avec consentement', strict: 'strict' },
  token: 'Jeton « {name} ».',
  tokenScopes: 'Jeton « {name} » : {scopes}, {where}.',
  everySite: 'sur tous les sites',
  someSites: 'sur {count} sites',
  role: 'Rôle : {role}, {where}.',
  roleWas: 'Son rôle était {role}.',
  roleChanged: 'Rôle : {before} → {after}.',
  sitesChanged: 'Accès aux sites modifié : {where}.',
  nameChanged: 'Nom modifié.',
  passwordChanged: 'Mot de passe modifié.',
  exported: '{target} exporté en {format}.',
  exportedTable: '{target} : table {table} exportée en CSV.',
  erased: '{target} effacé : {counts}.',
  erasedNothing: '{target} effacé : rien n’était enregistré.',
  erasedRollups: 'Ses chiffres ont été retirés des rapports.',
  erasedIncomplete: 'L’effacement s’est arrêté avant la fin : relancez-le.',
  retention: '{count} événements bruts d’avant le {day} supprimés.',
  targets: { site: 'Le site entier', link: 'Un lien', campaign: 'Une campagne', tag: 'Une étiquette' },
  tables: {
    events: 'événements',
    links: 'liens',
    public_links: 'liens publics',
    sites: 'site',
    other: 'lignes de rapports',
  },
};

export const AUDIT_WORDS: Readonly<Record<Lang, AuditWords>> = { en, fr };

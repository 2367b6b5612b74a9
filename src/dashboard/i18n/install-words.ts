import type { Lang } from './i18n';

/**
 * The words of the Sites page's install check and new-site checklist (views/install-check.tsx),
 * in both languages. The server's `refused[].message` is English; its `reason` is translated here
 * (docs/tracking-protocol.md, "Origins and the install check").
 */
const en = {
  title: 'Install check',
  waiting: 'Waiting for the first event.',
  waitingHelp:
    'Open a page of {domain} that has the snippet: this panel updates by itself within a few seconds.',
  seen: 'The snippet works: last event {time}, from {origin}.',
  refused: 'Events arrived, and every one was refused.',
  refusedHelp: 'Fix the first line below, then reload the page that has the snippet.',
  hasEventsOnly: 'The site has data (share kits, imports or the demo), but no page has sent an event yet.',
  allowed: 'Events are taken from: {hosts}.',
  seenTable: 'Origins seen',
  refusedTable: 'Origins refused',
  origin: 'Origin',
  lastAt: 'Last time',
  events: 'Events',
  attempts: 'Attempts',
  reason: 'Why',
  fix: 'What to do',
  noOrigin: '(no Origin header)',
  opaqueOrigin: '(a file or sandboxed frame)',
  'reason.origin_not_listed': 'This host is not one of the site’s origins.',
  'reason.origin_missing': 'The request had no Origin header: it did not come from a web page.',
  'reason.origin_opaque':
    'The page was opened from a file (file://) or a sandboxed frame, which sends no origin.',
  'fix.origin_not_listed': 'Add {host} to the extra origins.',
  'fix.origin_missing':
    'Send events from a page of the site; to test by hand, add -H "Origin: https://{domain}".',
  'fix.origin_opaque': 'Serve the page over http://localhost instead, and allow local tests below.',
  'fix.allowedNow': 'Added: the next event from it is taken.',
  add: 'Add {host}',
  checklist: 'Checklist for a new site',
  'step.snippet': 'Add the snippet to the <head> of every page',
  'step.verify': 'Verify it: this page says “The snippet works”',
  'step.kit': 'Make a share kit',
  'step.invite': 'Invite a colleague',
  done: 'done',
  todo: 'to do',
  origins: 'Origins',
  originsText:
    'Events are taken only from pages of {domain} and www.{domain}. Add the other hosts that serve the snippet: a staging site, a preview host.',
  extraOrigins: 'Extra origins',
  extraOriginsHint: 'One host name per line, such as staging.example.org (the scheme and port are ignored).',
  localTests: 'Allow local tests (localhost and 127.0.0.1)',
  localTestsHint: 'For a page served from your own computer, such as http://localhost:5173.',
} as const;

type InstallWords = Readonly<Record<keyof typeof en, string>>;

const fr: InstallWords = {
  title: 'Vérification de l’installation',
  waiting: 'En attente du premier événement.',
  waitingHelp:
    'Ouvrez une page de {domain} qui porte le script : ce panneau se met à jour tout seul en quelques secondes.',
  seen: 'Le script fonctionne : dernier événement {time}, depuis {origin}.',
  refused: 'Des événements sont arrivés, et tous ont été refusés.',
  refusedHelp: 'Corrigez la première ligne ci-dessous, puis rechargez la page qui porte le script.',
  hasEventsOnly:
    'Le site a des données (kits de partage, imports ou démonstration), mais aucune page n’a encore envoyé d’événement.',
  allowed: 'Les événements sont acceptés depuis : {hosts}.',
  seenTable: 'Origines vues',
  refusedTable: 'Origines refusées',
  origin: 'Origine',
  lastAt: 'Dernière fois',
  events: 'Événements',
  attempts: 'Tentatives',
  reason: 'Pourquoi',
  fix: 'Que faire',
  noOrigin: '(pas d’en-tête Origin)',
  opaqueOrigin: '(un fichier ou un cadre isolé)',
  'reason.origin_not_listed': 'Cet hôte ne fait pas partie des origines du site.',
  'reason.origin_missing': 'La requête n’avait pas d’en-tête Origin : elle ne venait pas d’une page web.',
  'reason.origin_opaque':
    'La page a été ouverte depuis un fichier (file://) ou un cadre isolé, qui n’envoie pas d’origine.',
  'fix.origin_not_listed': 'Ajoutez {host} aux origines supplémentaires.',
  'fix.origin_missing':
    'Envoyez les événements depuis une page du site ; pour tester à la main, ajoutez -H "Origin: https://{domain}".',
  'fix.origin_opaque':
    'Servez plutôt la page sur http://localhost, et autorisez les tests locaux ci-dessous.',
  'fix.allowedNow': 'Ajoutée : le prochain événement venu de là sera accepté.',
  add: 'Ajouter {host}',
  checklist: 'Pour un nouveau site',
  'step.snippet': 'Ajouter le script dans le <head> de chaque page',
  'step.verify': 'Le vérifier : cette page indique « Le script fonctionne »',
  'step.kit': 'Créer un kit de partage',
  'step.invite': 'Inviter un collègue',
  done: 'fait',
  todo: 'à faire',
  origins: 'Origines',
  originsText:
    'Les événements ne sont acceptés que depuis les pages de {domain} et www.{domain}. Ajoutez les autres hôtes qui servent le script : un site de préproduction, un hôte d’aperçu.',
  extraOrigins: 'Origines supplémentaires',
  extraOriginsHint: 'Un nom d’hôte par ligne, comme staging.example.org (le schéma et le port sont ignorés).',
  localTests: 'Autoriser les tests locaux (localhost et 127.0.0.1)',
  localTestsHint: 'Pour une page servie depuis votre propre ordinateur, comme http://localhost:5173.',
};

const WORDS: Readonly<Record<Lang, InstallWords>> = { en, fr };

export type InstallWordKey = keyof typeof en;

/** A word of the install check in `lang`, with `{name}` replaced. */
export function installWord(lang: Lang, key: InstallWordKey, params: Record<string, string> = {}): string {
  return WORDS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

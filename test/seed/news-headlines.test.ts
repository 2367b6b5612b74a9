import { describe, expect, it } from 'vitest';
import { generateSeedEvents } from '../../src/seed/generate-seed-events.js';
import { newsForSeed } from '../../src/seed/news-paths.js';

/**
 * Issue 16: the demo's headlines read "Fishermen rejects…", "Museums doubles down…". Each
 * headline is checked here with rules of its own language that know nothing of the vocabulary:
 * the verb agrees with the subject, in English and in French.
 */

/** English verbs of the demo by their base form; the third person singular adds -s or -es. */
const ENGLISH_VERBS = [
  'back',
  'reject',
  'warn',
  'bet',
  'rethink',
  'question',
  'push',
  'welcome',
  'defend',
  'double',
  'drop',
  'call',
];

function englishAgreement(title: string): string | undefined {
  const words = title.split(' ');
  const at = words.findIndex(
    (word, index) => index > 0 && ENGLISH_VERBS.some((verb) => word.startsWith(verb)),
  );
  if (at < 1) return `no verb in "${title}"`;
  const adverb = words[at - 1] === 'quietly' ? 1 : 0;
  const subjectEnd = words[at - 1 - adverb] ?? '';
  const verb = words[at] ?? '';
  const base = ENGLISH_VERBS.find((candidate) => verb.startsWith(candidate)) ?? '';
  // Plural subjects of a newspaper: Fishermen, Nurses, Rail workers…; "The UN", "City council" are not.
  const plural = /(s|men)$/.test(subjectEnd);
  const agrees = plural ? verb === base : verb === `${base}s` || verb === `${base}es`;
  return agrees ? undefined : `"${title}": ${plural ? 'plural' : 'singular'} subject, verb "${verb}"`;
}

/** French verbs of the demo by their stem; the third person plural ends in -ent, the singular never does. */
const FRENCH_STEMS = [
  'approuv',
  'rejett',
  'alert',
  'mis',
  'repens',
  "s'interrog",
  'contest',
  'salu',
  'défend',
  'relanc',
  'abandonn',
  'demand',
];

function frenchAgreement(title: string): string | undefined {
  const words = title.split(' ');
  const at = words.findIndex(
    (word, index) => index > 0 && FRENCH_STEMS.some((stem) => word.startsWith(stem)),
  );
  if (at < 1) return `pas de verbe dans « ${title} »`;
  const verb = words[at] ?? '';
  const plural = words[0] === 'Les';
  const agrees = plural ? verb.endsWith('ent') : !verb.endsWith('ent');
  return agrees ? undefined : `« ${title} » : sujet ${plural ? 'pluriel' : 'singulier'}, verbe « ${verb} »`;
}

describe('the demo news', () => {
  it('has English headlines whose verb agrees with the subject, capitalised, on distinct ASCII paths', () => {
    const { articles, fronts } = newsForSeed(1, 'en');
    expect(articles).toHaveLength(320);
    expect(articles.map(({ title }) => englishAgreement(title)).filter(Boolean)).toEqual([]);
    for (const { title, path } of articles) {
      expect(title).toMatch(/^[A-Z]/);
      expect(path).toMatch(/^\/[a-z]+\/[a-z0-9-]+$/);
    }
    expect(new Set(articles.map((article) => article.path)).size).toBe(articles.length);
    expect(fronts[0]).toEqual({ path: '/', title: 'Home' });
    expect(articles.some((article) => /Fishermen rejects|Museums doubles/.test(article.title))).toBe(false);
  });

  it('has French headlines for a French site, the verb agreeing too, with accentless paths', () => {
    const { articles, fronts } = newsForSeed(1, 'fr');
    expect(articles).toHaveLength(320);
    expect(articles.map(({ title }) => frenchAgreement(title)).filter(Boolean)).toEqual([]);
    for (const { path } of articles) expect(path).toMatch(/^\/[a-z]+\/[a-z0-9-]+$/);
    expect(fronts.map((front) => front.title)).toContain('Économie');
    expect(fronts[0]).toEqual({ path: '/', title: 'Accueil' });
    // French words, not English ones, in the headlines.
    expect(articles.filter((article) => /^(Les|Le|La|L')\b/.test(article.title)).length).toBe(320);
  });

  it('writes a .fr site’s or a Paris site’s demo traffic on French pages, another site’s on English ones', () => {
    const pagesOf = (domain: string, timezone: string) => {
      const paths = new Set<string>();
      const site = { id: 'site-1', domain, landingPaths: ['/'], timezone };
      for (const batch of generateSeedEvents({
        site,
        kits: [],
        events: 3_000,
        days: 7,
        seed: 2,
        now: Date.UTC(2026, 4, 20),
      }))
        for (const event of batch) if (event.path) paths.add(event.path.split('/')[1] ?? '');
      return paths;
    };
    expect(pagesOf('journal.example.fr', 'UTC').has('politique')).toBe(true);
    expect(pagesOf('news.example.org', 'Europe/Paris').has('economie')).toBe(true);
    const english = pagesOf('news.example.org', 'America/New_York');
    expect(english.has('politics')).toBe(true);
    expect(english.has('politique')).toBe(false);
  });
});

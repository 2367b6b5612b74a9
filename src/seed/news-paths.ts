import { headline, NEWS_VOCABULARY, type NewsLanguage } from './news-vocabulary.js';
import { seededRandom } from './seeded-random.js';
import { WeightedPicker } from './weighted-picker.js';

export interface Article {
  path: string;
  title: string;
}

/** A path segment: lowercase ASCII words joined by hyphens (accents dropped: « santé » → `sante`). */
function slugOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A news site's pages: the home page, section fronts and `count` articles with made-up but
 * plausible headlines in `language` (news-vocabulary.ts), all distinct, deterministic for a given
 * random generator.
 */
export function newsArticles(count: number, random: () => number, language: NewsLanguage = 'en'): NewsSite {
  const { home, verbs, sections, offer } = NEWS_VOCABULARY[language];
  const fronts = [
    { path: '/', title: home },
    ...sections.map((section) => ({ path: `/${section.path}`, title: section.title })),
  ];
  const articles: Article[] = [];
  const seen = new Set<string>();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  for (let attempts = 0; articles.length < count && attempts < count * 50; attempts++) {
    const section = pick(sections);
    const title = headline(
      verbs,
      pick(section.subjects),
      Math.floor(random() * verbs.length),
      pick(section.objects),
    );
    const path = `/${section.path}/${slugOf(title)}`;
    if (seen.has(path)) continue;
    seen.add(path);
    articles.push({ path, title });
  }
  return { fronts, articles, offer };
}

export interface NewsSite {
  fronts: Article[];
  articles: Article[];
  /** The subscription offer page (`/subscribe`, `/abonnement`): reached by navigation only. */
  offer: Article;
}

const ARTICLE_COUNT = 320;

/**
 * The pages of a seeded site in its language, from their own stream of the seed: the share kits (made first) and
 * the events (generated after) name the same stories, and the kits do not shift the events.
 */
export function newsForSeed(seed: number, language: NewsLanguage = 'en'): NewsSite {
  return newsArticles(ARTICLE_COUNT, seededRandom((seed ^ 0x5bd1e995) >>> 0), language);
}

/**
 * Zipf weights (rank^-s): a few stories draw most readers, hundreds draw a few each — the long
 * tail of any news site's "top pages".
 */
export function zipfPicker<T>(items: readonly T[], exponent = 1.1): WeightedPicker<T> {
  return new WeightedPicker(items.map((item, rank) => [item, 1 / (rank + 1) ** exponent] as const));
}

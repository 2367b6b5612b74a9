import { seededRandom } from './seeded-random.js';
import { WeightedPicker } from './weighted-picker.js';

export interface Article {
  path: string;
  title: string;
}

const SECTIONS = [
  'politics',
  'world',
  'business',
  'technology',
  'science',
  'health',
  'climate',
  'sport',
  'culture',
  'opinion',
  'travel',
  'food',
] as const;

const SUBJECTS = [
  'city council',
  'central bank',
  'ministers',
  'scientists',
  'nurses',
  'farmers',
  'regulators',
  'voters',
  'the coach',
  'startups',
  'teachers',
  'astronomers',
  'rail workers',
  'the mayor',
  'researchers',
  'fishermen',
  'investors',
  'museums',
  'students',
  'the senate',
];
const VERBS = [
  'approves',
  'rejects',
  'warns about',
  'bets on',
  'rethinks',
  'uncovers',
  'pushes back on',
  'celebrates',
  'delays',
  'doubles down on',
  'quietly drops',
  'explains',
];
const OBJECTS = [
  'new housing plan',
  'four-day week',
  'interest rates',
  'heatwave response',
  'ai tutors',
  'night trains',
  'river cleanup',
  'ticket prices',
  'lunar mission',
  'water shortage',
  'pension reform',
  'bike lanes',
  'hospital waiting lists',
  'chip factory',
  'wildfire season',
  'school phones ban',
  'final score',
  'festival lineup',
  'street food rules',
  'coral reef survey',
];

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A news site's pages: the home page, section fronts and `count` articles with made-up but
 * plausible headlines, all distinct, deterministic for a given random generator.
 */
export function newsArticles(count: number, random: () => number): NewsSite {
  const fronts = [
    { path: '/', title: 'Home' },
    ...SECTIONS.map((section) => ({ path: `/${section}`, title: capitalise(section) })),
  ];
  const articles: Article[] = [];
  const seen = new Set<string>();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  for (let attempts = 0; articles.length < count && attempts < count * 50; attempts++) {
    const headline = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}`;
    const path = `/${pick(SECTIONS)}/${slugOf(headline)}`;
    if (seen.has(path)) continue;
    seen.add(path);
    articles.push({ path, title: capitalise(headline) });
  }
  return { fronts, articles };
}

export interface NewsSite {
  fronts: Article[];
  articles: Article[];
}

const ARTICLE_COUNT = 320;

/**
 * The pages of a seeded site, from their own stream of the seed: the share kits (made first) and
 * the events (generated after) name the same stories, and the kits do not shift the events.
 */
export function newsForSeed(seed: number): NewsSite {
  return newsArticles(ARTICLE_COUNT, seededRandom((seed ^ 0x5bd1e995) >>> 0));
}

/**
 * Zipf weights (rank^-s): a few stories draw most readers, hundreds draw a few each — the long
 * tail of any news site's "top pages".
 */
export function zipfPicker<T>(items: readonly T[], exponent = 1.1): WeightedPicker<T> {
  return new WeightedPicker(items.map((item, rank) => [item, 1 / (rank + 1) ** exponent] as const));
}

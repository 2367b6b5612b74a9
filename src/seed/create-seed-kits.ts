import type { LinkService } from '../links/link-service.js';
import type { Site } from '../store/store.js';
import { newsForSeed } from './news-paths.js';
import { NEWS_VOCABULARY, newsLanguageOf } from './news-vocabulary.js';
import { seededRandom } from './seeded-random.js';
import type { SeedKit } from './traffic-generator.js';
import { KIT_CHANNELS } from './traffic-profiles.js';

/** Kits are made for the stories an editor pushes: the most read ones. */
const KIT_STORIES = 40;

/**
 * Makes 5–20 share kits (one variant per channel of KIT_CHANNELS) for the site's most read
 * stories through `links`, so they are real links: their short URLs answer, and the generated
 * clicks, previews and bots land on their variants. How many and which follow the seed; slugs and
 * ids are random like any link's.
 */
export async function createSeedKits(links: LinkService, site: Site, seed: number): Promise<SeedKit[]> {
  const random = seededRandom((seed ^ 0x68e31da4) >>> 0);
  const language = newsLanguageOf(site);
  const stories = newsForSeed(seed, language).articles.slice(0, KIT_STORIES);
  const count = Math.min(stories.length, 5 + Math.floor(random() * 16));
  const kits: SeedKit[] = [];
  for (let index = 0; index < count; index++) {
    // Each pick removes the story: no two kits for the same one.
    const [story] = stories.splice(Math.floor(random() * stories.length), 1);
    if (!story) break;
    const view = await links.create({
      url: `https://${site.domain}${story.path}`,
      site: site.id,
      title: story.title,
      description: NEWS_VOCABULARY[language].fullStory,
      channels: KIT_CHANNELS,
      utm: { utm_campaign: 'share-kit' },
      tags: ['demo'],
    });
    kits.push({
      url: view.url,
      utm: view.utm,
      variants: view.variants.map((variant) => ({ id: variant.id, channel: variant.channel })),
    });
  }
  return kits;
}

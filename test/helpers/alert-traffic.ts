/**
 * The traffic of the alert tests on seeded data (test/alerts/spike-alerts.test.ts,
 * goal-alerts.test.ts): a site's ordinary weeks from the seed generator, and the two dark-social
 * arrivals a burst is made of, classified by the real classifier from the seed's own profiles.
 */
import { classify } from '../../src/classify/index.js';
import { generateSeedEvents } from '../../src/seed/generate-seed-events.js';
import { SAMPLE_AGENTS } from '../../src/seed/sample-agents.js';
import { ARRIVALS, PASTES } from '../../src/seed/traffic-profiles.js';
import type { TestApp } from './test-app.js';

/** Five weeks of a news site's ordinary traffic (30,000 events) from the seed generator's profiles, up to `now`. */
export async function seedSteadyTraffic(
  t: TestApp,
  site: { id: string; domain: string; timezone: string },
  now: number,
): Promise<void> {
  for (const batch of generateSeedEvents({
    site: { ...site, landingPaths: ['/'] },
    kits: [],
    events: 30_000,
    days: 35,
    seed: 14,
    now,
  })) {
    await t.services.store.insertEvents(batch);
  }
}

/**
 * How a reader of `url` arriving from the WhatsApp Android app, and one who pasted a copied link
 * (a share token, no referrer), are classified.
 */
export function darkSocialArrivals(url: string): {
  fromWhatsapp: ReturnType<typeof classify>;
  pasted: ReturnType<typeof classify>;
} {
  const whatsapp = ARRIVALS.find((profile) => profile.referrer === 'android-app://com.whatsapp/');
  const paste = PASTES.find((profile) => profile.referrer === undefined && profile.agent === undefined);
  if (!whatsapp || !paste) throw new Error('seed profiles changed');
  return {
    fromWhatsapp: classify({ url, referrer: whatsapp.referrer, userAgent: SAMPLE_AGENTS.iphoneSafari }),
    pasted: classify({ url, userAgent: SAMPLE_AGENTS.iphoneSafari, shareToken: 'a.0.whatsapp.20260101' }),
  };
}

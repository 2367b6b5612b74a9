import { describe, expect, it } from 'vitest';
import { SitePrivacyCache } from '../../src/sites/site-privacy-cache.js';
import type { PrivacyMode, Site } from '../../src/store/store.js';

const site = (id: string, privacyMode: PrivacyMode, respectDnt = false) =>
  ({ id, privacyMode, respectDnt }) as Site;

describe('SitePrivacyCache', () => {
  it('loads every site, and counts one it has not seen as strict and honouring DNT (fails closed)', async () => {
    const modes = new SitePrivacyCache({
      listSites: async () => [site('a', 'anonymous'), site('c', 'consented', true)],
    });
    expect(modes.privacyOf('a')).toEqual({ privacyMode: 'strict', respectDnt: true });
    await modes.refresh();
    expect([modes.privacyOf('a'), modes.privacyOf('c'), modes.privacyOf('unknown')]).toEqual([
      { privacyMode: 'anonymous', respectDnt: false },
      { privacyMode: 'consented', respectDnt: true },
      { privacyMode: 'strict', respectDnt: true },
    ]);
  });

  it('keeps a change it is told of while a refresh reads older rows', async () => {
    let release: (sites: Site[]) => void = () => undefined;
    const modes = new SitePrivacyCache({
      listSites: () =>
        new Promise<Site[]>((resolve) => {
          release = resolve;
        }),
    });
    const refreshing = modes.refresh();
    modes.remember(site('a', 'strict', true));
    release([site('a', 'anonymous'), site('b', 'anonymous')]);
    await refreshing;
    expect([modes.privacyOf('a').privacyMode, modes.privacyOf('b').privacyMode]).toEqual([
      'strict',
      'anonymous',
    ]);
  });

  it('reads once more after a refresh asked for during one, never two at once, so the later rows win', async () => {
    const releases: ((sites: Site[]) => void)[] = [];
    let reading = 0;
    let most = 0;
    const modes = new SitePrivacyCache({
      listSites: () => {
        most = Math.max(most, ++reading);
        return new Promise<Site[]>((resolve) => {
          releases.push((sites) => {
            reading--;
            resolve(sites);
          });
        });
      },
    });
    const first = modes.refresh();
    const second = modes.refresh(); // a change announced while the first read runs
    const third = modes.refresh();
    expect(releases).toHaveLength(1);
    releases[0]?.([site('a', 'anonymous')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(2); // one more read, for both asks
    releases[1]?.([site('a', 'strict', true)]);
    await Promise.all([first, second, third]);
    expect(most).toBe(1);
    expect(modes.privacyOf('a')).toEqual({ privacyMode: 'strict', respectDnt: true });
  });

  it('keeps the settings it knows while the store fails, and reports a failing streak once', async () => {
    let down = false;
    let failures = 0;
    let successes = 0;
    const modes = new SitePrivacyCache({
      listSites: async () => {
        if (down) {
          failures++;
          throw new Error('connect ECONNREFUSED');
        }
        successes++;
        return [site('a', 'consented', true)];
      },
    });
    const until = async (check: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const errors: unknown[] = [];
    await modes.start((error) => errors.push(error), 5);
    down = true;
    await until(() => failures >= 3);
    expect(modes.privacyOf('a')).toEqual({ privacyMode: 'consented', respectDnt: true });
    expect(errors).toHaveLength(1);
    down = false;
    const before = successes;
    await until(() => successes > before);
    down = true;
    await until(() => errors.length === 2); // a new streak after a success
    expect(errors).toHaveLength(2);
    modes.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { SiteModes } from '../../src/sites/site-modes.js';
import type { PrivacyMode, Site } from '../../src/store/store.js';

const site = (id: string, privacyMode: PrivacyMode) => ({ id, privacyMode }) as Site;

describe('SiteModes', () => {
  it('loads every site, and counts one it has not seen as strict (privacy fails closed)', async () => {
    const modes = new SiteModes({ listSites: async () => [site('a', 'anonymous'), site('c', 'consented')] });
    expect(modes.modeOf('a')).toBe('strict');
    await modes.refresh();
    expect([modes.modeOf('a'), modes.modeOf('c'), modes.modeOf('unknown')]).toEqual([
      'anonymous',
      'consented',
      'strict',
    ]);
  });

  it('keeps a change it is told of while a refresh reads older rows', async () => {
    let release: (sites: Site[]) => void = () => undefined;
    const modes = new SiteModes({
      listSites: () =>
        new Promise<Site[]>((resolve) => {
          release = resolve;
        }),
    });
    const refreshing = modes.refresh();
    modes.remember(site('a', 'strict'));
    release([site('a', 'anonymous'), site('b', 'anonymous')]);
    await refreshing;
    expect([modes.modeOf('a'), modes.modeOf('b')]).toEqual(['strict', 'anonymous']);
  });
});

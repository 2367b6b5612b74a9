import { describe, expect, it } from 'vitest';
import { SiteModes } from '../../src/sites/site-modes.js';
import type { PrivacyMode, Site } from '../../src/store/store.js';

const site = (id: string, privacyMode: PrivacyMode, respectDnt = false) =>
  ({ id, privacyMode, respectDnt }) as Site;

describe('SiteModes', () => {
  it('loads every site, and counts one it has not seen as strict and honouring DNT (fails closed)', async () => {
    const modes = new SiteModes({
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
    const modes = new SiteModes({
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
});

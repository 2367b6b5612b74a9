import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modeTradeOffs, type ReportLossId } from '../../src/privacy/mode-trade-offs.js';
import { type ModePolicy, modePolicy, PRIVACY_MODES } from '../../src/privacy/modes.js';

/** The reports a policy gives up, read from the policy itself: the trade-off list must say the same. */
function lossesOf(policy: ModePolicy): ReportLossId[] {
  const ids: ReportLossId[] = [];
  if (!policy.keepCampaign) ids.push('campaigns');
  if (policy.referrerHostOnly) ids.push('referrer-paths');
  if (policy.shareTokens === 'none') ids.push('copy-paste-generations', 'share-tokens');
  if (policy.shareTokens !== 'per-view') ids.push('share-cascades');
  if (policy.roundReports) ids.push('exact-small-counts');
  return ids;
}

describe('mode trade-offs', () => {
  it.each(PRIVACY_MODES)('lists exactly what the %s policy gives up', (mode) => {
    const ids = modeTradeOffs(mode).givesUp.map((loss) => loss.id);
    expect(ids.sort()).toEqual(lossesOf(modePolicy(mode)).sort());
  });

  it('gives the examples of the issue: strict loses the most, anonymous the cascades, consented nothing', () => {
    expect(modeTradeOffs('anonymous').givesUp.map((loss) => loss.id)).toEqual(['share-cascades']);
    expect(modeTradeOffs('consented').givesUp).toEqual([]);
    // Cascades exist only where a per-view token exists, i.e. for consenting visitors.
    expect(modeTradeOffs('consented').limits).toHaveLength(
      modePolicy('consented').shareTokens === 'per-view' ? 1 : 0,
    );
    expect(modeTradeOffs('strict').givesUp).toHaveLength(6);
  });

  it('labels every loss and limit in English and French', () => {
    for (const mode of PRIVACY_MODES) {
      const { givesUp, limits } = modeTradeOffs(mode);
      for (const label of [...givesUp.map((loss) => loss.label), ...limits]) {
        expect(label.en).toMatch(/^[A-Z]/);
        expect(label.fr).toMatch(/^[A-ZÉ]/);
        expect(label.fr).not.toBe(label.en);
      }
    }
    expect(modeTradeOffs('strict').givesUp.find((loss) => loss.id === 'exact-small-counts')?.label.fr).toBe(
      'Petits nombres exacts (les rapports sont arrondis à la dizaine)',
    );
  });

  it('is frozen, so the dashboard cannot change it for every caller', () => {
    for (const mode of PRIVACY_MODES) {
      const tradeOffs = modeTradeOffs(mode);
      expect(Object.isFrozen(tradeOffs)).toBe(true);
      expect(Object.isFrozen(tradeOffs.givesUp)).toBe(true);
      expect(Object.isFrozen(tradeOffs.limits)).toBe(true);
    }
  });

  it('imports nothing at run time, so the dashboard bundle can take it (no Node modules)', () => {
    const source = readFileSync(new URL('../../src/privacy/mode-trade-offs.ts', import.meta.url), 'utf8');
    const imports = source.match(/^import .*$/gm) ?? [];
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
  });
});

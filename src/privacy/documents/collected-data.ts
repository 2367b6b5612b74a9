import type { DocumentFacts } from './document-facts.js';
import type { CommonStrings } from './document-strings.js';

/**
 * What one stored event holds for this site, one sentence per field (src/store/store.ts
 * `NewEvent`), each picked by what the site's mode keeps (src/privacy/modes.ts) and where the
 * installation takes countries from — so the list changes when the settings do.
 */
export function collectedData(facts: DocumentFacts, strings: CommonStrings): string[] {
  const { data } = strings;
  const { policy } = facts;
  return [
    data.time,
    policy.keepCampaign ? data.page.withCampaign : data.page.withoutCampaign,
    policy.referrerHostOnly ? data.origin.hostOnly : data.origin.hostAndPath,
    data.visitorHash,
    data.device,
    data.country[facts.installation.country],
    data.share[policy.shareTokens],
    data.actions,
    data.shortLinks(facts),
    data.importedLogs,
  ];
}

import type { DocumentFacts } from './document-facts.js';
import type { CommonStrings } from './document-strings.js';
import type { DocumentSection } from './document-types.js';

/**
 * The CNIL's conditions for exempting audience measurement from consent (délibération 2020-091
 * §50–52 and the 2025 guidance; dark-social-facts.md §6.1), each with how this site meets it.
 * The 2025 self-assessment reading (referrer host only, no campaign parameters, rounded
 * reports) holds only when the mode keeps to all three.
 */
export function cnilConditions(
  facts: DocumentFacts,
  strings: CommonStrings,
  heading: string,
): DocumentSection {
  const { cnil } = strings;
  const { policy } = facts;
  const selfAssessed = !policy.keepCampaign && policy.referrerHostOnly && policy.roundReports;
  return {
    heading,
    paragraphs: [cnil.intro],
    items: [
      cnil.purpose,
      cnil.anonymousStatistics,
      cnil.noCrossSite,
      cnil.terminalStorage[policy.shareTokens],
      cnil.retention(facts),
      cnil.information(facts),
      cnil.geolocation[facts.installation.country],
      selfAssessed ? cnil.selfAssessment.met : cnil.selfAssessment.notMet,
      cnil.franceOnly,
    ],
  };
}

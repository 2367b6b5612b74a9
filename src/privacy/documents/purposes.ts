import type { DocumentFacts } from './document-facts.js';
import type { CommonStrings } from './document-strings.js';

/** The purposes of the processing; share cascades and rounding only in the modes that have them. */
export function purposes(facts: DocumentFacts, strings: CommonStrings): string[] {
  const { purposes: text } = strings;
  return [
    text.audience(facts),
    text.darkSocial,
    ...(facts.policy.shareTokens === 'per-view' ? [text.cascades] : []),
    ...(facts.policy.roundReports ? [text.rounding] : []),
    text.not,
  ];
}

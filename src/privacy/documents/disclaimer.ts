import type { DocumentFacts } from './document-facts.js';
import type { CommonStrings } from './document-strings.js';
import type { DocumentSection } from './document-types.js';

/**
 * Every document opens with this: it is an aid, not legal advice, to be reviewed by the
 * controller and its DPO (DESIGN.md §4, issue #7).
 */
export function disclaimerSection(
  facts: DocumentFacts,
  strings: CommonStrings,
  extra: readonly string[] = [],
): DocumentSection {
  return { heading: strings.disclaimerHeading, paragraphs: [strings.disclaimer(facts), ...extra] };
}

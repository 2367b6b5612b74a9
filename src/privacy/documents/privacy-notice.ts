import { collectedData } from './collected-data.js';
import { disclaimerSection } from './disclaimer.js';
import type { DocumentFacts } from './document-facts.js';
import type { DocumentStrings } from './document-strings.js';
import type { DocumentDraft } from './document-types.js';
import { purposes } from './purposes.js';

/**
 * A section a site pastes into its privacy notice (GDPR Art. 13): what is collected, why, on
 * which legal basis, for how long, the visitor's choices (the opt-out page, DNT/GPC, consent)
 * and how rights are answered when no stored data identifies a visitor (Art. 11).
 */
export function privacyNotice(facts: DocumentFacts, strings: DocumentStrings): DocumentDraft {
  const { common, notice } = strings;
  return {
    id: 'privacy-notice',
    title: notice.title(facts),
    sections: [
      disclaimerSection(facts, common, [notice.useNote]),
      { heading: notice.introHeading, paragraphs: [notice.intro(facts)] },
      {
        heading: notice.collectedHeading,
        paragraphs: [notice.collectedIntro],
        items: collectedData(facts, common),
      },
      {
        heading: notice.notCollectedHeading,
        paragraphs: [notice.neverCollected, notice.browserStorage[facts.policy.shareTokens]],
      },
      { heading: notice.purposesHeading, paragraphs: [], items: purposes(facts, common) },
      { heading: notice.legalBasisHeading, paragraphs: notice.legalBasis[facts.site.privacyMode] },
      { heading: notice.retentionHeading, paragraphs: [notice.retention(facts)] },
      { heading: notice.choicesHeading, paragraphs: choices(facts, strings) },
      { heading: notice.rightsHeading, paragraphs: [...notice.rights, notice.contact] },
    ],
  };
}

/** The opt-out page always; DNT/GPC as the site is set; consent only where the mode asks for it. */
function choices(facts: DocumentFacts, { common, notice }: DocumentStrings): string[] {
  return [
    notice.optOut(facts),
    facts.site.respectDnt ? common.dnt.honoured : common.dnt.notHonoured,
    ...(facts.policy.shareTokens === 'per-view' ? [notice.consent] : []),
  ];
}

import { collectedData } from './collected-data.js';
import { disclaimerSection } from './disclaimer.js';
import type { DocumentFacts } from './document-facts.js';
import type { DocumentStrings } from './document-strings.js';
import type { DocumentDraft } from './document-types.js';
import { purposes } from './purposes.js';

/**
 * An entry of the record of processing activities, GDPR Art. 30(1) points (a) to (g), for one
 * site as this installation measures it. The controller's own details are left to fill in.
 */
export function processingRecord(facts: DocumentFacts, strings: DocumentStrings): DocumentDraft {
  const { common, record } = strings;
  return {
    id: 'processing-record',
    title: record.title(facts),
    sections: [
      disclaimerSection(facts, common),
      { heading: record.processingHeading, paragraphs: record.processing(facts) },
      { heading: record.controllerHeading, paragraphs: [], items: record.controller },
      { heading: record.purposesHeading, paragraphs: [], items: purposes(facts, common) },
      { heading: record.legalBasisHeading, paragraphs: record.legalBasis[facts.site.privacyMode] },
      { heading: record.subjectsHeading, paragraphs: [], items: record.subjects(facts) },
      {
        heading: record.dataHeading,
        paragraphs: [record.dataIntro(facts)],
        items: collectedData(facts, common),
      },
      {
        heading: record.neverStoredHeading,
        paragraphs: [record.neverStoredIntro],
        items: common.neverStored,
      },
      { heading: record.recipientsHeading, paragraphs: [], items: record.recipients },
      { heading: record.transfersHeading, paragraphs: record.transfers(facts) },
      { heading: record.retentionHeading, paragraphs: [], items: retentionItems(facts, strings) },
      { heading: record.securityHeading, paragraphs: [], items: securityItems(facts, strings) },
    ],
  };
}

/** Every period the installation enforces (src/privacy/retention.ts, salts.ts, services.ts). */
function retentionItems(facts: DocumentFacts, { common }: DocumentStrings): string[] {
  const { retention } = common;
  return [
    retention.rawEvents(facts),
    retention.rollups,
    retention.salts,
    retention.sessions,
    retention.auditLog(facts),
    retention.optOutFlag,
    retention.rateLimiter(facts),
    retention.backups,
  ];
}

function securityItems(facts: DocumentFacts, { record }: DocumentStrings): string[] {
  return [
    ...record.security,
    record.storage[facts.installation.database],
    ...(facts.policy.roundReports ? [record.rounding] : []),
  ];
}

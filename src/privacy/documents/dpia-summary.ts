import { cnilConditions } from './cnil-conditions.js';
import { collectedData } from './collected-data.js';
import { disclaimerSection } from './disclaimer.js';
import type { DocumentFacts } from './document-facts.js';
import type { DocumentStrings } from './document-strings.js';
import type { DocumentDraft } from './document-types.js';
import { purposes } from './purposes.js';

/**
 * A summary to support a data protection impact assessment (GDPR Art. 35(7)): the processing
 * (nature, scope, context, purposes), its necessity and proportionality, the risks to people
 * with the measures against them, and the residual risk — all as the site's mode sets them.
 */
export function dpiaSummary(facts: DocumentFacts, strings: DocumentStrings): DocumentDraft {
  const { common, dpia } = strings;
  const mode = facts.site.privacyMode;
  return {
    id: 'dpia-summary',
    title: dpia.title(facts),
    sections: [
      disclaimerSection(facts, common),
      { heading: dpia.natureHeading, paragraphs: [dpia.nature(facts), dpia.modeSummary[mode]] },
      { heading: dpia.scopeHeading, paragraphs: [dpia.scope(facts)], items: collectedData(facts, common) },
      { heading: dpia.contextHeading, paragraphs: dpia.context },
      { heading: dpia.purposesHeading, paragraphs: [], items: purposes(facts, common) },
      {
        heading: dpia.necessityHeading,
        paragraphs: [...dpia.necessity[mode], ...common.accessRequests],
        items: [
          ...dpia.measures(facts),
          facts.site.respectDnt ? common.dnt.honoured : common.dnt.notHonoured,
        ],
      },
      cnilConditions(facts, common, dpia.cnilHeading),
      { heading: dpia.risksHeading, paragraphs: [dpia.risksIntro], items: risks(facts, strings) },
      { heading: dpia.residualHeading, paragraphs: [dpia.residual[mode], dpia.conclusion] },
    ],
  };
}

/** Each risk to visitors, worded for the site's settings (mode, DNT/GPC, retention, country source). */
function risks(facts: DocumentFacts, { dpia }: DocumentStrings): string[] {
  const { risks: text } = dpia;
  const { policy } = facts;
  return [
    text.reidentification,
    text.tracking[policy.shareTokens],
    policy.keepCampaign ? text.urls.withCampaign : text.urls.withoutCampaign,
    text.customProperties,
    policy.roundReports ? text.smallCounts.rounded : text.smallCounts.exact,
    text.access(facts),
    text.logs,
    text.retention(facts),
    facts.site.respectDnt ? text.objection.honoured(facts) : text.objection.notHonoured(facts),
    text.country[facts.installation.country],
    text.importedLogs,
  ];
}

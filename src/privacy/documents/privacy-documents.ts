import {
  type DocumentFacts,
  documentFacts,
  type InstallationFacts,
  type SiteFacts,
} from './document-facts.js';
import type { DocumentStrings } from './document-strings.js';
import {
  DOCUMENT_IDS,
  type DocumentDraft,
  type DocumentId,
  type DocumentLanguage,
  type DocumentSection,
  type PrivacyDocument,
} from './document-types.js';
import { dpiaSummary } from './dpia-summary.js';
import { frenchTypography } from './french-typography.js';
import { privacyNotice } from './privacy-notice.js';
import { processingRecord } from './processing-record.js';
import { documentMarkdown } from './render-markdown.js';
import { EN } from './strings-en.js';
import { FR } from './strings-fr.js';

const STRINGS: Readonly<Record<DocumentLanguage, DocumentStrings>> = { en: EN, fr: FR };

const GENERATORS: Readonly<
  Record<DocumentId, (facts: DocumentFacts, strings: DocumentStrings) => DocumentDraft>
> = {
  'processing-record': processingRecord,
  'privacy-notice': privacyNotice,
  'dpia-summary': dpiaSummary,
};

const TYPOGRAPHY: Readonly<Record<DocumentLanguage, (text: string) => string>> = {
  en: (text) => text,
  fr: frenchTypography,
};

export interface PrivacyDocumentsInput {
  site: SiteFacts;
  installation: InstallationFacts;
  lang: DocumentLanguage;
  /** ISO 8601; the documents print its day. */
  generatedAt: string;
  /** Only these documents, in this order (default: all three). */
  only?: readonly DocumentId[];
}

/**
 * The generated privacy documents of one site (issue #7): a record of processing (GDPR Art. 30),
 * a privacy-notice section and a DPIA summary, in English or French. Pure: the same settings
 * give the same text, and every setting they describe changes the sentences that depend on it.
 */
export function privacyDocuments(input: PrivacyDocumentsInput): PrivacyDocument[] {
  const facts = documentFacts(input.site, input.installation, input.generatedAt);
  const strings = STRINGS[input.lang];
  const polish = TYPOGRAPHY[input.lang];
  return (input.only ?? DOCUMENT_IDS).map((id) => finish(GENERATORS[id](facts, strings), polish));
}

function finish(draft: DocumentDraft, polish: (text: string) => string): PrivacyDocument {
  const polished: DocumentDraft = {
    id: draft.id,
    title: polish(draft.title),
    sections: draft.sections.map((section) => polishSection(section, polish)),
  };
  return { ...polished, markdown: documentMarkdown(polished) };
}

function polishSection(section: DocumentSection, polish: (text: string) => string): DocumentSection {
  return {
    heading: polish(section.heading),
    paragraphs: section.paragraphs.map(polish),
    ...(section.items ? { items: section.items.map(polish) } : {}),
  };
}

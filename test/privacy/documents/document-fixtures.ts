import {
  type DocumentId,
  type DocumentLanguage,
  type InstallationFacts,
  type PrivacyDocument,
  privacyDocuments,
  type SiteFacts,
} from '../../../src/privacy/documents/index.js';

export const SITE: SiteFacts = {
  domain: 'news.example.org',
  name: 'Example News',
  privacyMode: 'anonymous',
  respectDnt: false,
  retentionMonths: 25,
  extraOrigins: [],
  timezone: 'Europe/Paris',
};

export const INSTALLATION: InstallationFacts = {
  baseUrl: 'https://stats.example.org',
  database: 'sqlite',
  country: 'cdn',
  eventRate: 20,
  eventBurst: 100,
  auditRetentionMonths: 12,
};

export const GENERATED_AT = '2026-03-15T10:00:00.000Z';

/** The documents for `SITE` and `INSTALLATION` with some settings changed. */
export function generate(
  lang: DocumentLanguage,
  site: Partial<SiteFacts> = {},
  installation: Partial<InstallationFacts> = {},
): PrivacyDocument[] {
  return privacyDocuments({
    site: { ...SITE, ...site },
    installation: { ...INSTALLATION, ...installation },
    lang,
    generatedAt: GENERATED_AT,
  });
}

/**
 * One document's every string (title, headings, paragraphs, items) joined: what a reader sees,
 * with French non-breaking spaces as plain ones so that tests can search for words.
 */
export function textOf(documents: PrivacyDocument[], id: DocumentId): string {
  const document = documents.find((candidate) => candidate.id === id);
  if (!document) throw new Error(`no ${id} document`);
  return [
    document.title,
    ...document.sections.flatMap((section) => [
      section.heading,
      ...section.paragraphs,
      ...(section.items ?? []),
    ]),
  ]
    .join('\n')
    .replaceAll('\u00a0', ' ');
}

/** All three documents' text. */
export function allText(documents: PrivacyDocument[]): string {
  return documents.map((document) => textOf(documents, document.id)).join('\n');
}

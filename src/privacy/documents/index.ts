/**
 * Generated privacy documents (issue #7): per site, in English and French, a record of
 * processing (GDPR Art. 30), a privacy-notice section and a DPIA summary. Engineering aids, not
 * legal advice — every document says so.
 */
export {
  bundleFileName,
  bundleMarkdown,
  type PrivacyDocumentBundle,
  siteDocumentBundle,
} from './document-bundle.js';
export {
  type CountrySource,
  type DocumentFacts,
  documentFacts,
  type InstallationFacts,
  type SiteFacts,
} from './document-facts.js';
export type { DocumentStrings } from './document-strings.js';
export {
  DOCUMENT_IDS,
  DOCUMENT_LANGUAGES,
  type DocumentId,
  type DocumentLanguage,
  type DocumentSection,
  isDocumentId,
  isDocumentLanguage,
  type PrivacyDocument,
} from './document-types.js';
export { installationFacts } from './installation-facts.js';
export { type PrivacyDocumentsInput, privacyDocuments } from './privacy-documents.js';

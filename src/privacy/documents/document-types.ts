/** The three generated documents (issue #7, DESIGN.md §4). */
export type DocumentId = 'processing-record' | 'privacy-notice' | 'dpia-summary';

export const DOCUMENT_IDS: readonly DocumentId[] = Object.freeze([
  'processing-record',
  'privacy-notice',
  'dpia-summary',
]);

export type DocumentLanguage = 'en' | 'fr';

export const DOCUMENT_LANGUAGES: readonly DocumentLanguage[] = Object.freeze(['en', 'fr']);

export function isDocumentLanguage(value: unknown): value is DocumentLanguage {
  return typeof value === 'string' && (DOCUMENT_LANGUAGES as readonly string[]).includes(value);
}

export function isDocumentId(value: unknown): value is DocumentId {
  return typeof value === 'string' && (DOCUMENT_IDS as readonly string[]).includes(value);
}

/**
 * Plain text only: a UI renders each string as text (never as HTML), so a site's name cannot
 * inject markup; `markdown` is the same content for people who want a file.
 */
export interface DocumentSection {
  heading: string;
  paragraphs: string[];
  items?: string[];
}

export interface PrivacyDocument {
  id: DocumentId;
  title: string;
  sections: DocumentSection[];
  markdown: string;
}

/** A document before its Markdown rendering. */
export type DocumentDraft = Omit<PrivacyDocument, 'markdown'>;

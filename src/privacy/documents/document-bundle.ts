import type { Site } from '../../store/store.js';
import type { DocumentId, DocumentLanguage, PrivacyDocument } from './document-types.js';
import { installationFacts } from './installation-facts.js';
import { privacyDocuments } from './privacy-documents.js';

/** What `GET /api/sites/:id/privacy/documents` answers, and what the CLI prints from. */
export interface PrivacyDocumentBundle {
  siteId: string;
  lang: DocumentLanguage;
  generatedAt: string;
  documents: PrivacyDocument[];
}

export type BundleConfig = Parameters<typeof installationFacts>[0];

/** A site's documents from its stored settings and this installation's configuration. */
export function siteDocumentBundle(
  site: Site,
  config: BundleConfig,
  lang: DocumentLanguage,
  options: { now?: Date; only?: readonly DocumentId[] } = {},
): PrivacyDocumentBundle {
  const generatedAt = (options.now ?? new Date()).toISOString();
  const documents = privacyDocuments({
    site,
    installation: installationFacts(config),
    lang,
    generatedAt,
    ...(options.only ? { only: options.only } : {}),
  });
  return { siteId: site.id, lang, generatedAt, documents };
}

/** The documents as one Markdown file, separated by thematic breaks. */
export function bundleMarkdown(bundle: Pick<PrivacyDocumentBundle, 'documents'>): string {
  return bundle.documents.map((document) => document.markdown).join('\n---\n\n');
}

/** `penumbra-privacy-example.org-fr.md`: a domain is already safe in a file name. */
export function bundleFileName(domain: string, lang: DocumentLanguage, only?: DocumentId): string {
  return `penumbra-${only ?? 'privacy'}-${domain}-${lang}.md`;
}

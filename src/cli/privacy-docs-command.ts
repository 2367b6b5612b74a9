import { writeFile } from 'node:fs/promises';
import {
  bundleMarkdown,
  DOCUMENT_IDS,
  DOCUMENT_LANGUAGES,
  type DocumentId,
  type DocumentLanguage,
  isDocumentId,
  isDocumentLanguage,
  siteDocumentBundle,
} from '../privacy/documents/index.js';
import { UsageError } from './command.js';
import { parseOptions } from './parse-options.js';
import { requireSite } from './require-site.js';
import type { SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const USAGE = `  docs --site DOMAIN [--lang ${DOCUMENT_LANGUAGES.join('|')}] [--doc ${DOCUMENT_IDS.join('|')}] [--out FILE]
      The site's generated privacy documents as Markdown: a record of processing (GDPR art. 30),
      a privacy-notice section and a DPIA summary, from its current settings (default: all three,
      in English). An engineering aid, not legal advice: have your DPO review them.`;

function readLanguage(value: string | undefined): DocumentLanguage {
  if (value === undefined) return 'en';
  if (isDocumentLanguage(value)) return value;
  throw new UsageError(`--lang must be ${DOCUMENT_LANGUAGES.join(' or ')}, got "${value}"`);
}

function readDocument(value: string | undefined): DocumentId | undefined {
  if (value === undefined || isDocumentId(value)) return value;
  throw new UsageError(`--doc must be one of ${DOCUMENT_IDS.join(', ')}, got "${value}"`);
}

/** `penumbra privacy docs`: the documents `GET /api/sites/:id/privacy/documents` answers, as Markdown. */
export const privacyDocsCommand: SubCommand = {
  name: 'docs',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, {
      site: { type: 'string' },
      lang: { type: 'string' },
      doc: { type: 'string' },
      out: { type: 'string' },
    });
    const reference = values.site as string | undefined;
    if (!reference) throw new UsageError('give the site: --site DOMAIN');
    const lang = readLanguage(values.lang as string | undefined);
    const only = readDocument(values.doc as string | undefined);
    const out = values.out as string | undefined;
    return withServices(io, async (services) => {
      const site = await requireSite(services, reference);
      const bundle = siteDocumentBundle(site, services.config, lang, only ? { only: [only] } : {});
      const markdown = bundleMarkdown(bundle);
      if (out === undefined) io.stdout.write(markdown);
      else {
        await writeFile(out, markdown);
        io.stderr.write(`Wrote ${bundle.documents.length} document(s) for ${site.domain} to ${out}\n`);
      }
      return 0;
    });
  },
};

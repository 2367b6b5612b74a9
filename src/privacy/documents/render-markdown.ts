import type { DocumentDraft } from './document-types.js';

/**
 * CommonMark treats these as markup; a backslash makes any ASCII punctuation literal (CommonMark
 * §2.4). `utm_*` and a site named `<b>Shop</b>` then read as written, and no text (a site's
 * name included) can add a link, an image or raw HTML to the file.
 */
const INLINE_MARKUP = /[\\`*_[\]<>&~|]/g;
/** Not `\s`: it would also flatten French non-breaking spaces. */
const LINE_BREAKS = /[\r\n]+/g;
/** At the start of a line these open a heading, a list item or a block quote. */
const BLOCK_START = /^(#|[-+>]|\d+[.)])/;

export function escapeMarkdown(text: string): string {
  const inline = text.replace(LINE_BREAKS, ' ').replace(INLINE_MARKUP, '\\$&');
  return inline.replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

/** One document as Markdown: `#` title, `##` per section, paragraphs, then a bulleted list. */
export function documentMarkdown(draft: DocumentDraft): string {
  const lines = [`# ${escapeMarkdown(draft.title)}`, ''];
  for (const section of draft.sections) {
    lines.push(`## ${escapeMarkdown(section.heading)}`, '');
    for (const paragraph of section.paragraphs) lines.push(escapeMarkdown(paragraph), '');
    if (section.items?.length) {
      for (const item of section.items) lines.push(`- ${escapeMarkdown(item)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

import { escapeHtml } from './escape-html.js';

export interface HtmlDocumentParts {
  lang: string;
  title: string;
  /** Extra `<head>` elements, already escaped. */
  head: readonly string[];
  /** `<body>` content, already escaped. */
  body: readonly string[];
}

/** A minimal valid HTML5 document (WHATWG HTML §13.1): doctype, `lang`, UTF-8, viewport, title. */
export function renderHtmlDocument(parts: HtmlDocumentParts): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(safeLang(parts.lang))}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    ...parts.head,
    '</head>',
    '<body>',
    ...parts.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A BCP 47-shaped tag (RFC 5646 §2.1, loosely), else `en`. */
export function safeLang(lang: string | undefined): string {
  return lang && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en';
}

/** `<meta property="…" content="…">` (Open Graph uses `property`, ogp.me). */
export function metaProperty(property: string, content: string): string {
  return `<meta property="${escapeHtml(property)}" content="${escapeHtml(content)}">`;
}

/** `<meta name="…" content="…">` (Twitter cards and `description` use `name`). */
export function metaName(name: string, content: string): string {
  return `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`;
}

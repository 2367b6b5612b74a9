import { escapeHtml } from './escape-html.js';
import { metaName, metaProperty, renderHtmlDocument, safeLang } from './html-document.js';
import { LinkInputError } from './link-input-error.js';

export interface PreviewPageInput {
  /** Where people go: the meta refresh and the visible link. */
  targetUrl: string;
  /** `og:url` and `<link rel="canonical">`. */
  canonicalUrl: string;
  title: string;
  description?: string | null | undefined;
  /** Absolute http(s) URL of the preview image. */
  image?: string | null | undefined;
  siteName?: string | null | undefined;
  lang?: string | undefined;
}

/**
 * The page a chat or social app's preview fetcher gets for a short link: Open Graph (ogp.me) and
 * Twitter card tags built from the link's own title, description and image, a canonical link,
 * and a meta refresh plus a visible link that take a human on to the target. Every interpolated
 * value is HTML-escaped, and the URLs must be http(s), so a title or target cannot inject markup
 * or a `javascript:` link.
 */
export function renderPreviewPage(input: PreviewPageInput): string {
  const targetUrl = httpUrl(input.targetUrl, 'targetUrl');
  const canonicalUrl = httpUrl(input.canonicalUrl, 'canonicalUrl');
  const imageInput = present(input.image);
  const image = imageInput === undefined ? undefined : httpUrl(imageInput, 'image');
  const title = present(input.title) ?? new URL(targetUrl).host;
  const description = present(input.description);
  const lang = safeLang(input.lang);
  return renderHtmlDocument({
    lang,
    title,
    head: [
      ...openGraphTags({ title, description, image, canonicalUrl, siteName: present(input.siteName) }),
      ...twitterCardTags({ title, description, image }),
      ...(description === undefined ? [] : [metaName('description', description)]),
      `<link rel="canonical" href="${escapeHtml(canonicalUrl)}">`,
      // WHATWG HTML §4.2.5.3 "shared declarative refresh steps": 0 seconds, then the URL.
      `<meta http-equiv="refresh" content="0; url=${escapeHtml(targetUrl)}">`,
    ],
    body: previewBody(title, description, targetUrl, lang),
  });
}

interface CardFields {
  title: string;
  description: string | undefined;
  image: string | undefined;
}

function openGraphTags(
  fields: CardFields & { canonicalUrl: string; siteName: string | undefined },
): string[] {
  return [
    metaProperty('og:type', 'website'),
    metaProperty('og:title', fields.title),
    ...optional(fields.description, (value) => metaProperty('og:description', value)),
    ...optional(fields.image, (value) => metaProperty('og:image', value)),
    metaProperty('og:url', fields.canonicalUrl),
    ...optional(fields.siteName, (value) => metaProperty('og:site_name', value)),
  ];
}

/** X "Cards markup": `summary_large_image` needs an image, `summary` does without. */
function twitterCardTags(fields: CardFields): string[] {
  return [
    metaName('twitter:card', fields.image === undefined ? 'summary' : 'summary_large_image'),
    metaName('twitter:title', fields.title),
    ...optional(fields.description, (value) => metaName('twitter:description', value)),
    ...optional(fields.image, (value) => metaName('twitter:image', value)),
  ];
}

function previewBody(
  title: string,
  description: string | undefined,
  targetUrl: string,
  lang: string,
): string[] {
  const continueTo = lang.toLowerCase().startsWith('fr') ? 'Continuer vers' : 'Continue to';
  return [
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...optional(description, (value) => `<p>${escapeHtml(value)}</p>`),
    `<p>${continueTo} <a href="${escapeHtml(targetUrl)}">${escapeHtml(targetUrl)}</a></p>`,
    '</main>',
  ];
}

function optional(value: string | undefined, render: (value: string) => string): string[] {
  return value === undefined ? [] : [render(value)];
}

/**
 * The text trimmed, with control characters (line breaks included) turned into spaces: most are
 * parse errors in HTML (WHATWG HTML §13.2.2), and a card title or description is one line.
 */
function present(value: string | null | undefined): string | undefined {
  const cleaned = value?.replace(/\p{Cc}+/gu, ' ').trim();
  return cleaned ? cleaned : undefined;
}

function httpUrl(value: string, field: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new LinkInputError(
      'preview_url_invalid',
      `The ${field} of a preview page must be a complete http:// or https:// address.`,
      field,
    );
  }
  return url.href;
}

export type StatusPageCode = 404 | 410;
export type StatusPageLang = 'en' | 'fr';

export interface StatusPageInput {
  status: StatusPageCode;
  lang: StatusPageLang;
}

const STATUS_TEXT: Readonly<
  Record<StatusPageLang, Readonly<Record<StatusPageCode, readonly [string, string]>>>
> = {
  en: {
    404: ['This link does not exist', 'Check the address, or ask the person who sent it for a new link.'],
    410: ['This link has expired or was disabled', 'Ask the person who sent it for a new link.'],
  },
  fr: {
    404: [
      "Ce lien n'existe pas",
      "Vérifiez l'adresse, ou demandez un nouveau lien à la personne qui vous l'a envoyé.",
    ],
    410: [
      'Ce lien a expiré ou a été désactivé',
      "Demandez un nouveau lien à la personne qui vous l'a envoyé.",
    ],
  },
};

/** The small page a human sees for an unknown (404) or expired/disabled (410) short link. */
export function renderStatusPage(input: StatusPageInput): string {
  const lang: StatusPageLang = input.lang === 'fr' ? 'fr' : 'en';
  const status: StatusPageCode = input.status === 410 ? 410 : 404;
  const [heading, hint] = STATUS_TEXT[lang][status];
  return renderHtmlDocument({
    lang,
    title: heading,
    // A dead short link is not content search engines should keep (Google Search Central, robots meta).
    head: [metaName('robots', 'noindex')],
    body: ['<main>', `<h1>${escapeHtml(heading)}</h1>`, `<p>${escapeHtml(hint)}</p>`, '</main>'],
  });
}

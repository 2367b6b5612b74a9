/**
 * How each chat app fetches a shared page and draws its card. Every number names its basis:
 * `documented` (the app's own documentation), `source` (the app's published source code),
 * `measured` (third-party measurements, secondary), or `assumed` (nothing public found: the value
 * Penumbra uses, so a reader knows what to distrust). docs/previews.md renders this table.
 * User agents: ../shared/reference/dark-social-facts.md §2.1 and src/classify/preview-agents.ts.
 */
export const PREVIEW_APP_IDS = [
  'whatsapp',
  'imessage',
  'telegram',
  'facebook',
  'slack',
  'discord',
  'linkedin',
  'x',
  'signal',
  'googlemessages',
] as const;

export type PreviewAppId = (typeof PREVIEW_APP_IDS)[number];

export type Basis = 'documented' | 'source' | 'measured' | 'assumed';

export interface Cited<T> {
  value: T;
  basis: Basis;
  /** A URL or a repository path. */
  source: string;
}

/** Where a card's field may come from: a meta key, `<title>`, a `<link rel>` or the oEmbed answer. */
export type TagSource = string;

export interface PreviewApp {
  id: PreviewAppId;
  name: string;
  userAgent: Cited<string>;
  /** Redirects it follows before giving up. */
  redirects: Cited<number>;
  /** Refuses `http:` pages and redirects to `http:`. */
  httpsOnly: boolean;
  /** Bytes of HTML it reads; tags past them are not seen. */
  htmlBytes: Cited<number>;
  /** Heavier images are dropped from the card. */
  imageMaxBytes: Cited<number>;
  /** How long it waits for a page. */
  timeoutMs: Cited<number>;
  /** Follows robots.txt for this token. */
  robotsToken: Cited<string> | undefined;
  title: TagSource[];
  description: TagSource[];
  image: TagSource[];
  siteName: TagSource[];
  /** Which of several `og:image` tags wins. */
  imagePick: 'first' | 'last';
  /** Characters shown before the app cuts; 0: the field is not shown. */
  titleMax: Cited<number>;
  descriptionMax: Cited<number>;
  /** The large card: when it is drawn, and the image size and ratio it wants. */
  large: Cited<{ when: 'size' | 'summary_large_image'; minWidth: number; minHeight: number; ratio: number }>;
  /** Smaller images are not drawn at all. */
  minImage: Cited<{ width: number; height: number }>;
  /** Image types it draws (Content-Type), or undefined for any image. */
  imageTypes: Cited<readonly string[]> | undefined;
  themes: readonly ('light' | 'dark')[];
  /** Reads `<meta name="theme-color">` for the card's edge (Discord). */
  themeColor: boolean;
}

const FACTS = 'shared/reference/dark-social-facts.md §2.1';
const SIGNAL_SOURCE = 'signalapp/Signal-Desktop ts/linkPreviews/linkPreviewFetch.ts';
const FB_IMAGES = 'https://developers.facebook.com/docs/sharing/webmasters/images';
const X_LARGE = 'https://developer.x.com/en/docs/x-for-websites/cards/overview/summary-card-with-large-image';
const X_MARKUP = 'https://developer.x.com/en/docs/x-for-websites/cards/overview/markup';
const ASSUMED = 'no public figure found';

/*
 * The usual order of a page's own tags (ogp.me, X Cards markup, HTML `<title>` and `meta
 * description`): the apps that follow it, and a share kit's autofill (src/links/page-autofill.ts).
 */
export const OG_TITLE: TagSource[] = ['og:title', 'twitter:title', '<title>'];
export const OG_DESCRIPTION: TagSource[] = ['og:description', 'twitter:description', 'description'];
export const OG_IMAGE: TagSource[] = [
  'og:image',
  'og:image:url',
  'og:image:secure_url',
  'twitter:image',
  'twitter:image:src',
];

const KIB = 1024;
const MIB = 1024 * 1024;

function cite<T>(value: T, basis: Basis, source: string): Cited<T> {
  return { value, basis, source };
}

const assumedRedirects = cite(10, 'assumed', ASSUMED);
const assumedTimeout = cite(5_000, 'assumed', ASSUMED);
const assumedHtml = cite(1 * MIB, 'assumed', ASSUMED);
const bothThemes = ['light', 'dark'] as const;

export const PREVIEW_APPS: Readonly<Record<PreviewAppId, PreviewApp>> = {
  whatsapp: {
    id: 'whatsapp',
    name: 'WhatsApp',
    userAgent: cite('WhatsApp/2.23.20.0 A', 'measured', `${FACTS} (isbot, device-detector fixtures)`),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(
      300 * KIB,
      'measured',
      'https://www.techcompare.app/open-graph-viewer/whatsapp-link-previews (opengraph.to measures ~500 KB)',
    ),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: OG_TITLE,
    description: OG_DESCRIPTION,
    image: OG_IMAGE,
    siteName: ['og:site_name'],
    imagePick: 'last',
    titleMax: cite(65, 'measured', 'https://newbedev.com/provide-an-image-for-whatsapp-link-sharing'),
    descriptionMax: cite(80, 'measured', 'https://newbedev.com/provide-an-image-for-whatsapp-link-sharing'),
    large: cite({ when: 'size', minWidth: 300, minHeight: 157, ratio: 1.91 }, 'assumed', ASSUMED),
    minImage: cite(
      { width: 200, height: 200 },
      'measured',
      'https://www.techcompare.app/open-graph-viewer/whatsapp-link-previews',
    ),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: false,
  },
  imessage: {
    id: 'imessage',
    name: 'iMessage',
    userAgent: cite(
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
      'measured',
      `${FACTS} (peter.upfold.org.uk/blog/2019/02)`,
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(10 * MIB, 'assumed', ASSUMED),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: ['og:title', '<title>'],
    description: [],
    image: ['og:image', 'og:image:url', 'twitter:image', 'link:apple-touch-icon', 'link:icon'],
    siteName: [],
    imagePick: 'first',
    titleMax: cite(70, 'assumed', ASSUMED),
    descriptionMax: cite(
      0,
      'measured',
      'Messages draws the title and the domain, no description (Mysk, mysk.blog 2020-10-25)',
    ),
    large: cite({ when: 'size', minWidth: 300, minHeight: 157, ratio: 1.91 }, 'assumed', ASSUMED),
    minImage: cite({ width: 1, height: 1 }, 'assumed', ASSUMED),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: false,
  },
  telegram: {
    id: 'telegram',
    name: 'Telegram',
    userAgent: cite('TelegramBot (like TwitterBot)', 'measured', `${FACTS} (isbot, device-detector)`),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(5 * MIB, 'measured', 'https://www.tryunfurl.com/telegram-link-preview.html'),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: OG_TITLE,
    description: OG_DESCRIPTION,
    image: OG_IMAGE,
    siteName: ['og:site_name'],
    imagePick: 'first',
    titleMax: cite(100, 'assumed', ASSUMED),
    descriptionMax: cite(200, 'assumed', ASSUMED),
    large: cite({ when: 'size', minWidth: 400, minHeight: 200, ratio: 1.91 }, 'assumed', ASSUMED),
    minImage: cite({ width: 1, height: 1 }, 'assumed', ASSUMED),
    imageTypes: cite(
      ['image/jpeg', 'image/png'],
      'measured',
      'https://www.tryunfurl.com/telegram-link-preview.html',
    ),
    themes: bothThemes,
    themeColor: false,
  },
  facebook: {
    id: 'facebook',
    name: 'Facebook / Messenger',
    userAgent: cite(
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'documented',
      'https://developers.facebook.com/docs/sharing/webmasters/web-crawlers',
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(8 * MIB, 'documented', FB_IMAGES),
    timeoutMs: cite(
      3_000,
      'documented',
      'https://developers.facebook.com/docs/sharing/webmasters/faq ("less than a few seconds")',
    ),
    robotsToken: undefined,
    title: OG_TITLE,
    description: OG_DESCRIPTION,
    image: ['og:image', 'og:image:url', 'og:image:secure_url', 'link:image_src'],
    siteName: ['og:site_name'],
    imagePick: 'first',
    titleMax: cite(88, 'measured', 'third-party feed measurements (no official figure)'),
    descriptionMax: cite(120, 'measured', 'third-party feed measurements (no official figure)'),
    large: cite({ when: 'size', minWidth: 600, minHeight: 315, ratio: 1.91 }, 'documented', FB_IMAGES),
    minImage: cite({ width: 200, height: 200 }, 'documented', FB_IMAGES),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: false,
  },
  slack: {
    id: 'slack',
    name: 'Slack',
    userAgent: cite(
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'documented',
      'https://api.slack.com/robots',
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: cite(
      32 * KIB,
      'measured',
      'https://opengraphplus.com/consumers/slack/issues/link-not-unfurling',
    ),
    imageMaxBytes: cite(5 * MIB, 'assumed', ASSUMED),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: ['oembed:title', 'og:title', 'twitter:title', '<title>'],
    description: OG_DESCRIPTION,
    image: ['oembed:thumbnail_url', ...OG_IMAGE],
    siteName: ['oembed:provider_name', 'og:site_name'],
    imagePick: 'first',
    titleMax: cite(150, 'assumed', ASSUMED),
    descriptionMax: cite(300, 'measured', 'https://previewog.com/slack-link-preview/'),
    large: cite(
      { when: 'summary_large_image', minWidth: 400, minHeight: 200, ratio: 1.91 },
      'assumed',
      ASSUMED,
    ),
    minImage: cite({ width: 1, height: 1 }, 'assumed', ASSUMED),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: false,
  },
  discord: {
    id: 'discord',
    name: 'Discord',
    userAgent: cite(
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'measured',
      `${FACTS} (isbot, device-detector)`,
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(8 * MIB, 'measured', 'https://www.opengraph.to/articles/og-image-too-large'),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: OG_TITLE,
    description: OG_DESCRIPTION,
    image: OG_IMAGE,
    siteName: ['og:site_name'],
    imagePick: 'first',
    titleMax: cite(
      256,
      'documented',
      'https://discord.com/developers/docs/resources/message#embed-object-embed-limits',
    ),
    descriptionMax: cite(
      350,
      'measured',
      'third-party measurements of link embeds (the 4096 embed limit is for bots)',
    ),
    large: cite(
      { when: 'summary_large_image', minWidth: 300, minHeight: 157, ratio: 1.91 },
      'measured',
      'twitter:card summary_large_image draws the large image (third-party guides)',
    ),
    minImage: cite({ width: 1, height: 1 }, 'assumed', ASSUMED),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: true,
  },
  linkedin: {
    id: 'linkedin',
    name: 'LinkedIn',
    userAgent: cite(
      'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
      'measured',
      `${FACTS} (isbot, device-detector)`,
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(5 * MIB, 'measured', 'https://www.opengraph.to/articles/og-image-too-large'),
    timeoutMs: assumedTimeout,
    robotsToken: cite('LinkedInBot', 'measured', 'LinkedInBot honours robots.txt (third-party guides)'),
    title: ['og:title', '<title>'],
    description: ['og:description', 'description'],
    image: ['og:image', 'og:image:url', 'og:image:secure_url', 'link:image_src'],
    siteName: ['og:site_name'],
    imagePick: 'first',
    titleMax: cite(70, 'measured', 'third-party feed measurements (no official figure)'),
    descriptionMax: cite(0, 'measured', 'the feed card shows no description (third-party measurements)'),
    large: cite(
      { when: 'size', minWidth: 1200, minHeight: 627, ratio: 1.91 },
      'measured',
      'LinkedIn Post Inspector advice as third-party guides quote it (no official page found)',
    ),
    minImage: cite({ width: 200, height: 200 }, 'measured', 'third-party guides'),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: false,
  },
  x: {
    id: 'x',
    name: 'X',
    userAgent: cite(
      'Twitterbot/1.0',
      'documented',
      'https://developer.x.com/en/docs/x-for-websites/cards/guides/getting-started',
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(5 * MIB, 'documented', X_MARKUP),
    timeoutMs: assumedTimeout,
    robotsToken: cite(
      'Twitterbot',
      'documented',
      'https://developer.x.com/en/docs/x-for-websites/cards/guides/troubleshooting-cards',
    ),
    title: ['twitter:title', 'og:title'],
    description: ['twitter:description', 'og:description'],
    image: ['twitter:image', 'twitter:image:src', 'og:image', 'og:image:url'],
    siteName: ['twitter:site'],
    imagePick: 'first',
    titleMax: cite(70, 'documented', X_MARKUP),
    descriptionMax: cite(200, 'documented', X_MARKUP),
    large: cite(
      { when: 'summary_large_image', minWidth: 300, minHeight: 157, ratio: 2 },
      'documented',
      X_LARGE,
    ),
    minImage: cite(
      { width: 144, height: 144 },
      'documented',
      'https://developer.x.com/en/docs/x-for-websites/cards/overview/summary',
    ),
    imageTypes: cite(['image/jpeg', 'image/png', 'image/webp', 'image/gif'], 'documented', X_MARKUP),
    themes: bothThemes,
    themeColor: false,
  },
  signal: {
    id: 'signal',
    name: 'Signal',
    userAgent: cite('WhatsApp/2', 'source', SIGNAL_SOURCE),
    redirects: cite(19, 'source', `${SIGNAL_SOURCE} (MAX_REQUEST_COUNT_WITH_REDIRECTS = 20 requests)`),
    httpsOnly: true,
    htmlBytes: cite(1000 * KIB, 'source', `${SIGNAL_SOURCE} (MAX_HTML_BYTES_TO_LOAD)`),
    imageMaxBytes: cite(1 * MIB, 'source', `${SIGNAL_SOURCE} (MAX_IMAGE_CONTENT_LENGTH)`),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: ['og:title', '<title>'],
    description: ['og:description', 'description'],
    image: [
      'og:image',
      'og:image:url',
      'link:apple-touch-icon',
      'link:apple-touch-icon-precomposed',
      'link:shortcut icon',
      'link:icon',
    ],
    siteName: [],
    imagePick: 'first',
    titleMax: cite(80, 'assumed', ASSUMED),
    descriptionMax: cite(120, 'assumed', ASSUMED),
    large: cite({ when: 'size', minWidth: 300, minHeight: 157, ratio: 1.91 }, 'assumed', ASSUMED),
    minImage: cite({ width: 1, height: 1 }, 'source', `${SIGNAL_SOURCE} (MIN_IMAGE_CONTENT_LENGTH: 8 bytes)`),
    imageTypes: cite(
      ['image/gif', 'image/x-icon', 'image/vnd.microsoft.icon', 'image/jpeg', 'image/png', 'image/webp'],
      'source',
      `${SIGNAL_SOURCE} (VALID_IMAGE_MIME_TYPES)`,
    ),
    themes: bothThemes,
    themeColor: false,
  },
  googlemessages: {
    id: 'googlemessages',
    name: 'Google Messages',
    userAgent: cite(
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
      'assumed',
      `${FACTS}: no Google Messages fetcher string is public; the lab sends a phone's browser agent`,
    ),
    redirects: assumedRedirects,
    httpsOnly: false,
    htmlBytes: assumedHtml,
    imageMaxBytes: cite(5 * MIB, 'assumed', ASSUMED),
    timeoutMs: assumedTimeout,
    robotsToken: undefined,
    title: OG_TITLE,
    description: OG_DESCRIPTION,
    image: OG_IMAGE,
    siteName: ['og:site_name'],
    imagePick: 'first',
    titleMax: cite(60, 'assumed', ASSUMED),
    descriptionMax: cite(0, 'assumed', ASSUMED),
    large: cite({ when: 'size', minWidth: 300, minHeight: 157, ratio: 1.91 }, 'assumed', ASSUMED),
    minImage: cite({ width: 1, height: 1 }, 'assumed', ASSUMED),
    imageTypes: undefined,
    themes: bothThemes,
    themeColor: false,
  },
};

export function isPreviewAppId(value: string): value is PreviewAppId {
  return (PREVIEW_APP_IDS as readonly string[]).includes(value);
}

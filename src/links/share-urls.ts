import { encodeComponent } from './encode-component.js';
import { LinkInputError } from './link-input-error.js';

/** The channels a share kit can make a variant for, one slug each so a click proves its channel. */
export const SHARE_CHANNELS = [
  'whatsapp',
  'messenger',
  'telegram',
  'signal',
  'sms',
  'email',
  'slack',
  'discord',
  'teams',
  'linkedin',
  'x',
  'facebook',
  'reddit',
  'bluesky',
  'mastodon',
  'threads',
  'line',
  'viber',
  'copy',
  'qr',
] as const;

export type ShareChannel = (typeof SHARE_CHANNELS)[number];

const CHANNELS: ReadonlySet<string> = new Set(SHARE_CHANNELS);

export function isShareChannel(value: string): value is ShareChannel {
  return CHANNELS.has(value);
}

export interface ShareInput {
  /** The (short) URL to share; absolute http(s). */
  url: string;
  /** Used as the message text, and as the subject where the app has one (e-mail, Reddit). */
  title?: string | undefined;
  /** Message text to use instead of the title. */
  text?: string | undefined;
  /** A Facebook app id: Messenger then gets the web Send Dialog instead of the app-only scheme. */
  messengerAppId?: string | undefined;
  /** Where the Send Dialog returns to (required by Facebook with an app id); defaults to `url`. */
  messengerRedirectUri?: string | undefined;
}

/**
 * A ready-to-use share URL that opens `channel`'s composer with the link (and message) filled in,
 * or `null` where the app has no share endpoint (Signal, Slack, Discord) or the channel is not an
 * app (copy, QR): the caller then offers the short URL to copy. Every value is percent-encoded
 * (`encodeComponent`), so a space is `%20`, never `+` (RFC 3986 §2.1; RFC 6068 §5).
 */
export function shareUrlFor(channel: ShareChannel, input: ShareInput): string | null {
  checkUrl(input.url);
  return SHARE_URL_BUILDERS[channel](input);
}

type ShareUrlBuilder = (input: ShareInput) => string | null;

const SHARE_URL_BUILDERS: Readonly<Record<ShareChannel, ShareUrlBuilder>> = {
  // WhatsApp FAQ "How to use click to chat": https://wa.me/?text=urlencodedtext opens the
  // contact picker with the text pre-filled (no phone number = the user picks the chat).
  whatsapp: (input) => `https://wa.me/?${query({ text: messageWithUrl(input) })}`,
  messenger: messengerUrl,
  // Telegram "Sharing Button", custom buttons: https://t.me/share/url?url={url}&text={text},
  // "Both values should be URL-encoded" (core.telegram.org/widgets/share).
  telegram: (input) => `https://t.me/share/url?${query({ url: input.url, text: message(input) })}`,
  // Signal has no share URL (sgnl:// only opens group and contact links).
  signal: () => null,
  sms: smsUrl,
  email: emailUrl,
  // Slack has no compose-with-text URL for arbitrary links (only app-specific deep links).
  slack: () => null,
  // Discord has no share endpoint.
  discord: () => null,
  // Microsoft Learn "Share to Teams from web apps": launcher.js opens this page with the button's
  // data-href and data-msg-text; the URL form itself is what the launcher builds.
  teams: (input) =>
    `https://teams.microsoft.com/share?${query({ href: input.url, msgText: message(input) })}`,
  // LinkedIn reads title and description from the page's Open Graph tags; only `url` is taken.
  linkedin: (input) => `https://www.linkedin.com/sharing/share-offsite/?${query({ url: input.url })}`,
  // X developer docs "Web Intent": https://x.com/intent/tweet with `text` and `url`
  // (docs.x.com/x-for-websites/post-button/guides/web-intent).
  x: (input) => `https://x.com/intent/tweet?${query({ text: message(input), url: input.url })}`,
  // Facebook's sharer takes the URL only and reads the rest from Open Graph tags.
  facebook: (input) => `https://www.facebook.com/sharer/sharer.php?${query({ u: input.url })}`,
  // Reddit's submit page pre-fills `url` and `title` (not in Reddit's API docs; the form's own fields).
  reddit: (input) =>
    `https://www.reddit.com/submit?${query({ url: input.url, title: nonEmpty(input.title) ?? input.text })}`,
  // Bluesky docs "Action Intent Links": https://bsky.app/intent/compose with one `text` parameter.
  bluesky: (input) => `https://bsky.app/intent/compose?${query({ text: messageWithUrl(input) })}`,
  // Mastodon's official share page (blog.joinmastodon.org, "A new Share button", 2026-03) picks
  // the user's server in the browser, without tracking; it takes one `text` parameter.
  mastodon: (input) => `https://share.joinmastodon.org/?${query({ text: messageWithUrl(input) })}`,
  // Meta "Threads Web Intents": https://www.threads.com/intent/post with optional `text` and `url`.
  threads: (input) =>
    `https://www.threads.com/intent/post?${query({ text: message(input), url: input.url })}`,
  // LINE Developers "Using Share buttons", custom icons:
  // https://social-plugins.line.me/lineit/share?url=…&text=…
  line: (input) =>
    `https://social-plugins.line.me/lineit/share?${query({ url: input.url, text: message(input) })}`,
  // Viber's share button (developers.viber.com/docs/tools/share-button) opens viber://forward?text=.
  viber: (input) => `viber://forward?${query({ text: messageWithUrl(input) })}`,
  copy: () => null,
  qr: () => null,
};

/**
 * Facebook "Send Dialog" (developers.facebook.com/docs/sharing/reference/send-dialog) needs an
 * app id and a redirect_uri, and is not supported on mobile; without an app id we use the
 * Messenger app's own `fb-messenger://share/?link=` scheme, which works on phones only.
 */
function messengerUrl(input: ShareInput): string {
  if (input.messengerAppId) {
    const redirect = input.messengerRedirectUri ?? input.url;
    return `https://www.facebook.com/dialog/send?${query({ app_id: input.messengerAppId, link: input.url, redirect_uri: redirect })}`;
  }
  return `fb-messenger://share/?${query({ link: input.url })}`;
}

/**
 * RFC 5724 §2.2 writes `sms:?body=…`, but iOS 8 and later read `sms:&body=…`; `sms:?&body=…`
 * is understood by both (the `?` starts the query Android expects, the `&` is what iOS looks for).
 */
function smsUrl(input: ShareInput): string {
  return `sms:?&body=${encodeComponent(messageWithUrl(input))}`;
}

/** RFC 6068: `mailto:?subject=…&body=…`; line breaks in the body are CRLF, encoded `%0D%0A` (§5). */
function emailUrl(input: ShareInput): string {
  const text = nonEmpty(input.text);
  const body = text ? `${text}\r\n\r\n${input.url}` : input.url;
  return `mailto:?${query({ subject: input.title, body })}`;
}

/** The message text: the explicit text, else the title. */
function message(input: ShareInput): string | undefined {
  return nonEmpty(input.text) ?? nonEmpty(input.title);
}

/** For apps with one text field: the message, a space, then the URL (which the app links). */
function messageWithUrl(input: ShareInput): string {
  const text = message(input);
  return text ? `${text} ${input.url}` : input.url;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `a=1&b=2`, values percent-encoded, absent or blank values left out. */
function query(params: Readonly<Record<string, string | undefined>>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const present = nonEmpty(value);
    if (present !== undefined) pairs.push(`${name}=${encodeComponent(present)}`);
  }
  return pairs.join('&');
}

function checkUrl(url: string): void {
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new LinkInputError(
      'share_url_invalid',
      'The URL to share must be a complete http:// or https:// address.',
      'url',
    );
  }
}

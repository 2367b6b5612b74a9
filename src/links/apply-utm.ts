import { encodeComponent } from './encode-component.js';
import { LinkInputError } from './link-input-error.js';
import { validateUtm } from './validate-utm.js';

/**
 * `utm_medium` per share channel, in the vocabulary of DESIGN.md §3 (dark social: `messaging`,
 * `email`, `sms`, `qr`, `copy-paste`; the public networks: `social`).
 */
export const UTM_MEDIUM_BY_CHANNEL: ReadonlyMap<string, string> = new Map([
  ['whatsapp', 'messaging'],
  ['messenger', 'messaging'],
  ['telegram', 'messaging'],
  ['signal', 'messaging'],
  ['slack', 'messaging'],
  ['discord', 'messaging'],
  ['teams', 'messaging'],
  ['line', 'messaging'],
  ['viber', 'messaging'],
  ['email', 'email'],
  ['sms', 'sms'],
  ['linkedin', 'social'],
  ['x', 'social'],
  ['facebook', 'social'],
  ['reddit', 'social'],
  ['bluesky', 'social'],
  ['mastodon', 'social'],
  ['threads', 'social'],
  ['qr', 'qr'],
  ['copy', 'copy-paste'],
]);

/** The conventional order (Google's Campaign URL Builder); other `utm_*` keys follow. */
const UTM_ORDER = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id'];

/**
 * `target` with the template's `utm_*` parameters added, plus `utm_source=<channel>` and the
 * channel's `utm_medium` for a share-kit variant (`channel` non-null). Parameters the target
 * already has always win, and the template's own `utm_source`/`utm_medium` win over the channel's.
 * The target's existing query and fragment are kept byte for byte: new pairs are appended.
 */
export function applyUtm(target: string, utm: Record<string, string>, channel: string | null): string {
  const url = parseTarget(target);
  const present = new URLSearchParams(url.search);
  const additions = [...campaignParams(validateUtm(utm), channel)].filter(([key]) => !present.has(key));
  if (additions.length === 0) return url.href;
  const encoded = additions.map(([key, value]) => `${key}=${encodeComponent(value)}`).join('&');
  const query = url.search.slice(1);
  url.search = query ? `${query}&${encoded}` : encoded;
  return url.href;
}

function campaignParams(template: Record<string, string>, channel: string | null): Map<string, string> {
  const params = new Map(Object.entries(template));
  if (channel !== null) {
    if (!params.has('utm_source')) params.set('utm_source', channel);
    const medium = UTM_MEDIUM_BY_CHANNEL.get(channel);
    if (medium !== undefined && !params.has('utm_medium')) params.set('utm_medium', medium);
  }
  return new Map([...params].sort(([a], [b]) => rank(a) - rank(b)));
}

function rank(key: string): number {
  const index = UTM_ORDER.indexOf(key);
  return index < 0 ? UTM_ORDER.length : index;
}

function parseTarget(target: string): URL {
  try {
    return new URL(target);
  } catch {
    throw new LinkInputError(
      'target_invalid',
      'The target is not a complete web address. Write it in full, starting with https://.',
      'target',
    );
  }
}

/**
 * Penumbra's page snippet. The contract with the server is docs/tracking-protocol.md; this file
 * follows it field by field. Built by scripts/build-tracker.mjs (esbuild: IIFE, ES2017, minified)
 * into dist/tracker/p.js; test/tracker/size.test.ts keeps it at or under 2,048 bytes gzipped, so
 * the code prefers short forms and shared helpers over ceremony.
 *
 * It stores nothing (no cookies, no Web Storage) except the opt-out flag, sends no text and no
 * fingerprint, and keeps only allow-listed query parameters in the URLs it sends.
 */
export {};

type Props = Record<string, string | number | boolean | { amount: number; currency: string }>;

/** One event body (docs/tracking-protocol.md, "Events"). */
interface Payload {
  s: string;
  t: 'pageview' | 'event' | 'copy' | 'share' | 'outbound';
  u: string;
  r?: string | undefined;
  k?: string | undefined;
  n?: string;
  p?: Props;
  v?: number;
  g?: string[] | undefined;
  c?: 1 | undefined;
}

type OnAnswer = (answer: { k?: unknown }) => void;

const win = window as unknown as Window & { penumbra?: object & { q?: ArrayLike<unknown>[] } };
const doc = document as Document & { prerendering?: boolean };
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const loc = location;
const hist = history;

// `currentScript` is this <script> while a classic script (defer or async too) first runs (HTML §8.1).
const script = doc.currentScript as HTMLScriptElement;
const data = script.dataset;
const site = data.site || loc.hostname;
const endpoint = data.api || new URL('/api/event', script.src).href;
const mode = data.mode;
const respectDnt = data.respectDnt === 'true';
const tokensOnHash = data.tokensOnHash === 'true';
// Strict mode writes no tokens into the address bar (protocol, "Share tokens").
const writeTokens = data.tokens !== 'false' && mode !== 'strict';
const extraParams = (data.params || '').split(/[\s,]+/);

/**
 * The query parameters the classifier reads: utm_*, and the ad click ids gclid, dclid, fbclid,
 * ttclid, twclid, gbraid, wbraid, msclkid, li_fat_id, igshid.
 */
const KEPT_PARAM = /^(utm_.+|(g|d|fb|tt|tw)clid|[gw]braid|msclkid|li_fat_id|igshid)$/;
const TOKEN = /(^|&)pn=([a-z0-9.-]+)/;
const IGNORE_KEY = 'penumbra_ignore';
/** In-app browser globals the classifier knows (src/classify/in-app-browsers.ts). */
const globals = ['TelegramWebview', 'TelegramWebviewProxy', 'TelegramWebviewProxyProto'].filter(
  (name) => name in win,
);
const noop = () => {};

/** 1 once the visitor consented in consented mode (sent as `c`); never stored. */
let consented: 1 | undefined;
/** The page (URL without fragment) of the last page view: SPA hooks count only real changes. */
let lastPage = '';
/** The share token arrived with (`#pn=…` on a fresh navigation): this visit's parent in the chain. */
let arrival: string | undefined;
/** This page's own token (the server's answer), which share buttons derive theirs from. */
let visitToken: string | undefined;

/** A URL as sent: no fragment, and only allow-listed query parameters. */
function clean(href: string): string {
  const url = new URL(href);
  const params = url.searchParams;
  // A copy of the names: deleting while iterating would skip entries.
  for (const name of [...params.keys()]) {
    if (!KEPT_PARAM.test(name) && extraParams.indexOf(name) < 0) params.delete(name);
  }
  url.hash = '';
  return url.href;
}

/** This page's URL without its fragment. */
const currentPage = () => loc.href.replace(/#.*/, '');
/**
 * Today's UTC date as `yyyymmdd`, the last part of aggregate and share-button tokens (`toJSON` is
 * `toISOString` under a shorter name, ECMA-262 Date.prototype.toJSON).
 */
const today = () => new Date().toJSON().replace(/-|T.*/g, '');
/** The share token in the address bar's fragment, if any. */
const tokenInHash = () => (TOKEN.exec(loc.hash.slice(1)) || [])[2];

/**
 * Reads the opt-out flag, after setting ('1') or removing ('') it; storage can throw when blocked.
 * Storage's named properties are its items (HTML §12.2.1): shorter than getItem/setItem/removeItem.
 */
function optOutFlag(value?: string) {
  try {
    if (value) localStorage[IGNORE_KEY] = value;
    else if (value === '') delete localStorage[IGNORE_KEY];
    return localStorage[IGNORE_KEY];
  } catch {}
}

/**
 * Whether to stay silent: the visitor opted out, or the site honours Do Not Track
 * (`navigator.doNotTrack`, MDN) or Global Privacy Control (`navigator.globalPrivacyControl`, GPC spec).
 */
const silent = () =>
  optOutFlag() === '1' || (respectDnt && (nav.doNotTrack === '1' || nav.globalPrivacyControl));

function send(type: Payload['t'], fields: Omit<Payload, 's' | 't' | 'u'>, onAnswer?: OnAnswer) {
  if (silent()) return;
  // A string body goes as text/plain: a CORS "simple request", no preflight (Fetch, CORS protocol).
  // Object.assign, not a spread: ES2017 output would carry esbuild's spread helper.
  const body = JSON.stringify(
    Object.assign({ s: site, t: type, u: clean(loc.href), c: consented } as Payload, fields),
  );
  // Page views need the answer (the token); the rest go by beacon, which outlives the page.
  if (onAnswer || !nav.sendBeacon(endpoint, body)) {
    fetch(endpoint, { method: 'POST', body, keepalive: true })
      .then((response) => response.json())
      .then(onAnswer)
      .catch(noop);
  }
}

/**
 * This page's URL with `token` in its fragment, or '' when the fragment belongs to the page
 * (anchors, hash routers). A `pn=` already there is ours and is replaced; with data-tokens-on-hash a
 * `#key=value` fragment gets `&pn=` appended; nothing else is ever rewritten.
 */
function withToken(token: string): string {
  const hash = loc.hash.slice(1);
  const pair = `pn=${token}`;
  const fragment = TOKEN.test(hash)
    ? hash.replace(TOKEN, `$1${pair}`)
    : !hash
      ? pair
      : tokensOnHash && /^[\w.-]+=[^/?]*$/.test(hash)
        ? `${hash}&${pair}`
        : '';
  return fragment && `${currentPage()}#${fragment}`;
}

/**
 * A share button's token `b.<gen>.<channel>.<origin>.<day or id>`: the generation and chain origin
 * of this visit from its own token; else from the token it arrived with, one generation on; else
 * those of a first visit (-1 + 1 = generation 0, origin `direct`), with today's UTC date.
 */
function shareToken(channel: string): string {
  const own = visitToken;
  const parts = (own || arrival || 'a.-1.direct').split('.');
  if (parts[0] === 'b') parts.splice(2, 1);
  return ['b', +(parts[1] as string) + (own ? 0 : 1), channel, parts[2], own ? parts[3] : today()].join('.');
}

/**
 * Makes `token` this page's own and writes it into the address bar. A per-view `c` token only
 * while consent lasts: once withdrawn it becomes the page's aggregate `a` token (same generation
 * and origin, today's date), so no per-view id is shared on from then on (protocol, "Consent").
 */
function adopt(token: string) {
  visitToken = consented ? token : token.replace(/^c(.*\.).*/, `a$1${today()}`);
  const tokened = writeTokens && withToken(visitToken);
  // replaceState changes the fragment without a navigation or a history entry (HTML §7.4).
  if (tokened) replaceState.call(hist, hist.state, '', tokened);
}

function pageview(referrer: string, token?: string) {
  const page = currentPage();
  lastPage = page;
  // A token already in the address bar that is not an arrival (reload, back-forward, an SPA route
  // that kept it) is this visit's own: keep it, so the chain's generation does not grow.
  const kept = token ? '' : tokenInHash();
  visitToken = kept || visitToken;
  send(
    'pageview',
    { r: referrer ? clean(referrer) : undefined, k: token, g: globals[0] ? globals : undefined },
    ({ k: given }) => {
      // A well-formed token only, and not once the visitor has moved to another page.
      if (!kept && /^[a-c]\.[a-z0-9.-]+$/.test(given as string) && currentPage() === page)
        adopt(given as string);
    },
  );
}

const replaceState = hist.replaceState;

/** SPA navigation: a page view when the URL without its fragment changed. */
function onRouteChange() {
  // The referrer of an SPA page is the previous page, as a full navigation would report it.
  if (currentPage() !== lastPage) pageview(lastPage);
}

/** Composer URLs: U is the URL to share, T the page title (the formats of src/links/share-urls.ts). */
const SHARE_URLS: Record<string, string> = {
  whatsapp: 'https://wa.me/?text=T%20U',
  telegram: 'https://t.me/share/url?url=U&text=T',
  messenger: 'fb-messenger://share/?link=U',
  sms: 'sms:?&body=T%20U',
  email: 'mailto:?subject=T&body=U',
  linkedin: 'https://www.linkedin.com/sharing/share-offsite/?url=U',
  x: 'https://x.com/intent/tweet?text=T&url=U',
  facebook: 'https://www.facebook.com/sharer/sharer.php?u=U',
};

function share(channel: string) {
  // No token when the visitor is not measured: the button still shares, untracked.
  // Strict mode writes no tokens, share buttons' included (protocol, "Share tokens").
  const url = (!silent() && writeTokens && withToken(shareToken(channel))) || loc.href;
  send('share', { n: channel });
  const template = SHARE_URLS[channel];
  if (template) {
    const target = template.replace(/[TU]/g, (slot) => encodeURIComponent(slot === 'U' ? url : doc.title));
    // Web composers open in a new tab; app schemes (mailto:, sms:, fb-messenger:) hand over to
    // their app from this one, as a link to them would.
    open(target, /^https/.test(target) ? '_blank' : '_self', 'noopener');
  } else if (channel === 'native' && nav.share) {
    // Web Share API (MDN navigator.share); a cancelled sheet rejects and is left alone.
    nav.share({ url, title: doc.title }).catch(noop);
  } else {
    // copy, signal (no share URL), native without Web Share: the async Clipboard API, and where
    // it is missing or refused, a prompt showing the URL to copy by hand.
    (nav.clipboard ? nav.clipboard.writeText(url) : Promise.reject()).catch(() => prompt('', url));
  }
}

function onClick(event: MouseEvent) {
  const target = event.target as Element;
  const button = target.closest('[data-penumbra-share]') as HTMLElement | null;
  const link = target.closest('a[href]') as HTMLAnchorElement | null;
  if (button) {
    if (event.type === 'click') {
      event.preventDefault();
      share(button.dataset.penumbraShare as string);
    }
    // `auxclick` adds the middle button (new tab); button 2 is the context menu.
  } else if (link && event.button < 2 && /^http/.test(link.protocol) && link.host !== loc.host) {
    if (data.outbound !== 'false') send('outbound', { n: link.host });
  }
}

function onCopy() {
  // Only the length of the selection leaves the page. Firefox leaves text selected inside <input>
  // and <textarea> out of getSelection() (MDN Selection.toString): such copies count as bucket 1.
  const length = `${getSelection()}`.length;
  send('copy', { v: length < 20 ? 1 : length < 100 ? 2 : length < 500 ? 3 : 4 });
}

const methods: Record<string, (a?: unknown) => void> = {
  optOut: () => optOutFlag('1'),
  optIn: () => optOutFlag(''),
  consent: (given) => {
    // Withdrawn: stops at once — the next events carry no `c`, and this page's per-view token goes.
    consented = given && mode === 'consented' ? 1 : undefined;
    if (!consented && visitToken) adopt(visitToken);
  },
};

/**
 * `penumbra('event', name, props)`; the queue may also hold `penumbra('consent', true)` and the like.
 * A `revenue: {amount, currency}` prop goes as it is: the server takes it out of the props and
 * checks it (protocol, "Revenue"). Doing that here cost 31 of the budget's last 18 bytes.
 */
const api = Object.assign((command: string, a?: unknown, b?: unknown) => {
  if (command === 'event') send('event', { n: `${a}`.slice(0, 100), p: b as Props });
  else (methods[command] || noop)(a);
}, methods);

function start() {
  // biome-ignore lint/complexity/useOptionalChain: `?.` compiles to longer ES2017 (size budget).
  const queue = (win.penumbra || {}).q || [];
  win.penumbra = api;
  // Calls made before this script ran, in order: consent queued there applies to the first page view.
  for (const args of queue) api.apply(0, args as Parameters<typeof api>);
  // A token in the address bar is an arrival only on a fresh navigation, not on a reload or a
  // back-forward load of a page whose token we wrote (Navigation Timing 2, `type`).
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (!navigation || !/^(reload|back)/.test(navigation.type)) arrival = tokenInHash();
  // Penumbra's opt-out page links back here with #penumbra-opt-out: the flag lives in this site's
  // storage, which only a script of this origin can write. That view is not sent; the fragment is
  // removed without a history entry (protocol, "Opting out"). No fragment opts back in: any page
  // could link one and undo a visitor's objection (GDPR Art. 21) behind their back.
  if (loc.hash === '#penumbra-opt-out') {
    optOutFlag('1');
    lastPage = currentPage();
    replaceState.call(hist, hist.state, '', lastPage);
  } else pageview(doc.referrer, arrival);

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = hist[method];
    hist[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      onRouteChange();
    };
  }
  addEventListener('popstate', onRouteChange);
  // A page restored from the back-forward cache runs no script again: count it here (MDN pageshow).
  addEventListener('pageshow', (event) => event.persisted && pageview(doc.referrer));
  // Capture phase, so a site handler that stops propagation does not hide the click.
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('auxclick', onClick, true);
  if (data.copy !== 'false') doc.addEventListener('copy', onCopy);
}

// A prerendered page is not seen until it is activated: count it then (MDN Document.prerendering).
if (doc.prerendering) doc.addEventListener('prerenderingchange', start, { once: true });
else start();

/**
 * The snippet in a real browser against the fake collector (test/tracker/browser.ts): every
 * behaviour docs/tracking-protocol.md asks of it. One Chromium per file, a fresh context per test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CollectedEvent,
  evaluate,
  type FakeCollector,
  type FakeCollectorOptions,
  launchBrowser,
  startFakeCollector,
  startTestSite,
  type TestSite,
  utcDay,
  waitUntil,
} from './browser.js';

let browser: Browser;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await browser?.close();
});

interface Setup {
  collector: FakeCollector;
  site: TestSite;
  context: BrowserContext;
  page: Page;
}

interface SetupOptions {
  /** The snippet tag's data-* attributes (without `data-`). */
  data?: Record<string, string>;
  /** Script run in the page before the snippet loads (queued calls). */
  beforeSnippet?: string;
  /** Script run in every page of the context before any of the page's own (navigator overrides). */
  initScript?: string;
  collector?: FakeCollectorOptions;
}

/** A collector, a site loading the snippet from it, and a fresh browser context with one page. */
async function setUp(options: SetupOptions = {}): Promise<Setup> {
  const collector = await startFakeCollector(options.collector);
  cleanups.push(() => collector.close());
  const site = await startTestSite({
    snippetUrl: collector.snippetUrl,
    ...(options.data && { data: options.data }),
    ...(options.beforeSnippet && { beforeSnippet: options.beforeSnippet }),
  });
  cleanups.push(() => site.close());
  const context = await browser.newContext();
  cleanups.push(() => context.close());
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  return { collector, site, context, page };
}

const isPageview = (event: CollectedEvent) => event.body.t === 'pageview';

/** Waits until the snippet has replaced the queue stub with its API. */
function snippetReady(page: Page): Promise<boolean> {
  return waitUntil(
    () => evaluate<boolean>(page, "typeof penumbra === 'function' && 'optOut' in penumbra"),
    'the snippet to load',
  );
}

/** Waits until the address bar's fragment holds a share token, and returns the token. */
function tokenInAddressBar(page: Page): Promise<string> {
  return waitUntil(async () => {
    const hash = await evaluate<string>(page, 'location.hash');
    return /[#&]pn=([a-z0-9.-]+)/.exec(hash)?.[1];
  }, 'a share token in the address bar');
}

/** A page opened with a token shows it until the snippet's answer replaces it: wait for that. */
function tokenBecomes(page: Page, expected: string): Promise<string> {
  return waitUntil(async () => {
    const token = await tokenInAddressBar(page);
    return token === expected ? token : undefined;
  }, `the token ${expected}`);
}

/** Time for a request that should not happen to show up, after a positive check proved the snippet ran. */
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes window.open record its calls instead of opening anything. */
const RECORD_WINDOW_OPEN = `window.__opened = [];
window.open = function (url, target) { window.__opened.push({ url: String(url), target: target }); return null; };`;

const TODAY = utcDay();

describe('page views', () => {
  it('sends a page view with the protocol fields over a simple request, and stores nothing', async () => {
    const { collector, site, context, page } = await setUp();
    await page.goto(site.url('/article'), { referer: 'https://news.example/story?id=4711#comments' });
    const [event] = await collector.waitFor(isPageview);

    expect(event?.body).toEqual({
      s: 'test.example',
      t: 'pageview',
      u: site.url('/article'),
      r: 'https://news.example/story',
    });
    expect(event?.headers['content-type']).toMatch(/^text\/plain/);
    expect(event?.headers.origin).toBe(site.origin);
    expect(event?.headers.cookie).toBeUndefined();
    expect(collector.preflights).toEqual([]);
    expect(collector.rejected).toEqual([]);

    await tokenInAddressBar(page);
    const stored = await evaluate(page, '[document.cookie, localStorage.length, sessionStorage.length]');
    expect(stored).toEqual(['', 0, 0]);
    expect(await context.cookies()).toEqual([]);
  });

  it('keeps only allow-listed query parameters (and data-params) in u', async () => {
    const { collector, site, page } = await setUp({ data: { params: 'ref, lang' } });
    const query =
      'utm_source=news&secret=s3cr3t&utm_campaign=spring&email=a%40b.example&gclid=g1&fbclid=f1&ref=home&page=2';
    await page.goto(site.url(`/article?${query}`));
    const [event] = await collector.waitFor(isPageview);
    expect(event?.body.u).toBe(
      site.url('/article?utm_source=news&utm_campaign=spring&gclid=g1&fbclid=f1&ref=home'),
    );
    // The page's own URL is left as it was, apart from the token in the fragment.
    await tokenInAddressBar(page);
    expect(page.url()).toBe(site.url(`/article?${query}#pn=a.0.direct.${TODAY}`));
  });

  it('counts SPA navigations once per URL change, and never its own token writes', async () => {
    const { collector, site, page } = await setUp();
    await page.goto(site.url('/spa'));
    await tokenInAddressBar(page);

    await page.click('a[href="/spa/one"]');
    await collector.waitFor(isPageview, 2);
    await tokenInAddressBar(page);
    // An app's replaceState of the same URL, and a fragment-only pushState, are not page views.
    await evaluate(page, "history.replaceState({ tab: 1 }, '', location.href)");
    await evaluate(page, "history.pushState(null, '', '#tab')");
    await page.click('a[href="/spa/two"]');
    await collector.waitFor(isPageview, 3);
    await tokenInAddressBar(page);
    // Back to /spa/one#tab: popstate.
    await page.goBack({ waitUntil: 'commit' });
    const views = await collector.waitFor(isPageview, 4);
    await settle();

    expect(collector.ofType('pageview').map((event) => [event.body.u, event.body.r])).toEqual([
      [site.url('/spa'), undefined],
      [site.url('/spa/one'), site.url('/spa')],
      [site.url('/spa/two'), site.url('/spa/one')],
      [site.url('/spa/one'), site.url('/spa/two')],
    ]);
    expect(views.every((event) => event.body.k === undefined)).toBe(true);
  });

  it('counts a page restored from the back-forward cache (pageshow, persisted)', async () => {
    const { collector, site, page } = await setUp();
    await page.goto(site.url('/article'));
    const token = await tokenInAddressBar(page);
    await evaluate(page, 'window.__notReloaded = true');
    await page.click('#next');
    await collector.waitFor(isPageview, 2);
    await page.goBack({ waitUntil: 'commit' });
    const views = await collector.waitFor(isPageview, 3);

    expect(await evaluate(page, 'window.__notReloaded')).toBe(true); // restored, not loaded again
    expect(views[2]?.body.u).toBe(site.url('/article'));
    // The token in the address bar is this visit's own: not sent as an arrival, not replaced.
    expect(views[2]?.body.k).toBeUndefined();
    await settle();
    expect(await tokenInAddressBar(page)).toBe(token);
  });

  it('sends the Telegram web-view globals as g', async () => {
    const { collector, site, page } = await setUp({
      initScript:
        'window.TelegramWebviewProxy = { postEvent() {} }; window.TelegramWebviewProxyProto = function () {};',
    });
    await page.goto(site.url('/article'));
    const [event] = await collector.waitFor(isPageview);
    expect(event?.body.g).toEqual(['TelegramWebviewProxy', 'TelegramWebviewProxyProto']);
  });
});

describe('share tokens in the address bar', () => {
  it('writes the answer as #pn=a.0.direct.<yyyymmdd>', async () => {
    const { collector, site, page } = await setUp({ initScript: 'window.__historyLength = history.length;' });
    await page.goto(site.url('/article'));
    const [event] = await collector.waitFor(isPageview);
    expect(event?.answer?.k).toBe(`a.0.direct.${TODAY}`);
    expect(await tokenInAddressBar(page)).toBe(`a.0.direct.${TODAY}`);
    // Replaced, not pushed: the Back button still leaves the page.
    expect(await evaluate(page, 'history.length === window.__historyLength')).toBe(true);
  });

  it('sends an arrival token as k and moves one generation on; a reload changes nothing', async () => {
    const first = await setUp();
    await first.page.goto(first.site.url('/article'));
    const token = await tokenInAddressBar(first.page);
    const sharedUrl = first.page.url();

    const context = await browser.newContext();
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(sharedUrl);
    const views = await first.collector.waitFor(isPageview, 2);
    expect(views[1]?.body.k).toBe(token);
    expect(views[1]?.body.u).toBe(first.site.url('/article'));
    expect(await tokenBecomes(page, `a.1.direct.${TODAY}`)).toBe(`a.1.direct.${TODAY}`);

    await page.reload();
    const afterReload = await first.collector.waitFor(isPageview, 3);
    expect(afterReload[2]?.body.k).toBeUndefined();
    await settle();
    expect(await tokenInAddressBar(page)).toBe(`a.1.direct.${TODAY}`);
  });

  it('leaves a page with its own fragment alone', async () => {
    const { collector, site, page } = await setUp();
    await page.goto(site.url('/anchors#section'));
    const [event] = await collector.waitFor(isPageview);
    expect(event?.answer?.k).toBeTruthy();
    await settle();
    expect(await evaluate(page, 'location.hash')).toBe('#section');
  });

  it('with data-tokens-on-hash, appends &pn= to a key=value fragment only', async () => {
    const { collector, site, page } = await setUp({ data: { 'tokens-on-hash': 'true' } });
    await page.goto(site.url('/anchors#view=map&zoom=3'));
    await collector.waitFor(isPageview);
    expect(await tokenInAddressBar(page)).toBe(`a.0.direct.${TODAY}`);
    expect(await evaluate(page, 'location.hash')).toBe(`#view=map&zoom=3&pn=a.0.direct.${TODAY}`);

    await page.goto(site.url('/article#section'));
    await collector.waitFor(isPageview, 2);
    await settle();
    expect(await evaluate(page, 'location.hash')).toBe('#section');
  });

  it('writes no token in strict mode or with data-tokens="false"', async () => {
    for (const data of [{ mode: 'strict' }, { tokens: 'false' }]) {
      const { collector, site, page } = await setUp({ data });
      await page.goto(site.url('/article'));
      const [event] = await collector.waitFor(isPageview);
      expect(event?.answer?.k).toBeTruthy(); // even when the server answers with one
      await settle(200);
      expect(await evaluate(page, 'location.hash')).toBe('');
    }
  });
});

describe('events', () => {
  it('sends custom events queued by the stub before load, and called after it', async () => {
    const { collector, site, page } = await setUp({
      beforeSnippet: "penumbra('event', 'signup', { plan: 'pro', seats: 3, trial: true });",
    });
    await page.goto(site.url('/article'));
    const [queued] = await collector.waitFor((event) => event.body.t === 'event');
    expect(queued?.body).toEqual({
      s: 'test.example',
      t: 'event',
      u: site.url('/article'),
      n: 'signup',
      p: { plan: 'pro', seats: 3, trial: true },
    });
    expect(queued?.headers['content-type']).toMatch(/^text\/plain/);

    await evaluate(page, "penumbra('event', 'x'.repeat(150))");
    const events = await collector.waitFor((event) => event.body.t === 'event', 2);
    expect(events[1]?.body.n).toBe('x'.repeat(100));
    expect(collector.preflights).toEqual([]);
  });

  it('records clicks on links to other hosts by host only', async () => {
    const { collector, site, page } = await setUp();
    await page.goto(site.url('/links'));
    await page.click('#inside');
    await collector.waitFor(isPageview, 2);
    await page.goto(site.url('/links?utm_source=x&q=private'));
    await collector.waitFor(isPageview, 3);
    await page.click('#outside');
    const [outbound] = await collector.waitFor((event) => event.body.t === 'outbound');
    await settle();

    expect(collector.ofType('outbound')).toHaveLength(1);
    expect(outbound?.body).toEqual({
      s: 'test.example',
      t: 'outbound',
      u: site.url('/links?utm_source=x'),
      n: new URL(site.outsideOrigin).host,
    });
  });

  it('records a copy as a length bucket, never the text', async () => {
    const { collector, site, page } = await setUp();
    await page.goto(site.url('/copy'));
    await snippetReady(page);
    for (const id of ['quote', 'short']) {
      await evaluate(
        page,
        `(() => { const range = document.createRange(); range.selectNodeContents(document.getElementById('${id}'));
          getSelection().removeAllRanges(); getSelection().addRange(range); })()`,
      );
      await page.keyboard.press('Control+C');
    }
    const copies = await collector.waitFor((event) => event.body.t === 'copy', 2);
    expect(copies.map((event) => event.body.v)).toEqual([2, 1]); // 33 characters, then 2
    for (const copy of copies) {
      expect(Object.keys(copy.body).sort()).toEqual(['s', 't', 'u', 'v']);
      expect(copy.raw).not.toMatch(/secret|sentence|Hi/);
    }
  });
});

describe('share buttons', () => {
  /** The URL a share button put in its composer URL's `param`. */
  const sharedUrl = (composer: string, param: string) => {
    const value = new URL(composer).searchParams.get(param) ?? '';
    return /https?:\S+/.exec(value)?.[0] ?? '';
  };

  it('opens WhatsApp with a b-token URL for the visit generation, and records a share', async () => {
    const { collector, site, page } = await setUp({ initScript: RECORD_WINDOW_OPEN });
    // Arriving from a shared link of generation 0 whose chain started on Google: this visit is generation 1.
    await page.goto(site.url('/share#pn=a.0.google.20250101'));
    expect(
      await waitUntil(async () => (await tokenInAddressBar(page)).startsWith('a.1') || undefined, 'token'),
    );
    await page.click('[data-penumbra-share="whatsapp"]');

    const [share] = await collector.waitFor((event) => event.body.t === 'share');
    expect(share?.body).toEqual({ s: 'test.example', t: 'share', u: site.url('/share'), n: 'whatsapp' });
    const opened = await evaluate<{ url: string; target: string }[]>(page, 'window.__opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.url).toMatch(/^https:\/\/wa\.me\/\?text=/);
    expect(opened[0]?.target).toBe('_blank');
    const text = new URL(opened[0]?.url ?? '').searchParams.get('text');
    expect(text).toBe(`Share me ${site.url(`/share#pn=b.1.whatsapp.google.${TODAY}`)}`);
    // The address bar keeps the visit's own token.
    expect(await tokenInAddressBar(page)).toBe(`a.1.google.${TODAY}`);
  });

  it('builds each channel composer URL with its own b token', async () => {
    const { site, page } = await setUp({ initScript: RECORD_WINDOW_OPEN });
    await page.goto(site.url('/share'));
    await tokenInAddressBar(page);
    const expected: [string, RegExp, string, string][] = [
      ['telegram', /^https:\/\/t\.me\/share\/url\?url=[^&]+&text=Share%20me$/, 'url', '_blank'],
      ['messenger', /^fb-messenger:\/\/share\/\?link=/, 'link', '_self'],
      ['sms', /^sms:\?&body=Share%20me%20http/, 'body', '_self'],
      ['email', /^mailto:\?subject=Share%20me&body=http/, 'body', '_self'],
      ['linkedin', /^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?url=/, 'url', '_blank'],
      ['x', /^https:\/\/x\.com\/intent\/tweet\?text=Share%20me&url=/, 'url', '_blank'],
      ['facebook', /^https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=/, 'u', '_blank'],
    ];
    for (const [channel] of expected) await page.click(`[data-penumbra-share="${channel}"]`);
    const opened = await evaluate<{ url: string; target: string }[]>(page, 'window.__opened');

    expect(opened).toHaveLength(expected.length);
    expected.forEach(([channel, pattern, param, target], index) => {
      const call = opened[index];
      expect(call?.url).toMatch(pattern);
      expect(call?.target).toBe(target);
      // mailto: and sms: are not special URLs, so read their query by hand.
      const composer = call?.url.replace(/^(mailto|sms):\?&?/, 'https://composer.invalid/?') ?? '';
      expect(sharedUrl(composer, param)).toBe(site.url(`/share#pn=b.0.${channel}.direct.${TODAY}`));
    });
  });

  it('copy, signal and native without Web Share put the tokened URL on the clipboard', async () => {
    const { collector, context, site, page } = await setUp();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await page.goto(site.url('/share'));
    await tokenInAddressBar(page);
    expect(await evaluate(page, 'typeof navigator.share')).toBe('undefined'); // Chromium on Linux

    for (const channel of ['copy', 'signal', 'native']) {
      await page.click(`[data-penumbra-share="${channel}"]`);
      const copied = await waitUntil(async () => {
        const text = await evaluate<string>(page, 'navigator.clipboard.readText()');
        return text.includes(`.${channel}.`) ? text : undefined;
      }, `the ${channel} URL on the clipboard`);
      expect(copied).toBe(site.url(`/share#pn=b.0.${channel}.direct.${TODAY}`));
    }
    const shares = await collector.waitFor((event) => event.body.t === 'share', 3);
    expect(shares.map((event) => event.body.n)).toEqual(['copy', 'signal', 'native']);
    expect(collector.ofType('copy')).toEqual([]); // the Clipboard API fires no copy event
  });

  it('native uses the Web Share API when the browser has it', async () => {
    const { site, page } = await setUp({
      initScript: 'navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };',
    });
    await page.goto(site.url('/share'));
    await tokenInAddressBar(page);
    await page.click('[data-penumbra-share="native"]');
    const shared = await waitUntil(
      () => evaluate<{ url: string; title: string }>(page, 'window.__shared'),
      'share',
    );
    expect(shared).toEqual({ url: site.url(`/share#pn=b.0.native.direct.${TODAY}`), title: 'Share me' });
  });
});

describe('privacy controls', () => {
  const DO_NOT_TRACK = "Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });";
  const GLOBAL_PRIVACY_CONTROL =
    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });";

  it('sends nothing under Do Not Track or Global Privacy Control when data-respect-dnt is set', async () => {
    for (const initScript of [DO_NOT_TRACK, GLOBAL_PRIVACY_CONTROL]) {
      const { collector, site, page } = await setUp({ data: { 'respect-dnt': 'true' }, initScript });
      await page.goto(site.url('/share'));
      await snippetReady(page);
      await evaluate(page, "penumbra('event', 'ignored')");
      await settle();
      expect(collector.events).toEqual([]);
      expect(await evaluate(page, 'location.hash')).toBe('');
    }
  });

  it('sends as usual under Do Not Track when the site does not ask to honour it', async () => {
    const { collector, site, page } = await setUp({ initScript: DO_NOT_TRACK });
    await page.goto(site.url('/article'));
    await collector.waitFor(isPageview);
  });

  it('optOut() stops sending, with only the opt-out flag stored, until optIn()', async () => {
    const { collector, site, page } = await setUp();
    await page.goto(site.url('/spa'));
    await collector.waitFor(isPageview);
    await evaluate(page, 'penumbra.optOut()');
    expect(await evaluate(page, "[localStorage.length, localStorage.getItem('penumbra_ignore')]")).toEqual([
      1,
      '1',
    ]);

    await evaluate(page, "penumbra('event', 'ignored')");
    await page.click('a[href="/spa/one"]');
    await page.reload();
    await snippetReady(page);
    await evaluate(page, 'penumbra.optIn()');
    expect(await evaluate(page, 'localStorage.length')).toBe(0);
    await evaluate(page, "penumbra('event', 'counted')");
    await collector.waitFor((event) => event.body.n === 'counted');
    await settle();

    expect(collector.events.map((event) => event.body.t)).toEqual(['pageview', 'event']);
  });

  it('consented mode sends c (and gets c tokens) only once the visitor consented', async () => {
    const queued = await setUp({ data: { mode: 'consented' }, beforeSnippet: "penumbra('consent', true);" });
    await queued.page.goto(queued.site.url('/spa'));
    const [first] = await queued.collector.waitFor(isPageview);
    expect(first?.body.c).toBe(1);
    expect(await tokenInAddressBar(queued.page)).toMatch(/^c\.0\.direct\.[a-z0-9]{10}$/);

    const later = await setUp({ data: { mode: 'consented' } });
    await later.page.goto(later.site.url('/spa'));
    const [before] = await later.collector.waitFor(isPageview);
    expect(before?.body.c).toBeUndefined();
    await evaluate(later.page, 'penumbra.consent(true)');
    await later.page.click('a[href="/spa/one"]');
    const views = await later.collector.waitFor(isPageview, 2);
    expect(views[1]?.body.c).toBe(1);

    const anonymous = await setUp({ beforeSnippet: "penumbra('consent', true);" });
    await anonymous.page.goto(anonymous.site.url('/article'));
    const [plain] = await anonymous.collector.waitFor(isPageview);
    expect(plain?.body.c).toBeUndefined(); // c belongs to consented mode only
  });
});

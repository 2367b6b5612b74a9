import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShareToken } from '../../src/events/share-token.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import type { StoredEvent } from '../../src/store/store.js';
import { testConfig } from '../helpers/test-config.js';
import { evaluate, launchBrowser, startTestSite, type TestSite, utcDay, waitUntil } from './browser.js';

/**
 * Issue #7 in Chromium against the real server: a consented-mode site whose consent tool says yes
 * on every page (the queued `penumbra('consent', true)`), then the visitor withdraws consent, then
 * opts out and back in through Penumbra's own /opt-out page. What the server stores is the proof.
 */
const PERSON_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('consent and opt-out, in Chromium against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let site: TestSite;
  let siteId: string;
  let context: BrowserContext;
  let page: Page;
  /** Every event request the browser made, in order (`t` and path of the page). */
  const sent: string[] = [];

  beforeAll(async () => {
    server = await startServer(testConfig({ PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' }), {
      logger: false,
    });
    const api = `${server.url}/api/event`;
    site = await startTestSite({
      snippetUrl: `${server.url}/p.js`,
      data: { site: '127.0.0.1', api, mode: 'consented' },
      beforeSnippet: "penumbra('consent', true);",
    });
    siteId = (await server.services.sites.create({ domain: '127.0.0.1', privacyMode: 'consented' })).id;
    browser = await launchBrowser();
    // One context for the whole story: the opt-out flag lives in the site's localStorage.
    context = await browser.newContext({ userAgent: PERSON_AGENT });
    context.on('request', (request) => {
      if (request.url() !== api) return;
      const body = JSON.parse(request.postData() ?? '{}') as { t: string; u: string };
      sent.push(`${body.t} ${new URL(body.u).pathname}`);
    });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  async function pageViewOf(path: string): Promise<StoredEvent> {
    return waitUntil(async () => {
      await server.services.sink.flush();
      const events = await server.services.store.listEvents({ siteId, limit: 1_000 });
      return events.find((event) => event.type === 'pageview' && event.path === path);
    }, `the page view of ${path}`);
  }

  const hash = () => evaluate<string>(page, 'location.hash');
  const tokenInAddressBar = () =>
    waitUntil(async () => /pn=([a-z0-9.-]+)/.exec(await hash())?.[1], 'a token in the address bar');

  /** Follows the opt-out page's link, as a visitor would. */
  async function followOptOutLink(returnPath: string): Promise<void> {
    const returnUrl = encodeURIComponent(site.url(returnPath));
    await page.goto(`${server.url}/opt-out?site=127.0.0.1&return=${returnUrl}&lang=en`);
    await Promise.all([page.waitForURL(`${site.url(returnPath)}*`), page.click('#opt-out')]);
    // The snippet removes the fragment once it has set the flag.
    await waitUntil(async () => (await hash()) === '' || undefined, 'the fragment to be removed');
  }

  /** Lets any request that was going to leave do so: the page stays open meanwhile. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  it('stores a per-view share id while the visitor consents', async () => {
    await page.goto(site.url('/spa/start'));
    const token = parseShareToken(await tokenInAddressBar());
    expect(token).toMatchObject({ kind: 'view', generation: 0 });
    const view = await pageViewOf('/spa/start');
    expect(view.shareId).toMatch(/^[a-z0-9]{10}$/);
    expect(token?.kind === 'view' && token.id).toBe(view.shareId);
  });

  it('stops at once when consent is withdrawn: the address bar loses the per-view id, the next view has none', async () => {
    await evaluate(page, 'penumbra.consent(false)');
    // The page's per-view token gives way to its aggregate one: same generation and origin.
    expect(await hash()).toBe(`#pn=a.0.direct.${utcDay()}`);
    await page.click('a[href="/spa/one"]');
    const view = await pageViewOf('/spa/one');
    expect(view.shareId).toBeNull();
    expect(view.parentShareId).toBeNull();
    await waitUntil(async () => (await hash()).startsWith('#pn=a.') || undefined, 'an aggregate token');
  });

  it("opts out through the /opt-out page's link: that view and every later event are not sent", async () => {
    const before = sent.length;
    await followOptOutLink('/article');
    expect(await evaluate(page, "localStorage.getItem('penumbra_ignore')")).toBe('1');
    await page.goto(site.url('/after-opt-out'));
    await evaluate(page, "penumbra('event', 'ignored')");
    await page.click('#next');
    await page.waitForURL(site.url('/links'));
    await settle();
    expect(sent.slice(before)).toEqual([]);
  });

  it('stays opted out when a link carries #penumbra-opt-in: no one else can undo the objection', async () => {
    const before = sent.length;
    await page.goto(site.url('/article#penumbra-opt-in'));
    await settle();
    expect(await evaluate(page, "localStorage.getItem('penumbra_ignore')")).toBe('1');
    expect(sent.slice(before)).toEqual([]);
  });

  it("opts back in through the site's own control (penumbra.optIn()): the next views are sent", async () => {
    const before = sent.length;
    await page.goto(site.url('/article'));
    await evaluate(page, 'penumbra.optIn()');
    expect(await evaluate(page, "localStorage.getItem('penumbra_ignore')")).toBeNull();
    await page.goto(site.url('/after-opt-in'));
    const view = await pageViewOf('/after-opt-in');
    // Consent is asked again on every page (the queued call): the site's consent tool said yes.
    expect(view.shareId).toMatch(/^[a-z0-9]{10}$/);
    expect(sent.slice(before)).toEqual(['pageview /after-opt-in']);
    const stored = await server.services.store.listEvents({ siteId, limit: 1_000 });
    expect(stored.map((event) => event.path).sort()).toEqual(['/after-opt-in', '/spa/one', '/spa/start']);
  });
});

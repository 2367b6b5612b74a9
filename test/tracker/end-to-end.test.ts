import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShareToken } from '../../src/events/share-token.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import type { StoredEvent } from '../../src/store/store.js';
import { testConfig } from '../helpers/test-config.js';
import { evaluate, launchBrowser, startTestSite, type TestSite, waitUntil } from './browser.js';

/**
 * The snippet in Chromium against the real server (issue #4): page views with their channel,
 * SPA navigation, copy-paste generations through share tokens, a WhatsApp share button's link,
 * DNT/GPC, and pages whose fragment must be left alone.
 */
const PERSON_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const RECORD_WINDOW_OPEN = `window.__opened = [];
window.open = function (url) { window.__opened.push(String(url)); return null; };`;

describe('the tracker against the real server, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let site: TestSite;
  let privateSite: TestSite;
  let siteId: string;
  let privateSiteId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer(testConfig({ PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' }), {
      logger: false,
    });
    const snippetUrl = `${server.url}/p.js`;
    const api = `${server.url}/api/event`;
    site = await startTestSite({ snippetUrl, data: { site: '127.0.0.1', api } });
    privateSite = await startTestSite({
      snippetUrl,
      data: { site: 'localhost', api, 'respect-dnt': 'true' },
    });
    siteId = (await server.services.sites.create({ domain: '127.0.0.1' })).id;
    privateSiteId = (await server.services.sites.create({ domain: 'localhost', respectDnt: true })).id;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await site?.close();
    await privateSite?.close();
    await server?.close();
  });

  async function openPage(url: string, initScript?: string): Promise<Page> {
    // Headless Chromium says `HeadlessChrome` and is rightly classified as a bot: browse as a person's Chrome.
    const context = await browser.newContext({ userAgent: PERSON_AGENT });
    contexts.push(context);
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  async function events(id = siteId): Promise<StoredEvent[]> {
    await server.services.sink.flush();
    return server.services.store.listEvents({ siteId: id, limit: 1_000 });
  }

  async function pageViewsOf(path: string, id = siteId): Promise<StoredEvent[]> {
    return (await events(id)).filter((event) => event.type === 'pageview' && event.path === path);
  }

  async function tokenIn(page: Page): Promise<string> {
    return waitUntil(async () => {
      const hash = await evaluate<string>(page, 'location.hash');
      return /pn=([a-z0-9.-]+)/.exec(hash)?.[1];
    }, 'a share token in the address bar');
  }

  it('records a page view with its channel and writes a generation-0 token', async () => {
    const page = await openPage(site.url('/news/2024/typhoon-landfall'));
    const token = parseShareToken(await tokenIn(page));
    expect(token).toMatchObject({ kind: 'page', generation: 0, origin: 'direct' });
    const [view] = await waitUntil(async () => {
      const found = await pageViewsOf('/news/2024/typhoon-landfall');
      return found.length > 0 ? found : undefined;
    }, 'the page view');
    expect(view).toMatchObject({
      kind: 'human',
      channel: 'dark-social',
      medium: 'unattributed',
      generation: 0,
    });
  });

  it('counts SPA navigations once each', async () => {
    const page = await openPage(site.url('/spa/start'));
    await tokenIn(page);
    await page.click('a[href="/spa/one"]');
    await page.click('a[href="/spa/two"]');
    const paths = await waitUntil(async () => {
      const views = (await events()).filter(
        (event) => event.type === 'pageview' && event.path?.startsWith('/spa/'),
      );
      return views.length >= 3 ? views.map((event) => event.path) : undefined;
    }, 'three SPA page views');
    expect(paths.sort()).toEqual(['/spa/one', '/spa/start', '/spa/two']);
  });

  it('attributes a pasted tokened URL to copy-paste at generation 1, and its own copy at generation 2', async () => {
    const first = await openPage(site.url('/news/chain-story'));
    const firstUrl = `${site.url('/news/chain-story')}#pn=${await tokenIn(first)}`;
    const second = await openPage(firstUrl);
    const secondToken = await waitUntil(async () => {
      const token = parseShareToken(await tokenIn(second));
      return token?.generation === 1 ? token : undefined;
    }, 'a generation-1 token');
    expect(secondToken).toMatchObject({ kind: 'page', generation: 1, origin: 'direct' });
    const third = await openPage(`${site.url('/news/chain-story')}#pn=${await tokenIn(second)}`);
    await waitUntil(
      async () => parseShareToken(await tokenIn(third))?.generation === 2 || undefined,
      'generation 2',
    );
    const views = await waitUntil(async () => {
      const found = await pageViewsOf('/news/chain-story');
      return found.length >= 3 ? found : undefined;
    }, 'three page views of the chain');
    const byGeneration = new Map(views.map((view) => [view.generation, view]));
    expect(byGeneration.get(0)).toMatchObject({ evidence: 'deep-link' });
    expect(byGeneration.get(1)).toMatchObject({
      channel: 'dark-social',
      medium: 'copy-paste',
      evidence: 'share-token',
    });
    expect(byGeneration.get(2)).toMatchObject({ medium: 'copy-paste', evidence: 'share-token' });
  });

  it("attributes a WhatsApp share button's link to WhatsApp with certainty", async () => {
    const page = await openPage(site.url('/share'), RECORD_WINDOW_OPEN);
    await tokenIn(page);
    await page.click('[data-penumbra-share="whatsapp"]');
    const opened = await waitUntil(
      async () => (await evaluate<string[]>(page, 'window.__opened'))[0],
      'window.open',
    );
    expect(opened).toMatch(/^https:\/\/wa\.me\/\?text=/);
    const shared =
      /https?:\/\/\S+/.exec(decodeURIComponent(new URL(opened).searchParams.get('text') ?? ''))?.[0] ?? '';
    expect(shared).toContain('#pn=b.');
    await openPage(shared);
    const view = await waitUntil(async () => {
      const found = (await pageViewsOf('/share')).find((event) => event.evidence === 'share-token');
      return found;
    }, 'the page view from the shared link');
    expect(view).toMatchObject({
      channel: 'dark-social',
      source: 'whatsapp',
      medium: 'messaging',
      confidence: 'certain',
      generation: 1,
    });
    const share = await waitUntil(
      async () => (await events()).find((event) => event.type === 'share'),
      'the share event',
    );
    expect(share).toMatchObject({ name: 'whatsapp', source: 'whatsapp' });
  });

  it('honours Do Not Track and Global Privacy Control when the site asks', async () => {
    await openPage(
      `${privateSite.outsideOrigin}/dnt`,
      "Object.defineProperty(navigator, 'doNotTrack', { get: () => '1' });",
    );
    await openPage(
      `${privateSite.outsideOrigin}/gpc`,
      "Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => true });",
    );
    await openPage(`${privateSite.outsideOrigin}/plain`);
    await waitUntil(
      async () => (await pageViewsOf('/plain', privateSiteId)).length > 0 || undefined,
      'the plain page view',
    );
    const paths = (await events(privateSiteId)).map((event) => event.path);
    expect(paths).toEqual(['/plain']);
  });

  it('leaves a page with its own #section fragment untouched', async () => {
    const page = await openPage(`${site.url('/anchors')}#section`);
    await waitUntil(
      async () => (await pageViewsOf('/anchors')).length > 0 || undefined,
      'the anchors page view',
    );
    expect(await evaluate<string>(page, 'location.hash')).toBe('#section');
  });

  it('stores a custom event revenue in its own columns, the other props as props (issue 14)', async () => {
    const page = await openPage(site.url('/abonnement'));
    await tokenIn(page);
    await evaluate(
      page,
      "penumbra('event', 'subscribe', { revenue: { amount: 9.99, currency: 'eur' }, plan: 'pro' })",
    );
    const [sale] = await waitUntil(async () => {
      const found = (await events()).filter((event) => event.name === 'subscribe');
      return found.length > 0 ? found : undefined;
    }, 'the subscribe event');
    expect(sale).toMatchObject({
      type: 'event',
      path: '/abonnement',
      revenue: 9.99,
      currency: 'EUR',
      props: '{"plan":"pro"}',
    });
  });
});

import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppReport,
  PreviewLab,
  type PreviewReport,
  PreviewUrlError,
} from '../../src/previews/preview-lab.js';
import { type PreviewSite, startPreviewSite } from '../helpers/preview-site.js';

let site: PreviewSite;
let lab: PreviewLab;

beforeAll(async () => {
  site = await startPreviewSite();
  lab = new PreviewLab({ allowLoopback: true, cacheTtlMs: 0 });
});

afterAll(() => site.close());

function app(report: PreviewReport, id: string): AppReport {
  const found = report.apps.find((entry) => entry.app === id);
  if (!found) throw new Error(`no ${id} in the report`);
  return found;
}

function codes(report: PreviewReport, id: string): string[] {
  return app(report, id).warnings.map((warning) => `${warning.severity}:${warning.code}`);
}

describe('the preview lab against the local test site', () => {
  it('draws a large card per app for a good page, with no warning but Signal’s https rule', async () => {
    const report = await lab.check({ url: site.url('/good') });
    expect(report.apps).toHaveLength(10);
    for (const entry of report.apps.filter((a) => a.app !== 'signal')) {
      expect(entry.card).toMatchObject({
        layout: 'large',
        title: 'Rivers of the Alps: a summer on the water',
        domain: '127.0.0.1',
        image: { url: site.url('/img/card.png'), width: 1200, height: 630, contentType: 'image/png' },
      });
      expect(entry.warnings).toEqual([]);
    }
    expect(app(report, 'whatsapp').card).toMatchObject({
      description: 'Six weeks of canoeing from Lake Geneva to the Rhine delta, with maps.',
      siteName: 'Example News',
    });
    // Messages draws no description; Signal refuses http: pages (Signal-Desktop linkPreviewFetch.ts).
    expect(app(report, 'imessage').card.description).toBeUndefined();
    expect(app(report, 'signal').card.layout).toBe('none');
    expect(codes(report, 'signal')).toEqual(['error:https_required']);
    expect(report.counts).toEqual({ error: 1, warning: 0, info: 0 });
  });

  it('names every missing tag, with its fix, in English and French', async () => {
    const report = await lab.check({ url: site.url('/missing') });
    expect(app(report, 'whatsapp').card).toMatchObject({
      layout: 'text',
      title: 'A page with no preview tags',
    });
    expect(codes(report, 'whatsapp')).toEqual(['warning:no_image', 'info:no_site_name']);
    expect(codes(report, 'x')).toEqual(['warning:no_title', 'warning:no_image', 'warning:no_twitter_card']);
    const noImage = app(report, 'facebook').warnings[0];
    expect(noImage?.message.en).toBe('No og:image: Facebook / Messenger draws a card without a picture.');
    expect(noImage?.fix.fr).toContain('Ajoutez <meta property="og:image"');
  });

  it('drops a 2.2 MB image from WhatsApp’s and Signal’s cards, not from Facebook’s', async () => {
    const report = await lab.check({ url: site.url('/heavy') });
    expect(app(report, 'whatsapp').card.layout).toBe('text');
    const heavy = app(report, 'whatsapp').warnings[0];
    expect(heavy).toMatchObject({
      code: 'image_too_heavy',
      severity: 'warning',
      params: { size: '2.2 MB', limit: '300 KB' },
    });
    expect(codes(report, 'signal')).toContain('warning:image_too_heavy');
    expect(app(report, 'facebook').card.layout).toBe('large');
  });

  it('follows a redirect chain to the article, and flags one that lands on a page without tags', async () => {
    const followed = await lab.check({ url: site.url('/redirect') });
    expect(app(followed, 'telegram').card.layout).toBe('large');
    expect(app(followed, 'telegram').fetch.redirects.map((hop) => hop.status)).toEqual([301, 302]);
    expect(app(followed, 'telegram').fetch.url).toBe(site.url('/good'));
    const dropped = await lab.check({ url: site.url('/redirect-home') });
    expect(app(dropped, 'telegram').warnings[0]).toMatchObject({
      code: 'redirect_drops_tags',
      params: { count: 2, url: site.url('/home') },
    });
  });

  it('tells a fetcher blocked by a WAF rule (403 to bots, 200 to a browser)', async () => {
    const report = await lab.check({ url: site.url('/bots-403') });
    for (const id of ['whatsapp', 'facebook', 'slack', 'x', 'linkedin', 'telegram', 'discord']) {
      expect(app(report, id).card.layout).toBe('none');
      expect(app(report, id).warnings[0]).toMatchObject({
        code: 'fetcher_blocked',
        severity: 'error',
        params: { status: 403 },
      });
    }
    expect(app(report, 'facebook').warnings[0]?.fix.en).toContain('facebookexternalhit/1.1');
  });

  it('flags a slow first byte for every app', async () => {
    const report = await lab.check({ url: site.url('/slow'), apps: ['whatsapp', 'facebook'] });
    expect(report.apps.map((entry) => entry.app)).toEqual(['whatsapp', 'facebook']);
    for (const entry of report.apps) {
      expect(entry.warnings.map((w) => w.code)).toEqual(['slow_first_byte']);
      expect(Number(entry.warnings[0]?.params.ms)).toBeGreaterThanOrEqual(1000);
    }
  });

  it('refuses to follow an image redirect to a private address', async () => {
    const report = await lab.check({ url: site.url('/image-to-private') });
    const warning = app(report, 'whatsapp').warnings[0];
    expect(warning?.code).toBe('image_unreachable');
    expect(String(warning?.params.reason)).toContain('169.254.169.254');
    expect(app(report, 'whatsapp').card).toMatchObject({ layout: 'text', image: undefined });
  });

  it('gives up on an endless redirect as each app does, and flags a meta refresh no fetcher follows', async () => {
    const loop = await lab.check({ url: site.url('/redirect-loop'), apps: ['signal', 'slack'] });
    expect(codes(loop, 'slack')).toEqual(['error:too_many_redirects']);
    expect(app(loop, 'slack').warnings[0]?.params.limit).toBe(10);
    // Signal makes up to 20 requests (Signal-Desktop linkPreviewFetch.ts): 19 redirects.
    expect(app(loop, 'signal').fetch.redirects).toHaveLength(19);
    const refresh = await lab.check({ url: site.url('/refresh'), apps: ['telegram'] });
    expect(codes(refresh, 'telegram')).toContain('warning:meta_refresh');
    expect(app(refresh, 'telegram').card).toMatchObject({ layout: 'text', title: 'Moved' });
  });

  it('reads a page in the encoding its <meta charset> names', async () => {
    const report = await lab.check({ url: site.url('/latin1'), apps: ['telegram'] });
    expect(app(report, 'telegram').card.title).toBe('Café crème');
  });

  it('flags an image URL that answers something other than an image', async () => {
    const report = await lab.check({ url: site.url('/wrong-type'), apps: ['whatsapp', 'x'] });
    for (const entry of report.apps) {
      expect(entry.card).toMatchObject({ layout: 'text', image: undefined });
      expect(entry.warnings[0]).toMatchObject({ code: 'image_wrong_type', params: { type: 'text/html' } });
    }
  });

  it('cuts titles and descriptions at each app’s length, and flags small images and a foreign og:url', async () => {
    const report = await lab.check({ url: site.url('/long') });
    const x = app(report, 'x');
    expect(Array.from(x.card.title ?? '')).toHaveLength(70);
    expect(x.card.title?.endsWith('…')).toBe(true);
    expect(codes(report, 'x')).toEqual(
      expect.arrayContaining(['info:title_cut', 'info:description_cut', 'warning:url_mismatch']),
    );
    expect(app(report, 'facebook').card.layout).toBe('small');
    expect(app(report, 'facebook').warnings.find((w) => w.code === 'image_too_small')?.params).toMatchObject({
      width: 400,
      height: 210,
      minWidth: 600,
      minHeight: 315,
    });
    expect(app(report, 'discord').card.titleCut).toBe(false);
  });

  it('tells tags beyond Slack’s 32 KB from missing tags', async () => {
    const report = await lab.check({ url: site.url('/deep-tags') });
    expect(app(report, 'slack').card.layout).toBe('text');
    expect(codes(report, 'slack')).toEqual(['warning:tags_beyond_limit', 'warning:tags_beyond_limit']);
    expect(app(report, 'facebook').card.layout).toBe('large');
  });

  it('follows robots.txt for the apps that do (X)', async () => {
    const report = await lab.check({ url: site.url('/private/page') });
    expect(app(report, 'x').card.layout).toBe('none');
    expect(codes(report, 'x')).toEqual(['error:robots_blocked']);
    expect(app(report, 'whatsapp').card.layout).toBe('large');
  });

  it('compares the page with a share kit’s own preview', async () => {
    const report = await lab.check({
      url: site.url('/good'),
      apps: ['whatsapp'],
      kit: {
        title: 'Rivers of the Alps',
        description: 'Six weeks of canoeing from Lake Geneva to the Rhine delta, with maps.',
      },
    });
    expect(app(report, 'whatsapp').warnings).toEqual([
      expect.objectContaining({
        code: 'kit_mismatch',
        params: expect.objectContaining({ field: 'title', kit: 'Rivers of the Alps' }),
      }),
    ]);
  });

  it('answers a repeated check from its cache', async () => {
    const cachingLab = new PreviewLab({ allowLoopback: true });
    const first = await cachingLab.check({ url: site.url('/good'), apps: ['x'] });
    const second = await cachingLab.check({ url: site.url('/good'), apps: ['x'] });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.checkedAt).toBe(first.checkedAt);
  });
});

describe('the lab over https', () => {
  it('draws every app’s card, Signal’s included, with nothing to fix for a good page', async () => {
    const tls = new PreviewLab({ allowLoopback: true, cacheTtlMs: 0, ca: site.ca });
    const report = await tls.check({ url: site.httpsUrl('/good') });
    expect(report.apps.map((entry) => entry.card.layout)).toEqual(Array(10).fill('large'));
    expect(app(report, 'signal').card).toMatchObject({
      title: 'Rivers of the Alps: a summer on the water',
      description: 'Six weeks of canoeing from Lake Geneva to the Rhine delta, with maps.',
    });
    expect(report.counts).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('flags an http: image on an https: page', async () => {
    const tls = new PreviewLab({ allowLoopback: true, cacheTtlMs: 0, ca: site.ca });
    const report = await tls.check({ url: site.httpsUrl('/insecure-image'), apps: ['whatsapp', 'slack'] });
    for (const entry of report.apps) {
      expect(entry.warnings.map((w) => w.code)).toEqual(['image_insecure']);
      expect(entry.warnings[0]?.params.url).toBe(site.url('/img/card.png'));
    }
  });

  it('verifies certificates: an untrusted one is no page', async () => {
    const report = await lab.check({ url: site.httpsUrl('/good'), apps: ['telegram'] });
    expect(app(report, 'telegram').fetch.error?.code).toBe('connect_failed');
    expect(codes(report, 'telegram')).toEqual(['error:page_unreachable']);
  });
});

describe('the lab is no way into the private network', () => {
  it('refuses non-http(s) URLs', async () => {
    await expect(lab.check({ url: 'file:///etc/passwd' })).rejects.toBeInstanceOf(PreviewUrlError);
    await expect(lab.check({ url: 'not a url' })).rejects.toBeInstanceOf(PreviewUrlError);
  });

  it('reaches nothing private: metadata, private ranges, loopback unless allowed', async () => {
    const strict = new PreviewLab({ allowLoopback: false, cacheTtlMs: 0 });
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', site.url('/good')]) {
      const report = await strict.check({ url, apps: ['whatsapp'] });
      expect(app(report, 'whatsapp').fetch.error?.code).toBe('host_not_public');
      expect(codes(report, 'whatsapp')).toEqual(['error:page_unreachable']);
    }
  });

  it('pins the first DNS answer: a name that rebinds to a private address is never reached', async () => {
    let calls = 0;
    const resolve = async (): Promise<LookupAddress[]> => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.1.2.3', family: 4 }];
    };
    const rebinding = new PreviewLab({ allowLoopback: true, resolve, cacheTtlMs: 0 });
    const port = new URL(site.origin).port;
    const report = await rebinding.check({
      url: `http://rebind.test:${port}/missing`,
      apps: ['whatsapp', 'telegram'],
    });
    // The first app's fetch got loopback (the stand-in for public) and reached the site; every
    // later lookup answered 10.1.2.3 and was refused: no request left for it.
    const statuses = report.apps.map((entry) => entry.fetch.status ?? entry.fetch.error?.code);
    expect(statuses.sort()).toEqual([200, 'host_not_public']);
  });
});

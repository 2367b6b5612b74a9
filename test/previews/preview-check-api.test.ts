import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PreviewSite, startPreviewSite } from '../helpers/preview-site.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let site: PreviewSite;
let test: TestApp;

beforeAll(async () => {
  site = await startPreviewSite();
  test = await startTestApp({ PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: 'true' });
});

afterAll(async () => {
  await test.close();
  await site.close();
});

function check(body: unknown, auth: string | null = test.auth) {
  return test.app.fastify.inject({
    method: 'POST',
    url: '/api/previews/check',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    payload: JSON.stringify(body),
  });
}

describe('POST /api/previews/check', () => {
  it('answers one card per asked app, with warnings and fixes in both languages', async () => {
    const response = await check({ url: site.url('/heavy'), apps: ['whatsapp', 'facebook'] });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.apps.map((entry: { app: string }) => entry.app)).toEqual(['whatsapp', 'facebook']);
    expect(report.apps[0].card).toMatchObject({
      layout: 'text',
      title: 'Rivers of the Alps: a summer on the water',
    });
    expect(report.apps[0].warnings[0]).toMatchObject({
      code: 'image_too_heavy',
      severity: 'warning',
      params: { limit: '300 KB' },
      message: { en: expect.stringContaining('WhatsApp'), fr: expect.stringContaining('WhatsApp') },
      fix: { en: expect.any(String), fr: expect.any(String) },
    });
    expect(report.apps[1].card).toMatchObject({ layout: 'large', image: { width: 1200, height: 630 } });
    expect(report.counts).toEqual({ error: 0, warning: 1, info: 0 });
  });

  it('inlines the drawn images as data: URLs when asked (the dashboard loads no third-party image)', async () => {
    const plain = (await check({ url: site.url('/good'), apps: ['x'] })).json();
    expect(plain.images).toBeUndefined();
    const inline = (await check({ url: site.url('/good'), apps: ['x'], inlineImages: true })).json();
    expect(inline.images[site.url('/img/card.png')]).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('compares with a share kit’s preview', async () => {
    const response = await check({
      url: site.url('/good'),
      apps: ['telegram'],
      kit: { title: 'Another title' },
    });
    expect(response.json().apps[0].warnings.map((w: { code: string }) => w.code)).toEqual(['kit_mismatch']);
  });

  it('compares each app with its own channel link’s preview where the kit has one', async () => {
    const page = 'Rivers of the Alps: a summer on the water';
    const response = await check({
      url: site.url('/good'),
      apps: ['whatsapp', 'telegram'],
      kit: { title: page, apps: { whatsapp: { title: 'Alps rivers' } } },
    });
    const [whatsapp, telegram] = response.json().apps;
    expect(whatsapp.warnings).toEqual([
      expect.objectContaining({
        code: 'kit_mismatch',
        params: { app: 'WhatsApp', field: 'title', kit: 'Alps rivers', page },
      }),
    ]);
    expect(telegram.warnings).toEqual([]);
  });

  it('answers problem+json to a URL it will not check, an unknown app, and no credentials', async () => {
    const scheme = await check({ url: 'file:///etc/passwd' });
    expect(scheme.statusCode).toBe(400);
    expect(scheme.headers['content-type']).toContain('application/problem+json');
    expect(scheme.json()).toMatchObject({ code: 'invalid_preview_url', status: 400 });
    const app = await check({ url: site.url('/good'), apps: ['myspace'] });
    expect(app.statusCode).toBe(400);
    expect(app.json().code).toBe('invalid_body');
    expect((await check({ url: site.url('/good') }, null)).statusCode).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await test.app.fastify.inject({ url: '/api/openapi.json' })).json();
    const operation = doc.paths['/api/previews/check'].post;
    expect(operation.requestBody.content['application/json'].schema.required).toEqual(['url']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
  });

  it('limits checks per user or token: 429 with Retry-After past the burst', async () => {
    let refused: Awaited<ReturnType<typeof check>> | undefined;
    for (let attempt = 0; attempt < 40 && !refused; attempt += 1) {
      const response = await check({ url: site.url('/good'), apps: ['x'] });
      if (response.statusCode === 429) refused = response;
      else expect(response.statusCode).toBe(200);
    }
    expect(refused?.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});

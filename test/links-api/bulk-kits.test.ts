import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkReport } from '../../src/links/bulk-kits.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

for (const engine of ENGINES) {
  describe(`share kits from a CSV of URLs (${engine})`, () => {
    let t: TestApp;
    let env: EngineEnv;
    let site: Server;
    let base: string;

    const bulk = (payload: unknown) =>
      t.app.fastify.inject({
        method: 'POST',
        url: '/api/links/bulk',
        headers: { authorization: t.auth, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });

    beforeAll(async () => {
      site = createServer((request, response) => {
        const name = request.url?.slice(1) ?? '';
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<head><meta property="og:title" content="Story ${name}"><meta property="og:image" content="/${name}.jpg"></head>`,
          );
      });
      site.listen(0, '127.0.0.1');
      await once(site, 'listening');
      base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      env = await engineEnv(engine, 'bulk_kits');
      t = await startTestApp({
        ...env.env,
        PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
        PENUMBRA_ALLOW_PRIVATE_TARGETS: '1',
      });
    });
    afterAll(async () => {
      await t?.close();
      await env?.drop();
      site?.close();
    });

    it('makes one kit per good row and reports each bad row with its line, the rest going on', async () => {
      const csv = [
        'URL,Title,channels,tags,utm_campaign,max_clicks,slug,expires_at',
        'https://news.example.org/a,"Budget, explained",whatsapp sms,politics;budget,budget,,,',
        'ftp://news.example.org/b,Bad scheme,,,,,,',
        'https://news.example.org/c,"A ""quoted"" title",,,,0,,',
        'https://news.example.org/d,Custom slug,,,,,budget-d,2099-01-01T00:00:00Z',
        'https://news.example.org/e,Same slug,,,,,budget-d,',
        '',
        'https://news.example.org/f,"Two',
        'lines",telegram,,,,,yesterday',
        'https://news.example.org/g,Unknown channel,carrier-pigeon,,,,,',
      ].join('\r\n');
      const response = await bulk({ csv, channels: ['copy'] });
      expect(response.statusCode).toBe(200);
      const report: BulkReport = response.json();
      expect(report.created).toBe(2);
      expect(report.failed).toBe(5);
      expect(report.rows.map((row) => [row.line, row.ok, row.error?.code])).toEqual([
        [2, true, undefined],
        [3, false, 'target_scheme'],
        [4, false, 'max_clicks_invalid'],
        [5, true, undefined],
        [6, false, 'slug_taken'],
        [8, false, 'expires_invalid'],
        [10, false, 'channel_unknown'],
      ]);
      const first = await t.app.fastify.inject({
        url: `/api/links/${report.rows[0]?.kit?.id}`,
        headers: { authorization: t.auth },
      });
      expect(first.json()).toMatchObject({
        title: 'Budget, explained',
        tags: ['politics', 'budget'],
        utm: { utm_campaign: 'budget' },
      });
      expect(first.json().variants.map((variant: { channel: string }) => variant.channel)).toEqual([
        'whatsapp',
        'sms',
      ]);
      expect(report.rows[3]?.kit).toMatchObject({ slug: 'budget-d', variants: 1 });
      expect(report.rows[1]?.error?.message).toMatch(/http/);
    });

    it('takes a plain list of URLs and fills each kit from its page', async () => {
      const response = await bulk({ csv: `${base}/one\n${base}/two\n`, autofill: true });
      const report: BulkReport = response.json();
      expect(report.rows.map((row) => row.kit?.title)).toEqual(['Story one', 'Story two']);
      const kit = await t.app.fastify.inject({
        url: `/api/links/${report.rows[1]?.kit?.id}`,
        headers: { authorization: t.auth },
      });
      expect(kit.json().image).toBe(`${base}/two.jpg`);
    });

    it('refuses a file with no row, an open quote or too many rows, as problem details', async () => {
      for (const [csv, code] of [
        ['\n\n', 'csv_empty'],
        ['url\nhttps://a.example/"x', undefined],
        ['url\n"https://a.example/x', 'csv_invalid'],
        [`url\n${'https://a.example/x\n'.repeat(1_001)}`, 'csv_too_many_rows'],
      ] as const) {
        const response = await bulk({ csv });
        if (code === undefined) {
          expect(response.statusCode).toBe(200);
          continue;
        }
        expect(response.statusCode, code).toBe(422);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({ code });
      }
    });
  });
}

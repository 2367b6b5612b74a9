import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { readLabelledSet } from './labelled-set.js';

/**
 * Held-out check of issue 15: real user agents of the apps that draw link previews, each with
 * where it was found (`origin`), and AI and other crawlers that must never count as a share.
 * Gathered from public fixtures and vendor pages for this check, several apps (Google Messages,
 * VK, Quora, Bitrix24, Embedly, XING, Tumblr, Discourse) after the table was first written.
 */
const rows = readLabelledSet(
  fileURLToPath(new URL('./fixtures/preview-fetchers.jsonl', import.meta.url)),
) as ReturnType<typeof readLabelledSet> & { expected: { kind: string; source?: string } }[];
const previews = rows.filter((row) => row.expected.kind === 'preview');
const crawlers = rows.filter((row) => row.expected.kind === 'bot');

describe('the preview-fetcher table on real user agents', () => {
  it('covers every app of the set, each row with its source', () => {
    expect(new Set(previews.map((row) => row.expected.source)).size).toBeGreaterThanOrEqual(30);
    for (const row of rows) expect(row.origin, row.userAgent).toMatch(/\S{6}/);
  });

  it.each(previews.map((row) => [row.expected.source, row.userAgent] as const))(
    'a fetch by %s (%s) is a preview of that app',
    (source, userAgent) => {
      expect(classify({ url: 'https://news.example.org/a/story', userAgent })).toMatchObject({
        kind: 'preview',
        source,
        evidence: 'preview-agent',
      });
    },
  );

  it.each(crawlers.map((row) => [row.userAgent] as const))('a crawler is no share: %s', (userAgent) => {
    expect(classify({ url: 'https://news.example.org/a/story', userAgent })).toMatchObject({
      kind: 'bot',
      channel: 'bot',
    });
  });
});

describe('each preview fetcher of the set, fetching a short link, is recorded as a share of its app', () => {
  let t: TestApp;
  let bySource: Map<string, { previews: number; clicks: number; bots: number }>;

  beforeAll(async () => {
    t = await startTestApp();
    const created = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/links',
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ url: 'https://news.example.org/world/2026/12/06/summit' }),
    });
    const link = created.json();
    for (const row of rows) {
      const response = await t.app.fastify.inject({
        url: `/${link.slug}`,
        headers: { 'user-agent': row.userAgent },
      });
      // Previews get the Open Graph page; crawlers are redirected like anyone.
      expect(response.statusCode, row.userAgent).toBe(row.expected.kind === 'preview' ? 200 : 302);
    }
    await t.services.sink.flush();
    const stats = await t.app.fastify.inject({
      url: `/api/links/${link.id}/stats`,
      headers: { authorization: t.auth },
    });
    bySource = new Map(
      stats
        .json()
        .bySource.map((entry: { source: string; previews: number; clicks: number; bots: number }) => [
          entry.source,
          entry,
        ]),
    );
  });
  afterAll(() => t.close());

  it('counts as many shares per app as the set has fetches of it, and no click', () => {
    const expected = new Map<string, number>();
    for (const row of previews) {
      const source = row.expected.source as string;
      expected.set(source, (expected.get(source) ?? 0) + 1);
    }
    for (const [source, count] of expected) {
      expect(bySource.get(source), source).toMatchObject({ previews: count, clicks: 0 });
    }
  });

  it('counts the crawlers as bots, none as a share', () => {
    const total = (field: 'previews' | 'bots' | 'clicks') =>
      [...bySource.values()].reduce((sum, totals) => sum + totals[field], 0);
    expect(total('previews')).toBe(previews.length);
    expect(total('bots')).toBe(crawlers.length);
    expect(total('clicks')).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** RedirectService keeps each link's preview page (issue 12): an edit must still show at once. */
describe('preview pages are remembered per version of a link', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const preview = (slug: string, query = '') =>
    t.app.fastify.inject({ url: `/${slug}${query}`, headers: { 'user-agent': AGENTS.whatsappPreview } });

  it('renders the new title after an edit, and the same page for the same link', async () => {
    const created = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/links',
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ url: 'https://news.example.org/a', title: 'First title' }),
    });
    const { id, slug } = created.json();
    const first = await preview(slug);
    expect(first.body).toContain('First title');
    expect((await preview(slug, '?qr')).body).toBe(first.body);
    const edited = await t.app.fastify.inject({
      method: 'PATCH',
      url: `/api/links/${id}`,
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'Second title' }),
    });
    expect(edited.statusCode).toBe(200);
    const second = await preview(slug);
    expect(second.body).toContain('Second title');
    expect(second.body).not.toContain('First title');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkView, VariantView } from '../../src/links/link-view.js';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** The og:title, og:description and og:image a preview fetcher reads from a page. */
function cardOf(html: string): Record<string, string> {
  const card: Record<string, string> = {};
  for (const match of html.matchAll(/<meta property="og:(title|description|image)" content="([^"]*)">/g)) {
    card[match[1] as string] = (match[2] as string).replaceAll('&amp;', '&').replaceAll('&#39;', "'");
  }
  return card;
}

for (const engine of ENGINES) {
  describe(`a custom preview per channel (${engine})`, () => {
    let t: TestApp;
    let env: EngineEnv;
    let kit: LinkView;

    const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
      t.app.fastify.inject({
        method,
        url,
        headers: {
          authorization: t.auth,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
    const variantOf = (view: LinkView, channel: string): VariantView => {
      const found = view.variants.find((variant) => variant.channel === channel);
      if (!found) throw new Error(`no ${channel} variant`);
      return found;
    };
    const previewCard = async (slug: string, agent: string) =>
      cardOf((await t.app.fastify.inject({ url: `/${slug}`, headers: { 'user-agent': agent } })).body);

    beforeAll(async () => {
      env = await engineEnv(engine, 'variant_preview');
      t = await startTestApp(env.env);
      const created = await api('POST', '/api/links', {
        url: 'https://news.example.org/2026/12/budget-vote-what-it-means-for-your-rent',
        title: 'The budget vote, line by line: what it means for your rent, your taxes and your bus fare',
        description: 'Our reporters read the 400-page bill.',
        image: 'https://news.example.org/img/budget-og.jpg',
        channels: ['whatsapp', 'slack', 'x'],
      });
      expect(created.statusCode).toBe(201);
      kit = created.json();
    });
    afterAll(async () => {
      await t?.close();
      await env?.drop();
    });

    it("shows each variant's card, the kit's until one is set", () => {
      for (const variant of kit.variants) {
        expect(variant.preview).toEqual({ title: kit.title, description: kit.description, image: kit.image });
        expect(variant.customPreview).toBeNull();
      }
    });

    it("serves a shorter title to WhatsApp's fetcher on the WhatsApp variant only", async () => {
      const whatsapp = variantOf(kit, 'whatsapp');
      const response = await api('PUT', `/api/links/${whatsapp.id}/preview`, {
        title: 'Budget vote: your rent, taxes, bus fare',
        image: 'https://news.example.org/img/budget-square.jpg',
      });
      expect(response.statusCode).toBe(200);
      kit = response.json();
      const updated = variantOf(kit, 'whatsapp');
      expect(updated.customPreview).toEqual({
        title: 'Budget vote: your rent, taxes, bus fare',
        description: null,
        image: 'https://news.example.org/img/budget-square.jpg',
      });
      expect(updated.preview).toEqual({
        title: 'Budget vote: your rent, taxes, bus fare',
        description: 'Our reporters read the 400-page bill.',
        image: 'https://news.example.org/img/budget-square.jpg',
      });
      expect(updated.shareUrl).toContain(encodeURIComponent('Budget vote: your rent, taxes, bus fare'));
      expect(await previewCard(updated.slug, AGENTS.whatsappPreview)).toEqual({
        title: 'Budget vote: your rent, taxes, bus fare',
        description: 'Our reporters read the 400-page bill.',
        image: 'https://news.example.org/img/budget-square.jpg',
      });
      expect((await previewCard(variantOf(kit, 'slack').slug, AGENTS.slackPreview)).title).toBe(kit.title);
      expect((await previewCard(kit.slug, AGENTS.whatsappPreview)).title).toBe(kit.title);
    });

    it('keeps the custom fields when the kit changes, and follows the kit for the others', async () => {
      const response = await api('PATCH', `/api/links/${kit.id}`, {
        title: 'Budget vote: the final text',
        description: 'Updated after the vote.',
      });
      expect(response.statusCode).toBe(200);
      kit = response.json();
      expect(variantOf(kit, 'whatsapp').preview).toEqual({
        title: 'Budget vote: your rent, taxes, bus fare',
        description: 'Updated after the vote.',
        image: 'https://news.example.org/img/budget-square.jpg',
      });
      expect(variantOf(kit, 'x').preview.title).toBe('Budget vote: the final text');
      const again = await api('GET', `/api/links/${kit.id}`);
      expect(again.json()).toEqual(kit);
    });

    it('follows the kit again once a field is set back to null', async () => {
      const whatsapp = variantOf(kit, 'whatsapp');
      kit = (await api('PUT', `/api/links/${whatsapp.id}/preview`, { title: null, image: null })).json();
      expect(variantOf(kit, 'whatsapp').customPreview).toBeNull();
      expect(variantOf(kit, 'whatsapp').preview).toEqual({
        title: 'Budget vote: the final text',
        description: 'Updated after the vote.',
        image: 'https://news.example.org/img/budget-og.jpg',
      });
      expect((await previewCard(whatsapp.slug, AGENTS.whatsappPreview)).title).toBe(
        'Budget vote: the final text',
      );
    });

    it('refuses a main link, a bad image and an unknown id with problem details', async () => {
      const main = await api('PUT', `/api/links/${kit.id}/preview`, { title: 'x' });
      expect(main.statusCode).toBe(422);
      expect(main.json()).toMatchObject({ code: 'not_a_variant' });
      const image = await api('PUT', `/api/links/${variantOf(kit, 'x').id}/preview`, {
        image: 'javascript:alert(1)',
      });
      expect(image.statusCode).toBe(422);
      expect(image.headers['content-type']).toContain('application/problem+json');
      expect(image.json()).toMatchObject({ code: 'image_invalid' });
      const unknown = await api('PUT', '/api/links/nope/preview', { title: 'x' });
      expect(unknown.statusCode).toBe(404);
      const empty = await api('PUT', `/api/links/${variantOf(kit, 'x').id}/preview`, {});
      expect(empty.statusCode).toBe(400);
    });
  });
}

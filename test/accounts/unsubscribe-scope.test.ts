import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../../src/store/store.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * The unsubscribe link of a digest (issue 14) needs no sign-in: whoever holds it — the recipient,
 * or anyone the e-mail was forwarded to — reaches that one recipient and nothing else. It shows
 * no address, no other recipient or site, opens no API or public dashboard, and a token whose id
 * is swapped for another recipient's is refused.
 */
describe('an unsubscribe link reaches its own recipient and nothing else (issue 14)', () => {
  let t: TestApp;
  let siteA: Site;
  let ids: Record<'alice' | 'bob' | 'carol', string>;
  let aliceLink: string;

  beforeAll(async () => {
    t = await startTestApp({});
    siteA = await t.services.sites.create({ domain: 'desk-a.example.org', timezone: 'UTC' });
    const siteB = await t.services.sites.create({ domain: 'desk-b.example.org', timezone: 'UTC' });
    const { recipients } = t.services.delivery;
    const add = async (site: Site, address: string) =>
      (await recipients.add(site, { kind: 'email', address })).id;
    ids = {
      alice: await add(siteA, 'alice@desk-a.example.org'),
      bob: await add(siteA, 'bob@desk-a.example.org'),
      carol: await add(siteB, 'carol@desk-b.example.org'),
    };
    aliceLink = new URL(await recipients.unsubscribeUrl(ids.alice)).pathname;
  });

  afterAll(async () => {
    await t.close();
  });

  const remaining = async () => (await t.services.delivery.recipients.list()).map(({ id }) => id).sort();

  it('shows only its own site, with no address', async () => {
    const page = await t.app.fastify.inject({ method: 'GET', url: aliceLink });
    expect([page.statusCode, page.headers['cache-control']]).toEqual([200, 'no-store']);
    expect(page.body).toContain('desk-a.example.org');
    for (const secret of ['alice@', 'bob@', 'carol@', 'desk-b.example.org', ids.bob, ids.carol]) {
      expect([secret, page.body.includes(secret)]).toEqual([secret, false]);
    }
  });

  it('opens no API and no public dashboard', async () => {
    const token = aliceLink.split('/').at(-1) ?? '';
    const asBearer = await t.app.fastify.inject({
      method: 'GET',
      url: `/api/sites/${siteA.id}/reports`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asBearer.statusCode).toBe(401);
    const asPublicLink = await t.app.fastify.inject({ method: 'GET', url: `/api/public/${token}` });
    expect(asPublicLink.statusCode).toBe(404);
    expect(asPublicLink.body).not.toContain('desk-a.example.org');
  });

  it("refuses alice's signature on bob's id, and unsubscribes alice alone", async () => {
    const mac = aliceLink.slice(aliceLink.lastIndexOf('.') + 1);
    for (const forged of [`/unsubscribe/${ids.bob}.${mac}`, `/unsubscribe/${ids.carol}.${mac}`]) {
      const answer = await t.app.fastify.inject({
        method: 'POST',
        url: forged,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect([forged, answer.statusCode]).toEqual([forged, 404]);
      const look = await t.app.fastify.inject({ method: 'GET', url: forged });
      expect([forged, look.statusCode, look.body.includes('desk-')]).toEqual([forged, 404, false]);
    }
    expect(await remaining()).toEqual([ids.alice, ids.bob, ids.carol].sort());
    const done = await t.app.fastify.inject({
      method: 'POST',
      url: aliceLink,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.statusCode).toBe(200);
    expect(await remaining()).toEqual([ids.bob, ids.carol].sort());
  });
});

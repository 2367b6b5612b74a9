import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startDemo } from '../../src/seed/start-demo.js';
import { type AccountApp, type Browser, startAccountApp } from '../accounts/account-app.js';

/**
 * `GET /api/sites/:id/demo-progress` (issue 16): `idle` before the demo starts and for any other
 * site; `seeding` with a growing count while the demo fills as `penumbra serve` fills it; `done`
 * with every event at the end. A viewer may read it; an unknown site is a 404.
 */
describe('GET /api/sites/:id/demo-progress (in-process)', () => {
  let a: AccountApp;
  let viewer: Browser;

  beforeAll(async () => {
    a = await startAccountApp();
    await a.setupOwner();
    viewer = await a.addUser('viewer', 'viewer@example.org');
  });
  afterAll(() => a.close());

  const progress = async (site: string) => {
    const response = await viewer.request('GET', `/api/sites/${site}/demo-progress`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { state: string; stored: number; total: number; finishedAt: string | null };
  };

  it('follows the demo from its start to its end, and leaves other sites idle', async () => {
    const errors: unknown[] = [];
    const demo = startDemo(a.t.services, { info: () => undefined, error: (error) => errors.push(error) });
    // The site exists within a moment of the start, its count grows, then it is done.
    const counts: number[] = [];
    for (let tries = 0; tries < 6000 && counts.length < 3; tries += 1) {
      if (await a.t.services.sites.find(DEMO.domain)) {
        const now = await progress(DEMO.domain);
        if (now.state === 'seeding' && now.stored > (counts.at(-1) ?? 0)) counts.push(now.stored);
        if (now.state !== 'seeding') break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(counts.length).toBeGreaterThanOrEqual(2);
    await demo.finished;
    expect(errors).toEqual([]);
    const done = await progress(DEMO.domain);
    expect(done).toMatchObject({ state: 'done', stored: DEMO.events, total: DEMO.events });
    expect(done.finishedAt).not.toBeNull();

    await a.t.services.sites.create({ domain: 'other.example', timezone: 'UTC' });
    expect(await progress('other.example')).toStrictEqual({
      state: 'idle',
      stored: 0,
      total: 0,
      startedAt: null,
      finishedAt: null,
    });
    expect((await viewer.request('GET', '/api/sites/nowhere.example/demo-progress')).statusCode).toBe(404);
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelResult } from '../../src/funnels/funnel-result.js';
import type { Goal } from '../../src/store/goal-store.js';
import type { StoredEvent } from '../../src/store/store.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { postHit } from '../helpers/post-hit.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'funnels.example';
const STRICT = 'strict-funnels.example';
const OTHER = 'other-funnels.example';
const WHATSAPP = 'android-app://com.whatsapp/';
const TELEGRAM = 'android-app://org.telegram.messenger/';
const GOOGLE = 'https://www.google.com/';

/** One step of a person's visit: a page view (with the referrer of its arrival) or a custom event. */
type Hit = { page: string; referrer?: string } | { event: string };

/**
 * The brute-force reading of a funnel from the raw events (docs/funnels.md): per visitor and
 * local day (UTC sites here), each goal's first matching event; a step is reached when every
 * step up to it was first reached in order (ids strictly increasing); a visitor counts under
 * the channel and source of their first page view of the day.
 */
function oracle(events: readonly StoredEvent[], steps: readonly Goal[]): Map<string, number[]> {
  const matches = (goal: Goal, event: StoredEvent) =>
    goal.kind === 'page'
      ? event.type === 'pageview' && event.path === goal.pathPattern
      : event.type === 'event' && event.name === goal.eventName;
  const people = new Map<string, StoredEvent[]>();
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    if (!event.visitorHash) continue;
    const key = `${new Date(event.occurredAt).toISOString().slice(0, 10)} ${event.visitorHash}`;
    people.set(key, [...(people.get(key) ?? []), event]);
  }
  const counts = new Map<string, number[]>();
  for (const day of people.values()) {
    const firsts = steps.map((goal) => day.find((event) => matches(goal, event))?.id);
    if (firsts[0] === undefined) continue;
    const arrival = day.find((event) => event.type === 'pageview') ?? day[0];
    const key = arrival?.channel === 'dark-social' ? `dark-social ${arrival.source}` : `${arrival?.channel}`;
    const row = counts.get(key) ?? steps.map(() => 0);
    let previous = -1;
    for (const [step, id] of firsts.entries()) {
      if (id === undefined || id <= previous) break;
      row[step] = (row[step] ?? 0) + 1;
      previous = id;
    }
    counts.set(key, row);
  }
  return counts;
}

/** The answer's channel table in the oracle's shape. */
const tableOf = (result: FunnelResult) =>
  new Map(
    result.byChannel.map((row) => [row.source ? `${row.channel} ${row.source}` : row.channel, row.visitors]),
  );

describe.each(ENGINES)('funnels through the API on %s (issue 14, docs/funnels.md)', (engine) => {
  let test: TestApp;
  let database: EngineEnv;
  const goals: Record<string, Goal> = {};
  let funnelId = '';

  const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await test.app.fastify.inject({
      method,
      url,
      headers: { authorization: test.auth },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };

  /** A person's visit, in order, through the real ingestion endpoint. */
  const visit = async (site: string, address: string, hits: readonly Hit[]) => {
    for (const hit of hits) {
      const payload =
        'page' in hit
          ? { t: 'pageview', u: `https://${site}${hit.page}`, ...(hit.referrer ? { r: hit.referrer } : {}) }
          : { t: 'event', u: `https://${site}/app`, n: hit.event };
      const response = await postHit(test, site, address, payload);
      expect(response.statusCode, response.body).toBeLessThan(300);
    }
  };

  const goal = async (site: string, body: Record<string, unknown>): Promise<Goal> => {
    const created = await inject('POST', `/api/sites/${site}/goals`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as Goal;
  };

  beforeAll(async () => {
    database = await engineEnv(engine, 'funnels');
    test = await startTestApp({ ...database.env, PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    await test.services.sites.create({ domain: SITE, timezone: 'UTC' });
    await test.services.sites.create({ domain: STRICT, timezone: 'UTC', privacyMode: 'strict' });
    await test.services.sites.create({ domain: OTHER, timezone: 'UTC' });
    goals.pricing = await goal(SITE, { name: 'Pricing', kind: 'page', pathPattern: '/pricing' });
    goals.signup = await goal(SITE, { name: 'Sign-up', kind: 'event', eventName: 'signup' });
    goals.purchase = await goal(SITE, { name: 'Purchase', kind: 'event', eventName: 'purchase' });
    goals.share = await goal(SITE, { name: 'Shared', kind: 'share', shareWay: 'any' });
    goals.strictPricing = await goal(STRICT, { name: 'Pricing', kind: 'page', pathPattern: '/pricing' });
    goals.strictSignup = await goal(STRICT, { name: 'Sign-up', kind: 'event', eventName: 'signup' });
    goals.other = await goal(OTHER, { name: 'Elsewhere', kind: 'event', eventName: 'signup' });

    // Through all three from WhatsApp; two steps from WhatsApp; Google buys before signing up
    // (the purchase's first time is before the sign-up: step 3 not reached); a direct visitor
    // signs up without the pricing page; Telegram stops at pricing; one signs up, then sees the
    // pricing page and signs up again (the sign-up's first time is before step 1: not reached).
    await visit(SITE, '198.51.100.1', [
      { page: '/pricing', referrer: WHATSAPP },
      { event: 'signup' },
      { event: 'purchase' },
    ]);
    await visit(SITE, '198.51.100.2', [{ page: '/pricing', referrer: WHATSAPP }, { event: 'signup' }]);
    await visit(SITE, '198.51.100.3', [
      { page: '/pricing', referrer: GOOGLE },
      { event: 'purchase' },
      { event: 'signup' },
      { event: 'purchase' },
    ]);
    await visit(SITE, '198.51.100.4', [{ page: '/' }, { event: 'signup' }, { event: 'purchase' }]);
    await visit(SITE, '198.51.100.5', [{ page: '/pricing', referrer: TELEGRAM }, { page: '/pricing' }]);
    await visit(SITE, '198.51.100.6', [
      { page: '/', referrer: GOOGLE },
      { event: 'signup' },
      { page: '/pricing' },
      { event: 'signup' },
      { event: 'purchase' },
    ]);
    // Strict: 14 people see pricing, 12 of them sign up (→ 10 and 10), 3 more only see it.
    for (let person = 1; person <= 14; person += 1) {
      await visit(STRICT, `203.0.113.${person}`, [
        { page: '/pricing', referrer: WHATSAPP },
        ...(person <= 12 ? [{ event: 'signup' }] : []),
      ]);
    }
    await test.services.sink.flush();
    while ((await test.services.store.foldRollups()) > 0) {}
    // Some 60 events one by one, goals counted back under the fold's lock: slow on a busy server.
  }, 180_000);
  afterAll(async () => {
    await test.close();
    await database.drop();
  });

  it('saves a funnel of page and event goals, and lists it', async () => {
    const created = await inject('POST', `/api/sites/${SITE}/funnels`, {
      name: '  Pricing to purchase ',
      steps: [goals.pricing?.id, goals.signup?.id, goals.purchase?.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Pricing to purchase', missingSteps: [] });
    funnelId = created.body.id;
    const listed = await inject('GET', `/api/sites/${SITE}/funnels`);
    expect(listed.body.funnels.map((funnel: { name: string }) => funnel.name)).toEqual([
      'Pricing to purchase',
    ]);
    // A name is unique on its site, not across sites.
    const again = await inject('POST', `/api/sites/${SITE}/funnels`, {
      name: 'Pricing to purchase',
      steps: [goals.pricing?.id, goals.signup?.id],
    });
    expect([again.status, again.body.code]).toEqual([409, 'name_taken']);
    const elsewhere = await inject('POST', `/api/sites/${STRICT}/funnels`, {
      name: 'Pricing to purchase',
      steps: [goals.strictPricing?.id, goals.strictSignup?.id],
    });
    expect(elsewhere.status).toBe(201);
  });

  it('refuses steps that cannot make a funnel, each with its code', async () => {
    const refused = async (body: Record<string, unknown>) => {
      const answer = await inject('POST', `/api/sites/${SITE}/funnels`, { name: 'Bad', ...body });
      return [answer.status, answer.body.code, answer.body.steps];
    };
    expect(await refused({ steps: [goals.pricing?.id, goals.share?.id] })).toEqual([
      400,
      'funnel_step_share',
      [1],
    ]);
    expect(await refused({ steps: [goals.pricing?.id, goals.other?.id] })).toEqual([
      400,
      'funnel_step_unknown',
      [1],
    ]);
    expect(await refused({ steps: [goals.pricing?.id, goals.signup?.id, goals.pricing?.id] })).toEqual([
      400,
      'funnel_steps_repeated',
      [2],
    ]);
    expect((await refused({ steps: [goals.pricing?.id] }))[0]).toBe(400);
    expect((await refused({ steps: Array.from({ length: 9 }, (_, i) => `g${i}`) }))[0]).toBe(400);
    const unnamed = await inject('POST', `/api/sites/${SITE}/funnels`, {
      name: '   ',
      steps: [goals.pricing?.id, goals.signup?.id],
    });
    expect([unnamed.status, unnamed.body.code]).toEqual([400, 'funnel_name_invalid']);
  });

  it('counts visitors per step in order, by channel and app, equal to a brute-force reading', async () => {
    const answer = await inject('GET', `/api/sites/${SITE}/funnels/${funnelId}/result?date_range=7d`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const result = answer.body as FunnelResult;
    const events = await test.services.store.listEvents({
      siteId: (await test.services.stats.site(SITE)).id,
      limit: 10_000,
    });
    const steps = [goals.pricing, goals.signup, goals.purchase] as Goal[];
    expect(tableOf(result)).toEqual(oracle(events, steps));
    // By hand: pricing 5 (two WhatsApp, Google, Telegram, the late one), sign-up 3, purchase 1.
    expect(result.steps.map((step) => [step.name, step.visitors])).toEqual([
      ['Pricing', 5],
      ['Sign-up', 3],
      ['Purchase', 1],
    ]);
    expect(result.steps.map((step) => step.dropOff)).toEqual([
      null,
      { visitors: 2, rate: 2 / 5 },
      { visitors: 2, rate: 2 / 3 },
    ]);
    expect(result.steps.map((step) => step.conversionRate)).toEqual([1, 3 / 5, 1 / 5]);
    expect(result.byChannel[0]).toEqual({
      channel: 'dark-social',
      source: 'whatsapp',
      visitors: [2, 2, 1],
      conversionRate: 1 / 2,
    });
    expect(result.funnel).toEqual({ id: funnelId, name: 'Pricing to purchase' });
    expect(result.roundedTo).toBeUndefined();
    // Nothing personal in the answer.
    expect(JSON.stringify(result)).not.toMatch(/visitorHash|198\.51\.100/);
  });

  it('previews steps not saved, and follows the date range', async () => {
    const preview = await inject('POST', '/api/stats/funnel', {
      site: SITE,
      steps: [goals.signup?.id, goals.purchase?.id],
      date_range: 'day',
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const events = await test.services.store.listEvents({
      siteId: (await test.services.stats.site(SITE)).id,
      limit: 10_000,
    });
    expect(tableOf(preview.body)).toEqual(oracle(events, [goals.signup, goals.purchase] as Goal[]));
    expect(preview.body.funnel).toBeNull();
    expect(preview.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([5, 3]);
    const past = await inject('POST', '/api/stats/funnel', {
      site: SITE,
      steps: [goals.signup?.id, goals.purchase?.id],
      date_range: ['2020-01-01', '2020-01-31'],
    });
    expect(past.body.range).toEqual({ from: '2020-01-01', to: '2020-01-31' });
    expect(past.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([0, 0]);
    expect(past.body.steps[1].dropOff).toEqual({ visitors: 0, rate: null });
    const reversed = await inject('POST', '/api/stats/funnel', {
      site: SITE,
      steps: [goals.signup?.id, goals.purchase?.id],
      date_range: ['2020-01-31', '2020-01-01'],
    });
    expect([reversed.status, reversed.body.code]).toEqual([400, 'invalid_date_range']);
    const query = await inject(
      'GET',
      `/api/sites/${SITE}/funnels/${funnelId}/result?from=2020-01-01&to=2020-01-02`,
    );
    expect(query.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([0, 0, 0]);
  });

  it('rounds a strict site’s counts and makes its rates of the rounded counts', async () => {
    const answer = await inject('POST', '/api/stats/funnel', {
      site: STRICT,
      steps: [goals.strictPricing?.id, goals.strictSignup?.id],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.roundedTo).toBe(10);
    expect(answer.body.steps.map((step: { visitors: number }) => step.visitors)).toEqual([10, 10]);
    expect(answer.body.steps[1].dropOff).toEqual({ visitors: 0, rate: 0 });
    expect(answer.body.steps[1].conversionRate).toBe(1);
    for (const row of answer.body.byChannel) {
      for (const value of row.visitors) expect(value % 10).toBe(0);
    }
  });

  it('renames, replaces steps, and says clearly when a goal of a saved funnel was deleted', async () => {
    const renamed = await inject('PATCH', `/api/sites/${SITE}/funnels/${funnelId}`, { name: 'Checkout' });
    expect([renamed.status, renamed.body.name, renamed.body.steps.length]).toEqual([200, 'Checkout', 3]);
    const shorter = await inject('PATCH', `/api/sites/${SITE}/funnels/${funnelId}`, {
      steps: [goals.pricing?.id, goals.purchase?.id],
    });
    expect(shorter.body.steps).toEqual([goals.pricing?.id, goals.purchase?.id]);
    const share = await inject('PATCH', `/api/sites/${SITE}/funnels/${funnelId}`, {
      steps: [goals.pricing?.id, goals.share?.id],
    });
    expect(share.body.code).toBe('funnel_step_share');

    expect((await inject('DELETE', `/api/sites/${SITE}/goals/${goals.purchase?.id}`)).status).toBe(204);
    const listed = await inject('GET', `/api/sites/${SITE}/funnels`);
    expect(listed.body.funnels[0].missingSteps).toEqual([1]);
    const result = await inject('GET', `/api/sites/${SITE}/funnels/${funnelId}/result`);
    expect([result.status, result.body.code, result.body.steps]).toEqual([409, 'funnel_goal_missing', [1]]);
    expect(result.body.detail).toContain('step 2');
    // Fixed by choosing another goal for the step.
    const fixed = await inject('PATCH', `/api/sites/${SITE}/funnels/${funnelId}`, {
      steps: [goals.pricing?.id, goals.signup?.id],
    });
    expect(fixed.body.missingSteps).toEqual([]);
    expect((await inject('GET', `/api/sites/${SITE}/funnels/${funnelId}/result`)).status).toBe(200);
  });

  it('is in the OpenAPI document, with the problem’s steps', async () => {
    const document = (await test.app.fastify.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/sites/{id}/funnels'])).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/sites/{id}/funnels/{item}'])).toEqual(['patch', 'delete']);
    expect(Object.keys(document.paths['/api/sites/{id}/funnels/{item}/result'])).toEqual(['get']);
    expect(Object.keys(document.paths['/api/stats/funnel'])).toEqual(['post']);
    expect(JSON.stringify(document.components.schemas)).toContain('the 0-based steps concerned');
  });

  it('deletes a funnel once, and keeps other sites’ funnels apart', async () => {
    const strictFunnels = (await inject('GET', `/api/sites/${STRICT}/funnels`)).body.funnels;
    const strictId = strictFunnels[0].id;
    expect((await inject('GET', `/api/sites/${SITE}/funnels/${strictId}/result`)).status).toBe(404);
    expect((await inject('DELETE', `/api/sites/${SITE}/funnels/${strictId}`)).status).toBe(404);
    expect((await inject('DELETE', `/api/sites/${SITE}/funnels/${funnelId}`)).status).toBe(204);
    expect((await inject('DELETE', `/api/sites/${SITE}/funnels/${funnelId}`)).status).toBe(404);
    expect((await inject('GET', `/api/sites/${SITE}/funnels`)).body.funnels).toEqual([]);
    // The audit log has the three changes.
    const audit = await inject('GET', `/api/audit?site=${(await test.services.stats.site(SITE)).id}`);
    const actions = (audit.body.items as { action: string }[]).map((entry) => entry.action);
    expect(actions.filter((action) => action.startsWith('funnel.')).sort()).toEqual([
      'funnel.create',
      'funnel.delete',
      'funnel.update',
      'funnel.update',
      'funnel.update',
    ]);
    // Deleting the site deletes its funnels (foreign key).
    const site = await test.services.stats.site(STRICT);
    await test.services.sites.delete(site.id);
    expect(await test.services.store.funnels.listFunnels(site.id)).toEqual([]);
  });
});

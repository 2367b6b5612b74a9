import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { GOAL_LIMIT } from '../../src/goals/goal-rules.js';
import type { Goal } from '../../src/store/goal-store.js';
import type { Site } from '../../src/store/store.js';
import { apiRequest } from '../helpers/api-request.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Problem = { code: string; status: number; field?: string; detail?: string };

describe.each(ENGINES)('/api/sites/:id/goals on %s (issue 14)', (engine) => {
  let test: TestApp;
  let database: EngineEnv;
  let site: Site;
  let other: Site;
  const goals = () => `/api/sites/${site.id}/goals`;

  beforeAll(async () => {
    database = await engineEnv(engine, 'goals_api');
    test = await startTestApp(database.env);
    site = await test.services.sites.create({ domain: 'goal-api.example' });
    other = await test.services.sites.create({ domain: 'other-goal-api.example' });
  });
  afterAll(async () => {
    await test?.close();
    await database?.drop();
  });

  it('adds page, event and share goals, lists them oldest first, renames and deletes one, all audited', async () => {
    const page = await apiRequest<Goal>(test, 'POST', goals(), {
      name: '  Thanks page ',
      kind: 'page',
      pathPattern: '/thanks/*',
      // Another kind's field is ignored, not kept.
      eventName: 'ignored',
    });
    expect(page.status).toBe(201);
    expect(page.body).toMatchObject({
      siteId: site.id,
      name: 'Thanks page',
      kind: 'page',
      pathPattern: '/thanks/*',
      eventName: null,
      propKey: null,
      propValue: null,
      shareWay: null,
    });
    const event = await apiRequest<Goal>(test, 'POST', goals(), {
      name: 'Pro sign-up',
      kind: 'event',
      eventName: 'signup',
      propKey: 'plan',
      propValue: 'pro',
    });
    expect(event.status).toBe(201);
    expect(event.body).toMatchObject({ eventName: 'signup', propKey: 'plan', propValue: 'pro' });
    const plain = await apiRequest<Goal>(test, 'POST', goals(), {
      name: 'Any sign-up',
      kind: 'event',
      eventName: 'signup',
      propKey: '',
      propValue: '',
    });
    expect([plain.status, plain.body.propKey, plain.body.propValue]).toEqual([201, null, null]);
    expect((await apiRequest(test, 'DELETE', `${goals()}/${plain.body.id}`)).status).toBe(204);
    const share = await apiRequest<Goal>(test, 'POST', goals(), { name: 'Shares', kind: 'share' });
    expect(share.status).toBe(201);
    expect(share.body.shareWay).toBe('any');

    const list = await apiRequest<{ goals: Goal[] }>(test, 'GET', goals());
    expect(list.status).toBe(200);
    expect(list.body.goals.map((goal) => goal.name)).toEqual(['Thanks page', 'Pro sign-up', 'Shares']);
    // By domain too, as every site route.
    const byDomain = await apiRequest<{ goals: Goal[] }>(test, 'GET', `/api/sites/${site.domain}/goals`);
    expect(byDomain.body.goals).toHaveLength(3);
    expect(
      (await apiRequest<{ goals: Goal[] }>(test, 'GET', `/api/sites/${other.id}/goals`)).body.goals,
    ).toEqual([]);

    const renamed = await apiRequest<Goal>(test, 'PATCH', `${goals()}/${share.body.id}`, { name: 'Shared' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: share.body.id, name: 'Shared', kind: 'share', shareWay: 'any' });
    // Renaming to its own name in another case is no conflict with itself.
    expect((await apiRequest(test, 'PATCH', `${goals()}/${share.body.id}`, { name: 'SHARED' })).status).toBe(
      200,
    );

    expect((await apiRequest(test, 'DELETE', `${goals()}/${page.body.id}`)).status).toBe(204);
    const deletedAgain = await apiRequest<Problem>(test, 'DELETE', `${goals()}/${page.body.id}`);
    expect(deletedAgain.status).toBe(404);
    // Another site's goal is not found through this site.
    expect((await apiRequest(test, 'DELETE', `/api/sites/${other.id}/goals/${event.body.id}`)).status).toBe(
      404,
    );
    expect(
      (await apiRequest(test, 'PATCH', `/api/sites/${other.id}/goals/${event.body.id}`, { name: 'x' }))
        .status,
    ).toBe(404);

    const audit = await apiRequest<{
      items: { action: string; target: string; details: Record<string, unknown> }[];
    }>(test, 'GET', `/api/audit?site=${site.id}&limit=100`);
    const goalEntries = audit.body.items.filter((entry) => entry.action.startsWith('goal.'));
    expect(goalEntries.map((entry) => entry.action).sort()).toEqual([
      'goal.create',
      'goal.create',
      'goal.create',
      'goal.create',
      'goal.delete',
      'goal.delete',
      'goal.rename',
      'goal.rename',
    ]);
    expect(
      goalEntries.find((entry) => entry.action === 'goal.rename' && entry.details.to === 'Shared')?.details,
    ).toEqual({
      from: 'Shares',
      to: 'Shared',
    });
    expect(
      goalEntries.find((entry) => entry.action === 'goal.delete' && entry.target === page.body.id)?.details,
    ).toMatchObject({
      name: 'Thanks page',
      pathPattern: '/thanks/*',
    });
  });

  it('refuses what a goal cannot be, with a stable code and the field', async () => {
    const refused = async (body: Record<string, unknown>) => {
      const answer = await apiRequest<Problem>(test, 'POST', goals(), body);
      return `${answer.status} ${answer.body.code} ${answer.body.field ?? ''}`.trim();
    };
    expect(await refused({ name: '', kind: 'share' })).toBe('422 goal_name_invalid name');
    expect(await refused({ name: 'x'.repeat(81), kind: 'share' })).toBe('422 goal_name_invalid name');
    expect(await refused({ name: 'a\nb', kind: 'share' })).toBe('422 goal_name_invalid name');
    expect(await refused({ name: 'P', kind: 'page', pathPattern: 'thanks' })).toBe(
      '422 goal_path_invalid pathPattern',
    );
    expect(await refused({ name: 'P', kind: 'page' })).toBe('422 goal_path_invalid pathPattern');
    expect(await refused({ name: 'P', kind: 'page', pathPattern: `/${'a'.repeat(200)}` })).toBe(
      '422 goal_path_invalid pathPattern',
    );
    expect(await refused({ name: 'P', kind: 'page', pathPattern: '/a?b=1' })).toBe(
      '422 goal_path_invalid pathPattern',
    );
    expect(await refused({ name: 'E', kind: 'event' })).toBe('422 goal_event_invalid eventName');
    expect(await refused({ name: 'E', kind: 'event', eventName: 'e'.repeat(101) })).toBe(
      '422 goal_event_invalid eventName',
    );
    expect(await refused({ name: 'E', kind: 'event', eventName: 'e', propKey: 'plan' })).toBe(
      '422 goal_property_invalid propValue',
    );
    expect(await refused({ name: 'E', kind: 'event', eventName: 'e', propValue: 'pro' })).toBe(
      '422 goal_property_invalid propKey',
    );
    expect(
      await refused({ name: 'E', kind: 'event', eventName: 'e', propKey: 'k'.repeat(41), propValue: 'v' }),
    ).toBe('422 goal_property_invalid propKey');
    expect(await refused({ name: 'S', kind: 'share', shareWay: 'tweet' })).toBe('400 invalid_body');
    expect(await refused({ name: 'S', kind: 'funnel' })).toBe('400 invalid_body');
    // A name already used on the site, whatever its case: 409, and on rename too.
    expect(await refused({ name: 'pro SIGN-UP', kind: 'share' })).toBe('409 goal_name_taken name');
    const list = (await apiRequest<{ goals: Goal[] }>(test, 'GET', goals())).body.goals;
    const shared = list.find((goal) => goal.kind === 'share') as Goal;
    const clash = await apiRequest<Problem>(test, 'PATCH', `${goals()}/${shared.id}`, {
      name: 'Pro sign-up',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('goal_name_taken');
    // The same name on another site is another goal.
    expect(
      (await apiRequest(test, 'POST', `/api/sites/${other.id}/goals`, { name: 'Pro sign-up', kind: 'share' }))
        .status,
    ).toBe(201);
  });

  it('publishes the goal routes and the goal metrics in the OpenAPI document', async () => {
    const document = (await test.app.fastify.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/sites/{id}/goals'])).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/sites/{id}/goals/{item}'])).toEqual(['patch', 'delete']);
    const schemas = JSON.stringify(document.components.schemas);
    for (const name of ['conversion_rate', 'average_revenue', 'currency']) expect(schemas).toContain(name);
  });

  it(`holds a site to ${GOAL_LIMIT} goals`, async () => {
    const crowded = await test.services.sites.create({ domain: 'crowded-goals.example' });
    for (let n = 0; n < GOAL_LIMIT; n++) {
      await test.services.goals.create(crowded.id, {
        name: `Goal ${n}`,
        kind: 'page',
        pathPattern: `/p${n}`,
      });
    }
    const answer = await apiRequest<Problem>(test, 'POST', `/api/sites/${crowded.id}/goals`, {
      name: 'One more',
      kind: 'share',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('goal_limit_reached');
  });

  it('lets a stats reader list goals but only an admin token change them, on a real socket', async () => {
    await test.app.fastify.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(test.app.fastify.server.address() as AddressInfo).port}`;
    const { secret } = await createApiToken(test.services.store, 'reader', {
      scopes: ['stats:read'],
      siteIds: null,
    });
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const listed = await fetch(`${base}${goals()}`, { headers });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { goals: Goal[] }).goals.length).toBeGreaterThan(0);
    const added = await fetch(`${base}${goals()}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Not allowed', kind: 'share' }),
    });
    expect(added.status).toBe(403);
    expect(added.headers.get('content-type')).toContain('application/problem+json');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('PATCH /api/sites/:id: the measurement settings', () => {
  let test: TestApp;
  const patch = (id: string, body: unknown) =>
    test.app.fastify.inject({
      method: 'PATCH',
      url: `/api/sites/${id}`,
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    test = await startTestApp();
    await test.services.sites.create({ domain: 'settings.example' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('saves privacy mode, landing paths, DNT/GPC, retention and extra origins', async () => {
    const response = await patch('settings.example', {
      privacyMode: 'strict',
      landingPaths: ['/', '/news/*'],
      respectDnt: true,
      retentionMonths: 13,
      extraOrigins: ['amp.settings.example'],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      privacyMode: 'strict',
      landingPaths: ['/', '/news/*'],
      respectDnt: true,
      retentionMonths: 13,
      extraOrigins: ['amp.settings.example'],
    });
    expect((await test.services.sites.find('settings.example'))?.retentionMonths).toBe(13);
  });

  it('refuses settings out of bounds with problem details', async () => {
    const tooLong = await patch('settings.example', { retentionMonths: 26 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().code).toBe('invalid_body');
    const mode = await patch('settings.example', { privacyMode: 'spy' });
    expect(mode.statusCode).toBe(400);
    const path = await patch('settings.example', { landingPaths: ['no-slash'] });
    expect(path.statusCode).toBe(422);
    expect(path.json().code).toBe('landing_paths_invalid');
  });

  it("saves the site's own query parameters: spelt as given, deduplicated ignoring case", async () => {
    const response = await patch('settings.example', { queryParams: ['page', 'Lang', 'PAGE', 'article.id'] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().queryParams).toEqual(['page', 'Lang', 'article.id']);
    expect((await test.services.sites.find('settings.example'))?.queryParams).toEqual([
      'page',
      'Lang',
      'article.id',
    ]);
    const created = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/sites',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ domain: 'params.example', queryParams: ['ref'] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().queryParams).toEqual(['ref']);
  });

  it('refuses query parameter names that are malformed, campaign parameters or too many', async () => {
    const refused = [
      [''],
      ['has space'],
      ['a=b'],
      ['x'.repeat(65)],
      ['utm_source'],
      ['UTM_Custom'],
      Array.from({ length: 21 }, (_, i) => `p${i}`),
    ];
    for (const queryParams of refused) {
      const response = await patch('settings.example', { queryParams });
      expect(response.statusCode, JSON.stringify(queryParams)).toBe(422);
      expect(response.json()).toMatchObject({ code: 'query_params_invalid', field: 'queryParams' });
    }
    expect((await test.services.sites.find('settings.example'))?.queryParams).toEqual([
      'page',
      'Lang',
      'article.id',
    ]);
    const accepted = await patch('settings.example', { queryParams: ['x'.repeat(64)] });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });
});

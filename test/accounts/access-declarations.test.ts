import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { assertAccessDeclared } from '../../src/http/access.js';

/**
 * The start-up check of app.ts: a management route that forgets its role, token scope or site
 * locator stops the server from starting (issue 13, finding 15: no route open by omission).
 */
describe('assertAccessDeclared', () => {
  const full = { access: 'viewer', scope: 'stats:read', site: 'listed' } as const;

  it.each(['access', 'scope', 'site'] as const)('refuses a route without %s', async (key) => {
    const app = Fastify();
    app.addHook('onRoute', assertAccessDeclared);
    const { [key]: _left, ...config } = full;
    app.register(async (api) => {
      api.get('/api/new', { config }, async () => 'open');
    });
    await expect(app.ready()).rejects.toThrow(`GET /api/new declares no ${key}`);
  });

  it('lets a route that declares all three start', async () => {
    const app = Fastify();
    app.addHook('onRoute', assertAccessDeclared);
    app.get('/api/new', { config: full }, async () => 'fine');
    await app.ready();
    expect((await app.inject({ url: '/api/new' })).body).toBe('fine');
    await app.close();
  });
});

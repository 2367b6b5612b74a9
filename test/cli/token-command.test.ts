import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/http/app.js';
import { createServices, type Services } from '../../src/services.js';
import { runCli } from '../helpers/run-cli.js';
import { testConfig } from '../helpers/test-config.js';

/*
 * `penumbra token create --scope … --site …` as a process (issue 13, finding 15); the token it
 * prints is then used against the app opened on the same data directory.
 */
describe('penumbra token create with scopes and sites (as a process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-token-cli-'));
  const env = { PENUMBRA_DATA_DIR: dataDir };
  let secret: string;
  let services: Services;
  let app: App;

  beforeAll(async () => {
    for (const domain of ['a.example', 'b.example']) {
      const added = await runCli(['sites', 'add', domain], { env });
      expect(added.code, added.stderr).toBe(0);
    }
    const created = await runCli(
      ['token', 'create', '--name', 'ci', '--scope', 'stats:read,links:write', '--site', 'a.example'],
      { env },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('stats:read, links:write; 1 site(s)');
    secret = created.stdout.trim();
    expect(secret).toMatch(/^pn_\S+$/);
    services = await createServices(testConfig({ PENUMBRA_DATA_DIR: dataDir }), { warmCache: true });
    app = buildApp({ services, logger: false });
    await app.fastify.ready();
  });

  afterAll(async () => {
    await app?.fastify.close();
    await services?.close();
  });

  it('lists the token with its scopes and its one site, never its secret', async () => {
    const listed = await runCli(['token', 'list'], { env });
    expect(listed.code).toBe(0);
    const a = await services.sites.find('a.example');
    expect(listed.stdout).toMatch(new RegExp(`ci\\s+stats:read,links:write\\s+${a?.id}\\s`));
    expect(listed.stdout).not.toContain(secret);
  });

  it('gives a token that reads and writes links on its site, and finds no other site', async () => {
    const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.fastify.inject({
        method,
        url,
        headers: { authorization: `Bearer ${secret}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    expect((await call('GET', '/api/sites/a.example')).statusCode).toBe(200);
    expect((await call('GET', '/api/sites/b.example')).statusCode).toBe(404);
    const link = await call('POST', '/api/links', { url: 'https://a.example/post', site: 'a.example' });
    expect(link.statusCode, link.body).toBe(201);
    expect(
      (await call('POST', '/api/links', { url: 'https://b.example/', site: 'b.example' })).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/users')).statusCode).toBe(403);
  });

  it('refuses an unknown scope and an unknown site (usage, 2), creating nothing', async () => {
    const scope = await runCli(['token', 'create', '--name', 'x', '--scope', 'root'], { env });
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain('unknown scope "root"');
    const site = await runCli(['token', 'create', '--name', 'y', '--site', 'nowhere.example'], { env });
    expect(site.code).toBe(2);
    expect(site.stderr).toContain('there is no site "nowhere.example"');
    const names = (await services.store.listTokens()).map(({ name }) => name);
    expect(names).toEqual(['ci']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('GET /api/sites/:id/privacy/documents', () => {
  let test: TestApp;
  let siteId: string;
  const get = (url: string, headers: Record<string, string> = {}) =>
    test.app.fastify.inject({ method: 'GET', url, headers: { authorization: test.auth, ...headers } });

  beforeAll(async () => {
    test = await startTestApp();
    const site = await test.services.sites.create({ domain: 'docs.example.org', name: 'Docs' });
    siteId = site.id;
  });
  afterAll(async () => {
    await test.close();
  });

  it('answers the three documents as JSON, in English by default, by id or domain', async () => {
    const response = await get(`/api/sites/${siteId}/privacy/documents`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body).toMatchObject({ siteId, lang: 'en' });
    expect(Date.parse(body.generatedAt)).not.toBeNaN();
    expect(body.documents.map((document: { id: string }) => document.id)).toEqual([
      'processing-record',
      'privacy-notice',
      'dpia-summary',
    ]);
    const [record] = body.documents;
    expect(record.title).toBe(
      'Record of processing activities — audience measurement of Docs (docs.example.org)',
    );
    expect(record.sections[0].heading).toBe('About this document');
    expect(record.sections[0].paragraphs[0]).toContain('not legal advice');
    expect(record.markdown).toContain('# Record of processing activities');
    const notice = body.documents[1];
    expect(notice.markdown).toContain('https://go.example.test/opt-out?site=docs.example.org');

    const byDomain = await get('/api/sites/docs.example.org/privacy/documents?lang=fr');
    expect(byDomain.statusCode).toBe(200);
    expect(byDomain.json().lang).toBe('fr');
    expect(byDomain.json().documents[0].title).toBe(
      'Registre des activités de traitement — mesure d’audience de Docs (docs.example.org)',
    );
  });

  it('follows the site’s settings as they change', async () => {
    const before = (await get(`/api/sites/${siteId}/privacy/documents`)).json();
    expect(JSON.stringify(before)).toContain('25 months');
    await test.services.sites.update(siteId, {
      privacyMode: 'strict',
      retentionMonths: 13,
      respectDnt: true,
    });
    const after = JSON.stringify((await get(`/api/sites/${siteId}/privacy/documents`)).json());
    expect(after).toContain('Raw events: 13 months');
    expect(after).toContain('rounded to the nearest 10');
    expect(after).toContain(
      'Global Privacy Control (Sec-GPC: 1) are not measured by the script on this site’s pages',
    );
    expect(after).not.toContain('only the campaign parameters (utm_*) are kept');
    await test.services.sites.update(siteId, {
      privacyMode: 'anonymous',
      retentionMonths: 25,
      respectDnt: false,
    });
  });

  it('answers one Markdown file to Accept: text/markdown or format=markdown', async () => {
    for (const [url, headers] of [
      [`/api/sites/${siteId}/privacy/documents?lang=fr`, { accept: 'text/markdown' }],
      ['/api/sites/docs.example.org/privacy/documents?lang=fr&format=markdown', {}],
    ] as const) {
      const response = await get(url, headers);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="penumbra-privacy-docs.example.org-fr.md"',
      );
      expect(response.body.match(/^# /gm)?.length).toBe(3);
      expect(response.body).toContain('# Registre des activités de traitement');
      expect(response.body).toContain('# Synthèse pour l’AIPD');
      expect(response.body).toContain('pas un conseil juridique');
    }
    const json = await get(`/api/sites/${siteId}/privacy/documents?format=json`, { accept: 'text/markdown' });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers an unknown site with 404 site_not_found and a bad language with 400', async () => {
    const unknown = await get('/api/sites/nowhere.example/privacy/documents');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({ code: 'site_not_found', status: 404 });
    const badLanguage = await get(`/api/sites/${siteId}/privacy/documents?lang=de`);
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().code).toBe('invalid_query');
    const badFormat = await get(`/api/sites/${siteId}/privacy/documents?format=pdf`);
    expect(badFormat.statusCode).toBe(400);
  });

  it('needs authentication, and shows in the OpenAPI document', async () => {
    const anonymous = await test.app.fastify.inject({
      method: 'GET',
      url: `/api/sites/${siteId}/privacy/documents`,
    });
    expect(anonymous.statusCode).toBe(401);
    const openapi = (await test.app.fastify.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = openapi.paths['/api/sites/{id}/privacy/documents']?.get;
    expect(operation?.summary).toBe('Generated privacy documents of a site');
    const content = operation?.responses?.['200']?.content;
    expect(Object.keys(content ?? {}).sort()).toEqual(['application/json', 'text/markdown']);
    expect(content['application/json'].schema.properties.documents.type).toBe('array');
  });
});

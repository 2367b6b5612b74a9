import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetentionJob } from '../../src/privacy/retention-job.js';
import type { NewEvent } from '../../src/store/store.js';
import { type AccountApp, type Browser, startAccountApp } from '../accounts/account-app.js';

const DAY = 86_400_000;

function pageview(siteId: string, occurredAt: number): NewEvent {
  return {
    siteId,
    linkId: null,
    type: 'pageview',
    kind: 'human',
    channel: 'direct',
    medium: 'none',
    source: 'direct',
    evidence: 'none',
    confidence: 'low',
    occurredAt,
    path: '/',
  };
}

describe('GET /api/sites/:id/privacy/status (in-process)', () => {
  let a: AccountApp;
  let viewer: Browser;
  let siteId: string;

  beforeAll(async () => {
    a = await startAccountApp({ PENUMBRA_AUDIT_RETENTION_MONTHS: '6' });
    await a.setupOwner();
    viewer = await a.addUser('viewer', 'viewer@example.org');
    const site = await a.t.services.sites.create({
      domain: 'status.example',
      timezone: 'UTC',
      privacyMode: 'strict',
      respectDnt: true,
      retentionMonths: 2,
    });
    siteId = site.id;
  });
  afterAll(() => a.close());

  it('shows the settings, and no run before the retention job first ran on the site', async () => {
    const response = await viewer.request('GET', '/api/sites/status.example/privacy/status');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toStrictEqual({
      siteId,
      domain: 'status.example',
      privacyMode: 'strict',
      respectDnt: true,
      retentionMonths: 2,
      saltHours: 48,
      retention: null,
      auditRetentionMonths: 6,
    });
  });

  it('shows the last run of the retention job: when, where it cut, how many events went', async () => {
    const { store, audit } = a.t.services;
    const now = Date.parse('2026-06-15T10:00:00Z');
    await store.insertEvents([
      pageview(siteId, now - 90 * DAY),
      pageview(siteId, now - 80 * DAY),
      pageview(siteId, now - DAY),
    ]);
    await runRetentionJob({ store, audit, auditRetentionMonths: 6 }, now);
    const response = await viewer.request('GET', `/api/sites/${siteId}/privacy/status`);
    expect(response.json().retention).toStrictEqual({
      lastRunAt: '2026-06-15T10:00:00.000Z',
      cutoffDay: '2026-04-15',
      deleted: 2,
    });
    const [entry] = (await store.listAuditEntries({ siteId, action: 'retention.run', limit: 5, offset: 0 }))
      .items;
    expect(entry).toMatchObject({
      actorKind: 'cli',
      actorLabel: 'retention job',
      details: { cutoffDay: '2026-04-15', deleted: 2 },
    });
  });

  it('answers 404 for an unknown site and 401 without credentials', async () => {
    const missing = await viewer.request('GET', '/api/sites/nowhere.example/privacy/status');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'site_not_found' });
    expect((await a.inject('GET', `/api/sites/${siteId}/privacy/status`)).statusCode).toBe(401);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import type { SiteLocator } from '../../src/http/access.js';
import { type App, buildApp } from '../../src/http/app.js';
import { createServices, type Services } from '../../src/services.js';
import type { TokenScope, UserRole } from '../../src/store/store.js';
import { ENGINES, engineEnv } from '../helpers/engines.js';
import { testConfig } from '../helpers/test-config.js';

/*
 * Issue 13, finding 15: "a site-scoped token or user must get 404 for other sites' data on every
 * route. A test enumerates the routes, as the audit did." Every route of the management API is
 * collected with an onRoute hook while the app starts, and must appear in one of the tables
 * below, with the site locator it declares. Each site route is then called, over a real socket,
 * by principals confined to sites A and C: on site B it must answer 404, exactly as for a site
 * or link that does not exist, and change nothing; on their own sites it must work (so a 404 is
 * not a broken route).
 */

interface Fixture {
  id: string;
  domain: string;
  linkId: string;
  publicLinkId: string;
  /** A share kit's WhatsApp variant (PUT /api/links/:id/preview takes a variant). */
  variantId: string;
  /** The site's webhook endpoint, a delivery queued to it, and a digest recipient (issue 14). */
  webhookId: string;
  deliveryId: string;
  recipientId: string;
  /** An alert rule of the site (issue 14). */
  alertId: string;
  /** A goal of the site (issue 14). */
  goalId: string;
  /** A page goal of the site, and a saved funnel of it and the goal above (issue 14). */
  pageGoalId: string;
  funnelId: string;
}

interface Call {
  url: string;
  body?: unknown;
}

interface SiteRoute {
  /** What `config.site` must be: a reference in params, query or body. */
  locator: Exclude<SiteLocator, string>;
  /** The request for a site; `fresh` gives a disposable site of the same principal's reach. */
  call(site: Fixture): Call | Promise<Call>;
  /** Destroys its site: the positive check runs on a fresh disposable one. */
  destructive?: true;
  /** Answers a stream (Server-Sent Events): checked by status and headers only. */
  stream?: true;
}

const PASSWORD = 'plum orbit velvet cascade 91';

const SITE_PARAM = { in: 'params', key: 'id', of: 'site' } as const;
const LINK_PARAM = { in: 'params', key: 'id', of: 'link' } as const;
const SITE_QUERY = { in: 'query', key: 'site', of: 'site' } as const;
const SITE_BODY = { in: 'body', key: 'site', of: 'site' } as const;
const RANGE = 'date_range=7d';
/** A loopback webhook receiver that takes every delivery (204), started before the fixtures. */
let hookUrl = '';
/** Goal names made by the route calls: unique per site. */
let goalNames = 0;
/** Funnel names made by the route calls: unique per site too. */
let funnelNames = 0;

/** Every route that acts on one site's data. */
const SITE_ROUTES: Record<string, SiteRoute> = {
  'POST /api/links': {
    locator: SITE_BODY,
    call: (s) => ({ url: '/api/links', body: { url: 'https://news.example.org/a', site: s.domain } }),
  },
  'GET /api/links': { locator: SITE_QUERY, call: (s) => ({ url: `/api/links?site=${s.domain}` }) },
  'GET /api/links/:id': { locator: LINK_PARAM, call: (s) => ({ url: `/api/links/${s.linkId}` }) },
  'PATCH /api/links/:id': {
    locator: LINK_PARAM,
    call: (s) => ({ url: `/api/links/${s.linkId}`, body: { title: 'Changed' } }),
  },
  'DELETE /api/links/:id': {
    locator: LINK_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/links/${s.linkId}` }),
  },
  'GET /api/links/:id/stats': { locator: LINK_PARAM, call: (s) => ({ url: `/api/links/${s.linkId}/stats` }) },
  'GET /api/links/:id/qr.svg': {
    locator: LINK_PARAM,
    call: (s) => ({ url: `/api/links/${s.linkId}/qr.svg` }),
  },
  'GET /api/links/:id/qr.png': {
    locator: LINK_PARAM,
    call: (s) => ({ url: `/api/links/${s.linkId}/qr.png` }),
  },
  'GET /api/sites/:id': { locator: SITE_PARAM, call: (s) => ({ url: `/api/sites/${s.domain}` }) },
  'PATCH /api/sites/:id': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}`, body: { name: 'Renamed' } }),
  },
  'DELETE /api/sites/:id': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}` }),
  },
  'POST /api/sites/:id/public-links': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/public-links` }),
  },
  'GET /api/sites/:id/public-links': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/public-links` }),
  },
  'DELETE /api/sites/:id/public-links/:linkId': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}/public-links/${s.publicLinkId}` }),
  },
  'GET /api/sites/:id/export': { locator: SITE_PARAM, call: (s) => ({ url: `/api/sites/${s.id}/export` }) },
  'POST /api/sites/:id/erase': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/erase`, body: { dryRun: true } }),
  },
  'GET /api/sites/:id/privacy/documents': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.domain}/privacy/documents` }),
  },
  'GET /api/sites/:id/privacy/status': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.domain}/privacy/status` }),
  },
  'GET /api/sites/:id/demo-progress': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.domain}/demo-progress` }),
  },
  'GET /api/sites/:id/install': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.domain}/install` }),
  },
  // Issue 15: bulk kits, a variant's own preview, preview health.
  'POST /api/links/bulk': {
    locator: SITE_BODY,
    call: (s) => ({
      url: '/api/links/bulk',
      body: { csv: `url,title\nhttps://${s.domain}/bulk,From a CSV`, site: s.domain, channels: ['sms'] },
    }),
  },
  'PUT /api/links/:id/preview': {
    locator: LINK_PARAM,
    call: (s) => ({ url: `/api/links/${s.variantId}/preview`, body: { title: 'Shorter for WhatsApp' } }),
  },
  'GET /api/previews/health': {
    locator: SITE_QUERY,
    call: (s) => ({ url: `/api/previews/health?site=${s.domain}` }),
  },
  // Issue 14: webhooks, the delivery log, digest recipients (owners only).
  'GET /api/sites/:id/webhooks': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/webhooks` }),
  },
  'POST /api/sites/:id/webhooks': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/webhooks`, body: { url: hookUrl, events: ['report.weekly'] } }),
  },
  'DELETE /api/sites/:id/webhooks/:item': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}/webhooks/${s.webhookId}` }),
  },
  'POST /api/sites/:id/webhooks/:item/test': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/webhooks/${s.webhookId}/test` }),
  },
  'GET /api/sites/:id/deliveries': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/deliveries` }),
  },
  'GET /api/sites/:id/deliveries/:item': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/deliveries/${s.deliveryId}` }),
  },
  'POST /api/sites/:id/deliveries/:item/replay': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/deliveries/${s.deliveryId}/replay` }),
  },
  // Issue 14: "spreading privately" alert rules, site settings (editors and owners).
  'GET /api/sites/:id/alerts': { locator: SITE_PARAM, call: (s) => ({ url: `/api/sites/${s.id}/alerts` }) },
  'POST /api/sites/:id/alerts': {
    locator: SITE_PARAM,
    call: (s) => ({
      url: `/api/sites/${s.id}/alerts`,
      body: { kind: 'site-spike', recipientIds: [s.recipientId] },
    }),
  },
  'DELETE /api/sites/:id/alerts/:item': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}/alerts/${s.alertId}` }),
  },
  'POST /api/sites/:id/alerts/test': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/alerts/test` }),
  },
  // Issue 14: goals, read with the stats and changed by editors and owners.
  'GET /api/sites/:id/goals': { locator: SITE_PARAM, call: (s) => ({ url: `/api/sites/${s.id}/goals` }) },
  'POST /api/sites/:id/goals': {
    locator: SITE_PARAM,
    // Names are unique per site: each call adds another.
    call: (s) => ({ url: `/api/sites/${s.id}/goals`, body: { name: `Goal ${++goalNames}`, kind: 'share' } }),
  },
  'PATCH /api/sites/:id/goals/:item': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/goals/${s.goalId}`, body: { name: `Renamed ${++goalNames}` } }),
  },
  'DELETE /api/sites/:id/goals/:item': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}/goals/${s.goalId}` }),
  },
  // Issue 14: funnels, read with the stats and saved by editors and owners.
  'GET /api/sites/:id/funnels': { locator: SITE_PARAM, call: (s) => ({ url: `/api/sites/${s.id}/funnels` }) },
  'POST /api/sites/:id/funnels': {
    locator: SITE_PARAM,
    call: (s) => ({
      url: `/api/sites/${s.id}/funnels`,
      body: { name: `Funnel ${++funnelNames}`, steps: [s.pageGoalId, s.goalId] },
    }),
  },
  'PATCH /api/sites/:id/funnels/:item': {
    locator: SITE_PARAM,
    call: (s) => ({
      url: `/api/sites/${s.id}/funnels/${s.funnelId}`,
      body: { name: `Renamed ${++funnelNames}` },
    }),
  },
  'DELETE /api/sites/:id/funnels/:item': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}/funnels/${s.funnelId}` }),
  },
  'GET /api/sites/:id/funnels/:item/result': {
    locator: SITE_PARAM,
    call: (s) => ({ url: `/api/sites/${s.id}/funnels/${s.funnelId}/result?${RANGE}` }),
  },
  'POST /api/stats/funnel': {
    locator: SITE_BODY,
    call: (s) => ({
      url: '/api/stats/funnel',
      body: { site: s.domain, steps: [s.pageGoalId, s.goalId], date_range: '7d' },
    }),
  },
  'GET /api/sites/:id/reports': { locator: SITE_PARAM, call: (s) => ({ url: `/api/sites/${s.id}/reports` }) },
  'POST /api/sites/:id/reports/recipients': {
    locator: SITE_PARAM,
    call: (s) => ({
      url: `/api/sites/${s.id}/reports/recipients`,
      body: { kind: 'email', address: `digest@${s.domain}` },
    }),
  },
  'DELETE /api/sites/:id/reports/recipients/:item': {
    locator: SITE_PARAM,
    destructive: true,
    call: (s) => ({ url: `/api/sites/${s.id}/reports/recipients/${s.recipientId}` }),
  },
  'POST /api/stats/query': {
    locator: SITE_BODY,
    call: (s) => ({
      url: '/api/stats/query',
      body: { site: s.domain, metrics: ['visits'], date_range: '7d' },
    }),
  },
  'GET /api/stats/dark-social': {
    locator: SITE_QUERY,
    call: (s) => ({ url: `/api/stats/dark-social?site=${s.domain}&${RANGE}` }),
  },
  'GET /api/stats/cascades': {
    locator: SITE_QUERY,
    call: (s) => ({ url: `/api/stats/cascades?site=${s.domain}&${RANGE}` }),
  },
  'GET /api/stats/events': {
    locator: SITE_QUERY,
    call: (s) => ({ url: `/api/stats/events?site=${s.domain}&${RANGE}&event=signup` }),
  },
  'GET /api/stats/realtime': {
    locator: SITE_QUERY,
    stream: true,
    call: (s) => ({ url: `/api/stats/realtime?site=${s.domain}` }),
  },
  'GET /api/audit': { locator: SITE_QUERY, call: (s) => ({ url: `/api/audit?site=${s.id}` }) },
};

/** About no one site: a confined principal is refused (403), whatever it asks. */
const INSTALLATION_ROUTES: Record<string, Call> = {
  'POST /api/sites': { url: '/api/sites', body: { domain: 'new.example.org' } },
  'GET /api/users': { url: '/api/users' },
  'POST /api/users': {
    url: '/api/users',
    body: { email: 'x@example.org', name: 'X', role: 'viewer', password: PASSWORD },
  },
  'PATCH /api/users/:id': { url: '/api/users/nobody', body: { name: 'X' } },
  'DELETE /api/users/:id': { url: '/api/users/nobody' },
  'GET /api/tokens': { url: '/api/tokens' },
  'POST /api/tokens': { url: '/api/tokens', body: { name: 'escalate' } },
  'DELETE /api/tokens/:id': { url: '/api/tokens/nothing' },
};
/** Lists every site's data: the handler keeps the principal's sites only. */
const LISTED_ROUTES = ['GET /api/sites'];
/** Not about sites at all. */
/**
 * Not about sites at all: one's own password; a page's title and image for a new kit's form, and
 * the preview lab's check of a URL (issue 15), both fetched from the public web through
 * outboundFetch, reading and writing nothing of any site.
 */
const NONE_ROUTES = ['POST /api/auth/password', 'POST /api/links/autofill', 'POST /api/previews/check'];
/**
 * The /api/ routes outside the management API, with no sign-in by design: classifying a request,
 * signing in, a public dashboard link (bound to its one site by its token), the tracker's events
 * and the OpenAPI document. A management route registered outside the authenticated scope by
 * mistake would show up here, unauthenticated, and fail the walk.
 */
const PUBLIC_API_ROUTES = [
  'POST /api/classify',
  'GET /api/auth/state',
  'POST /api/auth/setup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/public/:token',
  'POST /api/public/:token/stats/query',
  'GET /api/public/:token/stats/dark-social',
  'GET /api/public/:token/stats/cascades',
  'OPTIONS /api/event',
  'POST /api/event',
  'GET /api/openapi.json',
];

type RouteRecord = Pick<RouteOptions, 'method' | 'url'> & { config: Record<string, unknown> };

interface Principal {
  label: string;
  headers: Record<string, string>;
  /** A token's scopes, or a user's highest role. */
  scopes?: TokenScope[];
  role?: UserRole;
}

describe.each(ENGINES)(
  'every management route keeps confined principals on their sites (issue 13, finding 15; %s)',
  (engine) => {
    let services: Services;
    let app: App;
    let base: string;
    const routes: RouteRecord[] = [];
    const unauthenticated: string[] = [];
    const fixtures: Record<'A' | 'B' | 'C', Fixture> = {} as Record<'A' | 'B' | 'C', Fixture>;
    let owner: Principal;
    let adminAC: Principal;
    let statsAC: Principal;
    let linksAC: Principal;
    let ingestAll: Principal;
    let editorAC: Principal;
    let viewerA: Principal;
    let dropEngine: () => Promise<void> = async () => undefined;
    let receiver: Server;

    async function fixture(domain: string): Promise<Fixture> {
      const site = await services.sites.create({ domain, timezone: 'UTC' });
      const link = await services.links.create({ url: `https://${domain}/story`, site: site.id });
      const publicLink = await services.publicLinks.create(site.id);
      const kit = await services.links.create({
        url: `https://${domain}/kit`,
        site: site.id,
        channels: ['whatsapp'],
      });
      const { webhooks, recipients } = services.delivery;
      const { endpoint } = await webhooks.create(site, { url: hookUrl, events: ['report.weekly'] });
      const delivery = await webhooks.ping(site, endpoint.id);
      // Delivered, so that it can be replayed (a pending delivery is refused: still being tried).
      await services.delivery.dispatcher.runOnce();
      const recipient = await recipients.add(site, { kind: 'email', address: `owner@${domain}` });
      const alert = await services.delivery.alerts.add(site, { kind: 'page-spike' });
      const goal = await services.goals.create(site.id, {
        name: 'Sign-up',
        kind: 'event',
        eventName: 'signup',
      });
      const pageGoal = await services.goals.create(site.id, {
        name: 'Pricing',
        kind: 'page',
        pathPattern: '/pricing',
      });
      const funnel = await services.funnels.create(site, {
        name: 'Pricing to sign-up',
        steps: [pageGoal.id, goal.id],
      });
      return {
        id: site.id,
        domain: site.domain,
        linkId: link.id,
        publicLinkId: publicLink.link.id,
        variantId: kit.variants?.[0]?.id ?? '',
        webhookId: endpoint.id,
        deliveryId: delivery?.id ?? '',
        recipientId: recipient.id,
        alertId: alert.id,
        goalId: goal.id,
        pageGoalId: pageGoal.id,
        funnelId: funnel.id,
      };
    }

    async function token(label: string, scopes: TokenScope[], siteIds: string[] | null): Promise<Principal> {
      const { secret } = await createApiToken(services.store, label, { scopes, siteIds });
      return { label, headers: { authorization: `Bearer ${secret}` }, scopes };
    }

    async function send(principal: Principal, method: string, call: Call, stream = false) {
      const controller = new AbortController();
      const headers: Record<string, string> = { ...principal.headers };
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${base}${call.url}`, {
        method,
        headers,
        signal: controller.signal,
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
      if (stream && response.status === 200) {
        controller.abort();
        return { status: 200, body: undefined as unknown, type: response.headers.get('content-type') };
      }
      const text = await response.text();
      const type = response.headers.get('content-type');
      return { status: response.status, body: type?.includes('json') ? JSON.parse(text) : text, type };
    }

    /** The site B as a principal confined to A and C would ask for it, and a site that is not there. */
    const ghost: Fixture = {
      id: 'no-such-site',
      domain: 'ghost.example.org',
      linkId: 'no-such-link',
      publicLinkId: 'x',
      variantId: 'no-such-variant',
      webhookId: 'no-such-endpoint',
      deliveryId: 'no-such-delivery',
      recipientId: 'no-such-recipient',
      alertId: 'no-such-alert',
      goalId: 'no-such-goal',
      pageGoalId: 'no-such-page-goal',
      funnelId: 'no-such-funnel',
    };

    beforeAll(async () => {
      receiver = createServer((_request, response) => response.writeHead(204).end());
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/penumbra-hook`;
      const { env, drop } = await engineEnv(engine, 'test_scope');
      dropEngine = drop;
      services = await createServices(
        testConfig({
          PENUMBRA_BASE_URL: 'https://go.example.test',
          // The webhook receiver is on 127.0.0.1: outboundFetch refuses loopback otherwise.
          PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
          ...env,
        }),
        {
          warmCache: true,
        },
      );
      expect(services.config.databaseUrl !== undefined).toBe(engine === 'postgres');
      app = buildApp({ services, logger: false });
      app.fastify.addHook('onRoute', (route) => {
        if (route.method === 'HEAD') return;
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        if (route.config?.access === undefined) {
          if (route.url.startsWith('/api/')) unauthenticated.push(...methods.map((m) => `${m} ${route.url}`));
          return;
        }
        for (const method of methods) {
          routes.push({ method, url: route.url, config: { ...route.config } as Record<string, unknown> });
        }
      });
      await app.fastify.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;

      fixtures.A = await fixture('a.example.org');
      fixtures.B = await fixture('b.example.org');
      fixtures.C = await fixture('c.example.org');
      const ac = [fixtures.A.id, fixtures.C.id];
      owner = await token('owner', ['admin'], null);
      adminAC = await token('admin-ac', ['admin'], ac);
      statsAC = await token('stats-ac', ['stats:read'], ac);
      linksAC = await token('links-ac', ['links:write'], ac);
      ingestAll = await token('ingest', ['ingest'], null);

      editorAC = await confinedUser('ed@example.org', 'editor', ac);
      viewerA = await confinedUser('vi@example.org', 'viewer', [fixtures.A.id]);
    });

    /** A signed-in user with `role` on `siteIds` only. */
    async function confinedUser(
      email: string,
      role: 'viewer' | 'editor',
      siteIds: string[],
    ): Promise<Principal> {
      await services.users.create({
        email,
        name: email.split('@', 1)[0] ?? email,
        role: 'viewer',
        password: PASSWORD,
        allSites: false,
        siteRoles: siteIds.map((siteId) => ({ siteId, role })),
      });
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const cookie = (login.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
      return {
        label: `user ${role} on ${siteIds.length} site(s)`,
        headers: { cookie, 'x-csrf-token': csrfToken },
        role,
      };
    }

    afterAll(async () => {
      await app.fastify.close();
      await services.close();
      await dropEngine();
      await new Promise((resolve) => receiver.close(resolve));
    });

    it('knows every route of the management API, and each declares the locator of its table', () => {
      const keys = routes.map(({ method, url }) => `${method} ${url}`);
      const tabled = [
        ...Object.keys(SITE_ROUTES),
        ...Object.keys(INSTALLATION_ROUTES),
        ...LISTED_ROUTES,
        ...NONE_ROUTES,
      ];
      expect(new Set(keys)).toEqual(new Set(tabled));
      expect(keys).toHaveLength(new Set(keys).size);
      for (const { method, url, config } of routes) {
        const key = `${method} ${url}`;
        const expected =
          SITE_ROUTES[key]?.locator ??
          (key in INSTALLATION_ROUTES ? 'installation' : LISTED_ROUTES.includes(key) ? 'listed' : 'none');
        expect([key, config.site]).toEqual([key, expected]);
        expect([key, typeof config.scope]).toEqual([key, 'string']);
      }
    });

    it('has no /api/ route without sign-in but the public ones', () => {
      expect(new Set(unauthenticated)).toEqual(new Set(PUBLIC_API_ROUTES));
    });

    it('has every route that names a site or a link in the site table', () => {
      for (const { method, url } of routes) {
        const key = `${method} ${url}`;
        if (/\/(sites|links)\/:id/.test(url) || url.startsWith('/api/stats/')) {
          expect(SITE_ROUTES, key).toHaveProperty([key]);
        }
      }
    });

    it('answers 404 on site B to a token limited to A and C, as for a site that is not there', async () => {
      for (const [key, route] of Object.entries(SITE_ROUTES)) {
        const [method = ''] = key.split(' ');
        const before = await send(owner, 'GET', { url: `/api/links/${fixtures.B.linkId}` });
        const other = await send(adminAC, method, await route.call(fixtures.B), route.stream);
        const missing = await send(adminAC, method, await route.call(ghost), route.stream);
        expect([key, other.status]).toEqual([key, 404]);
        expect([key, other.body]).toMatchObject([key, { code: 'not_found' }]);
        expect([key, missing.status, (missing.body as { code?: string }).code]).toEqual([
          key,
          404,
          'not_found',
        ]);
        // Nothing of B changed: its link is still there, as it was.
        expect([key, await send(owner, 'GET', { url: `/api/links/${fixtures.B.linkId}` })]).toEqual([
          key,
          before,
        ]);
      }
      expect((await send(owner, 'GET', { url: `/api/sites/${fixtures.B.id}` })).status).toBe(200);
    });

    it('serves the same routes on the sites the token has', async () => {
      for (const [key, route] of Object.entries(SITE_ROUTES)) {
        const [method = ''] = key.split(' ');
        const site = route.destructive ? await fixture(`fresh${Date.now()}.example.org`) : fixtures.A;
        // A destroyed fixture is created under the owner; a token limited to A and C cannot reach
        // it, so the destructive routes are checked against the owner's token there, and against
        // the limited token on C's own disposable resources below.
        const principal = route.destructive ? owner : adminAC;
        const answer = await send(principal, method, await route.call(site), route.stream);
        expect([key, answer.status >= 200 && answer.status < 300, answer.status]).toEqual([
          key,
          true,
          answer.status,
        ]);
      }
      const link = await services.links.create({ url: 'https://c.example.org/x', site: fixtures.C.id });
      expect((await send(adminAC, 'DELETE', { url: `/api/links/${link.id}` })).status).toBe(204);
      const publicLink = await services.publicLinks.create(fixtures.C.id);
      const revoke = `/api/sites/${fixtures.C.id}/public-links/${publicLink.link.id}`;
      expect((await send(adminAC, 'DELETE', { url: revoke })).status).toBe(204);
    });

    it('answers 404 on site B to a user confined to A and C, for every route their role allows', async () => {
      for (const [key, route] of Object.entries(SITE_ROUTES)) {
        const [method = ''] = key.split(' ');
        const needed = routes.find((r) => `${r.method} ${r.url}` === key)?.config.access;
        const other = await send(editorAC, method, await route.call(fixtures.B), route.stream);
        // An owner-only route is refused before any site is looked at: 403 says nothing of B.
        expect([key, other.status]).toEqual([key, needed === 'owner' ? 403 : 404]);
      }
      expect(
        (await send(editorAC, 'PATCH', { url: `/api/links/${fixtures.A.linkId}`, body: { title: 'Mine' } }))
          .status,
      ).toBe(200);
    });

    it("answers 404 for another site's webhook, delivery or recipient named under its own site", async () => {
      // The site guard checks the :id of the path; the item must be the site's too (issue 14).
      const [A, B] = [fixtures.A, fixtures.B];
      const crossed: [string, Call][] = [
        ['DELETE', { url: `/api/sites/${A.id}/webhooks/${B.webhookId}` }],
        ['POST', { url: `/api/sites/${A.id}/webhooks/${B.webhookId}/test` }],
        ['GET', { url: `/api/sites/${A.id}/deliveries/${B.deliveryId}` }],
        ['POST', { url: `/api/sites/${A.id}/deliveries/${B.deliveryId}/replay` }],
        ['DELETE', { url: `/api/sites/${A.id}/reports/recipients/${B.recipientId}` }],
        ['DELETE', { url: `/api/sites/${A.id}/alerts/${B.alertId}` }],
        ['PATCH', { url: `/api/sites/${A.id}/goals/${B.goalId}`, body: { name: 'Taken over' } }],
        ['DELETE', { url: `/api/sites/${A.id}/goals/${B.goalId}` }],
        ['PATCH', { url: `/api/sites/${A.id}/funnels/${B.funnelId}`, body: { name: 'Taken over' } }],
        ['DELETE', { url: `/api/sites/${A.id}/funnels/${B.funnelId}` }],
        ['GET', { url: `/api/sites/${A.id}/funnels/${B.funnelId}/result` }],
      ];
      for (const [method, call] of crossed) {
        const answer = await send(adminAC, method, call);
        expect([method, call.url, answer.status]).toEqual([method, call.url, 404]);
      }
      const log = await send(adminAC, 'GET', { url: `/api/sites/${A.id}/deliveries?target=${B.webhookId}` });
      expect([log.status, (log.body as { total: number }).total]).toEqual([200, 0]);
      // B's endpoint, delivery and recipient are as they were.
      const hooks = await send(owner, 'GET', { url: `/api/sites/${B.id}/webhooks` });
      expect((hooks.body as { items: { id: string }[] }).items.map(({ id }) => id)).toEqual([B.webhookId]);
      const delivery = await send(owner, 'GET', { url: `/api/sites/${B.id}/deliveries/${B.deliveryId}` });
      expect([delivery.status, (delivery.body as { status: string }).status]).toEqual([200, 'delivered']);
      const reports = await send(owner, 'GET', { url: `/api/sites/${B.id}/reports` });
      const kept = (reports.body as { recipients: { id: string }[] }).recipients.map(({ id }) => id);
      expect(kept).toEqual([B.recipientId]);
      const rules = await send(owner, 'GET', { url: `/api/sites/${B.id}/alerts` });
      expect((rules.body as { rules: { id: string }[] }).rules.map(({ id }) => id)).toEqual([B.alertId]);
      const goals = await send(owner, 'GET', { url: `/api/sites/${B.id}/goals` });
      const names = (goals.body as { goals: { id: string; name: string }[] }).goals.map(({ id, name }) => [
        id,
        name,
      ]);
      expect(names.sort()).toEqual(
        [
          [B.goalId, 'Sign-up'],
          [B.pageGoalId, 'Pricing'],
        ].sort(),
      );
      const funnels = await send(owner, 'GET', { url: `/api/sites/${B.id}/funnels` });
      expect((funnels.body as { funnels: { id: string; name: string }[] }).funnels).toMatchObject([
        { id: B.funnelId, name: 'Pricing to sign-up' },
      ]);
      // A funnel of A cannot take B's goals as steps: the same answer as for goals that do not exist.
      const borrowed = await send(adminAC, 'POST', {
        url: `/api/sites/${A.id}/funnels`,
        body: { name: 'Borrowed', steps: [A.pageGoalId, B.goalId] },
      });
      expect([borrowed.status, (borrowed.body as { code: string }).code]).toEqual([
        400,
        'funnel_step_unknown',
      ]);
      // An alert rule of A cannot name B's recipient: the same answer as for one that does not exist.
      for (const recipientId of [B.recipientId, 'no-such-recipient']) {
        const rule = await send(adminAC, 'POST', {
          url: `/api/sites/${A.id}/alerts`,
          body: { kind: 'site-spike', recipientIds: [recipientId] },
        });
        expect([recipientId, rule.status, (rule.body as { code: string }).code]).toEqual([
          recipientId,
          400,
          'alert_recipient_unknown',
        ]);
      }
    });

    it("keeps a viewer of a site to reading it: issues 14 to 16's writes and settings are refused", async () => {
      const A = fixtures.A;
      const checks: [string, Call, number][] = [
        ['GET', { url: `/api/sites/${A.id}/install` }, 200],
        ['GET', { url: `/api/sites/${A.id}/demo-progress` }, 200],
        ['GET', { url: `/api/previews/health?site=${A.domain}` }, 200],
        ['GET', { url: `/api/stats/events?site=${A.domain}&${RANGE}` }, 200],
        ['GET', { url: `/api/sites/${A.id}/goals` }, 200],
        ['POST', { url: `/api/sites/${A.id}/goals`, body: { name: 'Viewer goal', kind: 'share' } }, 403],
        ['PATCH', { url: `/api/sites/${A.id}/goals/${A.goalId}`, body: { name: 'Viewer name' } }, 403],
        ['DELETE', { url: `/api/sites/${A.id}/goals/${A.goalId}` }, 403],
        ['GET', { url: `/api/sites/${A.id}/funnels` }, 200],
        ['GET', { url: `/api/sites/${A.id}/funnels/${A.funnelId}/result?${RANGE}` }, 200],
        [
          'POST',
          { url: '/api/stats/funnel', body: { site: A.domain, steps: [A.pageGoalId, A.goalId] } },
          200,
        ],
        [
          'POST',
          {
            url: `/api/sites/${A.id}/funnels`,
            body: { name: 'Viewer funnel', steps: [A.pageGoalId, A.goalId] },
          },
          403,
        ],
        ['PATCH', { url: `/api/sites/${A.id}/funnels/${A.funnelId}`, body: { name: 'Viewer name' } }, 403],
        ['DELETE', { url: `/api/sites/${A.id}/funnels/${A.funnelId}` }, 403],
        ['PUT', { url: `/api/links/${A.variantId}/preview`, body: { title: 'Mine now' } }, 403],
        ['POST', { url: '/api/links/bulk', body: { csv: 'https://a.example.org/v', site: A.id } }, 403],
        ['POST', { url: '/api/links/autofill', body: { url: 'https://a.example.org/' } }, 403],
        ['GET', { url: `/api/sites/${A.id}/webhooks` }, 403],
        ['POST', { url: `/api/sites/${A.id}/webhooks`, body: { url: 'https://x.example/h' } }, 403],
        ['GET', { url: `/api/sites/${A.id}/deliveries` }, 403],
        ['GET', { url: `/api/sites/${A.id}/reports` }, 403],
        ['GET', { url: `/api/sites/${A.id}/alerts` }, 403],
        ['POST', { url: `/api/sites/${A.id}/alerts`, body: { kind: 'site-spike' } }, 403],
        [
          'POST',
          { url: `/api/sites/${A.id}/reports/recipients`, body: { kind: 'email', address: 'v@x.org' } },
          403,
        ],
        // Site C is not the viewer's: 404 where the role would allow it, as for any other site.
        ['GET', { url: `/api/sites/${fixtures.C.id}/install` }, 404],
      ];
      for (const [method, call, status] of checks) {
        const answer = await send(viewerA, method, call);
        expect([method, call.url, answer.status]).toEqual([method, call.url, status]);
      }
    });

    it('lists only the sites a confined principal has', async () => {
      for (const principal of [adminAC, statsAC, editorAC]) {
        const { body } = await send(principal, 'GET', { url: '/api/sites' });
        const domains = (body as { items: { domain: string }[] }).items.map(({ domain }) => domain);
        expect([principal.label, domains.sort()]).toEqual([
          principal.label,
          ['a.example.org', 'c.example.org'],
        ]);
      }
      const all = await send(owner, 'GET', { url: '/api/sites' });
      expect((all.body as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(3);
    });

    it('refuses what belongs to no one site to confined principals (403), and a left-out site', async () => {
      for (const principal of [adminAC, editorAC]) {
        for (const [key, call] of Object.entries(INSTALLATION_ROUTES)) {
          const [method = ''] = key.split(' ');
          const answer = await send(principal, method, call);
          expect([principal.label, key, answer.status]).toEqual([principal.label, key, 403]);
        }
      }
      const links = await send(adminAC, 'GET', { url: '/api/links' });
      expect([links.status, (links.body as { code: string }).code]).toEqual([400, 'site_required']);
      const create = await send(adminAC, 'POST', {
        url: '/api/links',
        body: { url: 'https://a.example.org/' },
      });
      expect(create.status).toBe(400);
    });

    it('keeps each token to its scopes: stats:read reads, links:write writes links, ingest neither', async () => {
      const A = fixtures.A;
      const newLink = { url: '/api/links', body: { url: 'https://a.example.org/n', site: A.domain } };
      const checks: [Principal, string, Call, number][] = [
        [statsAC, 'POST', newLink, 403],
        [statsAC, 'PATCH', { url: `/api/links/${A.linkId}`, body: { title: 'no' } }, 403],
        [statsAC, 'GET', { url: `/api/links/${A.linkId}/stats` }, 200],
        [statsAC, 'PATCH', { url: `/api/sites/${A.id}`, body: { name: 'no' } }, 403],
        [statsAC, 'POST', { url: `/api/sites/${A.id}/public-links` }, 403],
        [statsAC, 'GET', { url: `/api/sites/${A.id}/export` }, 403],
        [linksAC, 'POST', newLink, 201],
        [linksAC, 'PATCH', { url: `/api/links/${A.linkId}`, body: { title: 'yes' } }, 200],
        [linksAC, 'GET', { url: `/api/links/${A.linkId}/stats` }, 403],
        [
          linksAC,
          'POST',
          { url: '/api/stats/query', body: { site: A.domain, metrics: ['visits'], date_range: '7d' } },
          403,
        ],
        [linksAC, 'PATCH', { url: `/api/sites/${A.id}`, body: { name: 'no' } }, 403],
        [linksAC, 'GET', { url: '/api/tokens' }, 403],
        // Issue 14, 15 and 16's routes: reading is stats:read, kits are links:write, delivery
        // settings (they send the site's figures elsewhere) are admin.
        [statsAC, 'GET', { url: `/api/sites/${A.id}/install` }, 200],
        [statsAC, 'GET', { url: `/api/previews/health?site=${A.domain}` }, 200],
        [statsAC, 'PUT', { url: `/api/links/${A.variantId}/preview`, body: { title: 'no' } }, 403],
        [
          statsAC,
          'POST',
          { url: '/api/links/bulk', body: { csv: 'https://a.example.org/s', site: A.id } },
          403,
        ],
        [statsAC, 'GET', { url: `/api/sites/${A.id}/webhooks` }, 403],
        [statsAC, 'GET', { url: `/api/sites/${A.id}/deliveries` }, 403],
        [statsAC, 'GET', { url: `/api/sites/${A.id}/reports` }, 403],
        [statsAC, 'GET', { url: `/api/sites/${A.id}/alerts` }, 403],
        [linksAC, 'PUT', { url: `/api/links/${A.variantId}/preview`, body: { title: 'yes' } }, 200],
        [
          linksAC,
          'POST',
          { url: '/api/links/bulk', body: { csv: 'https://a.example.org/l', site: A.id } },
          200,
        ],
        [linksAC, 'GET', { url: `/api/sites/${A.id}/install` }, 403],
        [linksAC, 'POST', { url: `/api/sites/${A.id}/webhooks`, body: { url: 'https://x.example/h' } }, 403],
        [
          linksAC,
          'POST',
          { url: `/api/sites/${A.id}/reports/recipients`, body: { kind: 'email', address: 'x@example.org' } },
          403,
        ],
        [ingestAll, 'POST', { url: '/api/previews/check', body: { url: 'https://a.example.org/' } }, 403],
        [ingestAll, 'POST', { url: '/api/links/autofill', body: { url: 'https://a.example.org/' } }, 403],
        [ingestAll, 'GET', { url: '/api/sites' }, 403],
        [ingestAll, 'GET', { url: `/api/links/${A.linkId}` }, 403],
        [ingestAll, 'POST', newLink, 403],
      ];
      for (const [principal, method, call, status] of checks) {
        const answer = await send(principal, method, call);
        expect([principal.label, method, call.url, answer.status]).toEqual([
          principal.label,
          method,
          call.url,
          status,
        ]);
        if (status === 403) expect((answer.body as { code: string }).code).toBe('forbidden');
      }
      // A scope refusal comes before any site lookup: site B answers the same 403, not 404.
      const onB = await send(statsAC, 'POST', {
        ...newLink,
        body: { ...newLink.body, site: fixtures.B.domain },
      });
      expect(onB.status).toBe(403);
    });

    it('keeps a token made without scopes an owner on every site, as tokens were before', async () => {
      const { secret } = await createApiToken(services.store, 'legacy');
      const legacy: Principal = { label: 'legacy', headers: { authorization: `Bearer ${secret}` } };
      expect((await send(legacy, 'GET', { url: '/api/users' })).status).toBe(200);
      expect((await send(legacy, 'GET', { url: `/api/sites/${fixtures.B.id}/export` })).status).toBe(200);
      expect(
        (await send(legacy, 'PATCH', { url: `/api/sites/${fixtures.B.id}`, body: { name: 'B' } })).status,
      ).toBe(200);
    });
  },
);

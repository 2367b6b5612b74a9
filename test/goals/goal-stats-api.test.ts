import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';
import { goalQueries } from '../../src/stats/dashboard-queries.js';
import { PLAIN_DIMENSIONS, TIME_DIMENSIONS } from '../../src/stats/query-model.js';
import type { Goal } from '../../src/store/goal-store.js';
import { AGENTS } from '../helpers/agents.js';
import { apiRequest } from '../helpers/api-request.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { postHit } from '../helpers/post-hit.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'goals.example';
const STRICT = 'strict-goals.example';
const WHATSAPP = 'android-app://com.whatsapp/';
const GOOGLE = 'https://www.google.com/';

/** One person's day: the page views (the first with its referrer) and the events that follow. */
interface Person {
  address: string;
  referrer?: string;
  pages: string[];
  events: { t: 'event' | 'share' | 'copy'; n?: string; p?: Record<string, unknown> }[];
}

const signup = (plan: string) => ({ t: 'event' as const, n: 'signup', p: { plan } });
const purchase = (amount: number, currency: string) => ({
  t: 'event' as const,
  n: 'purchase',
  p: { revenue: { amount, currency } },
});

const PEOPLE: Person[] = [
  {
    address: '198.51.100.1',
    referrer: WHATSAPP,
    pages: ['/article'],
    events: [signup('pro'), purchase(9.99, 'EUR'), purchase(20, 'EUR')],
  },
  {
    address: '198.51.100.2',
    referrer: WHATSAPP,
    pages: ['/article'],
    events: [signup('free'), { t: 'share', n: 'whatsapp' }],
  },
  { address: '198.51.100.3', referrer: GOOGLE, pages: ['/'], events: [signup('pro'), purchase(5, 'usd')] },
  { address: '198.51.100.4', pages: ['/article'], events: [signup('pro'), signup('pro'), { t: 'copy' }] },
  {
    address: '198.51.100.5',
    referrer: 'https://www.facebook.com/',
    pages: ['/article', '/thanks/a'],
    events: [],
  },
  { address: '198.51.100.6', referrer: GOOGLE, pages: ['/pricing'], events: [] },
  {
    address: '198.51.100.7',
    referrer: 'https://mail.google.com/',
    pages: ['/article', '/thanks'],
    events: [purchase(9.99, 'EUR')],
  },
];

const GOALS = [
  { name: 'Sign-up', kind: 'event', eventName: 'signup' },
  { name: 'Pro sign-up', kind: 'event', eventName: 'signup', propKey: 'plan', propValue: 'pro' },
  { name: 'Thanks', kind: 'page', pathPattern: '/thanks*' },
  { name: 'Shares', kind: 'share', shareWay: 'any' },
  { name: 'Purchase', kind: 'event', eventName: 'purchase' },
] as const;

/** The brute force: what each goal's conversions are, by the sent events and the rule of docs/goals.md. */
interface Conversion {
  goal: string;
  person: number;
  channel: string;
  medium: string;
  source: string;
  currency: string;
  revenue: number;
}

function matchesGoal(
  goal: (typeof GOALS)[number],
  kind: 'page' | Person['events'][number],
  path?: string,
): boolean {
  if (goal.kind === 'page') return kind === 'page' && path !== undefined && path.startsWith('/thanks');
  if (kind === 'page') return false;
  if (goal.kind === 'share') return kind.t === 'share' || kind.t === 'copy';
  if (kind.t !== 'event' || kind.n !== goal.eventName) return false;
  return !('propKey' in goal) || kind.p?.[goal.propKey] === goal.propValue;
}

function bruteForce(people: readonly Person[]): {
  conversions: Conversion[];
  visitors: Map<string, number[]>;
} {
  const conversions: Conversion[] = [];
  const visitors = new Map<string, number[]>();
  people.forEach((person, index) => {
    const first = classify({
      url: `https://${SITE}${person.pages[0]}`,
      ...(person.referrer ? { referrer: person.referrer } : {}),
      userAgent: AGENTS.chromeDesktop,
    });
    visitors.set(first.channel, [...(visitors.get(first.channel) ?? []), index]);
    const credit = { person: index, channel: first.channel, medium: first.medium, source: first.source };
    for (const goal of GOALS) {
      for (const path of person.pages) {
        if (matchesGoal(goal, 'page', path))
          conversions.push({ goal: goal.name, ...credit, currency: '', revenue: 0 });
      }
      for (const event of person.events) {
        if (!matchesGoal(goal, event)) continue;
        const revenue = event.p?.revenue as { amount: number; currency: string } | undefined;
        conversions.push({
          goal: goal.name,
          ...credit,
          currency: revenue?.currency.toUpperCase() ?? '',
          revenue: revenue?.amount ?? 0,
        });
      }
    }
  });
  return { conversions, visitors };
}

type Row = { dimensions: string[]; metrics: (number | null)[]; comparison?: (number | null)[] };

/** Rows keyed by their dimension values, each metric to 6 decimals (the rate is a float). */
function keyed(rows: readonly Row[]): Record<string, (number | null)[]> {
  return Object.fromEntries(
    rows.map((row) => [
      row.dimensions.join(' | '),
      row.metrics.map((value) => (value === null ? null : Number(value.toFixed(6)))),
    ]),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const distinct = (conversions: readonly Conversion[]) => new Set(conversions.map((c) => c.person)).size;
const round6 = (value: number) => Number(value.toFixed(6));

describe.each(ENGINES)('goal metrics of POST /api/stats/query on %s (issue 14)', (engine) => {
  let test: TestApp;
  let database: EngineEnv;
  const expected = bruteForce(PEOPLE);

  const send = async (site: string, person: Person, body: Record<string, unknown>) => {
    const response = await postHit(test, site, person.address, body);
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  const live = async (site: string, person: Person) => {
    let previous: string | undefined;
    for (const page of person.pages) {
      const referrer = previous ? `https://${site}${previous}` : person.referrer;
      await send(site, person, {
        t: 'pageview',
        u: `https://${site}${page}`,
        ...(referrer ? { r: referrer } : {}),
      });
      previous = page;
    }
    for (const event of person.events) {
      await send(site, person, { ...event, u: `https://${site}${person.pages.at(-1)}` });
    }
  };
  const query = (body: Record<string, unknown>, accept?: string) =>
    test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: {
        authorization: test.auth,
        'content-type': 'application/json',
        ...(accept ? { accept } : {}),
      },
      payload: JSON.stringify({ site: SITE, date_range: '7d', ...body }),
    });
  const ask = async (body: Record<string, unknown>) => {
    const response = await query(body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { results: Row[]; meta: { total_rows: number; rounded_to?: number } };
  };

  beforeAll(async () => {
    database = await engineEnv(engine, 'goal_stats');
    test = await startTestApp({ ...database.env, PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    const site = await test.services.sites.create({ domain: SITE, timezone: 'UTC' });
    const strict = await test.services.sites.create({
      domain: STRICT,
      timezone: 'UTC',
      privacyMode: 'strict',
    });
    for (const goal of GOALS) {
      const answer = await apiRequest<Goal>(test, 'POST', `/api/sites/${site.id}/goals`, goal);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    await test.services.goals.create(strict.id, { name: 'Sign-up', kind: 'event', eventName: 'signup' });
    await test.services.goals.create(strict.id, { name: 'Purchase', kind: 'event', eventName: 'purchase' });
    for (const person of PEOPLE) await live(SITE, person);
    // Strict: 14 people from WhatsApp, 12 of whom sign up (→ 10 and 10), and 3 from Google who
    // all sign up (→ 0: left out) and buy for 10 EUR each.
    for (let n = 1; n <= 14; n++) {
      await live(STRICT, {
        address: `203.0.113.${n}`,
        referrer: WHATSAPP,
        pages: ['/article'],
        events: n <= 12 ? [signup('pro')] : [],
      });
    }
    for (let n = 20; n < 23; n++) {
      await live(STRICT, {
        address: `203.0.113.${n}`,
        referrer: GOOGLE,
        pages: ['/'],
        events: [signup('pro'), purchase(10, 'EUR')],
      });
    }
    await test.services.sink.flush();
  }, 60_000);
  afterAll(async () => {
    await test?.close();
    await database?.drop();
  });

  it('counts conversions, converters and the rate of each goal as the raw events do', async () => {
    const answer = await ask({
      metrics: ['conversions', 'converters', 'conversion_rate'],
      dimensions: ['goal'],
    });
    const visitors = PEOPLE.length;
    const want = Object.fromEntries(
      [...groupBy(expected.conversions, (c) => c.goal)].map(([goal, rows]) => [
        goal,
        [rows.length, distinct(rows), round6(distinct(rows) / visitors)],
      ]),
    );
    expect(keyed(answer.results)).toEqual(want);
    // The goals that matched: every kind, the property match narrower than the event alone.
    expect(want['Sign-up']?.[0]).toBe(5);
    expect(want['Pro sign-up']?.[0]).toBe(4);
    expect(want.Thanks?.[0]).toBe(2);
    expect(want.Shares?.[0]).toBe(2);
    // Ordered by the first metric, most first.
    expect(answer.results[0]?.dimensions).toEqual(['Sign-up']);
  });

  it('credits conversions to the first page view of the day: visitors, conversions and the rate by channel', async () => {
    const signups = expected.conversions.filter((c) => c.goal === 'Sign-up');
    const answer = await ask({
      metrics: ['visitors', 'conversions', 'converters', 'conversion_rate'],
      dimensions: ['channel'],
      filters: [['is', 'goal', ['Sign-up']]],
    });
    const byChannel = groupBy(signups, (c) => c.channel);
    const want = Object.fromEntries(
      [...expected.visitors].map(([channel, people]) => {
        const rows = byChannel.get(channel) ?? [];
        return [
          channel,
          [people.length, rows.length, distinct(rows), round6(distinct(rows) / people.length)],
        ];
      }),
    );
    expect(keyed(answer.results)).toEqual(want);
    // Dark social brought four of the five sign-ups: WhatsApp twice, a deep link twice from one person.
    expect(want['dark-social']).toEqual([4, 4, 3, 0.75]);
  });

  it('splits dark social by app and by way of sharing', async () => {
    const dark = expected.conversions.filter((c) => c.goal === 'Sign-up' && c.channel === 'dark-social');
    for (const dimension of ['source', 'medium'] as const) {
      const answer = await ask({
        metrics: ['conversions', 'converters'],
        dimensions: [dimension],
        filters: [
          ['is', 'goal', ['Sign-up']],
          ['is', 'channel', ['dark-social']],
        ],
      });
      const want = Object.fromEntries(
        [...groupBy(dark, (c) => c[dimension])].map(([value, rows]) => [
          value,
          [rows.length, distinct(rows)],
        ]),
      );
      expect(keyed(answer.results), dimension).toEqual(want);
    }
  });

  it('sums revenue per currency, never across, with the average over paying conversions', async () => {
    const paid = expected.conversions.filter((c) => c.goal === 'Purchase');
    const answer = await ask({
      metrics: ['revenue', 'average_revenue', 'conversions'],
      dimensions: ['channel', 'currency'],
      filters: [['is', 'goal', ['Purchase']]],
    });
    const want = Object.fromEntries(
      [...groupBy(paid, (c) => `${c.channel} | ${c.currency}`)].map(([key, rows]) => {
        const sum = rows.reduce((total, c) => total + c.revenue, 0);
        // Money to the currency's minor unit: cents for EUR and USD (docs/goals.md).
        return [key, [round6(sum), Math.round((sum / rows.length) * 100) / 100, rows.length]];
      }),
    );
    expect(keyed(answer.results)).toEqual(want);
    expect(want['dark-social | EUR']).toEqual([39.98, 13.33, 3]);
    // One currency by filter: the same sums.
    const eur = await ask({
      metrics: ['revenue', 'average_revenue'],
      filters: [['is', 'currency', ['EUR']]],
    });
    expect(keyed(eur.results)).toEqual({ '': [39.98, 13.33] });
  });

  it('answers by day, compares with the previous period, orders, pages and exports CSV', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const timeline = await ask({
      metrics: ['conversions'],
      dimensions: ['time:day'],
      filters: [['is', 'goal', ['Sign-up']]],
      compare: 'previous_period',
    });
    expect(timeline.results).toHaveLength(7);
    expect(timeline.results.at(-1)).toEqual({ dimensions: [today], metrics: [5], comparison: [0] });
    expect(timeline.results.slice(0, -1).every((row) => row.metrics[0] === 0)).toBe(true);

    // By month: the monthly goal rollup where the range holds whole months, the days otherwise.
    for (const date_range of ['7d', '12mo']) {
      const months = await ask({
        date_range,
        metrics: ['conversions', 'converters'],
        dimensions: ['time:month', 'goal'],
        filters: [['is', 'goal', ['Sign-up']]],
      });
      expect(months.results, date_range).toEqual([
        { dimensions: [`${today.slice(0, 7)}-01`, 'Sign-up'], metrics: [5, 4] },
      ]);
    }

    const ordered = await ask({
      metrics: ['conversions'],
      dimensions: ['goal'],
      order_by: [['goal', 'asc']],
      limit: 2,
      offset: 1,
    });
    expect(ordered.meta.total_rows).toBe(GOALS.length);
    expect(ordered.results.map((row) => row.dimensions[0])).toEqual(['Purchase', 'Shares']);

    const csv = await query(
      {
        metrics: ['conversions', 'conversion_rate'],
        dimensions: ['goal'],
        order_by: [['goal', 'asc']],
      },
      'text/csv',
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
      'goal,conversions,conversion_rate',
      'Pro sign-up,4,0.4286',
      'Purchase,4,0.4286',
    ]);
  });

  it('answers every question of the Goals view, for all goals and for one (dashboard-queries.ts)', async () => {
    for (const goal of [undefined, 'Purchase']) {
      for (const [name, question] of Object.entries(goalQueries(SITE, '7d', goal))) {
        const response = await query(question as unknown as Record<string, unknown>);
        expect([goal, name, response.statusCode]).toEqual([goal, name, 200]);
      }
    }
    const byChannel = await ask(goalQueries(SITE, '7d', 'Purchase')['revenue by channel'] as never);
    expect(keyed(byChannel.results)['dark-social | EUR']).toEqual([39.98, 13.33, 3]);
  });

  it('refuses what the goal rollups cannot answer, in clear words', async () => {
    const problem = async (body: Record<string, unknown>) => {
      const response = await query(body);
      return { status: response.statusCode, code: (response.json() as { code: string }).code };
    };
    expect(await problem({ metrics: ['revenue'], dimensions: ['channel'] })).toEqual({
      status: 400,
      code: 'revenue_needs_currency',
    });
    expect(await problem({ metrics: ['conversion_rate'], dimensions: ['channel'] })).toEqual({
      status: 400,
      code: 'converters_need_goal',
    });
    for (const dimensions of [['page'], ['time:hour'], ['country']]) {
      expect(await problem({ metrics: ['conversions'], dimensions }), dimensions[0]).toEqual({
        status: 422,
        code: 'unsupported_combination',
      });
    }
    expect(await problem({ metrics: ['visitors', 'conversions'], dimensions: ['goal'] })).toEqual({
      status: 422,
      code: 'unsupported_combination',
    });
    expect(await problem({ metrics: ['visitors'], filters: [['is', 'goal', ['Sign-up']]] })).toEqual({
      status: 422,
      code: 'unsupported_combination',
    });
    const hour = await query({ metrics: ['conversions'], dimensions: ['time:hour'] });
    expect(hour.json().detail).toContain('time:day');
  });

  it('answers or refuses every dimension with goal metrics, never a 500', async () => {
    const metricSets = [
      ['conversions'],
      ['conversions', 'visitors'],
      ['revenue'],
      ['conversion_rate'],
      ['visitors'],
    ];
    const filterSets = [
      [],
      [['is', 'goal', ['Purchase']]],
      [['is', 'currency', ['EUR']]],
      [['contains', 'channel', ['DARK']]],
      [['is_not', 'goal', ['Purchase']]],
    ];
    const seen = new Set<number>();
    for (const dimension of [...TIME_DIMENSIONS, ...PLAIN_DIMENSIONS]) {
      for (const metrics of metricSets) {
        for (const filters of filterSets) {
          const response = await query({
            metrics,
            dimensions: [dimension],
            filters,
            compare: 'previous_period',
          });
          seen.add(response.statusCode);
          expect([dimension, metrics, filters, response.statusCode]).toEqual([
            dimension,
            metrics,
            filters,
            expect.toBeOneOf([200, 400, 422]),
          ]);
        }
      }
    }
    expect([...seen].sort()).toEqual([200, 400, 422]);
  });

  it('rounds a strict site’s counts to 10 and makes the rate of the rounded counts', async () => {
    const answer = await ask({
      site: STRICT,
      metrics: ['visitors', 'conversions', 'converters', 'conversion_rate'],
      dimensions: ['channel'],
      filters: [['is', 'goal', ['Sign-up']]],
    });
    expect(answer.meta.rounded_to).toBe(10);
    // Exact: WhatsApp 14 visitors, 12 conversions (0.857); search 3 and 3 → 0 and 0: left out.
    expect(keyed(answer.results)).toEqual({ 'dark-social': [10, 10, 10, 1] });
    // Money is not rounded (an amount is not a person); its average divides by the rounded count.
    const revenue = await ask({
      site: STRICT,
      metrics: ['revenue', 'average_revenue', 'conversions'],
      dimensions: ['currency'],
      filters: [['is', 'goal', ['Purchase']]],
    });
    expect(keyed(revenue.results)).toEqual({ EUR: [30, null, 0] });
  });
});

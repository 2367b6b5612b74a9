import { describe, expect, it } from 'vitest';
import { at, newKit, newPageview, newSalt, type StoreRef, seedSite } from './fixtures.js';

/** `ip`, `client_ip`, `ip_address`, `ipaddr`, `user_agent`, `useragent`, `ua`… (DESIGN.md §4). */
const IDENTIFYING_COLUMN = /(^|_)ip(_|$)|ip_?addr|user_?agent|(^|_)ua(_|$)/i;

/** What a leaked IP address or user agent would look like in a stored value. */
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/;
// Eight groups, or fewer with a `::` in them; never a time of day like `12:00:00`.
const IPV6 = /(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/i;
const USER_AGENT = /mozilla\/|applewebkit|gecko\/|chrome\/|safari\/|curl\/|bot\/\d/i;

export function privacyContract(store: StoreRef): void {
  describe('privacy', () => {
    it('has no column for an IP address or a user agent in any table', async () => {
      const columns = await store().listColumns();
      const tables = new Set(columns.map((column) => column.table));
      expect([...tables]).toEqual(
        expect.arrayContaining(['sites', 'links', 'events', 'api_tokens', 'daily_salts', 'link_deletions']),
      );
      expect(columns).toContainEqual({ table: 'events', column: 'occurred_at' });
      expect(columns).toContainEqual({ table: 'events', column: 'visitor_hash' });
      const offending = columns.filter((column) => IDENTIFYING_COLUMN.test(column.column));
      expect(offending).toEqual([]);
    });

    it('dumps every row of every table', async () => {
      const siteId = await seedSite(store());
      const kit = await store().createLinks(newKit(siteId, ['sms']));
      await store().insertEvents([newPageview(siteId), newPageview(siteId, { linkId: at(kit).id })]);
      await store().putSalt(newSalt('2026-03-02'));
      await store().createToken({ id: 't1', name: 'ci', hash: 'b'.repeat(64) });
      await store().deleteLink(at(kit, 1).id);

      const dump = await store().dumpRows();
      const tables = new Set((await store().listColumns()).map((column) => column.table));
      expect(new Set(Object.keys(dump))).toEqual(tables);
      const counts = Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.length]));
      expect(counts).toMatchObject({
        sites: 1,
        links: 1,
        events: 2,
        daily_salts: 1,
        api_tokens: 1,
        link_deletions: 1,
      });
      expect(dump.sites?.[0]).toMatchObject({ id: siteId, privacy_mode: 'anonymous' });
      expect(dump.daily_salts).toEqual([newSalt('2026-03-02')]);
    });

    it('stores nothing that looks like an IP address or a user agent', async () => {
      const siteId = await seedSite(store(), {
        extraOrigins: ['shop.example'],
        landingPaths: ['/', '/blog/*'],
      });
      const kit = await store().createLinks(
        newKit(siteId, ['sms', 'whatsapp'], { utm: { utm_source: 'nl' } }),
      );
      await store().insertEvents([
        newPageview(siteId),
        newPageview(siteId, { linkId: at(kit).id, type: 'click', dedupeKey: 'log:2026-03-02:42' }),
        newPageview(siteId, { type: 'outbound', name: 'partner.example', props: '{"href":"/x"}' }),
      ]);
      await store().putSalt(newSalt('2026-03-02', '0f'));
      await store().deleteLink(at(kit, 2).id);

      const dump = JSON.stringify(await store().dumpRows());
      // The dump holds what was stored (the visitor hash, the page path)…
      expect(dump).toContain('/articles/');
      expect(dump).toContain('"visitor_hash":"ffff');
      // …and nothing identifying.
      expect(dump).not.toMatch(IPV4);
      expect(dump).not.toMatch(IPV6);
      expect(dump).not.toMatch(USER_AGENT);
      // The patterns themselves do catch a leak.
      expect(JSON.stringify({ x: '203.0.113.7' })).toMatch(IPV4);
      expect(JSON.stringify({ x: '2001:db8::1' })).toMatch(IPV6);
      expect(JSON.stringify({ x: '2001:0db8:0000:0000:0000:ff00:0042:8329' })).toMatch(IPV6);
      expect(JSON.stringify({ x: '2026-03-02T12:00:00.000Z', y: 'a:b' })).not.toMatch(IPV6);
      expect(JSON.stringify({ x: 'Mozilla/5.0 (iPhone)' })).toMatch(USER_AGENT);
    });
  });
}

import { SITE_LEVEL_ROLLUPS } from '../data-scope.js';
import { flaggedEventsSql, foldIntoSql, WATERMARK } from '../rollups/rollup-fold-sql.js';
import type { SqliteStatement } from './sqlite-database.js';
import { CREATE_SCRATCH, SCRATCH } from './sqlite-fold.js';

type Prepare = (sql: string) => SqliteStatement;

const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/**
 * Deletes links' events, in the caller's write transaction. Events carry no foreign key since
 * schema version 8, so the store deletes them itself: the write lock that holds this
 * transaction also holds every insert's check that an event's link still exists
 * (live-events.ts), so none can slip in after.
 *
 * Their counts leave the site-level rollups too (issue 13, finding 7; docs/stats.md): a site's
 * totals are the sum of its stored events, as the link's own reports are. Only folded events
 * are counted there (id up to the watermark); the others simply go. Link events are clicks,
 * previews and bots, which claim no visitor, so the flags give them none to take back.
 */
export function deleteSqliteLinkEvents(sql: Prepare, linkIds: readonly string[]): void {
  if (linkIds.length === 0) return;
  const ids = JSON.stringify(linkIds);
  sql(CREATE_SCRATCH).run();
  sql(`DELETE FROM ${SCRATCH}`).run();
  sql(`INSERT INTO ${SCRATCH} ${flaggedEventsSql(`e.link_id ${IN_LIST} AND e.id <= ${WATERMARK}`)}`).run(ids);
  for (const table of SITE_LEVEL_ROLLUPS) sql(foldIntoSql(table, SCRATCH, -1)).run();
  sql(`DELETE FROM ${SCRATCH}`).run();
  sql(`DELETE FROM events WHERE link_id ${IN_LIST}`).run(ids);
}

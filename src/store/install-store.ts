/**
 * What the event endpoint saw of a site's snippet (issue 16, "install check"): per origin, when
 * events came and whether they were taken or refused. Origins are the site's page origins
 * (`https://example.org`), never a visitor's address or user agent. A site keeps at most
 * INSTALL_SIGHTINGS_KEPT origins per outcome, the most recent.
 */
export type InstallOutcome = 'seen' | 'refused';

/**
 * Why events were refused: an origin that is not one of the site's hosts, a request without an
 * `Origin` header (not sent by a browser page), or the opaque origin `null` (a page opened from a
 * file, a sandboxed frame).
 */
export type InstallRefusal = 'origin_not_listed' | 'origin_missing' | 'origin_opaque';

export const INSTALL_SIGHTINGS_KEPT = 10;

export interface InstallSighting {
  siteId: string;
  outcome: InstallOutcome;
  /** `scheme://host[:port]`, `null` for an opaque origin, '' when the request sent none. */
  origin: string;
  reason: InstallRefusal | null;
  /** Milliseconds since the epoch. */
  firstAt: number;
  lastAt: number;
  /** Events counted; the server writes in batches, so it may lag by about a minute. */
  count: number;
}

/** One batch of sightings of an origin: added to its row (created if new). */
export type InstallSightingWrite = Omit<InstallSighting, 'firstAt'>;

export interface InstallStore {
  /** Adds a batch to its (site, outcome, origin) row; ignored when the site is gone. Keeps the newest rows. */
  recordInstallSighting(sighting: InstallSightingWrite): Promise<void>;
  /** The site's rows, newest first. */
  listInstallSightings(siteId: string): Promise<InstallSighting[]>;
}

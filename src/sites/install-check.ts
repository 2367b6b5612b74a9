import type { InstallRefusal, InstallSighting, InstallStore } from '../store/install-store.js';
import type { Site, Store } from '../store/store.js';
import { isSiteHost } from './site-hosts.js';

/**
 * `waiting`: no event reached the endpoint yet; `seen`: events were taken from an allowed origin;
 * `refused`: events came, and every one was refused (the usual cause: a page on another host).
 */
export type InstallStatus = 'waiting' | 'seen' | 'refused';

export interface SeenOrigin {
  origin: string;
  firstAt: string;
  lastAt: string;
  events: number;
}

export interface RefusedOrigin {
  /** `scheme://host[:port]`, `null` (opaque origin), '' (no Origin header). */
  origin: string;
  reason: InstallRefusal;
  firstAt: string;
  lastAt: string;
  attempts: number;
  /** The site's origins now let it through (it was added after these refusals). */
  allowedNow: boolean;
  /** The host to add to the site's extra origins, when that is the fix. */
  addOrigin: string | null;
  /** What happened and what to do, in English (clients translate `reason` themselves). */
  message: string;
}

export interface InstallCheck {
  siteId: string;
  domain: string;
  status: InstallStatus;
  lastSeenAt: string | null;
  lastSeenOrigin: string | null;
  /** Hosts allowed to send events: the domain, its www., and the extra origins (ports are ignored). */
  allowedHosts: string[];
  /** Whether the site holds any event (from the snippet, links, an import or the demo). */
  hasEvents: boolean;
  /** The tag to put on the site's pages, on the server's public URL (the short links' too). */
  snippet: string;
  /** Newest first, at most 10 each. */
  seen: SeenOrigin[];
  refused: RefusedOrigin[];
}

/** The tracker tag for a site, served from `publicUrl` (docs/tracking-protocol.md). */
export function snippetTag(publicUrl: string, domain: string): string {
  return `<script defer src="${publicUrl}/p.js" data-site="${domain}"></script>`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function refusalMessage(site: Site, sighting: InstallSighting, host: string | null): string {
  switch (sighting.reason) {
    case 'origin_missing':
      return (
        'Requests without an Origin header are refused: events must be sent by the snippet from a web page (a test with curl needs -H "Origin: https://' +
        site.domain +
        '").'
      );
    case 'origin_opaque':
      return 'A page opened from a file (or a sandboxed frame) has no origin: serve the page over http://localhost and add localhost to the origins.';
    default:
      return `${sighting.origin} is not one of ${site.domain}'s origins. Add ${host} to its extra origins (Sites page, or penumbra sites update ${site.domain} --add-origin ${host}).`;
  }
}

function refusedOrigin(site: Site, sighting: InstallSighting): RefusedOrigin {
  const host = sighting.reason === 'origin_not_listed' ? new URL(sighting.origin).hostname : null;
  return {
    origin: sighting.origin,
    reason: sighting.reason ?? 'origin_not_listed',
    firstAt: iso(sighting.firstAt),
    lastAt: iso(sighting.lastAt),
    attempts: sighting.count,
    allowedNow: host !== null && isSiteHost(site, sighting.origin),
    addOrigin: host,
    message: refusalMessage(site, sighting, host),
  };
}

/** The install check of a site (issue 16): whether the snippet's events arrive, and if not, why. */
export async function installCheck(
  store: Pick<InstallStore, 'listInstallSightings'> & Pick<Store, 'oldestEventAt'>,
  site: Site,
  publicUrl: string,
): Promise<InstallCheck> {
  const [sightings, oldest] = await Promise.all([
    store.listInstallSightings(site.id),
    store.oldestEventAt(site.id),
  ]);
  const seen = sightings.filter((sighting) => sighting.outcome === 'seen');
  const refused = sightings.filter((sighting) => sighting.outcome === 'refused');
  const last = seen[0];
  return {
    siteId: site.id,
    domain: site.domain,
    status: last ? 'seen' : refused.length > 0 ? 'refused' : 'waiting',
    lastSeenAt: last ? iso(last.lastAt) : null,
    lastSeenOrigin: last ? last.origin : null,
    allowedHosts: [site.domain, `www.${site.domain}`, ...site.extraOrigins],
    hasEvents: oldest !== undefined,
    snippet: snippetTag(publicUrl, site.domain),
    seen: seen.map((sighting) => ({
      origin: sighting.origin,
      firstAt: iso(sighting.firstAt),
      lastAt: iso(sighting.lastAt),
      events: sighting.count,
    })),
    refused: refused.map((sighting) => refusedOrigin(site, sighting)),
  };
}

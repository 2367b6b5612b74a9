import pg from 'pg';
import { Backoff } from '../../backoff.js';
import type { StoreChange } from '../store.js';
import type { PgQueryable } from './postgres-pool.js';
import { pgTimeoutOptions } from './postgres-pool.js';
import type { PgTimeouts } from './postgres-timeouts.js';

/**
 * The channels link and site writes announce themselves on, with the writer's schema as the
 * payload (several installs may share a database, one schema each). NOTIFY inside a transaction
 * is delivered at its commit and dropped at its rollback
 * (https://www.postgresql.org/docs/15/sql-notify.html), so a listener never hears of a change
 * it cannot read yet.
 */
export const CHANGE_CHANNELS: Readonly<Record<StoreChange, string>> = Object.freeze({
  links: 'penumbra_links',
  sites: 'penumbra_sites',
});

/** Announces a change of `kind` at the commit of the transaction `client` is in. */
export async function notifyChange(client: PgQueryable, kind: StoreChange): Promise<void> {
  await client.query('SELECT pg_notify($1, current_schema())', [CHANGE_CHANNELS[kind]]);
}

/** Reconnection after a lost connection: 100 ms, doubling, at most 5 s, with full jitter. */
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 5_000;

export interface PostgresListenerOptions {
  connectionString: string;
  /** The store's schema; changes announced from other schemas are ignored. */
  schema: string | undefined;
  timeouts: Readonly<PgTimeouts>;
}

type Listener = (change: StoreChange) => void;

/**
 * One dedicated connection (LISTEN holds its session, so it cannot come from the pool) that
 * hears other instances' link and site changes and tells the caches at once (issue #13,
 * finding 6). When the connection is lost (a PostgreSQL restart) it reconnects with backoff, and
 * after each reconnection tells every listener that both kinds may have changed, as
 * notifications sent while it was away are lost. The caches' polls stay as the fallback.
 */
export class PostgresListener {
  readonly #options: PostgresListenerOptions;
  readonly #listeners = new Set<Listener>();
  #client: pg.Client | undefined;
  #stopped = false;
  readonly #backoff = new Backoff({ baseMs: BACKOFF_FIRST_MS, maxMs: BACKOFF_MAX_MS, jitter: 'full' });
  #retry: NodeJS.Timeout | undefined;
  #schema: string | undefined;

  constructor(options: PostgresListenerOptions) {
    this.#options = options;
  }

  /** Subscribes; the first subscription opens the connection. Returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#client === undefined && this.#retry === undefined && !this.#stopped) void this.#connect();
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.connectionString,
      ...pgTimeoutOptions(this.#options.timeouts),
    });
    this.#client = client;
    // Without a listener an 'error' event would kill the process (as in finding 1).
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => this.#heard(message));
    try {
      await client.connect();
      // The writers' current_schema(): the store's own, or the default search_path's first.
      this.#schema ??=
        this.#options.schema ??
        (await client.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows[0]
          ?.schema ??
        undefined;
      for (const channel of Object.values(CHANGE_CHANNELS)) await client.query(`LISTEN ${channel}`);
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#client !== client) return;
    // Connected again after a loss: whatever was announced meanwhile was not heard.
    if (this.#backoff.attempts > 0) {
      this.#tell('links');
      this.#tell('sites');
    }
    this.#backoff.reset();
  }

  #heard(message: pg.Notification): void {
    const kind = (Object.keys(CHANGE_CHANNELS) as StoreChange[]).find(
      (candidate) => CHANGE_CHANNELS[candidate] === message.channel,
    );
    if (kind !== undefined && message.payload === this.#schema) this.#tell(kind);
  }

  #tell(kind: StoreChange): void {
    for (const listener of this.#listeners) listener(kind);
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    if (this.#stopped) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect();
    }, this.#backoff.next());
    this.#retry.unref();
  }
}

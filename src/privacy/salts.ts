import { randomBytes } from 'node:crypto';
import type { DailySalt } from '../store/store.js';

/**
 * The three store methods the salts need (a subset of `Store`, so any store will do).
 * `putSalt` must keep the first salt stored for a day and return the stored one: two
 * processes racing to create today's salt must end up hashing with the same.
 */
export interface SaltStore {
  /** All stored salts (order does not matter here). */
  listSalts(): Promise<DailySalt[]>;
  putSalt(salt: DailySalt): Promise<DailySalt>;
  /** Deletes the salts of days before `day` (`YYYY-MM-DD`); returns how many. */
  deleteSaltsBefore(day: string): Promise<number>;
}

const DAY_MS = 86_400_000;
/** 16 bytes from the CSPRNG, as Plausible's `:crypto.strong_rand_bytes(16)`. */
const SALT_BYTES = 16;
/** How often a salt made while the store was unreachable is offered to it again. */
const PERSIST_RETRY_MS = 5_000;

/** Days since the epoch; every day here is a UTC day (Fathom also rotates at midnight UTC). */
function dayNumber(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}

function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The daily salts behind visitor hashes (DESIGN.md §4), after Plausible's
 * `lib/plausible/session/salts.ex`: a new 16-byte random salt each day, the current and the
 * previous one kept (so a visit that crosses midnight still finds its salt), older ones deleted
 * once 48 h old. A deleted salt cannot be recreated, so nobody — us included — can link a
 * visitor across days or brute-force a stored hash back to an address.
 *
 * Today's and yesterday's salts are cached: once today's is known the hot path never reaches the
 * store until the UTC day changes.
 *
 * A day that starts while the store is unreachable (issue #13, finding 4) gets a salt made in
 * memory at once, so page views go on being accepted and hashed; it is stored as soon as the store
 * answers again. If another process stored a salt for that day first, the store keeps theirs and
 * this process switches to it: a visitor seen by this process during the outage may then count as
 * two visitors that day (never the other way round: hashes are still never linkable across days).
 * The alternatives were worse: refusing the events loses them, and storing them without a visitor
 * hash loses the day's unique visitors entirely. A salt that could never be stored (the process
 * stopped first) is gone, exactly as a deleted one is. Only a process that never loaded any salt
 * passes the failure on: it has no day to carry on from (the server loads today's at start).
 */
export class DailySalts {
  readonly #store: SaltStore;
  readonly #clock: () => number;
  /** Today's and yesterday's salts by day number; `undefined` means the store has none. */
  #known = new Map<number, string | undefined>();
  #today = Number.NEGATIVE_INFINITY;
  #loading: { day: number; promise: Promise<void> } | undefined;
  /** A salt made in memory while the store was unreachable, not stored yet. */
  #unsaved: { day: number; salt: string } | undefined;
  #persisting = false;
  #persistRetryAt = 0;

  constructor(store: SaltStore, clock: () => number = () => Date.now()) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * The salt for an event at `timeMs`: today's (created if missing) or yesterday's. Older days
   * (and future ones) get `undefined`: their salt is gone, so such events get no visitor hash.
   */
  async saltFor(timeMs: number): Promise<string | undefined> {
    if (!Number.isFinite(timeMs)) return undefined;
    const today = dayNumber(this.#clock());
    const day = dayNumber(timeMs);
    if (day !== today && day !== today - 1) return undefined;
    if (today > this.#today) await this.#refresh(today);
    if (this.#unsaved) this.#persistUnsaved();
    return this.#known.get(day);
  }

  /**
   * Deletes the salts of days before yesterday — each is at least 48 h old, as Plausible's
   * `clean_old_salts` (`DateTime.shift(now, hour: -48)`) — and forgets them here too. Safe to call
   * often and from every process; call it at start-up and from a timer (e.g. hourly), so a
   * salt outlives its 48 h by at most one timer period. Returns how many the store deleted.
   */
  async rotate(): Promise<number> {
    const yesterday = dayNumber(this.#clock()) - 1;
    for (const day of this.#known.keys()) if (day < yesterday) this.#known.delete(day);
    return this.#store.deleteSaltsBefore(dayString(yesterday));
  }

  /** One load per day change, however many events arrive while it runs. */
  #refresh(today: number): Promise<void> {
    if (this.#loading?.day === today) return this.#loading.promise;
    const promise = this.#load(today).finally(() => {
      if (this.#loading?.promise === promise) this.#loading = undefined;
    });
    this.#loading = { day: today, promise };
    return promise;
  }

  async #load(today: number): Promise<void> {
    let stored: Map<string, string>;
    let todaySalt: string;
    try {
      stored = new Map((await this.#store.listSalts()).map((entry) => [entry.day, entry.salt]));
      todaySalt = stored.get(dayString(today)) ?? (await this.#create(today));
    } catch (error) {
      if (this.#today === Number.NEGATIVE_INFINITY) throw error;
      this.#startDayOffline(today);
      return;
    }
    if (today < this.#today) return; // a later day was loaded meanwhile
    this.#known = new Map([
      [today, todaySalt],
      [today - 1, stored.get(dayString(today - 1))],
    ]);
    this.#today = today;
  }

  /** The store is unreachable as `today` begins: a salt in memory, yesterday's carried over. */
  #startDayOffline(today: number): void {
    if (today <= this.#today) return;
    const salt = randomBytes(SALT_BYTES).toString('hex');
    this.#known = new Map([
      [today, salt],
      [today - 1, this.#known.get(today - 1)],
    ]);
    this.#today = today;
    this.#unsaved = { day: today, salt };
  }

  /** Offers the salt made offline to the store, in the background, one try at a time. */
  #persistUnsaved(): void {
    const unsaved = this.#unsaved;
    if (!unsaved || this.#persisting || Date.now() < this.#persistRetryAt) return;
    this.#persisting = true;
    this.#store
      .putSalt({ day: dayString(unsaved.day), salt: unsaved.salt })
      .then(
        (stored) => {
          if (this.#unsaved === unsaved) this.#unsaved = undefined;
          // Another process's salt for the day may have been stored first: use it from now on.
          if (this.#known.has(unsaved.day)) this.#known.set(unsaved.day, stored.salt);
        },
        () => {
          this.#persistRetryAt = Date.now() + PERSIST_RETRY_MS;
        },
      )
      .finally(() => {
        this.#persisting = false;
      });
  }

  /** Another process may store the day's salt first: the store keeps that one and returns it. */
  async #create(day: number): Promise<string> {
    const salt = randomBytes(SALT_BYTES).toString('hex');
    const stored = await this.#store.putSalt({ day: dayString(day), salt });
    return stored.salt;
  }
}

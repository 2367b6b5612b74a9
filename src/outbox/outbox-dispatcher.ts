import { withDeadline } from '../events/deadline.js';
import type { ServiceLog } from '../services.js';
import type { AttemptOutcome, ClaimedDelivery } from '../store/outbox-store.js';
import type { AttemptResult } from './attempt-result.js';
import type { DeliverySettings } from './delivery-settings.js';
import { retryDelay } from './retry-delay.js';
import { type SendDeps, sendDelivery } from './send-delivery.js';

export interface DispatcherDeps extends Omit<SendDeps, 'timeoutMs'> {
  outbox: SendDeps['outbox'] &
    Pick<
      import('../store/outbox-store.js').OutboxStore,
      'claimDueDeliveries' | 'recordAttempt' | 'markWebhookEndpoint'
    >;
  settings: Readonly<DeliverySettings>;
  log?: ServiceLog | undefined;
  random?: () => number;
}

/**
 * Sends what waits in the outbox (issue 14). Each tick claims due deliveries under a lease, up to
 * `concurrency` attempts in flight, and does not wait for them: a slow or hanging receiver holds
 * one slot until its timeout, never the tick, the other deliveries or a request thread. An
 * attempt's outcome is written only by the holder of the lease; a process that dies mid-attempt
 * leaves the row to be claimed again when its lease runs out (at-least-once: receivers
 * deduplicate on the delivery id).
 */
export class OutboxDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = false;
  #claiming = false;
  /** The last claim took all it had room for. */
  #backlog = false;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
  }

  /**
   * A lease outlives an attempt's bound with room to record it. An attempt cut off by a crash is
   * claimed again once it runs out: a receiver may then get that delivery twice (it deduplicates
   * on the delivery id), never zero times.
   */
  get #leaseMs(): number {
    return this.#deps.settings.timeoutMs * 2 + 5_000;
  }

  start(): void {
    this.#stopped = false;
    const loop = () => {
      if (this.#stopped) return;
      this.#ticking = this.tick()
        .then(() => undefined)
        .catch((error) =>
          this.#deps.log?.error({ err: error }, 'outbox claim failed; retrying at the next tick'),
        )
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(loop, this.#deps.settings.tickMs).unref();
        });
    };
    loop();
  }

  /** Claims what is due and starts the attempts; returns without waiting for them. */
  async tick(): Promise<number> {
    const room = this.#deps.settings.concurrency - this.#inFlight.size;
    if (room <= 0 || this.#claiming) return 0;
    this.#claiming = true;
    try {
      const claimed = await this.#deps.outbox.claimDueDeliveries(this.#deps.now(), room, this.#leaseMs);
      // A full claim means more may be waiting: a finished attempt claims the next at once
      // instead of waiting for the tick (a backlog drains at the receivers' pace, not 8 a tick).
      this.#backlog = claimed.length === room;
      for (const delivery of claimed) this.#track(this.#attempt(delivery));
      return claimed.length;
    } finally {
      this.#claiming = false;
    }
  }

  /** Claims and sends everything due now, and waits for it (the CLI, which has no running server). */
  async runOnce(): Promise<void> {
    for (;;) {
      const started = await this.tick();
      if (started === 0 && this.#inFlight.size === 0 && !this.#claiming) return;
      // A claim started by a finished attempt may be under way: let it land.
      await (this.#inFlight.size > 0
        ? Promise.race(this.#inFlight)
        : new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }

  /** Waits for the attempts in flight (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Stops claiming, and waits for the attempts in flight until `deadline` (their leases cover the rest). */
  async stop(deadline = Number.POSITIVE_INFINITY): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await withDeadline(this.#ticking ?? Promise.resolve(), deadline);
    await withDeadline(Promise.all([...this.#inFlight]), deadline);
  }

  #track(work: Promise<void>): void {
    const tracked = work.finally(() => {
      this.#inFlight.delete(tracked);
      if (this.#backlog && !this.#stopped) {
        this.tick().catch((error) => this.#deps.log?.error({ err: error }, 'outbox claim failed'));
      }
    });
    this.#inFlight.add(tracked);
  }

  async #attempt(delivery: ClaimedDelivery): Promise<void> {
    const { outbox, settings, log } = this.#deps;
    const started = performance.now();
    const result = await sendDelivery(delivery, { ...this.#deps, timeoutMs: settings.timeoutMs });
    const now = this.#deps.now();
    const outcome = this.#outcome(delivery, result, now);
    try {
      const recorded = await outbox.recordAttempt(
        delivery,
        {
          at: new Date(now).toISOString(),
          statusCode: result.statusCode,
          error: result.error,
          durationMs: performance.now() - started,
        },
        outcome,
      );
      if (recorded && delivery.channel === 'webhook') await this.#markEndpoint(delivery, outcome, now);
    } catch (error) {
      // The lease runs out and the delivery is tried again: at least once, never lost.
      log?.error({ err: error, delivery: delivery.id }, 'could not record a delivery attempt');
    }
  }

  #outcome(delivery: ClaimedDelivery, result: AttemptResult, now: number): AttemptOutcome {
    if (result.ok) return { status: 'delivered' };
    if (result.permanent || now >= delivery.giveUpAt) return { status: 'failed' };
    const delay = retryDelay(
      { baseMs: this.#deps.settings.retryBaseMs, maxMs: 3_600_000 },
      delivery.attempts + 1,
      this.#deps.random,
    );
    // The last try comes at the end of the window, not after it.
    return { status: 'pending', nextAttemptAt: Math.round(Math.min(now + delay, delivery.giveUpAt)) };
  }

  /** A delivery out of retries marks its endpoint failing (the dashboard tells the owner); one that lands clears it. */
  async #markEndpoint(delivery: ClaimedDelivery, outcome: AttemptOutcome, now: number): Promise<void> {
    if (outcome.status === 'failed') {
      await this.#deps.outbox.markWebhookEndpoint(delivery.targetId, new Date(now).toISOString());
    } else if (outcome.status === 'delivered') {
      await this.#deps.outbox.markWebhookEndpoint(delivery.targetId, null);
    }
  }
}

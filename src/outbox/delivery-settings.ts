/**
 * How the outbox sends (issue 14), from the environment (src/config.ts; docs/operations.md).
 * The defaults are the production ones; the tests shorten the waits.
 */
export interface DeliverySettings {
  /** How often the dispatcher looks for due deliveries (PENUMBRA_DELIVERY_TICK_MS). */
  tickMs: number;
  /** One attempt's bound, webhook or mail (PENUMBRA_DELIVERY_TIMEOUT_MS). */
  timeoutMs: number;
  /** The first retry's wait, doubled after each failure up to an hour (PENUMBRA_DELIVERY_RETRY_BASE_MS). */
  retryBaseMs: number;
  /** How long a delivery is retried before it fails (PENUMBRA_DELIVERY_RETRY_WINDOW_MS, 24 h). */
  retryWindowMs: number;
  /** The length of a link.shared / link.clicked batch (PENUMBRA_WEBHOOK_BATCH_MS). */
  batchWindowMs: number;
  /** Attempts in flight at once, per process: a hanging receiver holds one, never the others. */
  concurrency: number;
}

export const DEFAULT_DELIVERY_SETTINGS: Readonly<DeliverySettings> = Object.freeze({
  tickMs: 1_000,
  timeoutMs: 10_000,
  retryBaseMs: 30_000,
  retryWindowMs: 24 * 3_600_000,
  batchWindowMs: 60_000,
  concurrency: 8,
});

/*
 * Revenue on custom events (issue 14): `penumbra('event', 'subscribe', {revenue: {amount: 9.99,
 * currency: 'EUR'}, plan: 'pro'})`. The snippet sends the props as they are (its size budget has
 * no room to move the key); the server takes `revenue` out of them here, so it is never a
 * property, and stores it in the events' `revenue` and `currency` columns (migration 13).
 *
 * Rules (docs/tracking-protocol.md, "Revenue"):
 * - only on `event`; anywhere else the body is refused, as a client bug worth hearing about;
 * - `currency`: three letters naming a currency this Node.js knows (`Intl.supportedValuesOf`),
 *   lower case accepted and stored upper case (`eur` is no other currency than `EUR`);
 * - `amount`: a finite number of at most a billion either way, stored as given — no rounding to
 *   the currency's minor unit. Negative is a refund: sums are net. Zero is a free conversion.
 * Sums are per currency; nothing converts between currencies.
 */

/** The largest amount, either way: a typo's extra zeros should not swamp a site's sums. */
export const REVENUE_LIMIT = 1_000_000_000;

/** The `revenue` prop as the body carries it (the payload schema checked its shape). */
export interface RevenueProp {
  amount: number;
  currency: string;
}

/**
 * Whether a `revenue` prop is revenue: only an object is. A scalar (`revenue: 12`, `"12.00"`) is
 * an ordinary property, as it was before revenue existed — refusing it lost those sites' events,
 * since the snippet ignores a 400.
 */
export function isRevenueProp(value: unknown): value is RevenueProp {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A revenue amount and its upper-case ISO 4217 code. */
export interface Revenue {
  amount: number;
  currency: string;
}

export type EventProps = Record<string, string | number | boolean | RevenueProp>;

export class InvalidRevenueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRevenueError';
  }
}

let known: ReadonlySet<string> | undefined;

/** The ISO 4217 codes this runtime's ICU knows, read once. */
function knownCurrencies(): ReadonlySet<string> {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known;
}

/** Whether `code` (any case) names a currency this runtime knows. */
export function isKnownCurrency(code: string): boolean {
  return knownCurrencies().has(code.toUpperCase());
}

/**
 * Checks the revenue prop of an event of type `type` whose shape the schema has checked; returns
 * it with its currency upper-cased, or undefined when the props carry none.
 */
export function checkRevenue(type: string, props: EventProps | undefined): Revenue | undefined {
  const revenue = props?.revenue;
  if (!isRevenueProp(revenue)) return undefined;
  if (type !== 'event') throw new InvalidRevenueError('revenue goes only with custom events (t: "event")');
  if (!Number.isFinite(revenue.amount) || Math.abs(revenue.amount) > REVENUE_LIMIT) {
    throw new InvalidRevenueError(
      `revenue.amount must be a number between -${REVENUE_LIMIT} and ${REVENUE_LIMIT}`,
    );
  }
  if (!isKnownCurrency(revenue.currency)) {
    throw new InvalidRevenueError(`revenue.currency "${revenue.currency}" is not an ISO 4217 currency code`);
  }
  return { amount: revenue.amount, currency: revenue.currency.toUpperCase() };
}

/** The props without a revenue (isRevenueProp), or null when nothing else is left. */
export function propsWithoutRevenue(
  props: EventProps | undefined,
): Record<string, string | number | boolean> | null {
  if (!props) return null;
  // The hot path (every custom event, nearly all without revenue): no copy, no key count.
  if (!isRevenueProp(props.revenue)) return props as Record<string, string | number | boolean>;
  const { revenue: _revenue, ...rest } = props;
  return Object.keys(rest).length === 0 ? null : (rest as Record<string, string | number | boolean>);
}

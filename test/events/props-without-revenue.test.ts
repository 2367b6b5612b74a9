import { describe, expect, it } from 'vitest';
import { propsWithoutRevenue } from '../../src/events/revenue.js';

/*
 * propsWithoutRevenue runs on every custom event (ingest-service's propsAndRevenue): without a
 * revenue object it hands the props back as they are, no copy (a rest spread and a key count
 * per event cost about ten times the call, bench in the commit message).
 */
describe('propsWithoutRevenue', () => {
  it('returns the props themselves, not a copy, when they carry no revenue object', () => {
    const plain = { plan: 'pro', step: 2 };
    expect(propsWithoutRevenue(plain)).toBe(plain);
    const scalar = { revenue: 12, plan: 'pro' };
    expect(propsWithoutRevenue(scalar)).toBe(scalar);
    const empty = {};
    expect(propsWithoutRevenue(empty)).toBe(empty);
  });

  it('takes a revenue object out, and leaves null when nothing else is left', () => {
    const props = { revenue: { amount: 9.99, currency: 'EUR' }, plan: 'pro' };
    expect(propsWithoutRevenue(props)).toEqual({ plan: 'pro' });
    expect(props.revenue).toEqual({ amount: 9.99, currency: 'EUR' });
    expect(propsWithoutRevenue({ revenue: { amount: 1, currency: 'EUR' } })).toBeNull();
    expect(propsWithoutRevenue(undefined)).toBeNull();
  });
});

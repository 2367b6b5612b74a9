import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../src/store/store-unavailable.js';

const withCode = (message: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(message), fields);

describe('isStoreUnavailable', () => {
  it('recognises a database that cannot be reached, went away, or timed a statement out', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' }),
      withCode('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' }),
      withCode('terminating connection due to administrator command', { code: '57P01' }),
      withCode('the database system is starting up', { code: '57P03' }),
      withCode('canceling statement due to statement timeout', { code: '57014' }),
      withCode('connection failure', { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      Object.assign(new AggregateError([withCode('x', { code: 'ECONNREFUSED' })], 'all failed')),
    ]) {
      expect(isStoreUnavailable(error), (error as Error).message).toBe(true);
    }
  });

  it('leaves bugs, bad data and a client hanging up to their own answers', () => {
    for (const error of [
      withCode('duplicate key value violates unique constraint', { code: '23505' }),
      withCode('aborted', { code: 'ECONNRESET' }), // Node's client abort: no syscall
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      'ECONNREFUSED',
      undefined,
    ]) {
      expect(isStoreUnavailable(error)).toBe(false);
    }
  });
});

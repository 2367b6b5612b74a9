import fc from 'fast-check';
import { extraKey, hostileValue } from './hostile-values.js';

/** One change to a valid body: a field of the wrong type, a field gone, a field too many. */
type Mutation =
  | { kind: 'set'; key: string; value: unknown }
  | { kind: 'delete'; key: string }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'nest'; key: string }
  | { kind: 'replace'; value: unknown };

function mutation(keys: readonly string[]): fc.Arbitrary<Mutation> {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: hostileValue }), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('delete' as const), key }), weight: 2 },
    {
      arbitrary: fc.record({ kind: fc.constant('extra' as const), key: extraKey(keys), value: hostileValue }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('nest' as const), key }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('replace' as const), value: hostileValue }), weight: 1 },
  );
}

/** Own properties even for `__proto__` (CreateDataProperty, as JSON.parse does). */
function withKey(body: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries([...Object.entries(body).filter(([name]) => name !== key), [key, value]]);
}

function apply(body: unknown, change: Mutation): unknown {
  if (change.kind === 'replace') return change.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const object = body as Record<string, unknown>;
  switch (change.kind) {
    case 'set':
    case 'extra':
      return withKey(object, change.key, change.value);
    case 'delete':
      return Object.fromEntries(Object.entries(object).filter(([name]) => name !== change.key));
    case 'nest':
      // The right value, one level too deep: `{"url": ["https://…"]}`, `{"site": {"site": …}}`.
      return withKey(object, change.key, [object[change.key]]);
  }
}

/**
 * Bodies built from a schema's valid shape: mostly valid ones with up to three hostile
 * changes, so the fuzzer gets past the first check and into the code behind it.
 */
export function mutatedBody(
  valid: fc.Arbitrary<Record<string, unknown>>,
  keys: readonly string[],
  /** Weight of the body left as it is, against 3 for a mutated one. */
  unchanged = 2,
): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.oneof(
        { arbitrary: fc.constant([]), weight: unchanged },
        { arbitrary: fc.array(mutation(keys), { minLength: 1, maxLength: 3 }), weight: 3 },
      ),
    )
    .map(([body, changes]) => changes.reduce<unknown>(apply, body));
}

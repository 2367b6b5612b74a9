import type { FastifyRequest } from 'fastify';
import { ProblemError } from './errors.js';

/**
 * Whether a decoded request value holds U+0000 in a string or a key. PostgreSQL's text types
 * cannot store that character ("The character with the code zero (sometimes called NUL) cannot
 * be stored", PostgreSQL docs §8.3; SQLSTATE 22021), so such a value failed as a 500 there, or an
 * accepted event was dropped at write time, while SQLite took it (found by test/fuzz on both stores).
 * No URL, name, title or agent needs it. Walked with a stack: no recursion on nested bodies.
 */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, field] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        stack.push(field);
      }
    }
  }
  return false;
}

const NUL_DETAIL = 'Text may not contain the NUL character (U+0000).';

/** The refusal of a body that holds U+0000. */
export function nulBodyProblem(): ProblemError {
  return new ProblemError('invalid_body', NUL_DETAIL);
}

/**
 * A `preValidation` hook for every Fastify route: the path's parameters, the query string and
 * the parsed body are refused with 400 when they hold U+0000 (`%00`, `"\u0000"`).
 */
export async function refuseNulText(request: FastifyRequest): Promise<void> {
  if (holdsNul(request.params)) throw new ProblemError('invalid_input', NUL_DETAIL);
  if (holdsNul(request.query)) throw new ProblemError('invalid_query', NUL_DETAIL);
  if (holdsNul(request.body)) throw nulBodyProblem();
}

import { ERROR_CATALOGUE } from '../../src/http/errors.js';
import type { FuzzRequest } from './fuzz-request.js';

/** What came back, in-process or from the socket. */
export interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

const CATALOGUE = Object.entries(ERROR_CATALOGUE) as [string, { status: number; title: string }][];
const CODE = /^[a-z][a-z0-9_]*$/;

function describe(request: FuzzRequest, answer: Answer, problem: string): Error {
  const sent = typeof request.body === 'string' ? request.body : request.body?.toString('latin1');
  return new Error(
    `${problem}\n  ${request.method} ${request.path.slice(0, 200)}\n  content-type: ${request.headers['content-type']}\n  body: ${sent?.slice(0, 300)}\n  → ${answer.status} ${answer.contentType}: ${answer.body.slice(0, 500)}`,
  );
}

/**
 * The answer's `code` is a catalogue entry (src/http/errors.ts) of the same status, or a
 * service's precise subcode under one (its `title` names the entry: `target_scheme` is an
 * `invalid_link`), and `type` is the code's URN (RFC 9457 §3.1.1).
 */
function problemMismatch(status: number, problem: Record<string, unknown>): string | undefined {
  const { code, title, type } = problem;
  if (problem.status !== status) return `problem.status ${String(problem.status)} is not the HTTP status`;
  if (typeof code !== 'string' || !CODE.test(code))
    return `problem.code ${JSON.stringify(code)} is not a code`;
  if (type !== `urn:penumbra:problem:${code}`)
    return `problem.type ${JSON.stringify(type)} does not name the code`;
  const entry = ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE];
  if (entry)
    return entry.status === status ? undefined : `code ${code} is a ${entry.status}, not a ${status}`;
  const parent = CATALOGUE.find(([, candidate]) => candidate.status === status && candidate.title === title);
  return parent
    ? undefined
    : `code ${code} is neither in the catalogue nor a subcode of an entry titled "${String(title)}"`;
}

/** No 5xx; every 4xx is problem+json with a catalogue code. Throws a readable report otherwise. */
export function expectSoundAnswer(request: FuzzRequest, answer: Answer): void {
  if (answer.status >= 500) throw describe(request, answer, `answered ${answer.status}`);
  if (answer.status < 400) return;
  if (!answer.contentType?.startsWith('application/problem+json')) {
    throw describe(request, answer, `a ${answer.status} that is not application/problem+json`);
  }
  let problem: unknown;
  try {
    problem = JSON.parse(answer.body);
  } catch {
    throw describe(request, answer, 'a problem+json body that is not JSON');
  }
  const mismatch =
    typeof problem === 'object' && problem !== null
      ? problemMismatch(answer.status, problem as Record<string, unknown>)
      : 'the problem is not an object';
  if (mismatch) throw describe(request, answer, mismatch);
}

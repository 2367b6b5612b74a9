import type { TestApp } from './test-app.js';

/** An answer of the in-process API: its status and its JSON body (`{}` when empty). */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/**
 * One request to the in-process app (Fastify `inject`) with the test token, a JSON body when
 * given: the call the outbox, reports and alerts tests make over and over.
 */
export async function apiRequest<T = Record<string, unknown>>(
  t: TestApp,
  method: string,
  url: string,
  payload?: unknown,
): Promise<ApiAnswer<T>> {
  const response = await t.app.fastify.inject({
    method: method as 'GET',
    url,
    headers: { authorization: t.auth },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : {}) as T };
}

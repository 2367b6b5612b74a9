import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { SchemaCatalog } from '../../src/store/schema-catalog.js';
import type { Store, UserRole } from '../../src/store/store.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** `penumbra_session=…` */
  cookie?: string;
  /** Sent as X-CSRF-Token. */
  csrf?: string;
  /** A whole Authorization header value. */
  authorization?: string;
  headers?: Record<string, string>;
  /** The client's address (inject's default is 127.0.0.1). */
  remoteAddress?: string;
}

/** A browser signed in through the API: its cookie and CSRF token. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  user: { id: string; email: string; name: string; role: UserRole };
  /** A request with the cookie, and the CSRF token unless `csrf: false`. */
  request(
    method: Method,
    url: string,
    body?: unknown,
    options?: { csrf?: boolean; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

export interface AccountApp {
  t: TestApp;
  inject(method: Method, url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  /** Runs the one-time setup with a fresh token; the owner's browser. */
  setupOwner(email?: string, password?: string): Promise<Browser>;
  /** Creates a user through the owner's API token, then signs them in. */
  addUser(role: UserRole, email: string, password?: string): Promise<Browser>;
  signIn(email: string, password: string, headers?: Record<string, string>): Promise<Browser>;
  close(): Promise<void>;
}

/** Every stored row (both adapters are also a SchemaCatalog). */
export function dumpRows(store: Store): Promise<Record<string, unknown[]>> {
  return (store as Store & SchemaCatalog).dumpRows();
}

export const OWNER_PASSWORD = 'correct horse battery staple';
export const USER_PASSWORD = 'another long passphrase';

/** `penumbra_session=<secret>` from a Set-Cookie header. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  const pair = value?.split(';', 1)[0];
  if (!pair?.startsWith('penumbra_session=')) throw new Error(`no session cookie in ${String(header)}`);
  return pair;
}

export async function startAccountApp(env: Record<string, string> = {}): Promise<AccountApp> {
  const t = await startTestApp(env);
  const inject = (method: Method, url: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie !== undefined) headers.cookie = options.cookie;
    if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return t.app.fastify.inject({
      method,
      url,
      headers,
      ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
      ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
    });
  };
  const browser = (response: LightMyRequestResponse): Browser => {
    const { user, csrfToken } = response.json() as Pick<Browser, 'user' | 'csrfToken'>;
    const cookie = sessionCookie(response);
    return {
      cookie,
      csrfToken,
      user,
      request: (method, url, body, options = {}) =>
        inject(method, url, {
          cookie,
          ...(options.csrf === false ? {} : { csrf: csrfToken }),
          ...(body === undefined ? {} : { body }),
          ...(options.headers === undefined ? {} : { headers: options.headers }),
        }),
    };
  };
  const signIn = async (email: string, password: string, headers?: Record<string, string>) => {
    const response = await inject('POST', '/api/auth/login', {
      body: { email, password },
      ...(headers === undefined ? {} : { headers }),
    });
    expect(response.statusCode, response.body).toBe(200);
    return browser(response);
  };
  return {
    t,
    inject,
    async setupOwner(email = 'owner@example.org', password = OWNER_PASSWORD) {
      const token = t.services.setup.issue();
      const response = await inject('POST', '/api/auth/setup', {
        body: { token, email, name: 'Olive Owner', password },
      });
      expect(response.statusCode, response.body).toBe(201);
      return browser(response);
    },
    async addUser(role, email, password = USER_PASSWORD) {
      const response = await inject('POST', '/api/users', {
        authorization: t.auth,
        body: { email, name: `A ${role}`, role, password },
      });
      expect(response.statusCode, response.body).toBe(201);
      return signIn(email, password);
    },
    signIn,
    close: () => t.close(),
  };
}

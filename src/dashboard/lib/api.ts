/**
 * The one way the dashboard talks to the server: JSON over same-origin fetch with the session
 * cookie (HttpOnly: never read here), `X-CSRF-Token` on every state-changing request, and RFC 9457
 * problem details turned into `ApiError`s whose `detail` is shown to the user in words.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The problem's stable `code`, or `network` when the server could not be reached. */
    readonly code: string,
    readonly detail: string | undefined,
  ) {
    super(detail ?? code);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | undefined;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a signed-in request answers 401 (the session ended): the app shows the login page. */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RequestOptions {
  accept?: string;
  /** A 401 is an expected answer (login form, public pages): do not end the session. */
  quiet401?: boolean;
  signal?: AbortSignal;
}

async function send(method: Method, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', undefined);
  }
  if (response.ok) return response;
  const problem = (await response.json().catch(() => ({}))) as {
    code?: string;
    detail?: string;
    title?: string;
  };
  if (response.status === 401 && !options.quiet401) onUnauthorized?.();
  throw new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.detail ?? problem.title,
  );
}

export async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}) {
  const response = await send(method, path, body, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: (path: string) => request<void>('DELETE', path),
};

/** POSTs `body` with `Accept: text/csv` and saves the answer through a Blob URL. */
export async function downloadCsv(path: string, body: unknown, fileName: string): Promise<void> {
  const response = await send('POST', path, body, { accept: 'text/csv' });
  const blob = await response.blob();
  const disposition = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = disposition ?? fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `encodeURIComponent` for one path segment. */
export const seg = (value: string): string => encodeURIComponent(value);

/**
 * Just enough of a URL for classification, without the cost of `new URL()` on the hot path
 * (RFC 3986 §3: scheme "://" authority path ["?" query] ["#" fragment]).
 */
export interface UrlParts {
  /** Lowercased host without port or credentials; empty when the string has no authority. */
  host: string;
  path: string;
  query: string;
}

const AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/([^/?#]*)/i;

export function splitUrl(url: string): UrlParts {
  const authority = AUTHORITY.exec(url);
  const rest = authority ? url.slice(authority[0].length) : url;
  const hash = rest.indexOf('#');
  const beforeHash = hash < 0 ? rest : rest.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const path = question < 0 ? beforeHash : beforeHash.slice(0, question);
  return {
    host: authority ? hostOf(authority[1] ?? '') : '',
    path: path || '/',
    query: question < 0 ? '' : beforeHash.slice(question + 1),
  };
}

/** Strips `user:pass@`, the port and a trailing dot from an authority (RFC 3986 §3.2). */
function hostOf(authority: string): string {
  const at = authority.lastIndexOf('@');
  let host = at < 0 ? authority : authority.slice(at + 1);
  if (!host.startsWith('[')) {
    const colon = host.indexOf(':');
    if (colon >= 0) host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.toLowerCase();
}

/** Decoded query parameters (first value wins), as `application/x-www-form-urlencoded`. */
export function queryParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  if (!query) return params;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!params.has(name)) params.set(name, eq < 0 ? '' : decode(pair.slice(eq + 1)));
  }
  return params;
}

function decode(component: string): string {
  const spaced = component.includes('+') ? component.replaceAll('+', ' ') : component;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

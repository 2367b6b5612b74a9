import type { TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Routing on the History API: the path picks the view, the query string holds the site, the date
 * range and the filters, so that a view is shareable and the back button walks through changes.
 */
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const current = `${location.pathname}${location.search}`;
  if (href === current) return;
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  notify();
}

export interface Route {
  path: string;
  query: URLSearchParams;
}

/** The current location; re-renders on navigation and on the back and forward buttons. */
export function useRoute(): Route {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const listener = () => setHref(location.href);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  const url = new URL(href);
  return { path: url.pathname, query: url.searchParams };
}

/** The current URL with some query parameters set (a string) or removed (undefined or ''). */
export function withQuery(patch: Record<string, string | undefined>, path = location.pathname): string {
  const query = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined || value === '') query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function setQuery(
  patch: Record<string, string | undefined>,
  options: { replace?: boolean } = {},
): void {
  navigate(withQuery(patch), options);
}

/** Query parameters that follow the user from view to view. */
export const KEPT_PARAMS = ['site', 'range', 'from', 'to'] as const;

/** `path` with the current site and date range carried along. */
export function keepContext(path: string): string {
  const query = new URLSearchParams(location.search);
  const kept = new URLSearchParams();
  for (const name of KEPT_PARAMS) {
    const value = query.get(name);
    if (value) kept.set(name, value);
  }
  const [bare = path, own] = path.split('?');
  for (const [name, value] of new URLSearchParams(own ?? '')) kept.set(name, value);
  const text = kept.toString();
  return text ? `${bare}?${text}` : bare;
}

/** A click on an in-app link navigates without reloading; modified clicks open as the browser does. */
export function onLinkClick(event: TargetedMouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.currentTarget;
  if (anchor.target || anchor.origin !== location.origin || anchor.hasAttribute('download')) return;
  event.preventDefault();
  navigate(`${anchor.pathname}${anchor.search}`);
}

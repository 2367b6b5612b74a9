/** Where nobody types a URL by hand, except these (DESIGN.md §3). */
export const DEFAULT_LANDING_PATHS: readonly string[] = ['/'];

/** Index documents that servers treat as the directory itself. */
const INDEX_DOCUMENT = /\/(?:index|default)\.(?:html?|php|aspx?)$/i;

function normalisePath(path: string): string {
  const withoutIndex = path.replace(INDEX_DOCUMENT, '/');
  return withoutIndex.length > 1 && withoutIndex.endsWith('/') ? withoutIndex.slice(0, -1) : withoutIndex;
}

/**
 * Whether a path is a landing page. Entries match exactly (trailing slash ignored), or as a
 * prefix when they end in `*` (`/politics/*` covers every politics section page).
 */
export function isLandingPath(
  path: string,
  landingPaths: readonly string[] = DEFAULT_LANDING_PATHS,
): boolean {
  const normalised = normalisePath(path);
  for (const entry of landingPaths) {
    if (entry.endsWith('*')) {
      const prefix = entry.slice(0, -1);
      if (normalised.startsWith(prefix) || `${normalised}/` === prefix) return true;
    } else if (normalisePath(entry) === normalised) {
      return true;
    }
  }
  return false;
}

/**
 * The admin app keeps two preferences in localStorage (the language and the last site); storage
 * may be unavailable (private windows, policies), in which case nothing is remembered.
 */
export function readPreference(key: string): string | null {
  try {
    return localStorage.getItem(`penumbra.${key}`);
  } catch {
    return null;
  }
}

export function writePreference(key: string, value: string): void {
  try {
    localStorage.setItem(`penumbra.${key}`, value);
  } catch {
    // Not remembered: the preference still applies to this page.
  }
}

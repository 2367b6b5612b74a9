import type { UserRole } from '../store/store.js';

/** Lowest to highest: each role may do everything the ones before it may. */
export const ROLES: readonly UserRole[] = Object.freeze(['viewer', 'editor', 'owner']);

/** True when `role` may do what `needed` may (an owner may do anything an editor may …). */
export function roleAtLeast(role: UserRole, needed: UserRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

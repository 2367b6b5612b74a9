import type { UserRole } from '../store/store.js';

/** Lowest to highest: each role may do everything the ones before it may. */
export const ROLES: readonly UserRole[] = Object.freeze(['viewer', 'editor', 'owner']);

/** True when `role` may do what `needed` may (an owner may do anything an editor may …). */
export function roleAtLeast(role: UserRole | undefined, needed: UserRole): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The higher of two roles; `undefined` is no role at all. */
export function higherRole(a: UserRole | undefined, b: UserRole | undefined): UserRole | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b;
}

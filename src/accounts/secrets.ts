import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes as base64url (no padding): for cookies, URLs and headers alike. */
export function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 (hex) of a random secret: what is stored instead of it. A fast hash suffices for
 * secrets of 192 bits or more — nobody can guess one to test against the hash.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether `secret` has the shape `randomSecret(bytes)` gives: refused early, without a store read. */
export function looksLikeSecret(secret: string, bytes: number): boolean {
  return secret.length === Math.ceil((bytes * 4) / 3) && /^[A-Za-z0-9_-]+$/.test(secret);
}

/** Equality in constant time for equal lengths (the lengths themselves are not secret). */
export function sameSecret(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

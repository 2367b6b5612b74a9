import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { AccountError } from './account-error.js';
import { ConcurrencyGate, GateFullError } from './concurrency-gate.js';

/*
 * Password hashes: scrypt (RFC 7914) from node:crypto, with the OWASP Password Storage Cheat
 * Sheet's parameters — N = 2^15, r = 8, p = 1 — a 16-byte random salt and a 64-byte key, encoded
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url) so the parameters can be raised later
 * without breaking stored hashes. One hash takes 32 MiB and tens of milliseconds, off the event
 * loop (libuv's thread pool).
 */

const PARAMS = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
const SALT_BYTES = 16;
const KEY_BYTES = 64;

/**
 * scrypt needs about 128 · N · r bytes (32 MiB here), and Node's default `maxmem` of 32 MiB
 * refuses exactly that ("memory limit exceeded"): twice the need leaves room.
 */
function maxmem(N: number, r: number): number {
  return 2 * 128 * N * r;
}

/**
 * At most two hashes at once, 32 more waiting (about a second of work on a small machine); past
 * that a hash is refused with `hashing_busy` (503) instead of queueing without bound (issue 13,
 * finding 11). Two of libuv's four threads stay free for file and DNS work.
 */
const HASHING = new ConcurrencyGate(2, 32);

function scryptOnce(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

async function derive(
  password: string,
  salt: Buffer,
  keyBytes: number,
  options: ScryptOptions,
): Promise<Buffer> {
  try {
    return await HASHING.run(() => scryptOnce(password, salt, keyBytes, options));
  } catch (error) {
    if (error instanceof GateFullError) throw new AccountError('hashing_busy');
    throw error;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = PARAMS;
  const key = await derive(password, salt, KEY_BYTES, { N, r, p, maxmem: maxmem(N, r) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const ENCODED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Parameters within bounds only, so that a damaged stored hash cannot make a login cost minutes. */
function parseHash(encoded: string): ParsedHash | undefined {
  const match = ENCODED.exec(encoded);
  if (!match) return undefined;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = Buffer.from(match[4] ?? '', 'base64url');
  const key = Buffer.from(match[5] ?? '', 'base64url');
  const powerOfTwo = N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0;
  if (!powerOfTwo || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  if (salt.length < 8 || key.length < 16 || key.length > 128) return undefined;
  return { N, r, p, salt, key };
}

/** Whether `password` is the one `encoded` was made from; compares in constant time. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (parsed === undefined) return false;
  const { N, r, p, salt, key } = parsed;
  const candidate = await derive(password, salt, key.length, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(candidate, key);
}

/**
 * A hash of a random password nobody knows, with the current parameters. Checking a password
 * against it when the email is unknown makes that answer take as long as a wrong password for a
 * real account, so timing does not tell which addresses have one (OWASP Authentication Cheat
 * Sheet, "Authentication Responses").
 */
const DUMMY_HASH =
  'scrypt$32768$8$1$1CZKMwQCOvtlAJCoDwnO-A$fqjHh6ezmWwdlnZe4pMy56-3tGlcLkzsFRjbPLruwTPBeCfIGpH933MPEWVLzjxfzGIGgaT6zB3adOBNKEZVzQ';

/** Spends the time of one verification and answers false. */
export async function verifyDummyPassword(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}

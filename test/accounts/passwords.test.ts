import { describe, expect, it } from 'vitest';
import { AccountInputError } from '../../src/accounts/account-input-error.js';
import { checkPasswordRules } from '../../src/accounts/password-rules.js';
import { hashPassword, verifyDummyPassword, verifyPassword } from '../../src/accounts/passwords.js';

describe('password hashes (scrypt)', () => {
  it('encodes scrypt$N$r$p$salt$hash with N = 2^15, r = 8, p = 1, a 16-byte salt and a 64-byte key', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    const [scheme, N, r, p, salt, key, ...rest] = encoded.split('$');
    expect([scheme, N, r, p, rest]).toEqual(['scrypt', '32768', '8', '1', []]);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(64);
  });

  it('salts every hash, and verifies only the right password', async () => {
    const [one, two] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(one).not.toBe(two);
    expect(await verifyPassword('same password', one)).toBe(true);
    expect(await verifyPassword('same password', two)).toBe(true);
    expect(await verifyPassword('same passworD', one)).toBe(false);
    expect(await verifyPassword('', one)).toBe(false);
  });

  it('hashes the NFKC form: a composed and a decomposed é are the same password', async () => {
    const composed = 'caf\u00e9 au lait!';
    const decomposed = 'cafe\u0301 au lait!';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('refuses damaged or unreasonable stored hashes instead of working on them', async () => {
    const good = await hashPassword('a password here');
    const [, , , , salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain',
      good.replace('scrypt$', 'bcrypt$'),
      `scrypt$1000$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`, // far too costly
      `scrypt$32768$8$1$${salt}$AAAA`, // key too short
    ]) {
      expect(await verifyPassword('a password here', bad), bad).toBe(false);
    }
  });

  it('checks a dummy hash in as much time as a real one, and answers false', async () => {
    const real = await hashPassword('a password here');
    const time = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const realTime = await time(() => verifyPassword('wrong password', real));
    const dummyTime = await time(() => verifyDummyPassword('wrong password'));
    expect(await verifyDummyPassword('anything')).toBe(false);
    expect(dummyTime).toBeGreaterThan(realTime / 3);
  });
});

describe('password rules', () => {
  const code = (password: string) => {
    try {
      checkPasswordRules(password);
      return 'ok';
    } catch (error) {
      return error instanceof AccountInputError ? error.code : 'other';
    }
  };

  it('wants 10 to 200 characters, counted as code points', () => {
    expect(code('123456789')).toBe('password_too_short');
    // Ten digits pass the length floor; `1234567890` itself is a common password (test below).
    expect(code('9876501234')).toBe('ok');
    expect(code('🔑'.repeat(10))).toBe('ok');
    expect(code('🔑'.repeat(9))).toBe('password_too_short');
    expect(code('x'.repeat(200))).toBe('ok');
    expect(code('x'.repeat(201))).toBe('password_too_long');
  });
});

describe('common passwords (NIST SP 800-63B §5.1.1.2, issue 13 finding 14)', () => {
  const code = (password: string) => {
    try {
      checkPasswordRules(password, 'next');
      return 'ok';
    } catch (error) {
      return error instanceof AccountInputError ? `${error.code}:${error.field}` : 'other';
    }
  };

  it.each(['1234567890', 'qwertyuiop', 'Password123', 'PASSWORD123', 'basketball', 'ｐａｓｓｗｏｒｄ１２３'])(
    'refuses %s, in any case and width',
    (password) => {
      expect(code(password)).toBe('password_common:next');
    },
  );

  it.each(['correct horse battery staple', 'a7k2m9x4q1', 'passw0rd12 but longer'])(
    'accepts %s',
    (password) => {
      expect(code(password)).toBe('ok');
    },
  );
});

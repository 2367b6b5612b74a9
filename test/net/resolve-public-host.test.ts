import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { isPublicHost } from '../../src/net/public-host.js';
import { NonPublicHostError, resolvePublicHost } from '../../src/net/resolve-public-host.js';

/** A resolver answering from a fixed table, to check the any-answer rule without the network. */
function answers(table: Record<string, string[]>) {
  return async (hostname: string): Promise<LookupAddress[]> =>
    (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

describe('isPublicHost', () => {
  it.each([
    ['example.com', true],
    ['localhost', false],
    ['LOCALHOST.', false],
    ['api.localhost', false],
    ['printer.local', false],
    ['db.internal', false],
    ['router.home.arpa', false],
    ['2130706433', false],
    ['0x7f.1', false],
    ['[::1]', false],
    ['[::ffff:8.8.8.8]', true],
    ['8.8.8.8', true],
    ['', false],
  ])('%j → %s', (host, expected) => {
    expect(isPublicHost(host)).toBe(expected);
  });
});

describe('resolvePublicHost', () => {
  it('refuses localhost by name, and a name whose answer is loopback', async () => {
    await expect(resolvePublicHost('localhost')).rejects.toBeInstanceOf(NonPublicHostError);
    const error = await resolvePublicHost(
      'loopback.example',
      answers({ 'loopback.example': ['127.0.0.1'] }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NonPublicHostError);
    expect((error as NonPublicHostError).address).toBe('127.0.0.1');
  });

  it('refuses a name when any one of its addresses is not public', async () => {
    const resolve = answers({ 'mixed.example': ['93.184.215.14', '::1'] });
    await expect(resolvePublicHost('mixed.example', resolve)).rejects.toMatchObject({
      code: 'host_not_public',
      address: '::1',
    });
  });

  it.each(['10.0.0.5', '169.254.169.254', '::ffff:127.0.0.1', '2002:7f00:1::', 'fd00::1', '198.18.0.9'])(
    'refuses a name resolving to %s',
    async (address) => {
      await expect(
        resolvePublicHost('evil.example', answers({ 'evil.example': [address] })),
      ).rejects.toBeInstanceOf(NonPublicHostError);
    },
  );

  it('returns every address when all are public, for the caller to connect to', async () => {
    const resolve = answers({ 'ok.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    expect(await resolvePublicHost('OK.example.', resolve)).toEqual([
      '93.184.215.14',
      '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
    ]);
  });

  it('refuses a name with no address', async () => {
    await expect(resolvePublicHost('empty.example', answers({}))).rejects.toBeInstanceOf(NonPublicHostError);
  });

  it('judges address literals without a lookup, in any written form', async () => {
    const never = async (): Promise<LookupAddress[]> => {
      throw new Error('no lookup expected');
    };
    await expect(resolvePublicHost('0x7f.1', never)).rejects.toBeInstanceOf(NonPublicHostError);
    await expect(resolvePublicHost('[::1]', never)).rejects.toBeInstanceOf(NonPublicHostError);
    expect(await resolvePublicHost('134744072', never)).toEqual(['8.8.8.8']);
  });

  it('uses the system resolver by default: a hosts-file name for loopback is refused', async () => {
    // `ip6-localhost`/`localhost.localdomain` are common /etc/hosts aliases for loopback; whichever
    // this machine has, the real dns.lookup must not let it through.
    const { readFile } = await import('node:fs/promises');
    const hosts = await readFile('/etc/hosts', 'utf8').catch(() => '');
    const alias = hosts
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
      .filter(([address]) => address === '127.0.0.1' || address === '::1')
      .flatMap((fields) => fields.slice(1))
      .find((name) => isPublicHost(name));
    if (alias === undefined) return; // no such alias here: the injected-resolver tests cover the rule
    await expect(resolvePublicHost(alias)).rejects.toMatchObject({ code: 'host_not_public' });
  });
});

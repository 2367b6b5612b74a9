import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { chooseEventWriter } from '../../src/events/choose-event-writer.js';
import { WorkerEventWriter } from '../../src/events/worker-event-writer.js';
import { openStore } from '../../src/store/open-store.js';
import { newPageview, seedSite } from '../store/contract/fixtures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-choose-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('PENUMBRA_WRITER_THREAD', () => {
  const config = (value?: string) =>
    loadConfig({
      PENUMBRA_DATA_DIR: dataDir,
      ...(value === undefined ? {} : { PENUMBRA_WRITER_THREAD: value }),
    });

  it('is on by default, and reads on/off and the usual booleans', () => {
    expect(config().writerThread).toBe(true);
    expect(config('on').writerThread).toBe(true);
    expect(config('OFF').writerThread).toBe(false);
    expect(config('false').writerThread).toBe(false);
    expect(config('1').writerThread).toBe(true);
    expect(() => config('sometimes')).toThrow(ConfigError);
  });

  it('gives the server a writer thread that stores into the same database, and the CLI the store itself', async () => {
    const store = await openStore({ databaseUrl: undefined, dataDir });
    const siteId = await seedSite(store);
    const { writer: server } = chooseEventWriter(config('on'), store, { server: true, fold: false });
    try {
      expect(server).toBeInstanceOf(WorkerEventWriter);
      expect(await server.write([newPageview(siteId)])).toBe(1);
      expect(await store.countEvents()).toBe(1);
    } finally {
      await server.close?.();
    }
    const { writer: off } = chooseEventWriter(config('off'), store, { server: true, fold: true });
    const { writer: cli, foldsRollups } = chooseEventWriter(config('on'), store, {
      server: false,
      fold: false,
    });
    expect(foldsRollups).toBe(false);
    expect(off).not.toBeInstanceOf(WorkerEventWriter);
    expect(cli).not.toBeInstanceOf(WorkerEventWriter);
    expect(await off.write([newPageview(siteId)])).toBe(1);
    expect(await store.countEvents()).toBe(2);
    await store.close();
  });
});

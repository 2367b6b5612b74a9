/**
 * In-process CPU profiling for bench children. `node --cpu-prof` would profile the whole
 * process, seeding of 100,000 links included; this starts the V8 sampling profiler when the
 * interesting part begins and writes a `.cpuprofile` (Chrome DevTools format) when asked.
 */

import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export interface Profiling {
  /** Stops the profiler and writes the profile. */
  stop(): Promise<void>;
}

/** Starts sampling every `sampleIntervalUs` µs; `stop()` writes the profile to `file`. */
export async function startProfiling(file: string, sampleIntervalUs = 200): Promise<Profiling> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: sampleIntervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * How far the background seeding of the demo site has got (start-demo.ts), so that the dashboard
 * can show "filling the demo: 45 %" instead of "No data yet" during a fresh install's first
 * half-minute (issue 16). In memory: only the process that seeds knows, and a restart on a store
 * that has sites never seeds again.
 */
export type DemoState = 'idle' | 'seeding' | 'done' | 'stopped' | 'failed';

export interface DemoProgress {
  state: DemoState;
  /** Events written so far, and the number planned. */
  stored: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
}

export class DemoStatus {
  private progress: DemoProgress = {
    state: 'idle',
    stored: 0,
    total: 0,
    startedAt: null,
    finishedAt: null,
  };

  started(total: number, now = Date.now()): void {
    this.progress = {
      ...this.progress,
      state: 'seeding',
      total,
      stored: 0,
      startedAt: new Date(now).toISOString(),
    };
  }

  stored(count: number): void {
    this.progress = { ...this.progress, stored: count };
  }

  finished(state: 'done' | 'stopped' | 'failed', now = Date.now()): void {
    this.progress = { ...this.progress, state, finishedAt: new Date(now).toISOString() };
  }

  /** A copy: callers cannot change the status. */
  snapshot(): DemoProgress {
    return { ...this.progress };
  }
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Buffers output lines and writes them in large chunks, waiting for `drain` when the
 * destination is slow, so a million-line run stays fast and in constant memory.
 */
export class LineWriter {
  private chunk: string[] = [];
  private size = 0;

  constructor(
    private readonly out: Writable,
    private readonly flushAt = 64 * 1024,
  ) {}

  async write(line: string): Promise<void> {
    this.chunk.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= this.flushAt) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.chunk.join('');
    this.chunk = [];
    this.size = 0;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

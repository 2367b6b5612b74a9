import type { Readable, Writable } from 'node:stream';

/** The process's streams and environment, passed in so commands can run in-process in tests. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text: usage line, description, every option. */
  help: string;
  /** Resolves to the process exit status. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A mistake in how a command was called: printed with a hint, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

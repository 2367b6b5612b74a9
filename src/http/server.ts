import type { Config } from '../config.js';
import { type AppDeps, buildApp } from './app.js';

export interface RunningServer {
  /** `http://host:port` the server listens on (port resolved when 0 was asked). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then releases everything. */
  close(): Promise<void>;
}

/** Builds the app and listens on the configured host and port. */
export async function startServer(
  config: Readonly<Config>,
  deps: Omit<AppDeps, 'config'> = {},
): Promise<RunningServer> {
  const app = buildApp({ ...deps, config });
  await app.fastify.listen({ port: config.port, host: config.host });
  const address = app.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      app.markShuttingDown();
      closing ??= app.fastify.close();
      return closing;
    },
  };
}

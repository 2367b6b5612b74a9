import type { Config } from '../config.js';
import { withDeadline } from '../events/deadline.js';
import { createServices, type ServiceLog, type Services } from '../services.js';
import { type App, type AppDeps, buildApp } from './app.js';

export interface RunningServer {
  /** `http://host:port` the server listens on (port resolved when 0 was asked). */
  url: string;
  services: Services;
  /**
   * The one-time setup token, when the store had no user at start (a fresh install): whoever
   * opens `<baseUrl>/setup?token=…` creates the owner. Kept by the services only as a hash.
   */
  setupToken: string | undefined;
  /**
   * Stops accepting, lets in-flight requests finish, writes pending events, closes the store.
   * Waits on requests and the store until `deadline` (ms since the epoch; none by default), then
   * spools what is pending (docs/architecture.md, "Shutdown").
   */
  close(deadline?: number): Promise<void>;
}

/** Opens the services, builds the app and listens on the configured host and port. */
export async function startServer(
  config: Readonly<Config>,
  options: Pick<AppDeps, 'logger'> = {},
): Promise<RunningServer> {
  let app: App | undefined;
  const log: ServiceLog = {
    error: (details, message) => app?.fastify.log.error(details, message),
    info: (details, message) => app?.fastify.log.info(details, message),
  };
  const services = await createServices(config, { warmCache: true, log });
  let setupToken: string | undefined;
  try {
    setupToken = await services.users.issueSetupToken();
  } catch (error) {
    await services.close();
    throw error;
  }
  app = buildApp({ services, ...options });
  const running = app;
  try {
    await running.fastify.listen({ port: config.port, host: config.host });
  } catch (error) {
    await services.close();
    throw error;
  }
  const address = running.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    services,
    setupToken,
    close(deadline) {
      running.markShuttingDown();
      closing ??= withDeadline(running.fastify.close(), deadline ?? Number.POSITIVE_INFINITY).then(() =>
        services.close(deadline),
      );
      return closing;
    },
  };
}

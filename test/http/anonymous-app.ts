import { type App, buildApp } from '../../src/http/app.js';
import { createServices, type Services } from '../../src/services.js';
import { testConfig } from '../helpers/test-config.js';

export interface AnonymousApp {
  app: App;
  services: Services;
  close(): Promise<void>;
}

/**
 * The whole app in-process on a fresh SQLite file, with no API token: for the routes anyone may
 * call (classification, sign-in, public links), as an anonymous client sees them.
 */
export async function startAnonymousApp(env: Record<string, string> = {}): Promise<AnonymousApp> {
  const services = await createServices(
    testConfig({ PENUMBRA_BASE_URL: 'https://go.example.test', ...env }),
    {
      warmCache: true,
    },
  );
  const app = buildApp({ services, logger: false });
  await app.fastify.ready();
  return {
    app,
    services,
    async close() {
      await app.fastify.close();
      await services.close();
    },
  };
}

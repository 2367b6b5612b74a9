import { createApiToken } from '../../src/auth/api-tokens.js';
import { type App, buildApp } from '../../src/http/app.js';
import { createServices, type Services } from '../../src/services.js';
import { testConfig } from './test-config.js';

export interface TestApp {
  app: App;
  services: Services;
  /** `Authorization` header value with a fresh API token. */
  auth: string;
  close(): Promise<void>;
}

/** The whole app in-process on a fresh SQLite file (Fastify `inject`, no socket). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const services = await createServices(
    testConfig({ PENUMBRA_BASE_URL: 'https://go.example.test', ...env }),
    {
      warmCache: true,
    },
  );
  const app = buildApp({ services, logger: false });
  await app.fastify.ready();
  const { secret } = await createApiToken(services.store, 'test');
  return {
    app,
    services,
    auth: `Bearer ${secret}`,
    async close() {
      await app.fastify.close();
      await services.close();
    },
  };
}

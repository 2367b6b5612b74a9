import { loadConfig } from '../config.js';
import { publicUrl } from '../public-url.js';
import { createServices, type Services } from '../services.js';
import type { CliIo } from './command.js';

/**
 * Opens the same store as the server (PENUMBRA_DATA_DIR or DATABASE_URL) for one command and
 * closes it after; SQLite's WAL mode lets this run while the server is running.
 */
export async function withServices<T>(io: CliIo, work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  // The server's public URL, not a default port's: short links printed here are the server's.
  const services = await createServices(
    { ...config, baseUrl: publicUrl(io.env, config) },
    { warmCache: false },
  );
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

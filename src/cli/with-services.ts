import { loadConfig } from '../config.js';
import { createServices, type Services } from '../services.js';
import type { CliIo } from './command.js';

/**
 * Opens the same store as the server (PENUMBRA_DATA_DIR or DATABASE_URL) for one command and
 * closes it after; SQLite's WAL mode lets this run while the server is running.
 */
export async function withServices<T>(io: CliIo, work: (services: Services) => Promise<T>): Promise<T> {
  const services = await createServices(loadConfig(io.env), { warmCache: false });
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

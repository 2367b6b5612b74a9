import type { FastifyInstance } from 'fastify';
import type { SinkHealth } from '../../events/event-sink.js';

export type HealthStatus = 'ok' | 'degraded' | 'shutting-down';

/** The body of `/healthz`: counters and times only, an error's short code, never its text. */
export interface HealthReport {
  status: HealthStatus;
  events: SinkHealth;
}

/** `degraded` while the store fails or events wait in the spool (issue 13, findings 2 and 5). */
export function healthStatus(ready: boolean, events: SinkHealth): HealthStatus {
  if (!ready) return 'shutting-down';
  return events.storeFailingSince !== null || events.spooled > 0 ? 'degraded' : 'ok';
}

/**
 * Liveness for load balancers and orchestrators: 200 while the process can serve, 503 while it
 * shuts down. `degraded` still answers 200: redirects are served from memory and events are
 * accepted into memory or the spool, so taking the instance out of rotation (or restarting it)
 * would lose service and not bring the store back (docs/architecture.md, "Health").
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  isReady: () => boolean,
  eventHealth: () => SinkHealth,
): void {
  app.get('/healthz', async (_request, reply) => {
    const events = eventHealth();
    const status = healthStatus(isReady(), events);
    const report: HealthReport = { status, events };
    return reply
      .code(status === 'shutting-down' ? 503 : 200)
      .header('cache-control', 'no-store')
      .send(report);
  });
}

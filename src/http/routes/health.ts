import type { FastifyInstance } from 'fastify';

/** Liveness for load balancers and orchestrators: answers while the process can serve. */
export function registerHealthRoutes(app: FastifyInstance, isReady: () => boolean): void {
  app.get('/healthz', async (_request, reply) => {
    const ready = isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'shutting-down' });
  });
}

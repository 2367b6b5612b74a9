import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { FuzzRequest } from './fuzz-request.js';
import type { Answer } from './sound-answer.js';

/** In-process through Fastify's `inject` (light-my-request): no socket, fast. */
export async function injectRequest(fastify: FastifyInstance, request: FuzzRequest): Promise<Answer> {
  const response = await fastify.inject({
    method: request.method,
    url: request.path,
    headers: request.headers,
    ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
    ...(request.body === undefined ? {} : { payload: request.body }),
  });
  const type = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: type === undefined ? undefined : String(type),
    body: response.body,
  };
}

/** Over a real socket with node:http, which sends header bytes as they are (latin1). */
export function socketRequest(baseUrl: string, request: FuzzRequest, timeoutMs = 15_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(request.path, baseUrl), {
      method: request.method,
      headers: request.headers,
      timeout: timeoutMs,
      // One connection per request: a server that answers before reading a refused body closes
      // the connection, and a pooled keep-alive socket would race that close ("socket hang up").
      agent: false,
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    outgoing.on('error', (error) => {
      const size = Object.entries(request.headers).reduce(
        (sum, [name, value]) => sum + name.length + value.length + 4,
        0,
      );
      reject(
        new Error(
          `${request.method} ${request.path.slice(0, 100)} (headers ${size} bytes): ${error.message}`,
        ),
      );
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.end(request.body);
  });
}

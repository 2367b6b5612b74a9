import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createServices } from '../../src/services.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { testConfig } from '../helpers/test-config.js';

/** Sends raw bytes and reads what comes back until the server closes the connection. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(answer) : reject(error),
    );
    socket.end(bytes);
  });
}

function problemOf(answer: string): { status: number; type: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    type: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
    body: JSON.parse(body),
  };
}

/** Requests Node.js refuses before Fastify sees them (found by test/fuzz over a real socket). */
describe('refusals of the HTTP parser are problem details', () => {
  let t: TestApp;
  let port = 0;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.fastify.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.fastify.server.address() as { port: number }).port;
  });
  afterAll(() => t.close());

  it('headers over 16 KB: 431 headers_too_large', async () => {
    const answer = await exchange(
      port,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Agent: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const problem = problemOf(answer);
    expect(problem.status).toBe(431);
    expect(problem.type).toMatch(/^application\/problem\+json/);
    expect(problem.body).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('bytes that are not HTTP: 400 invalid_input', async () => {
    const problem = problemOf(await exchange(port, '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'));
    expect(problem.status).toBe(400);
    expect(problem.type).toMatch(/^application\/problem\+json/);
    expect(problem.body).toMatchObject({ status: 400, code: 'invalid_input' });
  });
});

describe('a body cut short by the client', () => {
  it('is a 400 for nobody, not an "unexpected error" with a stack trace in the log', async () => {
    const services = await createServices(testConfig(), { warmCache: true });
    const logged: string[] = [];
    const stream = { write: (line: string) => logged.push(line) };
    const app = buildApp({ services, logger: { level: 'warn', stream } });
    await app.fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.fastify.server.address() as { port: number };
    for (const path of ['/api/classify', '/api/links', '/api/stats/query']) {
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"url":`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await app.fastify.close();
    await services.close();
    expect(logged.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});

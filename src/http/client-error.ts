import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemDetails } from './errors.js';

/** Node's parser and timeout errors (Node.js docs, http `'clientError'` event), in the catalogue's words. */
function problemFor(error: NodeJS.ErrnoException): ProblemError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ProblemError(
        'headers_too_large',
        'The request headers are over 16 KB (Node.js maxHeaderSize).',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProblemError('request_timeout');
    default:
      return new ProblemError('invalid_input', 'The request is not valid HTTP/1.1.');
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node.js refused before any route ran (headers over
 * 16 KB, bytes that are not HTTP, a request that never finished) gets problem details like every
 * other refusal, where Fastify's default writes its own JSON (found by test/fuzz).
 * As Node's and Fastify's defaults do, a reset connection gets nothing, and the socket is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const problem = problemFor(error);
    const body = JSON.stringify(problemDetails(problem));
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

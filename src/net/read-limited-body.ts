import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface LimitedBody {
  body: Buffer;
  /** The body went on past `maxBytes`; `body` holds its first `maxBytes` bytes. */
  truncated: boolean;
}

/**
 * The decoded body stream: gzip, deflate and br are undone here so that `maxBytes` bounds what
 * the caller receives, not what went over the wire (a 1 kB gzip bomb can inflate to gigabytes).
 */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

/**
 * Reads at most `maxBytes` of a response's (decoded) body, then stops reading and destroys the
 * socket: what lies beyond is never downloaded.
 */
export function readLimitedBody(response: IncomingMessage, maxBytes: number): Promise<LimitedBody> {
  const stream = decoded(response);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (truncated: boolean) => {
      if (settled) return;
      settled = true;
      resolve({ body: Buffer.concat(chunks, Math.min(size, maxBytes)), truncated });
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length > room) {
        finish(true);
        response.destroy();
        if (stream !== response) stream.destroy();
      }
    });
    stream.on('end', () => finish(false));
    stream.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    response.on('aborted', () => {
      if (settled) return;
      settled = true;
      reject(new Error('the server closed the connection before the end of the body'));
    });
  });
}

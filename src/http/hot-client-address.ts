import type { IncomingMessage } from 'node:http';

/**
 * The addresses a request came through, nearest first: the socket's peer, then the
 * `X-Forwarded-For` entries from right to left. Same parse as @fastify/forwarded (MIT, after
 * jshttp/forwarded), which Fastify's `request.ip` uses.
 */
function forwardedChain(header: string, socketAddress: string | undefined): (string | undefined)[] {
  const chain: (string | undefined)[] = [socketAddress];
  if (!header.includes(',')) {
    const remote = header.trim();
    if (remote.length > 0) chain.push(remote);
    return chain;
  }
  let end = header.length;
  let start = end;
  for (let i = end - 1; i >= 0; i--) {
    const char = header[i];
    if (char === ' ' || char === '\t') {
      if (start === end) start = end = i;
    } else if (char === ',') {
      if (start !== end) chain.push(header.slice(start, end));
      start = end = i;
    } else {
      start = i;
    }
  }
  if (start !== end) chain.push(header.slice(start, end));
  return chain;
}

/**
 * The client's address exactly as Fastify's `request.ip` gives it for our `trustProxy` setting
 * (app.ts: `true`, `false`, or a hop count trusted as `hop < count`), for the hot routes that
 * answer before Fastify: proxy-addr's `alladdrs` keeps the chain up to the first untrusted hop,
 * and the address is its last element.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean | number): string {
  const socketAddress = req.socket.remoteAddress;
  const header = req.headers['x-forwarded-for'];
  if (trustProxy === false || trustProxy === 0 || typeof header !== 'string' || header === '') {
    return socketAddress ?? '';
  }
  const chain = forwardedChain(header, socketAddress);
  const last = trustProxy === true ? chain.length - 1 : Math.min(trustProxy, chain.length - 1);
  return chain[last] ?? '';
}

import type { OutboundOptions, OutboundResponse } from '../net/outbound-fetch.js';

/** outboundFetch with the installation's policy already applied (loopback, DNS, concurrency). */
export type PreviewFetcher = (url: string, options: OutboundOptions) => Promise<OutboundResponse>;

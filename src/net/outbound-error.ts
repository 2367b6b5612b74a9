/** Why an outbound request was refused or failed; `code` is stable (problem+json, CLI, tests). */
export type OutboundErrorCode =
  | 'bad_url'
  | 'scheme_not_allowed'
  | 'host_not_public'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'body_too_large'
  | 'first_byte_timeout'
  | 'timeout'
  | 'dns_failed'
  | 'connect_failed';

/** A hop already followed when the error struck, so a caller can show the chain that led there. */
export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    /** The URL of the hop that failed. */
    readonly url: string,
    readonly redirects: readonly RedirectHop[] = [],
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** What one access-log line says about one HTTP request, whatever the log format. */
export interface ParsedRequest {
  /** When the request was received, in milliseconds since the Unix epoch (UTC). */
  time: number;
  /** The client address as logged (`%h` / `$remote_addr`); empty when a JSON log has none. */
  ip: string;
  /** The request method, as sent (`GET`, `HEAD` …). */
  method: string;
  /** The request-target as sent (RFC 9112 §3.2): usually `/path?query`, sometimes absolute. */
  target: string;
  /** The final status (`%>s` / `$status`). */
  status: number;
  /** The `Referer` header; empty when the log says `-` or nothing. */
  referrer: string;
  /** The `User-Agent` header; empty when the log says `-` or nothing. */
  userAgent: string;
  /** The virtual host (`%v`, `$host` …), lowercased and without its port, when the log has one. */
  host?: string;
}

/**
 * Why a line could not be read: `malformed` (not the expected shape), `bad_time` (a timestamp
 * that is no date), `bad_request` (the request line is junk, e.g. a TLS handshake sent to port 80).
 */
export type LineErrorCode = 'malformed' | 'bad_time' | 'bad_request';

export interface LineError {
  code: LineErrorCode;
  message: string;
}

export type ParseResult = ParsedRequest | LineError;

export function lineError(code: LineErrorCode, message: string): LineError {
  return { code, message };
}

/** Tells an error from a request: only errors carry a `code`. */
export function isLineError(result: ParseResult): result is LineError {
  return (result as Partial<LineError>).code !== undefined;
}

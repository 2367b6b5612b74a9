import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../json-depth.js';
import { parseAnyTime } from './parse-log-time.js';
import { parseRequestLine, type RequestLine } from './parse-request-line.js';
import { lineError, type ParseResult } from './parsed-request.js';
import { decodeByteString } from './unescape-log-field.js';

/**
 * One JSON object per line, as written by nginx `log_format NAME escape=json '{…}'`
 * (ngx_http_log_module, nginx ≥ 1.11.8) and by log shippers. There is no standard set of
 * names, so each field is the first of these that is present and not empty:
 *
 *   time      time_iso8601, time_local, time, timestamp, @timestamp, msec
 *             (ISO 8601, `10/Oct/2000:13:55:36 -0700`, or Unix seconds/ms as number or string)
 *   address   remote_addr, ip, client_ip, clientip                      (optional)
 *   request   request (`GET /path HTTP/1.1`), else method/request_method/verb + request_uri/
 *             uri/path/url, with args/query_string appended when the path has no `?`
 *             (nginx `$uri` is the path without its query; `$request_uri` has it)
 *   status    status, response (number or numeric string)
 *   referrer  http_referer, referer, referrer, http_referrer              (optional)
 *   agent     http_user_agent, user_agent, ua, agent                     (optional)
 *   host      host, server_name, http_host                               (optional)
 *
 * A line nginx wrote with the default escaping (`\x22` for `"`, not valid JSON) is repaired
 * and read once more. Nested objects (Caddy, Traefik) are not read.
 */

const TIME = ['time_iso8601', 'time_local', 'time', 'timestamp', '@timestamp', 'msec'];
const ADDRESS = ['remote_addr', 'ip', 'client_ip', 'clientip'];
const METHOD = ['method', 'request_method', 'verb'];
const PATH = ['request_uri', 'uri', 'path', 'url'];
const QUERY = ['args', 'query_string'];
const STATUS = ['status', 'response'];
const REFERRER = ['http_referer', 'referer', 'referrer', 'http_referrer'];
const AGENT = ['http_user_agent', 'user_agent', 'ua', 'agent'];
const HOST = ['host', 'server_name', 'http_host'];

type Fields = Record<string, unknown>;

function first(fields: Fields, names: readonly string[]): unknown {
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** A header field as a string; nginx writes `-` for a missing header outside escape=json. */
function text(fields: Fields, names: readonly string[]): string {
  const value = first(fields, names);
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '-' ? value : '';
}

/**
 * `\xXX` (nginx's default escaping) is not JSON; `\u00XX` is. The escaped bytes of a UTF-8
 * character then read as Latin-1 characters, so top-level strings are decoded as UTF-8 again.
 */
function readJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    if (!line.includes('\\x')) throw error;
    const value: unknown = JSON.parse(line.replace(/\\x([\da-fA-F]{2})/g, '\\u00$1'));
    if (!isObject(value)) return value;
    for (const [name, field] of Object.entries(value)) {
      if (typeof field === 'string' && /[\x80-\xff]/.test(field)) value[name] = decodeByteString(field);
    }
    return value;
  }
}

function withQuery(path: string, fields: Fields): string {
  const query = text(fields, QUERY);
  return query && !path.includes('?') ? `${path}?${query}` : path;
}

function requestOf(fields: Fields): RequestLine | undefined {
  const line = text(fields, ['request']);
  const method = text(fields, METHOD);
  const parsed = line ? parseRequestLine(line) : undefined;
  if (parsed) return parsed;
  // Some formats put `$request_uri` under "request" and the method apart.
  const path = line.startsWith('/') ? line : text(fields, PATH);
  if (!method || !path) return undefined;
  return parseRequestLine(`${method} ${withQuery(path, fields)}`);
}

function statusOf(fields: Fields): number {
  const value = first(fields, STATUS);
  const status = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 999
    ? status
    : -1;
}

/** `$http_host` may carry a port; `$host` is already lowercase and bare. */
export function normaliseHost(host: string): string {
  const bare = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return bare.toLowerCase();
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonLine(line: string): ParseResult {
  // A log line nested thousands deep would overflow the stack when quoted in an error message.
  if (jsonDepthExceeds(line)) return lineError('malformed', `nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = readJson(line);
  } catch (error) {
    return lineError('malformed', `not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) return lineError('malformed', 'not a JSON object');
  const rawTime = first(value, TIME);
  if (rawTime === undefined) return lineError('malformed', `no time field (${TIME.join(', ')})`);
  const time = parseAnyTime(rawTime);
  if (Number.isNaN(time)) return lineError('bad_time', `not a time: ${JSON.stringify(rawTime)}`);
  const request = requestOf(value);
  if (!request) return lineError('bad_request', 'no HTTP request (request, or method and uri)');
  const status = statusOf(value);
  if (status < 0) return lineError('malformed', `no 3-digit status (${STATUS.join(', ')})`);
  const parsed = {
    time,
    ip: text(value, ADDRESS),
    method: request.method,
    target: request.target,
    status,
    referrer: text(value, REFERRER),
    userAgent: text(value, AGENT),
  };
  const host = text(value, HOST);
  return host ? { ...parsed, host: normaliseHost(host) } : parsed;
}

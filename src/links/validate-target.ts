import { isPublicHost } from '../net/public-host.js';
import { LinkInputError } from './link-input-error.js';

/**
 * The longest target we accept. 2,048 is the figure the issue sets and a safe floor across
 * browsers, proxies and chat apps that truncate or refuse longer addresses.
 */
export const MAX_TARGET_LENGTH = 2048;

export interface ValidateTargetOptions {
  /** Accept loopback, private and link-local hosts (an intranet deployment). */
  allowPrivateHosts: boolean;
}

/**
 * A link target as its normalised absolute URL (WHATWG URL serialisation), or a
 * `LinkInputError` saying what is wrong with it. Hosts are checked after WHATWG normalisation,
 * so numeric tricks (`http://2130706433/`, `http://0x7f.1/`) are judged as the address a
 * browser would actually contact.
 */
export function validateTarget(url: string, options: ValidateTargetOptions): string {
  checkLength(url);
  const parsed = parseAbsolute(url);
  checkScheme(parsed);
  checkCredentials(parsed);
  if (!options.allowPrivateHosts) checkPublicHost(parsed);
  checkLength(parsed.href);
  return parsed.href;
}

function fail(code: string, message: string): never {
  throw new LinkInputError(code, message, 'target');
}

function checkLength(url: string): void {
  if (typeof url === 'string' && url.length > MAX_TARGET_LENGTH) {
    fail(
      'target_too_long',
      `The target URL is ${url.length.toLocaleString('en')} characters long; the limit is 2,048. Shorten it, for example by removing tracking parameters.`,
    );
  }
}

function parseAbsolute(url: string): URL {
  if (typeof url !== 'string' || url.trim() === '') {
    fail('target_invalid', 'The target URL is empty. Paste the full address, starting with https://.');
  }
  try {
    return new URL(url);
  } catch {
    return fail(
      'target_invalid',
      'The target is not a complete web address. Write it in full, starting with https:// (for example https://example.com/page).',
    );
  }
}

const WEB_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Anything else (`javascript:`, `data:`, `file:`, `vbscript:`…) could run code or read local files. */
function checkScheme(url: URL): void {
  if (!WEB_PROTOCOLS.has(url.protocol)) {
    fail(
      'target_scheme',
      `Only http:// and https:// addresses can be link targets, and this one starts with "${url.protocol}". Use the web address of the page instead.`,
    );
  }
}

/** Credentials in a shared link are readable by everyone who receives it (RFC 3986 §3.2.1). */
function checkCredentials(url: URL): void {
  if (url.username !== '' || url.password !== '') {
    fail(
      'target_credentials',
      'The target URL contains a user name or password (user:password@host). Remove them: everyone who receives the link could read them.',
    );
  }
}

/**
 * Judged on the spelling only (src/net/public-host.ts): Penumbra never fetches a link's target, the
 * visitor's browser does, so a name is not resolved here. Fetchers use resolvePublicHost.
 */
function checkPublicHost(url: URL): void {
  if (!isPublicHost(url.hostname)) {
    fail(
      'target_private_host',
      `The target host ${url.hostname} is a local, private or link-local address that people outside your network cannot reach. Use a public address, or ask the administrator to allow private hosts.`,
    );
  }
}

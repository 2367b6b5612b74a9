/** The parts of a request line (`%r`, `$request`) that say what was asked for. */
export interface RequestLine {
  method: string;
  target: string;
}

/** RFC 9110 §5.6.2 `tchar`: the characters a method token may hold. */
function isTokenChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code))
  );
}

const MAX_METHOD_LENGTH = 32;

function methodEnd(line: string): number {
  const space = line.indexOf(' ');
  if (space < 1 || space > MAX_METHOD_LENGTH) return -1;
  for (let i = 0; i < space; i++) {
    if (!isTokenChar(line.charCodeAt(i))) return -1;
  }
  return space;
}

/** A target has no control characters: those are what binary junk (TLS, SSH, RDP probes) is made of. */
function isPrintable(target: string): boolean {
  for (let i = 0; i < target.length; i++) {
    const code = target.charCodeAt(i);
    if (code < 32 || code === 127) return false;
  }
  return true;
}

/**
 * `GET /path?q HTTP/1.1` → method and target (RFC 9112 §3). HTTP/2 and HTTP/3 requests are
 * logged in the same shape (`HTTP/2.0`); an HTTP/0.9 line has no version. A target with raw
 * spaces (broken clients) is kept whole when the version closes the line. Anything else —
 * `-`, an empty line, a TLS ClientHello (`\x16\x03\x01…`) — is not a request: undefined.
 */
export function parseRequestLine(line: string): RequestLine | undefined {
  const space = methodEnd(line);
  if (space < 0) return undefined;
  const lastSpace = line.lastIndexOf(' ');
  const hasVersion = lastSpace > space && line.startsWith('HTTP/', lastSpace + 1);
  const target = hasVersion ? line.slice(space + 1, lastSpace) : line.slice(space + 1);
  if (target === '' || target.charCodeAt(0) === 32) return undefined;
  if (!hasVersion && target.includes(' ')) return undefined;
  if (!isPrintable(target)) return undefined;
  return { method: line.slice(0, space), target };
}

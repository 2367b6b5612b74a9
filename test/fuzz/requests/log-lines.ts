import fc from 'fast-check';
import { hostileValue, PROTO_KEYS, weirdText } from '../hostile-values.js';
import { hostileAgent, hostileUrl } from '../hostile-web.js';

/** Mostly `usual`, sometimes `odd`: most lines should parse, so the code behind the parser runs. */
function mostly<T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: odd, weight: 1 });
}

/** Log text escaping as Apache and nginx write it: `"` and `\` escaped, control bytes as `\xHH`. */
function logEscape(text: string): string {
  let escaped = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') escaped += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) escaped += `\\x${code.toString(16).padStart(2, '0')}`;
    else escaped += char;
  }
  return escaped;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number) => String(value).padStart(2, '0');

const clfTime = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
  .map(
    (date) =>
      `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`,
  );

const BAD_TIMES = [
  '32/Oct/2024:08:00:01 +0200',
  '30/Feb/2024:08:00:01 +0200',
  '15/Foo/2024:08:00:01 +0200',
  '15/Oct/2024:25:61:61 +9999',
  '15/Oct/2024:08:00:01',
  '15/Oct/2024:08:00:01 +02',
  '15/oct/2024:08:00:01 +0200',
  '15/Oct/-001:08:00:01 +0200',
  '15/Oct/99999:08:00:01 +0200',
  '１５/Oct/2024:08:00:01 +0200',
  '',
] as const;

/** The bracketed time field, right or broken (a bracket missing, a date that does not exist). */
const timeField = mostly(
  clfTime.map((time) => `[${time}]`),
  fc.oneof(
    fc.constantFrom(...BAD_TIMES).map((time) => `[${time}]`),
    clfTime.map((time) => `[${time}`),
    clfTime.map((time) => `${time}]`),
    weirdText.map((text) => `[${text}]`),
  ),
);

const METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PROPFIND', 'get', ''];

const requestField = mostly(
  fc
    .tuple(fc.constantFrom(...METHODS), fc.webPath(), fc.constantFrom('HTTP/1.1', 'HTTP/2.0', 'HTTP/1.0'))
    .map(([method, path, version]) => `"${method} ${path || '/'} ${version}"`),
  fc.oneof(
    fc.constantFrom(
      '"-"',
      '""',
      '"\\x16\\x03\\x01\\x00"',
      '"GET /a HTTP/1.1',
      '"GET /a\\" HTTP/1.1"',
      '"GET /a\\',
      '"GET  /a  HTTP/1.1"',
      '"GET"',
      '"GET /a b c HTTP/1.1"',
      '"GET http://evil.example/ HTTP/1.1"',
      '"\\xZZ\\x"',
    ),
    hostileUrl.map((url) => `"GET ${logEscape(url)} HTTP/1.1"`),
    weirdText.map((text) => `"${text}"`),
  ),
);

const quoted = (value: fc.Arbitrary<string>) =>
  mostly(
    value.map((text) => `"${logEscape(text)}"`),
    fc.oneof(
      value.map((text) => `"${text}"`),
      value.map((text) => `"${logEscape(text)}`),
      fc.constantFrom('"-"', '-', '""', '"\\"', '"\\\\"'),
    ),
  );

const statusField = mostly(
  fc.constantFrom('200', '304', '206', '301', '404', '500'),
  fc.constantFrom('2000', '20', 'abc', '-', '999', '000', ''),
);

/** One line of the combined format (Apache/nginx), each field right or broken. */
export const combinedLine: fc.Arbitrary<string> = fc
  .record({
    ip: mostly(fc.oneof(fc.ipV4(), fc.ipV6()), fc.oneof(fc.constant(''), weirdText)),
    user: mostly(fc.constant('- -'), fc.constantFrom('- user name', '- "quoted"', '-', '- - -')),
    time: timeField,
    request: requestField,
    status: statusField,
    bytes: mostly(fc.nat().map(String), fc.constantFrom('-', '', '1e9', '-1')),
    referrer: quoted(hostileUrl),
    agent: quoted(hostileAgent),
    tail: mostly(fc.constant(''), fc.constantFrom(' "203.0.113.9"', ' 0.123', ' "-" "-"', '\r', '\t', '  ')),
  })
  .chain((fields) => {
    const line = `${fields.ip} ${fields.user} ${fields.time} ${fields.request} ${fields.status} ${fields.bytes} ${fields.referrer} ${fields.agent}${fields.tail}`;
    return mostly(
      fc.constant(line),
      fc.integer({ min: 0, max: line.length }).map((cut) => line.slice(0, cut)),
    );
  });

/** The same with Apache's vhost_combined `%v:%p ` in front. */
export const vhostLine: fc.Arbitrary<string> = fc
  .tuple(
    mostly(
      fc.domain().map((host) => `${host}:443`),
      fc.constantFrom(':', 'host', '[::1]:80', 'HOST:99999', ''),
    ),
    combinedLine,
  )
  .map(([vhost, line]) => `${vhost} ${line}`);

const jsonTime = mostly(
  fc.oneof(
    fc
      .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString()),
    clfTime,
    fc.integer({ min: 946_684_800, max: 1_900_000_000 }),
    fc.integer({ min: 946_684_800_000, max: 1_900_000_000_000 }).map(String),
  ),
  fc.oneof(
    fc.constantFrom(...BAD_TIMES),
    fc.constantFrom(1e20, -1, 0, 'NaN', '1e309', '2024-13-45T25:00:00Z', '+275760-09-13T00:00:00.001Z'),
    hostileValue,
  ),
);

/** One object per line (nginx escape=json field names), mutated; some written with `\xHH`. */
export const jsonLine: fc.Arbitrary<string> = fc
  .record(
    {
      time_iso8601: jsonTime,
      remote_addr: mostly(fc.ipV4(), hostileValue),
      request: mostly(
        fc.webPath().map((path) => `GET ${path || '/'} HTTP/1.1`),
        hostileValue,
      ),
      method: mostly(fc.constantFrom('GET', 'HEAD'), hostileValue),
      request_uri: mostly(fc.webPath(), hostileValue),
      args: mostly(fc.webQueryParameters(), hostileValue),
      status: mostly(
        fc.constantFrom(200, '200', 304, 404),
        fc.constantFrom('2xx', 2000, 200.5, -200, null, ''),
      ),
      http_referer: mostly(hostileUrl, hostileValue),
      http_user_agent: mostly(hostileAgent, hostileValue),
      host: mostly(
        fc.domain(),
        fc.oneof(fc.constantFrom('[::1]:8080', 'EXAMPLE.ORG:443', '[', ':'), weirdText),
      ),
      extra: fc.constantFrom(...PROTO_KEYS),
    },
    { requiredKeys: ['time_iso8601'] },
  )
  .chain(({ extra, ...fields }) => {
    const text = JSON.stringify({ ...fields, ...Object.fromEntries([[extra, { nested: [1, 2] }]]) });
    return fc.oneof(
      { arbitrary: fc.constant(text), weight: 6 },
      // nginx's default escaping writes `\xHH`, which is not JSON.
      {
        arbitrary: fc.constant(text.replace(/\\u00([0-9a-f]{2})/g, '\\x$1').replace(/é/g, '\\xC3\\xA9')),
        weight: 1,
      },
      { arbitrary: fc.integer({ min: 0, max: text.length }).map((cut) => text.slice(0, cut)), weight: 1 },
      { arbitrary: fc.constantFrom('\\x', '\\xZ', '\\x2', '[]', 'null', '"x"', '{"time":'), weight: 1 },
    );
  });

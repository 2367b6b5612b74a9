import { describe, expect, it } from 'vitest';
import { isLineError, type ParsedRequest, type ParseResult } from '../../src/import-log/index.js';
import { parseCombined, parseVhostCombined } from '../../src/import-log/parse-combined.js';
import { parseJsonLine } from '../../src/import-log/parse-json-line.js';
import { parseLine } from '../../src/import-log/parse-line.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';

function request(result: ParseResult): ParsedRequest {
  if (isLineError(result)) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

function errorCode(result: ParseResult): string | undefined {
  return isLineError(result) ? result.code : undefined;
}

describe('parseCombined (Apache and nginx combined)', () => {
  it('reads the example of the Apache mod_log_config documentation', () => {
    const line =
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"';
    expect(parseCombined(line)).toEqual({
      time: Date.parse('2000-10-10T13:55:36-07:00'),
      ip: '127.0.0.1',
      method: 'GET',
      target: '/apache_pb.gif',
      status: 200,
      referrer: 'http://www.example.com/start.html',
      userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    });
  });

  it('reads an nginx line: HTTP/2.0, "-" for no referrer, a query string', () => {
    const line = `203.0.113.50 - - [15/Oct/2024:06:25:24 +0000] "GET /world/2024/10/15/typhoon?utm_source=whatsapp HTTP/2.0" 200 18231 "-" "${CHROME}"`;
    expect(parseCombined(line)).toMatchObject({
      time: Date.parse('2024-10-15T06:25:24Z'),
      target: '/world/2024/10/15/typhoon?utm_source=whatsapp',
      referrer: '',
      userAgent: CHROME,
    });
  });

  it('reads IPv6 clients, a positive offset and a user name', () => {
    const line =
      '2a03:2880:f800:1::1 - alice [01/Mar/2024:00:30:00 +0530] "GET / HTTP/1.1" 304 0 "-" "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"';
    expect(parseCombined(line)).toMatchObject({
      ip: '2a03:2880:f800:1::1',
      time: Date.parse('2024-03-01T00:30:00+05:30'),
      status: 304,
      userAgent: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    });
  });

  it('unescapes quotes nginx writes as \\x22 and UTF-8 it writes byte by byte', () => {
    const line =
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET /caf\\xC3\\xA9 HTTP/1.1" 200 5 "https://example.org/?q=\\x22x\\x22" "Agent \\x22quoted\\x22 \\x5C"';
    expect(parseCombined(line)).toMatchObject({
      target: '/café',
      referrer: 'https://example.org/?q="x"',
      userAgent: 'Agent "quoted" \\',
    });
  });

  it('unescapes quotes Apache writes as \\" (and a field that ends in an escaped backslash)', () => {
    const line =
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET /a HTTP/1.1" 200 5 "-" "Agent \\"quoted\\" \\\\" "extra"';
    expect(parseCombined(line)).toMatchObject({ referrer: '', userAgent: 'Agent "quoted" \\' });
  });

  it('ignores fields appended after the user agent and a trailing \\r', () => {
    const line = `198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET /a HTTP/1.1" 200 5 "https://t.co/x" "${CHROME}" "10.0.0.1, 10.0.0.2" 0.012\r`;
    expect(parseCombined(line)).toMatchObject({ referrer: 'https://t.co/x', userAgent: CHROME });
  });

  it('keeps a target with raw spaces when the version closes the line, and HTTP/0.9 lines', () => {
    const spaced = '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET /a b HTTP/1.1" 400 5 "-" "-"';
    const old = '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET /" 200 5 "-" "-"';
    expect(parseCombined(spaced)).toMatchObject({ target: '/a b', status: 400, userAgent: '' });
    expect(parseCombined(old)).toMatchObject({ method: 'GET', target: '/' });
  });

  it('reads very long lines (an 8 KiB URL, a 100 KB user agent)', () => {
    const path = `/search?q=${'x'.repeat(8190)}`;
    const agent = `Mozilla/5.0 ${'y'.repeat(100_000)}`;
    const line = `198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET ${path} HTTP/1.1" 200 5 "-" "${agent}"`;
    const parsed = request(parseCombined(line));
    expect(parsed.target).toBe(path);
    expect(parsed.userAgent).toBe(agent);
  });

  it('calls junk request lines bad_request: TLS and SSH probes, empty and "-" requests', () => {
    const junk = [
      '"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\\xA5"',
      '"SSH-2.0-Go"',
      '""',
      '"-"',
      '"\\x03\\x00\\x00/*\\xE0\\x00\\x00\\x00\\x00\\x00Cookie: mstshash=Administr"',
    ];
    for (const request of junk) {
      const line = `45.148.10.1 - - [15/Oct/2024:06:25:24 +0000] ${request} 400 157 "-" "-"`;
      expect(errorCode(parseCombined(line)), request).toBe('bad_request');
    }
  });

  it('calls impossible times bad_time', () => {
    for (const time of [
      '31/Feb/2024:10:00:00 +0000',
      '15/Okt/2024:10:00:00 +0000',
      '15/Oct/2024:25:00:00 +0000',
      '15/Oct/2024:10:00:00 0000',
      '2024-10-15T10:00:00Z',
    ]) {
      const line = `198.51.100.7 - - [${time}] "GET / HTTP/1.1" 200 5 "-" "-"`;
      expect(errorCode(parseCombined(line)), time).toBe('bad_time');
    }
  });

  it('calls other shapes malformed, saying what is missing', () => {
    const lines = [
      '',
      'garbage',
      '198.51.100.7 - - 15/Oct/2024:06:25:24 +0000 "GET / HTTP/1.1" 200 5 "-" "-"',
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] GET / HTTP/1.1 200 5 "-" "-"',
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET / HTTP/1.1" OK 5 "-" "-"',
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET / HTTP/1.1',
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET / HTTP/1.1" 200 5',
      '198.51.100.7 - - [15/Oct/2024:06:25:24 +0000] "GET / HTTP/1.1" 200 5 "-" "cut',
    ];
    for (const line of lines) expect(errorCode(parseCombined(line)), line).toBe('malformed');
    const common = parseCombined(lines[6] as string);
    expect(isLineError(common) && common.message).toContain('common log format');
  });
});

describe('parseVhostCombined (Apache vhost_combined)', () => {
  it('reads the server name (lowercased, without the port) in front of combined', () => {
    const line = `WWW.Example.org:443 203.0.113.7 - - [15/Oct/2024:08:01:02 +0200] "GET /opinion/2024/10/14/four-day-week HTTP/2.0" 200 14520 "https://www.google.com/" "${CHROME}"`;
    expect(parseVhostCombined(line)).toEqual({
      time: Date.parse('2024-10-15T08:01:02+02:00'),
      ip: '203.0.113.7',
      method: 'GET',
      target: '/opinion/2024/10/14/four-day-week',
      status: 200,
      referrer: 'https://www.google.com/',
      userAgent: CHROME,
      host: 'www.example.org',
    });
  });

  it('reads IPv6 clients and Apache\'s "-" request of a timed-out connection as bad_request', () => {
    const ipv6 =
      'example.org:80 2001:db8::7 - - [15/Oct/2024:08:01:02 +0200] "HEAD / HTTP/1.1" 200 0 "-" "curl/8.5.0"';
    const timeout = 'example.org:80 198.51.100.23 - - [15/Oct/2024:08:01:03 +0200] "-" 408 3 "-" "-"';
    expect(parseVhostCombined(ipv6)).toMatchObject({
      ip: '2001:db8::7',
      method: 'HEAD',
      host: 'example.org',
    });
    expect(errorCode(parseVhostCombined(timeout))).toBe('bad_request');
  });

  it('refuses combined lines instead of misreading the client address as a host', () => {
    const combined = `203.0.113.7 - - [15/Oct/2024:08:01:02 +0200] "GET / HTTP/1.1" 200 1 "-" "${CHROME}"`;
    const ipv6 = `2001:db8::1 - - [15/Oct/2024:08:01:02 +0200] "GET / HTTP/1.1" 200 1 "-" "${CHROME}"`;
    expect(errorCode(parseVhostCombined(combined))).toBe('malformed');
    expect(errorCode(parseVhostCombined(ipv6))).toBe('malformed');
  });
});

describe('parseJsonLine (one JSON object per line)', () => {
  it('reads nginx escape=json with $time_iso8601, escaped quotes and empty headers', () => {
    const line = JSON.stringify({
      time_iso8601: '2024-10-15T08:01:02+02:00',
      remote_addr: '2001:db8::7',
      request: 'GET /a?b=1 HTTP/2.0',
      status: '200',
      body_bytes_sent: '512',
      http_referer: '',
      http_user_agent: 'Agent "quoted"',
      host: 'example.org',
    });
    expect(parseJsonLine(line)).toEqual({
      time: Date.parse('2024-10-15T08:01:02+02:00'),
      ip: '2001:db8::7',
      method: 'GET',
      target: '/a?b=1',
      status: 200,
      referrer: '',
      userAgent: 'Agent "quoted"',
      host: 'example.org',
    });
  });

  it('reads the other common names: time_local, method + uri + args, referrer, user_agent, http_host', () => {
    const line = JSON.stringify({
      time_local: '15/Oct/2024:08:01:02 +0200',
      client_ip: '203.0.113.7',
      method: 'GET',
      uri: '/a',
      args: 'utm_source=x',
      status: 304,
      referrer: 'https://t.co/',
      user_agent: CHROME,
      http_host: 'Example.org:8080',
    });
    expect(parseJsonLine(line)).toMatchObject({
      time: Date.parse('2024-10-15T08:01:02+02:00'),
      ip: '203.0.113.7',
      target: '/a?utm_source=x',
      status: 304,
      referrer: 'https://t.co/',
      userAgent: CHROME,
      host: 'example.org',
    });
  });

  it('reads epoch times ($msec, milliseconds) and @timestamp, and $request_uri under "request"', () => {
    const seconds = JSON.stringify({ msec: '1728972062.123', request: 'GET /x HTTP/1.1', status: 200 });
    const millis = JSON.stringify({
      timestamp: 1728972062123,
      verb: 'GET',
      request: '/x?y',
      response: '200',
    });
    const iso = JSON.stringify({
      '@timestamp': '2024-10-15T06:01:02.123Z',
      request_method: 'GET',
      request_uri: '/z',
      status: 200,
    });
    expect(parseJsonLine(seconds)).toMatchObject({
      time: 1728972062123,
      target: '/x',
      ip: '',
      userAgent: '',
    });
    expect(parseJsonLine(millis)).toMatchObject({ time: 1728972062123, target: '/x?y' });
    expect(parseJsonLine(iso)).toMatchObject({ time: Date.parse('2024-10-15T06:01:02.123Z'), target: '/z' });
  });

  it('repairs lines nginx wrote with its default escaping (\\x22 is not JSON)', () => {
    const line =
      '{"time_local":"15/Oct/2024:08:01:02 +0200","request":"GET /caf\\xC3\\xA9 HTTP/1.1","status":"200","http_referer":"-","http_user_agent":"Agent \\x22q\\x22"}';
    expect(parseJsonLine(line)).toMatchObject({ target: '/café', referrer: '', userAgent: 'Agent "q"' });
  });

  it('answers bad lines with a code', () => {
    expect(errorCode(parseJsonLine('{"time": '))).toBe('malformed');
    expect(errorCode(parseJsonLine('[1, 2]'))).toBe('malformed');
    expect(errorCode(parseJsonLine('{"request":"GET / HTTP/1.1","status":200}'))).toBe('malformed');
    expect(errorCode(parseJsonLine('{"time":"yesterday","request":"GET / HTTP/1.1","status":200}'))).toBe(
      'bad_time',
    );
    expect(
      errorCode(parseJsonLine('{"time":"2024-10-15T08:01:02","request":"GET / HTTP/1.1","status":200}')),
    ).toBe('bad_time');
    expect(
      errorCode(parseJsonLine('{"time":1728972062,"request":"\\u0016\\u0003\\u0001","status":400}')),
    ).toBe('bad_request');
    expect(errorCode(parseJsonLine('{"time":1728972062,"request":"GET / HTTP/1.1","status":"OK"}'))).toBe(
      'malformed',
    );
  });
});

describe('parseLine', () => {
  it('dispatches on the format', () => {
    const combined = `203.0.113.7 - - [15/Oct/2024:08:01:02 +0200] "GET / HTTP/1.1" 200 1 "-" "${CHROME}"`;
    expect(isLineError(parseLine(combined, 'combined'))).toBe(false);
    expect(isLineError(parseLine(`example.org:443 ${combined}`, 'vhost_combined'))).toBe(false);
    expect(isLineError(parseLine(combined, 'json'))).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * The README calls `userAgent` optional, yet a request without one was always a bot (issue 16).
 * Absent or null: not known, classified from the URL, referrer and hints. Empty: the request
 * sent no User-Agent header, which only bots do. The API and the CLI answer alike.
 */
const WHATSAPP = { url: 'https://example.org/a/story', referrer: 'android-app://com.whatsapp/' };
const PERSON = { kind: 'human', channel: 'dark-social', source: 'whatsapp' };

describe('classify without a user agent', () => {
  let test: TestApp;
  const post = (body: unknown) =>
    test.app.fastify.inject({
      method: 'POST',
      url: '/api/classify',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    test = await startTestApp();
  });
  afterAll(async () => {
    await test.close();
  });

  it('API: an absent or null userAgent classifies by referrer; an empty one is a bot', async () => {
    const response = await post([WHATSAPP, { ...WHATSAPP, userAgent: null }, { ...WHATSAPP, userAgent: '' }]);
    expect(response.statusCode, response.body).toBe(200);
    const [absent, nulled, empty] = response.json();
    expect(absent).toMatchObject(PERSON);
    expect(nulled).toMatchObject(PERSON);
    expect(empty).toMatchObject({ kind: 'bot' });
  });

  it('API: a known preview agent is still a preview', async () => {
    const response = await post({ ...WHATSAPP, userAgent: 'WhatsApp/2.23.20.0 A' });
    expect(response.json()).toMatchObject({ kind: 'preview', source: 'whatsapp' });
  });

  it('CLI: the same answers, as a process', async () => {
    const input = [JSON.stringify(WHATSAPP), JSON.stringify({ ...WHATSAPP, userAgent: '' })].join('\n');
    const result = await runCli(['classify'], { input });
    expect(result.code, result.stderr).toBe(0);
    const [absent, empty] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).result);
    expect(absent).toMatchObject(PERSON);
    expect(empty).toMatchObject({ kind: 'bot' });
  });
});

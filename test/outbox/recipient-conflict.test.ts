import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A Slack incoming-webhook URL's shape on a loopback host (the test runs offline). */
const SLACK = 'http://127.0.0.1:9/services/T000/B000/a-secret-part';

for (const engine of ENGINES) {
  describe(`a digest recipient added twice (${engine})`, () => {
    let t: TestApp;
    let env: EngineEnv;
    let recipients: string;

    beforeAll(async () => {
      env = await engineEnv(engine, 'recipient_conflict');
      t = await startTestApp({ ...env.env, PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1' });
      const site = await apiRequest<{ id: string }>(t, 'POST', '/api/sites', { domain: 'twice.example' });
      recipients = `/api/sites/${site.body.id}/reports/recipients`;
    });
    afterAll(async () => {
      await t?.close();
      await env?.drop();
    });

    it('answers 409 address_taken on the address field, not an account conflict', async () => {
      const first = await apiRequest(t, 'POST', recipients, { kind: 'email', address: 'desk@twice.example' });
      expect(first.status).toBe(201);
      const again = await apiRequest(t, 'POST', recipients, { kind: 'email', address: 'Desk@Twice.example' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'address_taken', field: 'address' });
    });

    it('does not echo a Slack URL (a secret) in the conflict', async () => {
      expect((await apiRequest(t, 'POST', recipients, { kind: 'slack', address: SLACK })).status).toBe(201);
      const again = await apiRequest(t, 'POST', recipients, { kind: 'slack', address: SLACK });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'address_taken', field: 'address' });
      expect(JSON.stringify(again.body)).not.toContain('a-secret-part');
      expect(String(again.body.detail)).toContain('http://127.0.0.1:9/…');
    });
  });
}

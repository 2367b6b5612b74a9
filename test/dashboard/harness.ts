/**
 * The dashboard in Chromium against the real server: a fresh server per test file (temp data
 * directory, no demo data), pages that record CSP violations and script errors, screenshots in
 * test-results/dashboard/, and an axe-core check that prints what it finds.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { testConfig } from '../helpers/test-config.js';
import { evaluate, launchBrowser } from '../tracker/browser.js';
import { ensureDashboardBuilt, ROOT } from './dashboard-build.js';

export const SCREENSHOTS = join(ROOT, 'test-results', 'dashboard');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Harness {
  server: RunningServer;
  browser: Browser;
  /** `GET /api/auth/state` answers 200: the accounts backend is there (sign-in, sessions, CSRF). */
  backendReady: boolean;
  /** A new browser context (its own cookies) with a page that records problems. */
  open(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<DashboardPage>;
  close(): Promise<void>;
}

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** CSP violations, uncaught errors and console errors seen so far. */
  problems: string[];
}

/** A port free now: the server's public URL must name its real port (not `localhost:0`). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `env`: settings of the test's own (a trusted proxy for a country header …). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  await ensureDashboardBuilt();
  // The snippet tag and the short links name the public URL (issue 16): a page that copies them
  // must reach this server.
  const port = await freePort();
  const server = await startServer(
    testConfig({
      PORT: String(port),
      PENUMBRA_BASE_URL: `http://127.0.0.1:${port}`,
      PENUMBRA_DEMO: '0',
      PENUMBRA_EVENT_RATE: '1000',
      PENUMBRA_EVENT_BURST: '1000',
      ...env,
    }),
    { logger: false },
  );
  const backendReady = (await fetch(`${server.url}/api/auth/state`)).status === 200;
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    backendReady,
    async open(options = {}) {
      const context = await browser.newContext({
        locale: options.locale ?? 'en-GB',
        viewport: options.viewport ?? { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      page.on('console', (message) => {
        // A failed request (401 before sign-in, a 403 asked for on purpose) is logged by Chromium
        // as a console error; only script errors and CSP violations are problems of the page.
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
          problems.push(message.text());
        }
      });
      page.on('pageerror', (error) => problems.push(`${error.name}: ${error.message}`));
      return { context, page, problems };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await server?.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core (WCAG 2.0–2.2 A and AA rules) on the page as it is. The source is evaluated through
 * the DevTools protocol, which the page's CSP does not govern. Prints every violation; returns the
 * serious and critical ones.
 */
export async function checkAccessibility(page: Page, view: string): Promise<string[]> {
  if (!(await evaluate<boolean>(page, 'typeof window.axe === "object"'))) await evaluate(page, AXE_SOURCE);
  const violations = await evaluate<AxeViolation[]>(
    page,
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  const lines = violations.map(
    (violation) =>
      `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} (${violation.nodes.length}× e.g. ${JSON.stringify(violation.nodes[0]?.target ?? [])})`,
  );
  console.log(`axe on ${view}: ${lines.length === 0 ? 'no violation' : `\n  ${lines.join('\n  ')}`}`);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} on ${view}`);
}

/** Sends tracker events as a page on `origin` would (text/plain JSON, the page's Origin). */
export async function sendEvent(
  serverUrl: string,
  origin: string,
  body: Record<string, unknown>,
  userAgent: string,
): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${serverUrl}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin, 'user-agent': userAgent },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const token = response.status === 200 ? (JSON.parse(text) as { k?: string }).k : undefined;
  return token === undefined ? { status: response.status } : { status: response.status, token };
}

import type { SinkHealth } from '../../src/events/event-sink.js';
import { AGENTS } from '../helpers/agents.js';
import { runCli } from '../helpers/run-cli.js';

/** Creates a site and a short link with the CLI (before the server starts: it loads links once). */
export async function seedLink(env: Record<string, string>, domain: string): Promise<string> {
  const added = await runCli(['sites', 'add', domain, '--timezone', 'Europe/Paris'], { env });
  if (added.code !== 0) throw new Error(`sites add failed: ${added.stderr}`);
  const created = await runCli(['links', 'create', `https://${domain}/a/story`, '--site', domain, '--json'], {
    env,
  });
  if (created.code !== 0) throw new Error(`links create failed: ${created.stderr}`);
  return (JSON.parse(created.stdout) as { slug: string }).slug;
}

/**
 * An address and agent that must never reach the spool, the store or the log. The agent is a
 * real Safari one with a build number no other string has (a bot-like token would make the
 * tracker drop the page views).
 */
export const SECRET_MARK = '15E4242Q';
export const SECRET_AGENT = AGENTS.safariIphone.replace('15E148', SECRET_MARK);
export const SECRET_ADDRESS = '203.0.113.199';

export interface Sent {
  /** Requests answered with the status that means "event recorded". */
  answered: number;
  other: number;
}

/**
 * Sends `count` redirects and tracker page views (alternating), `concurrency` at a time, and
 * counts the answers: 302 for a redirect, 2xx for an event. Stops early when `stop()` says so.
 */
export async function sendTraffic(
  url: string,
  options: { slug: string; domain: string; count: number; concurrency: number; stop?: () => boolean },
): Promise<Sent> {
  const sent: Sent = { answered: 0, other: 0 };
  let next = 0;
  const one = async (i: number) => {
    const headers = { 'user-agent': SECRET_AGENT, 'x-forwarded-for': SECRET_ADDRESS };
    if (i % 2 === 0) {
      const response = await fetch(`${url}/${options.slug}`, { headers, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status === 302) sent.answered += 1;
      else sent.other += 1;
      return;
    }
    const response = await fetch(`${url}/api/event`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain', origin: `https://${options.domain}` },
      body: JSON.stringify({ s: options.domain, t: 'pageview', u: `https://${options.domain}/a/${i}` }),
    });
    await response.arrayBuffer();
    if (response.ok) sent.answered += 1;
    else sent.other += 1;
  };
  const worker = async () => {
    while (next < options.count && !options.stop?.()) {
      const i = next;
      next += 1;
      try {
        await one(i);
      } catch {
        sent.other += 1; // the connection was refused or reset: not answered
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return sent;
}

/** `/healthz` as the server answers it (its `events` are the sink's health). */
export interface Health {
  status: string;
  events: SinkHealth;
}

export async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/healthz`)).json()) as Health;
}

import { CLI_ACTOR } from '../privacy/audit-log.js';
import { WEBHOOK_EVENT_TYPES } from '../store/outbox-store.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const SITE = { site: { type: 'string' } } as const;

function siteOption(values: Record<string, unknown>): string {
  const site = values.site as string | undefined;
  if (!site) throw new UsageError('name the site: --site DOMAIN');
  return site;
}

const list: SubCommand = {
  name: 'list',
  usage: `  list --site SITE
      The site's webhook endpoints (never their secrets), and whether they are failing.`,
  async run(args, io) {
    const { values } = parseOptions(args, SITE);
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const rows = (await services.delivery.webhooks.list(site.id)).map((endpoint) => [
        endpoint.id,
        endpoint.url,
        endpoint.events.join(','),
        endpoint.failingSince ? `failing since ${endpoint.failingSince}` : 'ok',
      ]);
      io.stdout.write(`${formatTable(['ID', 'URL', 'EVENTS', 'STATE'], rows)}\n`);
      return 0;
    });
  },
};

const add: SubCommand = {
  name: 'add',
  usage: `  add --site SITE --url URL [--event TYPE]... [--description TEXT]
      Add an endpoint; its signing secret is printed once, on the last line. --event
      (repeatable): ${WEBHOOK_EVENT_TYPES.join(', ')}; default all. See docs/webhooks.md.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...SITE,
      url: { type: 'string' },
      event: { type: 'string', multiple: true },
      description: { type: 'string' },
    });
    const url = values.url as string | undefined;
    if (!url) throw new UsageError('give the receiver: --url URL');
    return reportInputErrors(io, 'webhooks add', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, siteOption(values));
        const events = values.event as string[] | undefined;
        const description = values.description as string | undefined;
        const { endpoint, secret } = await services.delivery.webhooks.create(site, {
          url,
          ...(events ? { events: events.flatMap((event) => event.split(',')) } : {}),
          ...(description ? { description } : {}),
        });
        await services.audit.record({
          actor: CLI_ACTOR,
          action: 'webhook.create',
          siteId: site.id,
          target: endpoint.id,
          details: { host: new URL(endpoint.url).host, events: endpoint.events },
        });
        io.stderr.write(`Added endpoint ${endpoint.id} (${endpoint.events.join(', ')}).\n`);
        io.stderr.write('Its signing secret, shown only once:\n');
        io.stdout.write(`${secret}\n`);
        return 0;
      }),
    );
  },
};

const remove: SubCommand = {
  name: 'remove',
  usage: `  remove --site SITE ID
      Remove an endpoint (its delivery log stays until it ages out).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, SITE);
    const [id] = positionals;
    if (!id) throw new UsageError('give the id of the endpoint to remove');
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      if (!(await services.delivery.webhooks.remove(site.id, id))) {
        io.stderr.write(`penumbra webhooks remove: ${site.domain} has no endpoint "${id}"\n`);
        return 1;
      }
      await services.audit.record({
        actor: CLI_ACTOR,
        action: 'webhook.delete',
        siteId: site.id,
        target: id,
        details: {},
      });
      io.stdout.write(`Removed ${id}.\n`);
      return 0;
    });
  },
};

const test: SubCommand = {
  name: 'test',
  usage: `  test --site SITE ID
      Send a signed \`test\` delivery to the endpoint now, and print how it went.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, SITE);
    const [id] = positionals;
    if (!id) throw new UsageError('give the id of the endpoint to test');
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const queued = await services.delivery.webhooks.ping(site, id);
      if (!queued) {
        io.stderr.write(`penumbra webhooks test: ${site.domain} has no endpoint "${id}"\n`);
        return 1;
      }
      // No server runs here: this process sends what is due, this delivery among it, and waits.
      await services.delivery.dispatcher.runOnce();
      const sent = await services.delivery.webhooks.delivery(site.id, queued.id);
      const attempt = sent?.log.at(-1);
      io.stdout.write(
        `${queued.id}: ${sent?.status}${attempt ? ` (${attempt.statusCode ?? attempt.error}, ${Math.round(attempt.durationMs)} ms)` : ''}\n`,
      );
      return sent?.status === 'delivered' ? 0 : 1;
    });
  },
};

const deliveries: SubCommand = {
  name: 'deliveries',
  usage: `  deliveries --site SITE [--limit N]
      The site's delivery log (webhooks, Slack, e-mail), newest first.`,
  async run(args, io) {
    const { values } = parseOptions(args, { ...SITE, limit: { type: 'string' } });
    const limit = Number(values.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit takes 1 to 200');
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const page = await services.delivery.webhooks.deliveries(site.id, { limit, offset: 0 });
      const rows = page.items.map((d) => [
        d.id,
        d.channel,
        d.eventType,
        d.status,
        String(d.attempts),
        String(d.lastStatusCode ?? d.lastError ?? ''),
        d.createdAt,
      ]);
      io.stdout.write(
        `${formatTable(['ID', 'CHANNEL', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST', 'CREATED'], rows)}\n`,
      );
      return 0;
    });
  },
};

export const webhooksCommand = groupCommand(
  'webhooks',
  "Manage a site's signed webhook endpoints and read its delivery log (docs/webhooks.md).",
  [list, add, remove, test, deliveries],
);

import type { MailMessage } from '../mail/mail-transport.js';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import { recipientView } from '../reports/recipient-service.js';
import type { PlannedDigest } from '../reports/report-service.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

/** What a digest would look like to its recipient: the e-mail's headers and text, or the Slack message. */
function describe(digest: PlannedDigest): string {
  const { recipient, period, site } = digest;
  const head = `== ${site.domain} · ${period.kind} ${period.key} (${period.from} – ${period.to}) → ${recipient.kind} ${recipientView(recipient).address} [${recipient.language}]`;
  if (!digest.delivery) return `${head}\n   not sent: ${digest.skipped}\n`;
  if (recipient.kind === 'slack')
    return `${head}\n${JSON.stringify(JSON.parse(digest.delivery.payload), null, 2)}\n`;
  const mail = JSON.parse(digest.delivery.payload) as MailMessage;
  const headers = Object.entries(mail.headers).map(([name, value]) => `${name}: ${value}`);
  return [head, `To: ${recipient.address}`, `Subject: ${mail.subject}`, ...headers, '', mail.text].join('\n');
}

const send: SubCommand = {
  name: 'send',
  usage: `  send [--site SITE] [--dry-run]
      Send every recipient the digest of the last whole week or month it has not had yet, now.
      --dry-run prints what would be sent (each e-mail's headers and text, each Slack message)
      and sends nothing.`,
  async run(args, io) {
    const { values } = parseOptions(args, { site: { type: 'string' }, 'dry-run': { type: 'boolean' } });
    return withServices(io, async (services) => {
      const site = values.site ? await requireSite(services, values.site as string) : undefined;
      const { reports, dispatcher } = services.delivery;
      if (!reports.mailConfigured) io.stderr.write('PENUMBRA_SMTP_URL is not set: no e-mail is sent.\n');
      const planned = await reports.plan(site ? { siteId: site.id } : {});
      if (values['dry-run']) {
        io.stdout.write(planned.length === 0 ? 'No recipient.\n' : `${planned.map(describe).join('\n')}\n`);
        return 0;
      }
      const queued = await reports.queue(planned);
      // No server runs here: send what is due now, these digests among it.
      await dispatcher.runOnce();
      io.stdout.write(
        `${queued} digest(s) queued and sent; see "penumbra webhooks deliveries" for the log.\n`,
      );
      return 0;
    });
  },
};

const list: SubCommand = {
  name: 'list',
  usage: `  list --site SITE
      The site's digest recipients.`,
  async run(args, io) {
    const { values } = parseOptions(args, { site: { type: 'string' } });
    if (!values.site) throw new UsageError('name the site: --site DOMAIN');
    return withServices(io, async (services) => {
      const site = await requireSite(services, values.site as string);
      const rows = (await services.delivery.recipients.list(site.id))
        .map(recipientView)
        .map((r) => [r.id, r.kind, r.address, r.language, r.schedule]);
      io.stdout.write(`${formatTable(['ID', 'KIND', 'ADDRESS', 'LANGUAGE', 'SCHEDULE'], rows)}\n`);
      return 0;
    });
  },
};

const add: SubCommand = {
  name: 'add',
  usage: `  add --site SITE (--email ADDRESS | --slack URL) [--language en|fr] [--schedule weekly|monthly|both]
      Add a digest recipient: anyone's e-mail address, or a Slack incoming-webhook URL.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      site: { type: 'string' },
      email: { type: 'string' },
      slack: { type: 'string' },
      language: { type: 'string' },
      schedule: { type: 'string' },
    });
    if (!values.site) throw new UsageError('name the site: --site DOMAIN');
    if (!values.email === !values.slack) throw new UsageError('give one of --email ADDRESS or --slack URL');
    const language = (values.language ?? 'en') as string;
    const schedule = (values.schedule ?? 'weekly') as string;
    if (language !== 'en' && language !== 'fr') throw new UsageError('--language takes en or fr');
    if (!['weekly', 'monthly', 'both'].includes(schedule))
      throw new UsageError('--schedule takes weekly, monthly or both');
    return reportInputErrors(io, 'reports add', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, values.site as string);
        const recipient = await services.delivery.recipients.add(site, {
          kind: values.email ? 'email' : 'slack',
          address: (values.email ?? values.slack) as string,
          language,
          schedule: schedule as 'weekly',
        });
        await services.audit.record({
          actor: CLI_ACTOR,
          action: 'recipient.add',
          siteId: site.id,
          target: recipient.id,
          details: { kind: recipient.kind, language, schedule },
        });
        io.stdout.write(`${recipient.id}\n`);
        return 0;
      }),
    );
  },
};

const remove: SubCommand = {
  name: 'remove',
  usage: `  remove --site SITE ID
      Remove a digest recipient.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { site: { type: 'string' } });
    const [id] = positionals;
    if (!values.site || !id) throw new UsageError('usage: penumbra reports remove --site SITE ID');
    return withServices(io, async (services) => {
      const site = await requireSite(services, values.site as string);
      if (!(await services.delivery.recipients.remove(site.id, id))) {
        io.stderr.write(`penumbra reports remove: ${site.domain} has no recipient "${id}"\n`);
        return 1;
      }
      await services.audit.record({
        actor: CLI_ACTOR,
        action: 'recipient.remove',
        siteId: site.id,
        target: id,
        details: {},
      });
      io.stdout.write(`Removed ${id}.\n`);
      return 0;
    });
  },
};

export const reportsCommand = groupCommand(
  'reports',
  'Weekly and monthly dark social digests by e-mail and Slack (docs/reports.md).',
  [send, list, add, remove],
);

import { CLI_ACTOR } from '../privacy/audit-log.js';
import { siteCreated } from '../privacy/site-changes.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const ADD_USAGE = `  add DOMAIN [--name NAME] [--timezone TZ] [--mode anonymous|consented|strict]
      [--landing-path PATH]… [--respect-dnt] [--retention-months N] [--origin HOST]… [--param NAME]…
      [--json]
      Add a site (a domain being measured). TZ is an IANA zone such as Europe/Paris (default UTC).
      --landing-path: paths where a visit without referrer is "direct" (default /; PATH* = prefix).
      --origin: another host allowed to send this site's events (its www. always is).
      --param: a query parameter of the site's own to keep in page paths (the snippet's data-params).`;
const LIST_USAGE = `  list [--json]
      List sites.`;

const add: SubCommand = {
  name: 'add',
  usage: ADD_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      name: { type: 'string' },
      timezone: { type: 'string' },
      mode: { type: 'string' },
      'landing-path': { type: 'string', multiple: true },
      'respect-dnt': { type: 'boolean' },
      'retention-months': { type: 'string' },
      origin: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const [domain] = positionals;
    if (!domain) throw new UsageError('give the domain to add, e.g. "penumbra sites add example.org"');
    return reportInputErrors(io, 'sites add', () =>
      withServices(io, async ({ sites, audit }) => {
        const site = await sites.create({
          domain,
          name: values.name as string | undefined,
          timezone: values.timezone as string | undefined,
          privacyMode: values.mode as string | undefined,
          landingPaths: values['landing-path'] as string[] | undefined,
          respectDnt: values['respect-dnt'] as boolean | undefined,
          retentionMonths:
            values['retention-months'] === undefined ? undefined : Number(values['retention-months']),
          extraOrigins: values.origin as string[] | undefined,
          queryParams: values.param as string[] | undefined,
        });
        await audit.record({ actor: CLI_ACTOR, siteId: site.id, ...siteCreated(site) });
        io.stdout.write(values.json ? `${JSON.stringify(site)}\n` : `Added ${site.domain} (${site.id})\n`);
        return 0;
      }),
    );
  },
};

const list: SubCommand = {
  name: 'list',
  usage: LIST_USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, { json: { type: 'boolean' } });
    return withServices(io, async ({ sites }) => {
      const all = await sites.list();
      if (values.json) io.stdout.write(`${JSON.stringify(all)}\n`);
      else {
        const rows = all.map((site) => [site.domain, site.name, site.timezone, site.privacyMode, site.id]);
        io.stdout.write(`${formatTable(['DOMAIN', 'NAME', 'TIME ZONE', 'PRIVACY', 'ID'], rows)}\n`);
      }
      return 0;
    });
  },
};

export const sitesCommand = groupCommand('sites', 'Manage the sites (domains) Penumbra measures.', [
  add,
  list,
]);
